import { familyOf, startSimulator, type Simulator } from '../../simulator';
import { call, download, poll, pollUntil, sha256, submit, withSimulator } from './helpers';

// The newapi dialect read live (gatewayPollSeconds 0), so stages show at once; newapi-poller.test.ts
// covers the gateway's own cadence.
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.4, jobSeconds: 0.8, apiKeys: ['sk-newapi-first-key', 'sk-newapi-other-key'] });
});
afterAll(async () => await sim.close());

const OTHER_KEY = 'sk-newapi-other-key';
const REQUEST_ID = /\(request id: \d{23}[0-9a-f]{8}\)$/;

async function submitted(model: string, prompt = 'A lantern festival', extra: Record<string, unknown> = {}): Promise<string> {
	const answer = await submit(sim, { model, prompt, ...extra });
	if (answer.status !== 200) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return answer.body.id;
}

describe('submit answers', () => {
	test.each(['kling-v2-6-std', 'doubao-seedance-1-5-pro_10s_720p', 'wan2.6-t2v-720P_5s', 'happyhorse-1.0-t2v-720P_5s', 'veo3.1'])(
		'%s: new-api\'s own video object with status ""',
		async (model) => {
			const answer = await submit(sim, { model, prompt: 'A koi pond' });
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ id: expect.stringMatching(/^task_\w+$/), task_id: answer.body.id, object: 'video', model, status: '', progress: 0, created_at: expect.any(Number) });
			expect(answer.body.created_at).toBe(Math.floor(sim.tasks.get(answer.body.id)!.createdAt / 1000));
		},
	);

	test.each([
		['sora-2', { seconds: '8', size: '720x1280' }, '8'],
		// Grok's duration is the one in its name, its size a ratio (newapi/requests.js).
		['grok-video-3-10s', { size: '9:16' }, '10'],
	])('%s: the upstream\'s OpenAI answer with new-api\'s id', async (model, fields, seconds) => {
		const answer = await submit(sim, { model, prompt: 'A koi pond', ...fields });
		expect(answer.body).toEqual({ id: expect.stringMatching(/^task_\w+$/), object: 'video', model, status: 'queued', progress: 0, created_at: expect.any(Number), size: '720x1280', seconds });
	});

	test('submitStatus "queued": newer builds answer queued', async () => {
		sim.configure({ submitStatus: 'queued' });
		try {
			expect((await submit(sim, { model: 'kling-v3-pro-sound', prompt: 'x' })).body.status).toBe('queued');
		} finally {
			sim.configure({ submitStatus: '' });
		}
	});

	test('the task keeps the whole parsed body, and the log has it too', async () => {
		const body = { model: 'kling-v2-6-std', prompt: 'A heron', duration: 10, aspect_ratio: '9:16', image: 'https://example.com/a.png', metadata: { x: 1 } };
		const id = await submitted(body.model, body.prompt, body);
		expect(sim.tasks.get(id)!.body).toEqual(body);
		expect(sim.submits().at(-1)!.body).toEqual(body);
	});

	test('a model no channel serves: 503 model_not_found, nothing made', async () => {
		const tasks = sim.tasks.size;
		const answer = await submit(sim, { model: 'sora-2-pro', prompt: 'x' });
		expect(answer.status).toBe(503);
		expect(answer.body).toEqual({ error: { message: expect.stringMatching(REQUEST_ID), type: 'new_api_error', code: 'model_not_found' } });
		expect(answer.body.error.message).toMatch(/^当前分组 default 下对于模型 sora-2-pro 无可用渠道 \(request id/);
		expect(sim.tasks.size).toBe(tasks);
	});

	test('task route errors use the {code, message, data} shape', async () => {
		expect(await submit(sim, { prompt: 'x' })).toMatchObject({ status: 400, body: { code: 'missing_model', message: expect.any(String), data: null } });
		expect(await submit(sim, { model: 'sora-2' })).toMatchObject({ status: 400, body: { code: 'invalid_request', data: null } });
		const broken = await call(sim, '/v1/videos', { method: 'POST', body: '{"model":' });
		expect(broken).toMatchObject({ status: 400, body: { code: 'invalid_json', data: null } });
	});
});

