import { startSimulator, type Simulator } from '../../simulator';
import { call, createTask, poll, submit, withSimulator } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ apiKeys: ['sk-yishangyun-demo', 'sk-second'], retryAfterSeconds: 7 });
});
afterAll(async () => await sim.close());

const VALID = { model: 'sora-2', prompt: 'A cat playing piano' };

describe('the six documented error bodies, word for word', () => {
	test('400 missing prompt', async () => {
		const answer = await submit(sim, { model: 'sora-2' });
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: { message: 'prompt field is required', type: 'invalid_request_error', code: 'missing_parameter' } });
	});

	test('401 for a wrong key, no key, or a key not sent as Bearer, on every /v1 route', async () => {
		const expected = { error: { message: 'Invalid API key provided', type: 'authentication_error', code: 'invalid_api_key' } };
		const taskId = await createTask(sim);
		const attempts = [
			submit(sim, VALID, 'sk-wrong'),
			submit(sim, VALID, null),
			poll(sim, taskId, null),
			call(sim, `/v1/videos/${taskId}/content`, { key: null }),
			call(sim, '/v1/models', { key: 'sk-wrong' }),
			call(sim, '/v1/models', { key: null, headers: { authorization: sim.apiKey } }),
		];
		for (const answer of await Promise.all(attempts)) {
			expect(answer.status).toBe(401);
			expect(answer.body).toEqual(expected);
		}
	});

	test('403 insufficient quota once the key has used its submits; other keys are not affected', async () => {
		await withSimulator({ quota: 2, apiKeys: ['sk-a', 'sk-b'] }, async (limited) => {
			expect((await submit(limited, VALID, 'sk-a')).status).toBe(200);
			expect((await submit(limited, VALID, 'sk-a')).status).toBe(200);
			const refused = await submit(limited, VALID, 'sk-a');
			expect(refused.status).toBe(403);
			expect(refused.body).toEqual({ error: { message: 'Insufficient quota', type: 'permission_error', code: 'insufficient_quota' } });
			expect(limited.tasks.size).toBe(2);
			expect((await submit(limited, VALID, 'sk-b')).status).toBe(200);
			limited.configure({ quota: 3 });
			expect((await submit(limited, VALID, 'sk-a')).status).toBe(200);
		});
	});

	test('404 for an unknown task, and for a task another key created', async () => {
		const expected = { error: { message: 'Task not found', type: 'not_found_error', code: 'task_not_found' } };
		const unknown = await poll(sim, 'task_123456789');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual(expected);
		const taskId = await createTask(sim);
		const foreign = await poll(sim, taskId, 'sk-second');
		expect(foreign.status).toBe(404);
		expect(foreign.body).toEqual(expected);
		expect((await poll(sim, taskId)).status).toBe(200);
	});

	test('429 rate limit with Retry-After', async () => {
		sim.configure({ faults: { submit429: 1 } });
		const answer = await submit(sim, VALID);
		expect(answer.status).toBe(429);
		expect(answer.headers.get('retry-after')).toBe('7');
		expect(answer.body).toEqual({ error: { message: 'Rate limit exceeded', type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
	});

	test('500 internal error', async () => {
		sim.configure({ faults: { submit500: 1 } });
		const answer = await submit(sim, VALID);
		expect(answer.status).toBe(500);
		expect(answer.body).toEqual({ error: { message: 'Internal server error', type: 'server_error', code: 'internal_error' } });
	});
});

describe('other refusals in the same style', () => {
	test('missing or empty model', async () => {
		for (const body of [{ prompt: 'x' }, { prompt: 'x', model: '' }]) {
			const answer = await submit(sim, body);
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ error: { message: 'model field is required', type: 'invalid_request_error', code: 'missing_parameter' } });
		}
	});

	test('a blank prompt is a missing one', async () => {
		expect((await submit(sim, { model: 'sora-2', prompt: '   ' })).body.error.message).toBe('prompt field is required');
	});

	test.each(['10x10', '1280X720', '1280x720 ', '1080x1080'])('size %j → invalid_size', async (size) => {
		const answer = await submit(sim, { ...VALID, size });
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_size' });
	});

	test.each(['720x1280', '1280x720', '1792x1024', '1024x1792', '1920x1080', '1080x1920'])('size %s is accepted', async (size) => {
		expect((await submit(sim, { ...VALID, size })).status).toBe(200);
	});

	test.each(['ten', '', '5s', '-5'])('seconds %j → invalid_parameter', async (seconds) => {
		const answer = await submit(sim, { ...VALID, seconds });
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_parameter' });
	});

	test('a body that is not JSON', async () => {
		const answer = await call(sim, '/v1/videos', { method: 'POST', body: '{"model":' });
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
	});

	test('refused submits create no task and use no quota', async () => {
		await withSimulator({ quota: 1 }, async (limited) => {
			await submit(limited, { model: 'sora-2' });
			await submit(limited, { ...VALID, size: 'big' });
			expect(limited.tasks.size).toBe(0);
			expect((await submit(limited, VALID)).status).toBe(200);
		});
	});

	test('unknown routes answer like OpenAI, JSON with the method and path', async () => {
		const root = await call(sim, '/x', { key: null });
		expect(root.status).toBe(404);
		expect(root.body).toEqual({ error: { message: 'Invalid URL (GET /x)', type: 'invalid_request_error', code: 'not_found' } });
		const wrongMethod = await call(sim, '/v1/videos', { method: 'DELETE' });
		expect(wrongMethod.status).toBe(404);
		expect(wrongMethod.body.error).toEqual({ message: 'Invalid URL (DELETE /v1/videos)', type: 'invalid_request_error', code: 'not_found' });
	});
});

