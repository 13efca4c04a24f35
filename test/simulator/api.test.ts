import { createTask, sha256, startSimulator, type Simulator } from '../harness/simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.1, jobSeconds: 0.5, retryAfterSeconds: 3 });
});
afterAll(async () => await sim.close());

const call = async (path: string, init: RequestInit & { key?: string | null } = {}) => {
	const key = init.key === undefined ? sim.apiKey : init.key;
	const response = await fetch(`${sim.url}${path}`, {
		...init,
		headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as object) },
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : text };
};
const post = (body: unknown, key?: string | null) => call('/v1/videos', { method: 'POST', body: JSON.stringify(body), key });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the six documented error bodies, exactly', () => {
	test('400 missing prompt', async () => {
		expect(await post({ model: 'sora-2' })).toMatchObject({
			status: 400,
			body: { error: { message: 'prompt field is required', type: 'invalid_request_error', code: 'missing_parameter' } },
		});
	});
	test('401 invalid key, and no key', async () => {
		const expected = { status: 401, body: { error: { message: 'Invalid API key provided', type: 'authentication_error', code: 'invalid_api_key' } } };
		expect(await post({ model: 'sora-2', prompt: 'x' }, 'sk-wrong')).toMatchObject(expected);
		expect(await call('/v1/videos/task_x', { key: null })).toMatchObject(expected);
	});
	test('403 insufficient quota', async () => {
		const limited = await startSimulator({ quota: 1 });
		try {
			const first = await fetch(`${limited.url}/v1/videos`, { method: 'POST', headers: { authorization: `Bearer ${limited.apiKey}` }, body: JSON.stringify({ model: 'sora-2', prompt: 'x' }) });
			expect(first.status).toBe(200);
			const second = await fetch(`${limited.url}/v1/videos`, { method: 'POST', headers: { authorization: `Bearer ${limited.apiKey}` }, body: JSON.stringify({ model: 'sora-2', prompt: 'x' }) });
			expect(second.status).toBe(403);
			expect(await second.json()).toEqual({ error: { message: 'Insufficient quota', type: 'permission_error', code: 'insufficient_quota' } });
		} finally {
			await limited.close();
		}
	});
	test('404 task not found', async () => {
		expect(await call('/v1/videos/task_nope')).toEqual(expect.objectContaining({ status: 404, body: { error: { message: 'Task not found', type: 'not_found_error', code: 'task_not_found' } } }));
	});
	test('429 rate limit with Retry-After, and no task created', async () => {
		const before = sim.tasks.size;
		sim.configure({ faults: { submit429: 1 } });
		const answer = await post({ model: 'sora-2', prompt: 'x' });
		expect(answer.status).toBe(429);
		expect(answer.headers.get('retry-after')).toBe('3');
		expect(answer.body).toEqual({ error: { message: 'Rate limit exceeded', type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
		expect(sim.tasks.size).toBe(before);
	});
	test('500 internal error', async () => {
		sim.configure({ faults: { submit500: 1 } });
		expect(await post({ model: 'sora-2', prompt: 'x' })).toMatchObject({
			status: 500,
			body: { error: { message: 'Internal server error', type: 'server_error', code: 'internal_error' } },
		});
	});
	test('bad size and seconds are refused', async () => {
		expect((await post({ model: 'sora-2', prompt: 'x', size: '10x10' })).body.error.code).toBe('invalid_size');
		expect((await post({ model: 'sora-2', prompt: 'x', seconds: 'ten' })).body.error.code).toBe('invalid_parameter');
	});
});

test('the task life: queued → processing with rising progress → completed with a real MP4 and JPEG on another host', async () => {
	const submitted = await post({ model: 'sora-2', prompt: 'A cat playing piano', seconds: '10', size: '720x1280' });
	expect(submitted.body).toEqual({ task_id: expect.stringMatching(/^task_/), status: 'queued', message: '视频生成任务已提交,正在处理中' });
	const id = submitted.body.task_id;
	expect((await call(`/v1/videos/${id}`)).body).toMatchObject({ task_id: id, status: 'queued', progress: 0 });
	await sleep(250);
	const early = (await call(`/v1/videos/${id}`)).body;
	await sleep(150);
	const later = (await call(`/v1/videos/${id}`)).body;
	expect(early).toMatchObject({ status: 'processing', message: expect.stringMatching(/^视频生成中,已完成\d+%$/) });
	expect(later.progress).toBeGreaterThan(early.progress);
	await sleep(300);
	const done = (await call(`/v1/videos/${id}`)).body;
	expect(done).toMatchObject({ task_id: id, status: 'completed', progress: 100, seconds: 10, width: 720, height: 1280, file_size: sim.videoSize });
	expect(new URL(done.video_url).hostname).toBe('127.0.0.2');
	const video = Buffer.from(await (await fetch(done.video_url)).arrayBuffer());
	expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
	expect(sha256(video)).toBe(sim.videoSha256(id));
	const thumbnail = Buffer.from(await (await fetch(done.thumbnail_url)).arrayBuffer());
	expect([...thumbnail.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
	expect(sha256(thumbnail)).toBe(sim.thumbnailSha256);
	expect(sim.tasks.get(id)!.completedAt).toBeLessThanOrEqual(Date.now());
});

test('tasks belong to the key that made them', async () => {
	const other = await startSimulator({ apiKeys: ['sk-one', 'sk-two'] });
	try {
		const made = await fetch(`${other.url}/v1/videos`, { method: 'POST', headers: { authorization: 'Bearer sk-one' }, body: JSON.stringify({ model: 'sora-2', prompt: 'x' }) });
		const { task_id } = (await made.json()) as { task_id: string };
		expect((await fetch(`${other.url}/v1/videos/${task_id}`, { headers: { authorization: 'Bearer sk-two' } })).status).toBe(404);
		expect((await fetch(`${other.url}/v1/videos/${task_id}`, { headers: { authorization: 'Bearer sk-one' } })).status).toBe(200);
	} finally {
		await other.close();
	}
});

test('[fail] fails with the content-policy reason; [never] never finishes', async () => {
	const failing = await createTask(sim, 'bad [fail]');
	const endless = await createTask(sim, 'long [never]');
	await sleep(900);
	expect((await call(`/v1/videos/${failing}`)).body).toMatchObject({ status: 'failed', error: { code: 'content_policy_violation', message: 'The prompt was flagged by the content policy' } });
	const still = (await call(`/v1/videos/${endless}`)).body;
	expect(still.status).toBe('processing');
	expect(still.progress).toBeLessThan(100);
	expect(sim.tasks.get(endless)!.completedAt).toBeUndefined();
});

test('multipart submits record each file byte for byte', async () => {
	const form = new FormData();
	form.append('model', 'veo3');
	form.append('prompt', 'from an image');
	form.append('input_reference', new Blob([Buffer.from([0, 1, 2, 255, 13, 10, 45, 45])], { type: 'image/png' }), 'a.png');
	form.append('input_reference', 'https://img.example.com/b.jpg');
	const response = await fetch(`${sim.url}/v1/videos`, { method: 'POST', headers: { authorization: `Bearer ${sim.apiKey}` }, body: form });
	const { task_id } = (await response.json()) as { task_id: string };
	const task = sim.tasks.get(task_id)!;
	expect(task.files).toEqual([{ field: 'input_reference', filename: 'a.png', contentType: 'image/png', size: 8, sha256: sha256(Buffer.from([0, 1, 2, 255, 13, 10, 45, 45])) }]);
	expect(task.inputReference).toEqual(['https://img.example.com/b.jpg']);
	expect(task.model).toBe('veo3');
});

describe('fault switches', () => {
	test('poll 502/503 and dropped connections, then normal answers', async () => {
		const id = await createTask(sim);
		sim.configure({ faults: { poll502: 1, poll503: 1, pollDrop: 1 } });
		await expect(call(`/v1/videos/${id}`)).rejects.toThrow();
		expect((await call(`/v1/videos/${id}`)).status).toBe(502);
		expect((await call(`/v1/videos/${id}`)).status).toBe(503);
		expect((await call(`/v1/videos/${id}`)).status).toBe(200);
		expect(sim.polls(id).map((request) => request.status)).toEqual(['dropped', 502, 503, 200]);
	});
	test('a submit accepted then dropped creates exactly one task', async () => {
		const before = sim.tasks.size;
		sim.configure({ faults: { submitDropAfterAccept: 1 } });
		await expect(post({ model: 'sora-2', prompt: 'x' })).rejects.toThrow();
		expect(sim.tasks.size).toBe(before + 1);
	});
	test('a truncated download stops half way; an expired link answers 403 and the next status read renews it', async () => {
		const id = await createTask(sim);
		await sleep(700);
		const { video_url } = (await call(`/v1/videos/${id}`)).body;
		sim.configure({ faults: { downloadTruncate: 1 } });
		await expect(fetch(video_url).then((response) => response.arrayBuffer())).rejects.toThrow();
		sim.configure({ faults: { downloadExpired: 1 } });
		expect((await fetch(video_url)).status).toBe(403);
		expect((await fetch(video_url)).status).toBe(403);
		const renewed = (await call(`/v1/videos/${id}`)).body.video_url;
		expect(renewed).not.toBe(video_url);
		expect(sha256(Buffer.from(await (await fetch(renewed)).arrayBuffer()))).toBe(sim.videoSha256());
	});
});

test('OpenAI dialect: id, in_progress, Unix times, /content and ?variant=thumbnail behind the key', async () => {
	const openai = await startSimulator({ dialect: 'openai', queueSeconds: 0.05, jobSeconds: 0.4 });
	try {
		const auth = { authorization: `Bearer ${openai.apiKey}` };
		const made = (await (await fetch(`${openai.url}/v1/videos`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'sora-2', prompt: 'x' }) })).json()) as Record<string, unknown>;
		expect(made).toMatchObject({ id: expect.stringMatching(/^video_/), object: 'video', status: 'queued', created_at: expect.any(Number) });
		expect((await fetch(`${openai.url}/v1/videos/${made.id}/content`, { headers: auth })).status).toBe(404);
		await sleep(200);
		expect(await (await fetch(`${openai.url}/v1/videos/${made.id}`, { headers: auth })).json()).toMatchObject({ status: 'in_progress' });
		await sleep(400);
		const done = (await (await fetch(`${openai.url}/v1/videos/${made.id}`, { headers: auth })).json()) as Record<string, number>;
		expect(done).toMatchObject({ status: 'completed', progress: 100 });
		expect(done.expires_at - done.completed_at).toBe(86400);
		expect(done).not.toHaveProperty('video_url');
		expect((await fetch(`${openai.url}/v1/videos/${made.id}/content`)).status).toBe(401);
		const video = Buffer.from(await (await fetch(`${openai.url}/v1/videos/${made.id}/content`, { headers: auth })).arrayBuffer());
		expect(sha256(video)).toBe(openai.videoSha256());
		const thumbnail = Buffer.from(await (await fetch(`${openai.url}/v1/videos/${made.id}/content?variant=thumbnail`, { headers: auth })).arrayBuffer());
		expect(sha256(thumbnail)).toBe(openai.thumbnailSha256);
	} finally {
		await openai.close();
	}
});

test('videoBytes pads the MP4 to an exact size with a free box; timeScale compresses time', async () => {
	const big = await startSimulator({ videoBytes: 3_000_000, timeScale: 60, queueSeconds: 0, jobSeconds: 30 });
	try {
		const id = await createTask(big);
		await sleep(600);
		const body = (await (await fetch(`${big.url}/v1/videos/${id}`, { headers: { authorization: `Bearer ${big.apiKey}` } })).json()) as { status: string; video_url: string };
		expect(body.status).toBe('completed');
		const video = Buffer.from(await (await fetch(body.video_url)).arrayBuffer());
		expect(video.length).toBe(3_000_000);
		expect(sha256(video)).toBe(big.videoSha256());
		// Walk the top-level boxes: they must tile the file exactly, the last being `free`.
		let offset = 0;
		let last = '';
		while (offset < video.length) {
			const size = video.readUInt32BE(offset);
			last = video.subarray(offset + 4, offset + 8).toString('latin1');
			offset += size;
		}
		expect(offset).toBe(video.length);
		expect(last).toBe('free');
	} finally {
		await big.close();
	}
});
