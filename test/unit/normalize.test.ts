import { normalizeStatus, normalizeTask, toIsoTime } from '../../nodes/Yishangyun/task/normalize';

const content = (id: string, variant?: string) => `https://api.test/v1/videos/${id}/content${variant ? `?variant=${variant}` : ''}`;

test('the documented completed answer maps field for field', () => {
	expect(
		normalizeTask({
			task_id: 'task_123456789',
			status: 'completed',
			progress: 100,
			video_url: 'https://cdn.example.com/videos/task_123456789.mp4',
			thumbnail_url: 'https://cdn.example.com/thumbnails/task_123456789.jpg',
			seconds: 5.2,
			width: 1920,
			height: 1080,
			file_size: 15728640,
			created_at: '2024-01-15T10:30:00Z',
			completed_at: '2024-01-15T10:35:12Z',
		}),
	).toEqual({
		task_id: 'task_123456789',
		status: 'completed',
		progress: 100,
		video_url: 'https://cdn.example.com/videos/task_123456789.mp4',
		thumbnail_url: 'https://cdn.example.com/thumbnails/task_123456789.jpg',
		seconds: 5.2,
		width: 1920,
		height: 1080,
		file_size: 15728640,
		created_at: '2024-01-15T10:30:00.000Z',
		completed_at: '2024-01-15T10:35:12.000Z',
		expires_at: null,
		message: null,
	});
});

test('OpenAI shape: id, in_progress, Unix seconds, size, and the content endpoint when completed', () => {
	const running = normalizeTask({ id: 'video_1', object: 'video', status: 'in_progress', progress: 33, created_at: 1705314600, size: '720x1280', seconds: '8' }, content);
	expect(running).toMatchObject({ task_id: 'video_1', status: 'processing', progress: 33, width: 720, height: 1280, seconds: 8, created_at: '2024-01-15T10:30:00.000Z', video_url: null });
	const done = normalizeTask({ id: 'video_1', status: 'completed', completed_at: 1705314912, expires_at: 1705401312 }, content);
	expect(done).toMatchObject({ status: 'completed', progress: 100, video_url: content('video_1'), thumbnail_url: content('video_1', 'thumbnail'), expires_at: '2024-01-16T10:35:12.000Z' });
});

test.each([
	['SUCCESS', 'completed'],
	['succeeded', 'completed'],
	['FAILURE', 'failed'],
	['error', 'failed'],
	['cancelled', 'failed'],
	['IN_PROGRESS', 'processing'],
	['running', 'processing'],
	['pending', 'queued'],
	['submitted', 'queued'],
	['not_start', 'queued'],
	['something new', 'processing'],
	[undefined, 'processing'],
])('status %p is %p', (raw, expected) => expect(normalizeStatus(raw)).toBe(expected));

test('progress as "45%" or out of range is a number within 0–100', () => {
	expect(normalizeTask({ task_id: 't', status: 'processing', progress: '45%' }).progress).toBe(45);
	expect(normalizeTask({ task_id: 't', status: 'processing', progress: 140 }).progress).toBe(100);
	expect(normalizeTask({ task_id: 't', status: 'queued' }).progress).toBe(0);
});

test('a failed task carries its reason in every spelling', () => {
	expect(normalizeTask({ id: 'v', status: 'failed', error: { code: 'moderation_blocked', message: 'Blocked' } }).error).toEqual({ message: 'Blocked', type: null, code: 'moderation_blocked' });
	expect(normalizeTask({ task_id: 't', status: 'FAILURE', fail_reason: 'upstream timeout' }).error).toEqual({ message: 'upstream timeout', type: null, code: null });
	expect(normalizeTask({ task_id: 't', status: 'failed' }).error!.message).toMatch(/without a reason/);
});

test('a relay envelope { code, data } is unwrapped', () => {
	expect(normalizeTask({ code: 0, data: { task_id: 'task_9', status: 'running', progress: 10 } })).toMatchObject({ task_id: 'task_9', status: 'processing', progress: 10 });
});

test('times: ISO, Unix seconds, milliseconds, numeric strings; junk is null', () => {
	expect(toIsoTime('2024-01-15T10:30:00Z')).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime(1705314600)).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime(1705314600000)).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime('1705314600')).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime('soon')).toBeNull();
	expect(toIsoTime(undefined)).toBeNull();
});
