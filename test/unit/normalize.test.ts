import { fileUrlReader, normalizeStatus, readAnswer, readSubmitAnswer, taskIdOf, toIsoTime, type AnswerContext } from '../../nodes/Yishangyun/task/normalize';
import type { Task } from '../../nodes/Yishangyun/task/types';

/** The task a body reads as; fails the test when it is not a task. */
function normalizeTask(body: unknown, context: AnswerContext = {}): Task {
	const reading = readAnswer(body, context);
	if (reading.kind !== 'task') throw new Error(`not a task: ${reading.excerpt}`);
	return reading.task;
}

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
	const running = normalizeTask({ id: 'video_1', object: 'video', status: 'in_progress', progress: 33, created_at: 1705314600, size: '720x1280', seconds: '8' }, { contentUrl: content });
	expect(running).toMatchObject({ task_id: 'video_1', status: 'processing', progress: 33, width: 720, height: 1280, seconds: 8, created_at: '2024-01-15T10:30:00.000Z', video_url: null });
	const done = normalizeTask({ id: 'video_1', object: 'video', status: 'completed', completed_at: 1705314912, expires_at: 1705401312 }, { contentUrl: content });
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
	// SPEC.md › new-api: its own states, and those of relays behind it.
	['', 'queued'],
	['unknown', 'queued'],
	['initializing', 'queued'],
	['queued', 'queued'],
	['in_progress', 'processing'],
	['generating', 'processing'],
	['succeed', 'completed'],
	['Success', 'completed'],
	['completed', 'completed'],
	['fail', 'failed'],
	['Fail', 'failed'],
	['failure', 'failed'],
	['timeout', 'failed'],
	['expired', 'failed'],
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
	expect(taskIdOf({ code: 0, data: { task_id: 'task_8' } })).toBe('task_8');
	expect(taskIdOf({ id: 'task_7', data: { url: 'https://files.example/a.mp4' } })).toBe('task_7');
	// A bare envelope around a failure is the failure; one around anything else is not a task.
	expect(readAnswer({ code: 0, data: { error: { message: 'Video not found', code: null } } })).toMatchObject({ kind: 'task', task: { status: 'failed', error: { message: 'Video not found' } } });
	expect(readAnswer({ code: 503, msg: 'upstream busy', data: {} })).toMatchObject({ kind: 'not-a-task' });
});

test("the file's URL in a JSON answer to /content is read where a task answer puts it; a thumbnail only where one is named", () => {
	const video = fileUrlReader('video_url');
	expect(video({ id: 'video_1', object: 'video', url: 'https://files.example/a.mp4', video_url: 'https://files.example/b.mp4' })).toBe('https://files.example/b.mp4');
	expect(video({ url: ' https://files.example/a.mp4 ' })).toBe('https://files.example/a.mp4');
	expect(video({ code: 0, data: { url: 'data:video/mp4;base64,AAAA' } })).toBe('data:video/mp4;base64,AAAA');
	expect(video({ id: 'video_1', metadata: { url: 'https://files.example/c.mp4' } })).toBe('https://files.example/c.mp4');
	expect(video({ task_result: { videos: [{ url: 'https://files.example/d.mp4' }] } })).toBe('https://files.example/d.mp4');
	expect(video({ error: { message: 'nope' } })).toBeNull();
	expect(video(['https://files.example/a.mp4'])).toBeNull();
	const thumbnail = fileUrlReader('thumbnail_url');
	expect(thumbnail({ id: 'video_1', url: 'https://files.example/a.mp4', video_url: 'https://files.example/b.mp4' })).toBeNull();
	expect(thumbnail({ thumbnail_url: 'https://files.example/a.jpg' })).toBe('https://files.example/a.jpg');
});

test('times: ISO, Unix seconds, milliseconds, numeric strings; junk is null', () => {
	expect(toIsoTime('2024-01-15T10:30:00Z')).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime(1705314600)).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime(1705314600000)).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime('1705314600')).toBe('2024-01-15T10:30:00.000Z');
	expect(toIsoTime('soon')).toBeNull();
	expect(toIsoTime(undefined)).toBeNull();
});

