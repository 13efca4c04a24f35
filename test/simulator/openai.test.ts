import { startSimulator, type Simulator } from '../../simulator';
import { call, createTask, download, poll, pollUntil, sha256, sleep, submit } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'openai', queueSeconds: 0.1, jobSeconds: 0.5, apiKeys: ['sk-openai-1', 'sk-openai-2'] });
});
afterAll(async () => await sim.close());

const auth = () => ({ authorization: `Bearer ${sim.apiKey}` });

test('submit answers OpenAI\'s video object', async () => {
	const before = Math.floor(sim.now() / 1000);
	const answer = await submit(sim, { model: 'sora-2-pro', prompt: 'A cat', seconds: '8', size: '720x1280' });
	expect(answer.status).toBe(200);
	expect(answer.body).toEqual({
		id: expect.stringMatching(/^video_[0-9a-f]+$/),
		object: 'video',
		model: 'sora-2-pro',
		status: 'queued',
		progress: 0,
		created_at: expect.any(Number),
		size: '720x1280',
		seconds: '8',
	});
	expect(answer.body.created_at).toBeGreaterThanOrEqual(before);
	expect(answer.body.created_at).toBeLessThanOrEqual(Math.floor(sim.now() / 1000));
});

test('status: queued → in_progress → completed with Unix times and no video_url; the file comes from /content with the key', async () => {
	const id = await createTask(sim, 'A harbour', { seconds: '4', size: '1280x720' });
	expect((await poll(sim, id)).body).toMatchObject({ id, object: 'video', status: 'queued', progress: 0 });

	const notReady = await call(sim, `/v1/videos/${id}/content`);
	expect(notReady.status).toBe(404);
	expect(notReady.body.error).toMatchObject({ type: 'invalid_request_error', code: expect.any(String), message: expect.any(String) });

	const running = await pollUntil(sim, id, 'in_progress');
	expect(running).toEqual({ id, object: 'video', model: 'sora-2', status: 'in_progress', progress: expect.any(Number), created_at: expect.any(Number), size: '1280x720', seconds: '4' });
	expect(running.progress).toBeLessThan(100);

	const done = await pollUntil(sim, id, 'completed');
	const task = sim.tasks.get(id)!;
	expect(done).toEqual({
		id,
		object: 'video',
		model: 'sora-2',
		status: 'completed',
		progress: 100,
		created_at: Math.floor(task.createdAt / 1000),
		completed_at: Math.floor(task.completedAt! / 1000),
		expires_at: Math.floor(task.completedAt! / 1000) + 86400,
		size: '1280x720',
		seconds: '4',
	});
	expect(done).not.toHaveProperty('video_url');

	const video = await download(`${sim.url}/v1/videos/${id}/content`, { headers: auth() });
	expect(video.status).toBe(200);
	expect(video.headers.get('content-type')).toBe('video/mp4');
	expect(video.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
	expect(sha256(video.bytes)).toBe(sim.videoSha256(id));

	const thumbnail = await download(`${sim.url}/v1/videos/${id}/content?variant=thumbnail`, { headers: auth() });
	expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
	expect(sha256(thumbnail.bytes)).toBe(sim.thumbnailSha256);

	expect((await download(`${sim.url}/v1/videos/${id}/content?variant=video`, { headers: auth() })).bytes.length).toBe(sim.videoSize);
	expect((await call(sim, `/v1/videos/${id}/content?variant=poster`)).status).toBe(400);
	expect((await call(sim, `/v1/videos/${id}/content`, { key: null })).status).toBe(401);
	expect((await call(sim, `/v1/videos/${id}/content`, { key: 'sk-openai-2' })).status).toBe(404);
	expect(sim.polls(id).every((entry) => !entry.path.includes('/content'))).toBe(true);
	expect(sim.requests.filter((entry) => entry.host === 'files')).toEqual([]);
});

test('failed tasks carry error {code, message}', async () => {
	const id = await createTask(sim, 'flagged [fail] [queue=0] [seconds=0.2]');
	const failed = await pollUntil(sim, id, 'failed');
	expect(failed).toMatchObject({ id, object: 'video', status: 'failed', error: { code: 'content_policy_violation', message: 'The prompt was flagged by the content policy' } });
	expect(failed).not.toHaveProperty('completed_at');
	expect((await call(sim, `/v1/videos/${id}/content`)).status).toBe(404);
});

test('truncated /content downloads and error bodies follow the same switches', async () => {
	const id = await createTask(sim, 'cut [queue=0] [seconds=0.1]');
	await pollUntil(sim, id, 'completed');
	sim.configure({ faults: { downloadTruncate: 1 } });
	await expect(download(`${sim.url}/v1/videos/${id}/content`, { headers: auth() })).rejects.toThrow();
	expect((await download(`${sim.url}/v1/videos/${id}/content`, { headers: auth() })).bytes.length).toBe(sim.videoSize);
	expect((await poll(sim, 'video_unknown')).body).toEqual({ error: { message: 'Task not found', type: 'not_found_error', code: 'task_not_found' } });
});

test('the dialect can be switched at runtime', async () => {
	sim.configure({ dialect: 'yishangyun' });
	try {
		const answer = await submit(sim, { model: 'veo3', prompt: 'switched [queue=0] [seconds=0.05]' });
		expect(answer.body).toMatchObject({ task_id: expect.stringMatching(/^task_/), status: 'queued' });
		await sleep(100);
		expect((await poll(sim, answer.body.task_id)).body).toMatchObject({ status: 'completed', video_url: expect.any(String) });
	} finally {
		sim.configure({ dialect: 'openai' });
	}
});