test('GET /v1/models lists the seven models for a valid key', async () => {
	const answer = await call(sim, '/v1/models');
	expect(answer.status).toBe(200);
	expect(answer.body.object).toBe('list');
	expect(answer.body.data.map((model: { id: string; object: string }) => [model.id, model.object])).toEqual(
		['sora-2', 'sora-2-hd', 'sora-2-pro', 'veo3', 'veo3-pro', 'veo3.1', 'veo3.1-pro'].map((id) => [id, 'model']),
	);
});

describe('the model list, as gateways differ', () => {
	test('lists what it is configured with, ids or whole model objects, in that order', async () => {
		const models = ['gpt-4o-mini', { id: 'kling-v2', supported_endpoint_types: ['openai-video'] }, 'sora-2'];
		await withSimulator({ models }, async (other) => {
			const answer = await call(other, '/v1/models');
			expect(answer.status).toBe(200);
			expect(answer.body.data).toEqual([
				{ id: 'gpt-4o-mini', object: 'model', created: 1735689600, owned_by: 'yishangyun' },
				{ id: 'kling-v2', object: 'model', created: 1735689600, owned_by: 'yishangyun', supported_endpoint_types: ['openai-video'] },
				{ id: 'sora-2', object: 'model', created: 1735689600, owned_by: 'yishangyun' },
			]);
		});
	});

	test('modelsEndpoint: false is a gateway without /v1/models: 404 as for any unknown path, the videos API unchanged', async () => {
		await withSimulator({ modelsEndpoint: false }, async (other) => {
			const answer = await call(other, '/v1/models');
			expect(answer.status).toBe(404);
			expect(answer.body.error).toEqual({ message: 'Invalid URL (GET /v1/models)', type: 'invalid_request_error', code: 'not_found' });
			expect((await call(other, '/v1/models', { key: 'sk-wrong' })).status).toBe(401);
			const id = await createTask(other);
			expect((await poll(other, id)).status).toBe(200);
			other.configure({ modelsEndpoint: true });
			expect((await call(other, '/v1/models')).status).toBe(200);
		});
	});

	test('configure refuses a model list it could not serve', () => {
		expect(() => sim.configure({ models: [{ name: 'no id' }] as never })).toThrow(/models must be an array/);
		expect(() => sim.configure({ models: 'sora-2' as never })).toThrow(/models must be an array/);
		expect(() => sim.configure({ modelsEndpoint: 'no' as never })).toThrow(/modelsEndpoint must be true or false/);
	});
});