describe('new-api (SPEC.md › "The real gateway: new-api")', () => {
	test('the submit answer: id read once (task_id, else id), status "" is queued, no message', () => {
		expect(readSubmitAnswer({ id: '889296046059696210', task_id: '889296046059696210', object: 'video', model: 'kling-v2-6', status: '', progress: 0, created_at: 1780053219 })).toMatchObject({
			task_id: '889296046059696210',
			status: 'queued',
			progress: 0,
			message: null,
			created_at: new Date(1780053219 * 1000).toISOString(),
		});
		expect(readSubmitAnswer({ id: 'video_1', object: 'video', status: 'queued' }).task_id).toBe('video_1');
		// Accepted and paid for: an answer with an id but no status is a queued task, not an error.
		expect(readSubmitAnswer({ task_id: 'task_7' })).toMatchObject({ task_id: 'task_7', status: 'queued' });
		expect(readSubmitAnswer({ code: 0, data: { task_id: 'task_8', progress: 0 } })).toMatchObject({ task_id: 'task_8', status: 'queued' });
	});

	test('the id asked for is the id output, whatever task_id the body carries (a relay behind new-api)', () => {
		const reading = readAnswer({ id: 'task_ours', task_id: 'relay_theirs', status: 'processing', progress: 40 }, { taskId: 'task_ours' });
		expect(reading).toMatchObject({ kind: 'task', task: { task_id: 'task_ours', status: 'processing', progress: 40 } });
		expect(normalizeTask({ task_id: 'relay_theirs', status: 'succeeded', video_url: 'https://files.test/v.mp4' }, { taskId: 'task_ours' }).task_id).toBe('task_ours');
	});

	test("new-api's video object: stage progress, completed_at is the last update until it has finished", () => {
		const running = readAnswer({ id: 't1', object: 'video', model: 'kling-v2-6', status: 'in_progress', progress: 30, created_at: 1780053219, completed_at: 1780053250, metadata: { url: '' } }, { taskId: 't1' });
		expect(running).toEqual({ kind: 'task', task: expect.objectContaining({ status: 'processing', progress: 30, completed_at: null, video_url: null, thumbnail_url: null }), updatedAt: 1780053250_000 });
		const done = readAnswer({ id: 't1', object: 'video', status: 'completed', progress: 100, created_at: 1780053219, completed_at: 1780053400, metadata: { url: 'https://files.test/t1.mp4' } }, { taskId: 't1' });
		expect(done).toEqual({ kind: 'task', task: expect.objectContaining({ status: 'completed', completed_at: new Date(1780053400_000).toISOString(), video_url: 'https://files.test/t1.mp4' }) });
		expect(normalizeTask({ id: 't1', status: 'in_progress', progress: '45%' }).progress).toBe(45);
	});

	test.each([
		[{ video_url: 'https://files.test/a.mp4' }],
		[{ url: 'https://files.test/a.mp4' }],
		[{ metadata: { url: 'https://files.test/a.mp4' } }],
		[{ metadata: { url: '', video_url: 'https://files.test/a.mp4' } }],
		[{ video_url: '', result_url: 'https://files.test/a.mp4' }],
		[{ task_result: { videos: [{ url: 'https://files.test/a.mp4' }] } }],
		[{ output: { video_url: 'https://files.test/a.mp4' } }],
	])('the video URL wherever the answer puts it: %j', (where) => {
		const task = normalizeTask({ id: 't', status: 'succeed', ...where }, { taskId: 't', contentUrl: content });
		expect(task.video_url).toBe('https://files.test/a.mp4');
		expect(task.thumbnail_url).toBeNull();
	});

	test('a data: URL is a URL; an empty one is none, and /content serves the file', () => {
		expect(normalizeTask({ id: 't', status: 'completed', video_url: 'data:video/mp4;base64,AAAA' }).video_url).toBe('data:video/mp4;base64,AAAA');
		const task = normalizeTask({ id: 't', object: 'video', status: 'completed', metadata: { url: '' } }, { taskId: 't', contentUrl: content });
		expect(task.video_url).toBe(content('t'));
		// new-api has no thumbnails and ignores ?variant=thumbnail: only OpenAI's own shape gets one.
		expect(task.thumbnail_url).toBeNull();
		expect(normalizeTask({ id: 't', object: 'video', status: 'completed' }, { taskId: 't', contentUrl: content }).thumbnail_url).toBe(content('t', 'thumbnail'));
		expect(normalizeTask({ id: 't', status: 'completed', thumbnail_url: 'https://files.test/t.jpg', metadata: { url: 'https://files.test/t.mp4' } }).thumbnail_url).toBe('https://files.test/t.jpg');
	});

	test('a failed task: the object error, a Veo failure without a reason, a relay spelling', () => {
		expect(normalizeTask({ id: 't', status: 'failed', error: { message: 'upstream refused', code: 'content_policy' } }).error).toEqual({ message: 'upstream refused', type: null, code: 'content_policy' });
		expect(normalizeTask({ id: 't', object: 'video', status: 'failed' }).error!.message).toMatch(/without a reason/);
		expect(normalizeTask({ task_id: 't', status: 'Fail', fail_reason: 'timeout upstream' })).toMatchObject({ status: 'failed', error: { message: 'timeout upstream' } });
	});

	test('an HTTP 200 error body without a status is the task failed with that reason, under our id', () => {
		const reading = readAnswer({ error: { message: 'Video not found', type: 'invalid_request_error', param: null, code: null }, id: 'task_x' }, { taskId: 'task_x' });
		expect(reading).toEqual({ kind: 'task', task: expect.objectContaining({ task_id: 'task_x', status: 'failed', error: { message: 'Video not found', type: 'invalid_request_error', code: null } }) });
	});

	test.each([
		[{ code: 503, msg: 'upstream busy', id: 'task_x' }, '{"code":503,"msg":"upstream busy","id":"task_x"}'],
		['upstream busy', 'upstream busy'],
		['<html><body><h1>New API</h1>\n<p>dashboard</p></body></html>', 'New API dashboard'],
		['', '(an empty body)'],
		[undefined, '(an empty body)'],
		[[{ status: 'completed' }], '[{"status":"completed"}]'],
		[{ code: 'task_not_exist', message: 'task_not_exist', data: null }, '{"code":"task_not_exist","message":"task_not_exist","data":null}'],
	])('not a task: %j', (body, excerpt) => {
		expect(readAnswer(body, { taskId: 'task_x' })).toEqual({ kind: 'not-a-task', excerpt });
	});

	test('a long answer is quoted short, on one line', () => {
		const reading = readAnswer(`<html>${'x'.repeat(1000)}</html>`);
		expect(reading.kind === 'not-a-task' && reading.excerpt).toBe(`${'x'.repeat(200)}…`);
	});
});
