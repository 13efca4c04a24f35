import { startSimulator, type Simulator } from '../../simulator';
import { call, poll, pollUntil, submit } from './helpers';

const MODELS = [
	'sora-2',
	'veo3.1',
	'grok-video-3',
	'grok-video-3-10s',
	'kling-v2-6-pro',
	'doubao-seedance-1-5-pro_10s_720p',
	'wan2.6-t2v-1080P_5s',
	'wan2.6-r2v-720P-5s',
	'happyhorse-1.0-t2v-720P_5s',
];

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.05, jobSeconds: 0.2, models: MODELS });
});
afterAll(async () => await sim.close());

/** Submits `body`, waits for completion and returns what the status body says the task got. */
async function got(body: Record<string, unknown>): Promise<{ seconds: string; size: string }> {
	const answer = await submit(sim, { prompt: 'A fox in the snow', ...body });
	expect(answer.status).toBe(200);
	const { seconds, size } = await pollUntil(sim, answer.body.id, 'completed');
	return { seconds, size };
}

describe('each family reads its own fields; the status body reports what the task got', () => {
	test('Kling ignores seconds and size: without duration it is 5 s, without aspect_ratio square', async () => {
		expect(await got({ model: 'kling-v2-6-pro', seconds: '10', size: '1280x720' })).toEqual({ seconds: '5', size: '720x720' });
		expect(await got({ model: 'kling-v2-6-pro', duration: 10, aspect_ratio: '16:9' })).toEqual({ seconds: '10', size: '1280x720' });
		expect(await got({ model: 'kling-v2-6-pro', duration: 5, aspect_ratio: '9:16' })).toEqual({ seconds: '5', size: '720x1280' });
	});

	test('Seedance and Wan read metadata.duration and metadata.ratio, at the resolution asked or named', async () => {
		const seedance = 'doubao-seedance-1-5-pro_10s_720p';
		expect(await got({ model: seedance, metadata: { duration: 5, ratio: '9:16' } })).toEqual({ seconds: '5', size: '720x1280' });
		expect(await got({ model: seedance, metadata: { duration: 5, ratio: '1:1', resolution: '1080p' } })).toEqual({ seconds: '5', size: '1080x1080' });
		// Top-level fields are not what it reads: the name's 10 s and the default 16:9.
		expect(await got({ model: seedance, duration: 5, aspect_ratio: '9:16' })).toEqual({ seconds: '10', size: '1280x720' });
		expect(await got({ model: 'wan2.6-r2v-720P-5s', metadata: { duration: 10, ratio: '4:3' }, images: ['https://img.example.com/a.png'] })).toEqual({ seconds: '10', size: '960x720' });
		expect(await got({ model: 'wan2.6-t2v-1080P_5s', metadata: { ratio: '16:9' } })).toEqual({ seconds: '5', size: '1920x1080' });
	});

	test('Sora and Veo read seconds and size; Grok’s duration is in its name', async () => {
		expect(await got({ model: 'sora-2', seconds: '12', size: '720x1280' })).toEqual({ seconds: '12', size: '720x1280' });
		expect(await got({ model: 'veo3.1', seconds: '8', size: '1280x720' })).toEqual({ seconds: '8', size: '1280x720' });
		expect(await got({ model: 'grok-video-3-10s', seconds: '6' })).toEqual({ seconds: '10', size: '1280x720' });
		expect(await got({ model: 'grok-video-3', seconds: '6' })).toEqual({ seconds: '6', size: '1280x720' });
	});

	test('the whole submit body is kept with the task', async () => {
		const body = { model: 'kling-v2-6-pro', prompt: 'A kite', duration: 10, aspect_ratio: '16:9', mode: 'pro', sound: 'on', image: 'https://img.example.com/a.png' };
		const answer = await submit(sim, body);
		expect(sim.tasks.get(answer.body.id)!.body).toEqual(body);
	});
});

describe('what the real gateway refuses, before creating (or billing) anything', () => {
	test('Sora: OpenAI refuses a field it does not know, relayed as fail_to_fetch_task', async () => {
		const tasks = sim.tasks.size;
		const answer = await submit(sim, { model: 'sora-2', prompt: 'A fox', seconds: '10', duration: 10 });
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ code: 'fail_to_fetch_task', message: expect.any(String), data: null });
		expect(JSON.parse(answer.body.message)).toEqual({
			error: { message: "Unknown parameter: 'duration'.", type: 'invalid_request_error', param: 'duration', code: 'unknown_parameter' },
		});
		expect(sim.tasks.size).toBe(tasks);
	});

	test('Sora in multipart: the same for an unknown form field', async () => {
		const form = new FormData();
		form.append('model', 'sora-2');
		form.append('prompt', 'A fox');
		form.append('metadata', '{"seed":1}');
		const answer = await call(sim, '/v1/videos', { method: 'POST', body: form });
		expect(answer.status).toBe(400);
		expect(JSON.parse(answer.body.message).error.message).toBe("Unknown parameter: 'metadata'.");
	});

	test('Wan and HappyHorse text-to-video: a size not written W*H is refused by new-api’s Ali adaptor', async () => {
		const tasks = sim.tasks.size;
		for (const model of ['wan2.6-t2v-1080P_5s', 'happyhorse-1.0-t2v-720P_5s']) {
			const answer = await submit(sim, { model, prompt: 'A fox', size: '1280x720' });
			expect([answer.status, answer.body]).toEqual([
				500,
				{ code: 'build_request_failed', message: 'convert_to_ali_request_failed: invalid size: 1280x720, example: 1920*1080', data: null },
			]);
		}
		expect(sim.tasks.size).toBe(tasks);
		// Written the Ali way, or for reference-to-video, a size passes.
		expect((await submit(sim, { model: 'wan2.6-t2v-1080P_5s', prompt: 'A fox', size: '1920*1080' })).status).toBe(200);
		expect((await submit(sim, { model: 'wan2.6-r2v-720P-5s', prompt: 'A fox', size: '1280x720' })).status).toBe(200);
	});

	test('other families take fields they do not read, as new-api passes them on', async () => {
		const answer = await submit(sim, { model: 'kling-v2-6-pro', prompt: 'A fox', seconds: '10', size: '1280x720', anything: true });
		expect(answer.status).toBe(200);
		expect((await poll(sim, answer.body.id)).status).toBe(200);
	});
});