describe('status answers per family', () => {
	test('Kling: queued (10) → in_progress (30) → completed (100) with the file in metadata.url', async () => {
		const id = await submitted('kling-v2-6-std', 'A heron', { duration: 5, aspect_ratio: '16:9' });
		const task = sim.tasks.get(id)!;
		const queued = (await poll(sim, id)).body;
		expect(queued).toEqual({
			id, task_id: id, object: 'video', model: 'kling-v2-6-std', status: 'queued', progress: 10,
			created_at: Math.floor(task.createdAt / 1000), completed_at: expect.any(Number), seconds: '5', size: '1280x720', metadata: { url: '' },
		});
		expect(await pollUntil(sim, id, 'in_progress')).toMatchObject({ progress: 30, metadata: { url: '' } });
		const done = await pollUntil(sim, id, 'completed');
		expect(done).toMatchObject({ progress: 100, completed_at: Math.floor(task.completedAt! / 1000) });
		expect(done.metadata.url.startsWith(`${sim.fileUrl}/files/`)).toBe(true);
		expect(done).not.toHaveProperty('error');
		const file = await download(done.metadata.url);
		expect(sha256(file.bytes)).toBe(sim.videoSha256(id));
		expect(sim.requests.filter((r) => r.host === 'files').every((r) => r.headers.authorization === undefined)).toBe(true);
	});

	test.each([
		['doubao-seedance-1-5-pro_10s_720p', '10', { code: 'OutputVideoSensitiveContentDetected', message: expect.any(String) }],
		['wan2.6-r2v-720P-5s', '5', { code: 'DataInspectionFailed', message: expect.any(String) }],
		['happyhorse-1.0-t2v-720P_5s', '5', { code: 'DataInspectionFailed', message: expect.any(String) }],
		['kling-v3-pro-sound', '5', { code: '', message: expect.any(String) }],
	])('%s: queued at 20 (Kling 10), the duration in its name, and a [fail] with error {message, code}', async (model, seconds, error) => {
		const id = await submitted(model, 'A heron [fail]');
		const queued = (await poll(sim, id)).body;
		expect(queued).toMatchObject({ status: 'queued', progress: model.startsWith('kling') ? 10 : 20, seconds, metadata: { url: '' } });
		const failed = await pollUntil(sim, id, 'failed');
		expect(failed).toMatchObject({ id, object: 'video', status: 'failed', progress: 100, error });
		expect(failed.error.message.length).toBeGreaterThan(0);
	});

	test('Sora: the upstream\'s stored OpenAI body: in_progress with its own progress, no URL; the file from /content', async () => {
		const id = await submitted('sora-2', 'A heron');
		expect((await poll(sim, id)).body).toMatchObject({ id, object: 'video', status: 'queued', progress: 0 });
		const running = await pollUntil(sim, id, 'in_progress');
		expect(running).toEqual({ id, object: 'video', model: 'sora-2', status: 'in_progress', progress: expect.any(Number), created_at: expect.any(Number), size: '1280x720', seconds: '4' });
		const done = await pollUntil(sim, id, 'completed');
		expect(done).toMatchObject({ progress: 100, completed_at: expect.any(Number), expires_at: done.completed_at + 86400 });
		expect(JSON.stringify(done)).not.toMatch(/https?:/);
		const video = await download(`${sim.url}/v1/videos/${id}/content`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
		expect(video.headers.get('content-type')).toBe('video/mp4');
		expect(sha256(video.bytes)).toBe(sim.videoSha256(id));
	});

	test('Sora [fail]: failed with the upstream\'s error', async () => {
		const id = await submitted('sora-2', 'A heron [fail]');
		expect(await pollUntil(sim, id, 'failed')).toMatchObject({ id, object: 'video', error: { code: expect.any(String), message: expect.any(String) } });
	});

	test('Grok: the OpenAI body too, duration from its name', async () => {
		const id = await submitted('grok-video-3-10s', 'A heron');
		expect(await pollUntil(sim, id, 'completed')).toMatchObject({ id, object: 'video', model: 'grok-video-3-10s', seconds: '10' });
	});

	test('Veo: the video object with no URL at all, and a failure with no reason', async () => {
		const id = await submitted('veo3.1', 'A heron');
		const done = await pollUntil(sim, id, 'completed');
		expect(done).toEqual({ id, task_id: id, object: 'video', model: 'veo3.1', status: 'completed', progress: 100, created_at: expect.any(Number), completed_at: expect.any(Number), seconds: '8', size: '1280x720' });
		const failedId = await submitted('veo3.1-pro', 'A heron [fail]');
		const failed = await pollUntil(sim, failedId, 'failed');
		expect(failed).not.toHaveProperty('error');
		expect(failed).not.toHaveProperty('metadata');
	});
});

describe('/content', () => {
	test('ignores its query string: ?variant=thumbnail is the MP4', async () => {
		const id = await submitted('kling-v2-6-std');
		await pollUntil(sim, id, 'completed');
		const thumbnail = await download(`${sim.url}/v1/videos/${id}/content?variant=thumbnail`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
		expect(thumbnail.status).toBe(200);
		expect(thumbnail.headers.get('content-type')).toBe('video/mp4');
		expect(sha256(thumbnail.bytes)).toBe(sim.videoSha256(id));
	});

	test('before completion: 400 naming new-api\'s stored status; unknown or another key\'s task: 404', async () => {
		const id = await submitted('wan2.6-t2v-720P_5s', 'x [never]');
		await pollUntil(sim, id, 'in_progress');
		const early = await call(sim, `/v1/videos/${id}/content`);
		expect(early).toMatchObject({ status: 400, body: { error: { message: 'Task is not completed yet, current status: IN_PROGRESS', type: 'invalid_request_error' } } });
		expect((await call(sim, '/v1/videos/task_nope/content')).status).toBe(404);
		expect((await call(sim, `/v1/videos/${id}/content`, { key: OTHER_KEY })).status).toBe(404);
	});
});

describe('errors and keys', () => {
	test('an unknown task, and another key\'s task, are 400 task_not_exist', async () => {
		const id = await submitted('kling-v2-6-std');
		for (const answer of [await poll(sim, 'task_unknown'), await poll(sim, id, OTHER_KEY)]) {
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ code: 'task_not_exist', message: 'task_not_exist', data: null });
		}
	});

	test('a bad or missing key: 401 无效的令牌 in the middleware shape', async () => {
		for (const key of ['sk-wrong', null]) {
			const answer = await poll(sim, 'task_x', key);
			expect(answer.status).toBe(401);
			expect(answer.body).toEqual({ error: { message: expect.stringMatching(/^无效的令牌 \(request id: /), type: 'new_api_error', code: '' } });
			expect(answer.body.error.message).toMatch(REQUEST_ID);
		}
	});

	test('a used-up key: 401 with the key masked on submit, status and /content; its task keeps running', async () => {
		const id = await submitted('kling-v2-6-std', 'A heron');
		sim.configure({ exhaustedKeys: [sim.apiKey] });
		try {
			const tasks = sim.tasks.size;
			const answers = [await submit(sim, { model: 'kling-v2-6-std', prompt: 'x' }), await poll(sim, id), await call(sim, `/v1/videos/${id}/content`)];
			for (const answer of answers) {
				expect(answer.status).toBe(401);
				expect(answer.body.error).toMatchObject({ type: 'new_api_error', code: '' });
				expect(answer.body.error.message).toMatch(/^\[sk-new\*\*\*key\] 该令牌额度已用尽 .* \(request id: /);
				expect(JSON.stringify(answer.body)).not.toContain(sim.apiKey);
			}
			expect(sim.tasks.size).toBe(tasks);
			expect((await poll(sim, 'task_x', OTHER_KEY)).status).toBe(400);
		} finally {
			sim.configure({ exhaustedKeys: [] });
		}
		expect((await pollUntil(sim, id, 'completed')).id).toBe(id);
	});

	test('quota: a failed task was paid for too', async () => {
		await withSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, quota: 1, queueSeconds: 0, jobSeconds: 0.2 }, async (own) => {
			const first = await submit(own, { model: 'sora-2', prompt: 'x [fail]' });
			await pollUntil(own, first.body.id, 'failed');
			const second = await submit(own, { model: 'sora-2', prompt: 'x' });
			expect(second).toMatchObject({ status: 403, body: { code: 'insufficient_user_quota', data: null } });
		});
	});

	test('inputReferenceArray false (stock new-api): an array, JSON or multipart, is 400 invalid_json and nothing is billed', async () => {
		await withSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, inputReferenceArray: false, quota: 1 }, async (own) => {
			const json = await submit(own, { model: 'sora-2', prompt: 'x', input_reference: ['https://example.com/a.png'] });
			expect(json).toMatchObject({ status: 400, body: { code: 'invalid_json', message: expect.stringContaining('input_reference'), data: null } });
			const form = new FormData();
			form.append('model', 'sora-2');
			form.append('prompt', 'x');
			form.append('input_reference', 'https://example.com/a.png');
			form.append('input_reference', 'https://example.com/b.png');
			expect(await call(own, '/v1/videos', { method: 'POST', body: form })).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
			expect(own.tasks.size).toBe(0);
			const single = await submit(own, { model: 'sora-2', prompt: 'x', input_reference: 'https://example.com/a.png' });
			expect(single.status).toBe(200);
			expect(own.tasks.get(single.body.id)!.inputReference).toEqual(['https://example.com/a.png']);
		});
		const accepted = await submit(sim, { model: 'sora-2', prompt: 'x', input_reference: ['https://example.com/a.png', 'https://example.com/b.png'] });
		expect(accepted.status).toBe(200);
	});
});

