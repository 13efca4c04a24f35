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
	'MiniMax-Hailuo-2.3',
	'T2V-01',
	'viduq2',
	'jimeng_vgfm_t2v_l20',
	'jimeng_v30_1080p',
];

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.05, jobSeconds: 0.2, models: MODELS });
});
afterAll(async () => await sim.close());

const IMG = 'https://img.example.com/a.png';

/** Submits `body`, waits for completion and returns what the status body says the task got. */
async function got(body: Record<string, unknown>): Promise<{ seconds: string; size: string; input?: unknown }> {
	const answer = await submit(sim, { prompt: 'A fox in the snow', ...body });
	expect([answer.status, answer.body.code]).toEqual([200, undefined]);
	const { seconds, size, input } = await pollUntil(sim, answer.body.id, 'completed');
	return input === undefined ? { seconds, size } : { seconds, size, input };
}

const nothingTaken = (...ignored: string[]) => ({ images: 0, videos: 0, audios: 0, ignored });

describe('each family reads its own fields; the status body reports what the task got', () => {
	test('Kling ignores seconds and size: without duration it is 5 s, without aspect_ratio square', async () => {
		expect(await got({ model: 'kling-v2-6-pro', seconds: '10', size: '1280x720' })).toEqual({ seconds: '5', size: '720x720', input: nothingTaken('seconds', 'size') });
		expect(await got({ model: 'kling-v2-6-pro', duration: 10, aspect_ratio: '16:9' })).toEqual({ seconds: '10', size: '1280x720' });
		expect(await got({ model: 'kling-v2-6-pro', duration: 5, aspect_ratio: '9:16' })).toEqual({ seconds: '5', size: '720x1280' });
		// Its frames are image and image_tail; a list of images is not read.
		expect(await got({ model: 'kling-v2-6-pro', image: IMG, image_tail: IMG })).toMatchObject({ input: { images: 2, ignored: [] } });
		expect(await got({ model: 'kling-v2-6-pro', images: [IMG] })).toMatchObject({ input: nothingTaken('images') });
	});

	test('Seedance and Wan read metadata.duration and metadata.ratio; a setting the name carries is the name’s', async () => {
		const seedance = 'doubao-seedance-1-5-pro_10s_720p';
		expect(await got({ model: seedance, metadata: { duration: 10, ratio: '9:16' } })).toEqual({ seconds: '10', size: '720x1280' });
		// 5 s and 1080p to a 10 s 720p model: the name wins, and the status says what was ignored.
		expect(await got({ model: seedance, metadata: { duration: 5, ratio: '1:1', resolution: '1080p' } })).toEqual({
			seconds: '10',
			size: '720x720',
			input: nothingTaken('metadata.duration', 'metadata.resolution'),
		});
		// Top-level fields are not what it reads: the name's 10 s and the default 16:9.
		expect(await got({ model: seedance, duration: 5, aspect_ratio: '9:16' })).toEqual({ seconds: '10', size: '1280x720', input: nothingTaken('duration', 'aspect_ratio') });
		expect(await got({ model: 'wan2.6-r2v-720P-5s', metadata: { duration: 5, ratio: '4:3' }, images: [IMG] })).toEqual({
			seconds: '5',
			size: '960x720',
			input: { images: 1, videos: 0, audios: 0, ignored: [] },
		});
		expect(await got({ model: 'wan2.6-t2v-1080P_5s', metadata: { ratio: '16:9' } })).toEqual({ seconds: '5', size: '1920x1080' });
	});

	test('Sora and Veo read seconds and size; Grok’s duration is in its name and its size a ratio', async () => {
		expect(await got({ model: 'sora-2', seconds: '12', size: '720x1280' })).toEqual({ seconds: '12', size: '720x1280' });
		expect(await got({ model: 'veo3.1', seconds: '8', size: '1280x720' })).toEqual({ seconds: '8', size: '1280x720' });
		expect(await got({ model: 'grok-video-3-10s', size: '9:16' })).toEqual({ seconds: '10', size: '720x1280' });
		expect(await got({ model: 'grok-video-3', size: '3:2' })).toEqual({ seconds: '6', size: '1080x720' });
		// What the node used to send: seconds and a WxH size, neither read (the upstream's 16:9).
		expect(await got({ model: 'grok-video-3', seconds: '10', size: '720x1280' })).toEqual({ seconds: '6', size: '1280x720', input: nothingTaken('size', 'seconds') });
		// One reference image: the rest are dropped.
		expect(await got({ model: 'grok-video-3-10s', size: '16:9', input_reference: [IMG, IMG] })).toMatchObject({ input: { images: 1, ignored: ['input_reference'] } });
	});

	test('reference files uploaded in multipart count as the images they are', async () => {
		const form = new FormData();
		form.append('model', 'sora-2');
		form.append('prompt', 'A fox');
		form.append('input_reference', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'fox.png');
		const answer = await call(sim, '/v1/videos', { method: 'POST', body: form });
		expect(answer.status).toBe(200);
		expect((await pollUntil(sim, answer.body.id, 'completed')).input).toEqual({ images: 1, videos: 0, audios: 0, ignored: [] });
	});

	test('Hailuo reads duration (else 6 s) and a resolution from size, its frames from metadata, never images', async () => {
		expect(await got({ model: 'MiniMax-Hailuo-2.3' })).toEqual({ seconds: '6', size: '1366x768' });
		expect(await got({ model: 'MiniMax-Hailuo-2.3', duration: 10, size: '1920x1080', metadata: { first_frame_image: IMG } })).toEqual({
			seconds: '10',
			size: '1920x1080',
			input: { images: 1, videos: 0, audios: 0, ignored: [] },
		});
		// The document's fields: seconds is never read, images neither (6 s, text only).
		expect(await got({ model: 'MiniMax-Hailuo-2.3', seconds: '10', size: '1366x768', images: [IMG] })).toEqual({ seconds: '6', size: '1366x768', input: nothingTaken('seconds', 'images') });
		expect(await got({ model: 'T2V-01', size: '1280x720' })).toEqual({ seconds: '6', size: '1280x720' });
	});

	test('Vidu reads duration (else 5 s), size as its resolution word (else 1080p), images', async () => {
		expect(await got({ model: 'viduq2' })).toEqual({ seconds: '5', size: '1920x1080' });
		expect(await got({ model: 'viduq2', duration: 8, size: '720p', metadata: { aspect_ratio: '9:16' }, images: [IMG, IMG, IMG] })).toEqual({
			seconds: '8',
			size: '720x1280',
			input: { images: 3, videos: 0, audios: 0, ignored: [] },
		});
		expect(await got({ model: 'viduq2', seconds: '8', size: '540p', videos: [IMG] })).toEqual({ seconds: '5', size: '960x540', input: nothingTaken('seconds', 'videos') });
	});

	test('Jimeng: duration 10 is 10 s, anything else 5 s; the ratio from metadata, the resolution from the name', async () => {
		expect(await got({ model: 'jimeng_vgfm_t2v_l20', duration: 10 })).toEqual({ seconds: '10', size: '1280x720' });
		expect(await got({ model: 'jimeng_vgfm_t2v_l20', duration: 8, size: '720x1280' })).toEqual({ seconds: '5', size: '1280x720', input: nothingTaken('duration', 'size') });
		expect(await got({ model: 'jimeng_v30_1080p', duration: 5, metadata: { aspect_ratio: '1:1' }, images: [IMG] })).toEqual({
			seconds: '5',
			size: '1080x1080',
			input: { images: 1, videos: 0, audios: 0, ignored: [] },
		});
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
