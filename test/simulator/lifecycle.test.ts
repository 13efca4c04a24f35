import { startSimulator, type Simulator } from '../../simulator';
import { call, createTask, download, poll, pollUntil, sha256, sleep, submit } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.2, jobSeconds: 0.8 });
});
afterAll(async () => await sim.close());

test('queued → processing with rising progress → completed, with a real MP4 and JPEG on another host', async () => {
	const submitted = await submit(sim, { model: 'sora-2', prompt: 'A cat playing piano', seconds: '10', size: '720x1280', input_reference: ['https://example.com/image.jpg'] });
	expect(submitted.status).toBe(200);
	expect(submitted.body).toEqual({ task_id: expect.stringMatching(/^task_[0-9a-f]+$/), status: 'queued', message: '视频生成任务已提交,正在处理中' });
	const id: string = submitted.body.task_id;
	expect(sim.tasks.get(id)).toMatchObject({ model: 'sora-2', prompt: 'A cat playing piano', seconds: '10', size: '720x1280', inputReference: ['https://example.com/image.jpg'], files: [] });

	expect((await poll(sim, id)).body).toEqual({ task_id: id, status: 'queued', progress: 0, message: expect.any(String) });

	const processing = [];
	for (let body = (await poll(sim, id)).body; body.status !== 'completed'; body = (await poll(sim, id)).body) {
		if (body.status === 'processing') processing.push(body);
		await sleep(60);
	}
	expect(processing.length).toBeGreaterThanOrEqual(3);
	for (const body of processing) {
		expect(body).toEqual({ task_id: id, status: 'processing', progress: expect.any(Number), message: `视频生成中,已完成${body.progress}%` });
		expect(body.progress).toBeLessThan(100);
	}
	const progress = processing.map((body) => body.progress);
	expect(progress).toEqual([...progress].sort((a, b) => a - b));
	expect(progress.at(-1)).toBeGreaterThan(progress[0]);

	const done = (await poll(sim, id)).body;
	expect(done).toEqual({
		task_id: id,
		status: 'completed',
		progress: 100,
		video_url: expect.stringMatching(/^http:\/\/127\.0\.0\.2:\d+\/files\/.+\.mp4\?sig=/),
		thumbnail_url: expect.stringMatching(/^http:\/\/127\.0\.0\.2:\d+\/files\/.+\.jpg\?sig=/),
		seconds: 10,
		width: 720,
		height: 1280,
		file_size: sim.videoSize,
		created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
		completed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
	});
	const task = sim.tasks.get(id)!;
	expect(Date.parse(done.completed_at)).toBe(Math.floor(task.completedAt! / 1000) * 1000);
	expect(Date.parse(done.created_at)).toBe(Math.floor(task.createdAt / 1000) * 1000);

	const video = await download(done.video_url);
	expect(video.status).toBe(200);
	expect(video.headers.get('content-type')).toBe('video/mp4');
	expect(Number(video.headers.get('content-length'))).toBe(sim.videoSize);
	expect(video.bytes.length).toBe(done.file_size);
	expect(video.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
	expect(sha256(video.bytes)).toBe(sim.videoSha256(id));

	const thumbnail = await download(done.thumbnail_url);
	expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
	expect([...thumbnail.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
	expect(sha256(thumbnail.bytes)).toBe(sim.thumbnailSha256);

	const fileRequests = sim.requests.filter((request) => request.host === 'files' && request.taskId === id);
	expect(fileRequests.map((request) => [request.status, request.headers.authorization])).toEqual([
		[200, undefined],
		[200, undefined],
	]);
});

test('defaults: 1280x720 and the document\'s 5.2 seconds when the submit names neither', async () => {
	const id = await createTask(sim, 'defaults [queue=0] [seconds=0.1]');
	expect(await pollUntil(sim, id, 'completed')).toMatchObject({ width: 1280, height: 720, seconds: 5.2 });
});

test('progress is a pure function of the clock: 0–99 linearly over the job, so the finish is predictable', async () => {
	const id = await createTask(sim, 'steady [queue=0.05] [seconds=1]');
	const task = sim.tasks.get(id)!;
	expect(task.startedAt - task.createdAt).toBe(50);
	expect(task.jobMs).toBe(1000);
	expect(task.completedAt).toBe(task.startedAt + task.jobMs);
	const expected = (at: number) => Math.floor(Math.min(1, (at - task.startedAt) / task.jobMs) * 99);
	for (let i = 0; i < 5; i++) {
		await sleep(120);
		const before = sim.now();
		const { body } = await poll(sim, id);
		const after = sim.now();
		if (body.status !== 'processing') continue;
		expect(body.progress).toBeGreaterThanOrEqual(expected(before));
		expect(body.progress).toBeLessThanOrEqual(expected(after));
		// The clock moves between any two readings, so the state is bounded by the readings around it.
		const first = sim.now();
		const state = task.status();
		const last = sim.now();
		if (state.status !== 'processing') continue;
		expect(state.progress).toBeGreaterThanOrEqual(expected(first));
		expect(state.progress).toBeLessThanOrEqual(expected(last));
	}
});

describe('per-task fates from prompt directives', () => {
	test('[fail] fails half way through with the content-policy error; it never completes', async () => {
		const id = await createTask(sim, 'Something flagged [fail] [queue=0] [seconds=0.4]');
		const task = sim.tasks.get(id)!;
		expect(task.completedAt).toBeUndefined();
		expect(task.failedAt).toBe(task.startedAt + 200);
		const failed = await pollUntil(sim, id, 'failed');
		expect(failed).toEqual({
			task_id: id,
			status: 'failed',
			progress: 49,
			error: { message: 'The prompt was flagged by the content policy', type: 'invalid_request_error', code: 'content_policy_violation' },
			message: expect.any(String),
		});
		await sleep(300);
		expect((await poll(sim, id)).body.status).toBe('failed');
	});

	test('[never] stays processing below 100 forever', async () => {
		const id = await createTask(sim, 'Endless [never] [queue=0] [seconds=0.2]');
		expect(sim.tasks.get(id)!.completedAt).toBeUndefined();
		await sleep(500);
		const { body } = await poll(sim, id);
		expect(body).toMatchObject({ status: 'processing' });
		expect(body.progress).toBeGreaterThan(0);
		expect(body.progress).toBeLessThan(100);
	});

	test('[seconds=N] and [queue=N] override the simulator\'s times for that task only', async () => {
		const slow = await createTask(sim, 'slow [seconds=30] [queue=2]');
		const normal = await createTask(sim, 'normal');
		expect(sim.tasks.get(slow)).toMatchObject({ jobMs: 30_000 });
		expect(sim.tasks.get(slow)!.startedAt - sim.tasks.get(slow)!.createdAt).toBe(2000);
		expect(sim.tasks.get(normal)).toMatchObject({ jobMs: 800 });
		expect(sim.tasks.get(normal)!.startedAt - sim.tasks.get(normal)!.createdAt).toBe(200);
		expect((await poll(sim, slow)).body.status).toBe('queued');
	});

	test('one batch can mix fates', async () => {
		const ids = await Promise.all(['ok [queue=0] [seconds=0.3]', 'bad [fail] [queue=0] [seconds=0.3]', 'stuck [never] [queue=0] [seconds=0.3]'].map((prompt) => createTask(sim, prompt)));
		await sleep(450);
		const states = await Promise.all(ids.map(async (id) => (await poll(sim, id)).body.status));
		expect(states).toEqual(['completed', 'failed', 'processing']);
	});
});

test('configure changes the times of new tasks only', async () => {
	const before = await createTask(sim);
	sim.configure({ jobSeconds: 5, queueSeconds: 1 });
	try {
		const after = await createTask(sim);
		expect(sim.tasks.get(before)!.jobMs).toBe(800);
		expect(sim.tasks.get(after)!.jobMs).toBe(5000);
		expect(sim.tasks.get(after)!.startedAt - sim.tasks.get(after)!.createdAt).toBe(1000);
	} finally {
		sim.configure({ jobSeconds: 0.8, queueSeconds: 0.2 });
	}
});

test('the request log records each request as it arrives, and submits()/polls() pick them out', async () => {
	const since = sim.requests.length;
	const id = await createTask(sim);
	await poll(sim, id);
	await call(sim, `/v1/videos/${id}?verbose=1`, { headers: { 'X-Trace': 'abc' } });
	await call(sim, `/v1/videos/${id}/content`);
	const log = sim.requests.slice(since);
	expect(log[0]).toEqual({
		host: 'api',
		method: 'POST',
		path: '/v1/videos',
		headers: expect.objectContaining({ authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' }),
		time: expect.any(Number),
		status: 200,
		taskId: id,
		body: { model: 'sora-2', prompt: 'A lighthouse at dusk' },
	});
	expect(log[2]).toMatchObject({ path: `/v1/videos/${id}?verbose=1`, headers: { 'x-trace': 'abc' }, status: 200, taskId: id });
	expect(log.map((request) => request.time)).toEqual([...log.map((request) => request.time)].sort((a, b) => a - b));
	expect(sim.submits().at(-1)).toBe(log[0]);
	expect(sim.polls(id)).toEqual([log[1], log[2]]);
	expect(sim.polls().length).toBeGreaterThanOrEqual(2);
});