describe('gateway pages', () => {
	test('/v1/models in new-api\'s shape: a model of every family, Sora alone tagged openai-video', async () => {
		const answer = await call(sim, '/v1/models');
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ success: true, object: 'list' });
		const byId = new Map<string, { supported_endpoint_types: string[] }>(answer.body.data.map((m: { id: string }) => [m.id, m]));
		for (const model of answer.body.data) expect(model).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: expect.any(String), supported_endpoint_types: expect.any(Array) });
		expect(new Set(answer.body.data.map((m: { id: string }) => familyOf(m.id)))).toEqual(new Set(['sora', 'grok', 'veo', 'kling', 'seedance', 'wan', 'happyhorse', 'hailuo', 'vidu', 'jimeng', undefined]));
		expect(byId.get('sora-2')!.supported_endpoint_types).toEqual(['openai-video']);
		expect(byId.get('veo3.1')!.supported_endpoint_types).toEqual(['gemini', 'openai']);
		expect(byId.get('kling-v2-6-std')!.supported_endpoint_types).toEqual(['openai']);
		expect(byId.get('gpt-4o-mini')!.supported_endpoint_types).toEqual(['openai']);
		expect(answer.body.data.filter((m: { supported_endpoint_types: string[] }) => m.supported_endpoint_types.includes('openai-video')).map((m: { id: string }) => m.id)).toEqual(['sora-2']);
	});

	test('paths outside /v1 answer the dashboard\'s HTML with 200; unknown /v1 paths 404 Invalid URL', async () => {
		for (const path of ['/', '/api/v1/videos/task_x', '/v2/videos']) {
			const page = await call(sim, path);
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toMatch(/^text\/html/);
			expect(page.body).toMatch(/^<!doctype html>/i);
		}
		const unknown = await call(sim, '/v1/nothing');
		expect(unknown).toMatchObject({ status: 404, body: { error: { message: 'Invalid URL (GET /v1/nothing)' } } });
	});

	test('the chat route still answers (the AI Agent test uses it)', async () => {
		const answer = await call(sim, '/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) });
		expect(answer).toMatchObject({ status: 200, body: { object: 'chat.completion' } });
	});

	test('familyOf reads the family from the model name', () => {
		expect(['sora-2', 'grok-video-3-30s', 'veo3.1-pro-4k', 'kling-video-o1-pro', 'doubao-seedance-1-5-pro_5s_1080p', 'seedance-lite', 'wan2.7-t2v-1080P_10s', 'happyhorse-1.0-r2v-720P-5s', 'deepseek-chat'].map(familyOf)).toEqual([
			'sora', 'grok', 'veo', 'kling', 'seedance', 'seedance', 'wan', 'happyhorse', undefined,
		]);
	});
});
