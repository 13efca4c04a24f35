import { startSimulator, type Simulator } from '../../simulator';
import { poll, pollUntil, submit, withSimulator } from './helpers';

// What each model generation takes of reference images, videos and audios, and what the gateway
// (or the upstream behind it) refuses before anything is made or billed.
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.05, jobSeconds: 0.2 });
});
afterAll(async () => await sim.close());

const urls = (kind: string, count: number) => Array.from({ length: count }, (_, index) => `https://media.example.com/${kind}-${index}`);

/** A submit that must be refused: the answer, after checking that no task was made. */
async function refused(body: Record<string, unknown>) {
	const tasks = sim.tasks.size;
	const answer = await submit(sim, { prompt: 'A heron over a lake', ...body });
	expect(sim.tasks.size).toBe(tasks);
	return { status: answer.status, code: answer.body.code, upstream: answer.body.code === 'fail_to_fetch_task' ? JSON.parse(answer.body.message) : answer.body.message };
}

/** A submit that must be accepted: what its finished task reports it took. */
async function taken(body: Record<string, unknown>) {
	const answer = await submit(sim, { prompt: 'A heron over a lake', ...body });
	expect([answer.status, answer.body.code]).toEqual([200, undefined]);
	return (await pollUntil(sim, answer.body.id, 'completed')).input;
}

describe('Seedance 2.0: omni reference, up to 9 images, 3 videos and 3 audios', () => {
	const model = 'doubao-seedance-2-0-720p';

	test('the most it takes, as the provider’s client sends it', async () => {
		const body = { model, metadata: { ratio: '16:9', duration: 10, resolution: '720p' }, images: urls('image', 9), videos: urls('video', 3), audios: urls('audio', 3) };
		expect(await taken(body)).toEqual({ images: 9, videos: 3, audios: 3, ignored: [] });
		// The client always sends the lists, empty when the user gave none.
		expect(await taken({ model, metadata: { ratio: '16:9', duration: 5 }, videos: [], audios: [] })).toBeUndefined();
	});

	test.each([
		['images', 9],
		['videos', 3],
		['audios', 3],
	])('%s beyond %i: Ark’s 400, relayed as fail_to_fetch_task', async (kind, most) => {
		const answer = await refused({ model, [kind]: urls(kind, most + 1) });
		expect(answer).toMatchObject({ status: 400, code: 'fail_to_fetch_task' });
		const message = `The parameter \`${kind}\` specified in the request is not valid: ${model} takes at most ${most} ${kind}, got ${most + 1} (item count out of range).`;
		expect(answer.upstream).toEqual({ error: { code: 'InvalidParameter', message, param: kind, type: 'BadRequest' } });
	});

	test('Seedance 1.5 takes a first and a last frame, and no video or audio', async () => {
		const older = 'doubao-seedance-1-5-pro_10s_720p';
		expect(await taken({ model: older, images: urls('image', 2) })).toEqual({ images: 2, videos: 0, audios: 0, ignored: [] });
		expect((await refused({ model: older, images: urls('image', 3) })).upstream.error.message).toMatch(/at most 2 images, got 3/);
		expect((await refused({ model: older, videos: urls('video', 1) })).upstream.error).toMatchObject({ code: 'InvalidParameter', param: 'videos' });
		expect((await refused({ model: older, audios: urls('audio', 1) })).upstream.error).toMatchObject({ param: 'audios' });
	});
});

describe('Wan and HappyHorse: reference-to-video takes videos, text-to-video nothing', () => {
	test.each(['wan2.6-r2v-720P-5s', 'happyhorse-1.0-r2v-720P-5s'])('%s: up to 5 images and 3 videos, no audio', async (model) => {
		expect(await taken({ model, images: urls('image', 5), videos: urls('video', 3) })).toEqual({ images: 5, videos: 3, audios: 0, ignored: [] });
		const tooMany = await refused({ model, videos: urls('video', 4) });
		expect(tooMany).toMatchObject({ status: 400, code: 'fail_to_fetch_task', upstream: { code: 'InvalidParameter', request_id: expect.any(String) } });
		expect(tooMany.upstream.message).toMatch(/^videos: .* at most 3 videos, got 4/);
		expect((await refused({ model, audios: urls('audio', 1) })).upstream.message).toMatch(/takes no audios/);
	});

	test('a -t2v- model refuses a reference image or video', async () => {
		for (const body of [{ images: urls('image', 1) }, { videos: urls('video', 1) }]) {
			const answer = await refused({ model: 'wan2.6-t2v-720P_5s', ...body });
			expect(answer).toMatchObject({ status: 400, code: 'fail_to_fetch_task', upstream: { code: 'InvalidParameter' } });
			expect(answer.upstream.message).toMatch(/wan2\.6-t2v-720P_5s takes no (images|videos)/);
		}
	});
});

describe('Kling: omni -video models take one video; the others none', () => {
	const omni = 'kling-v3-omni-pro-video';

	test('one video with its video_list, and the frames', async () => {
		const body = { model: omni, mode: 'pro', duration: 5, image: urls('image', 1)[0], videos: urls('video', 1), metadata: { video_list: [{ refer_type: 'feature', keep_original_sound: 'yes' }] } };
		expect(await taken(body)).toEqual({ images: 1, videos: 1, audios: 0, ignored: [] });
	});

	test('two videos, none, sound with a video, or a video to a model without -video: Kling’s 1201', async () => {
		for (const body of [
			{ model: omni, videos: urls('video', 2) },
			{ model: omni },
			{ model: omni, videos: urls('video', 1), sound: 'on' },
			{ model: 'kling-v2-6-std', videos: urls('video', 1) },
			{ model: 'kling-v3-pro-sound', audios: urls('audio', 1) },
		]) {
			const answer = await refused(body);
			expect(answer).toMatchObject({ status: 400, code: 'fail_to_fetch_task', upstream: { code: 1201, message: expect.any(String), request_id: expect.any(String) } });
		}
	});
});

describe('new-api’s native adaptors: Hailuo, Vidu, Jimeng', () => {
	test('Hailuo: MiniMax refuses a duration or resolution the model does not make (2013), and I2V without a first frame', async () => {
		const short = await refused({ model: 'T2V-01', duration: 10 });
		expect(short).toEqual({ status: 400, code: '2013', upstream: expect.stringMatching(/^hailuo api error: invalid params, duration: T2V-01 makes 6 s videos, not 10$/) });
		// 1280x720 is 720P to the adaptor, which Hailuo 2.3 does not make.
		expect((await refused({ model: 'MiniMax-Hailuo-2.3', size: '1280x720' })).upstream).toMatch(/resolution: .* not 720P/);
		expect((await refused({ model: 'I2V-01', images: urls('image', 1) })).upstream).toMatch(/metadata.first_frame_image: I2V-01 needs images/);
		expect(await taken({ model: 'I2V-01', metadata: { first_frame_image: urls('image', 1)[0] }, videos: urls('video', 1) })).toEqual({ images: 1, videos: 0, audios: 0, ignored: ['videos'] });
	});

	test('Vidu: a size that is not a resolution word (FieldInvalid), more than 7 images (FieldItemCountOutOfRange)', async () => {
		const answer = await refused({ model: 'viduq2', size: '1280x720' });
		expect(answer).toMatchObject({ status: 400, code: 'fail_to_fetch_task', upstream: { code: 400, reason: 'FieldInvalid', message: 'invalid field: resolution' } });
		const many = await refused({ model: 'viduq2', size: '720p', images: urls('image', 8) });
		expect(many.upstream).toMatchObject({ reason: 'FieldItemCountOutOfRange', message: 'field item count out of range: images' });
	});

	test('status bodies: each adaptor’s own video object, the file in metadata.url', async () => {
		const shapes: Record<string, { omits: string[] }> = { 'MiniMax-Hailuo-2.3': { omits: ['task_id'] }, viduq2: { omits: ['task_id', 'model'] }, jimeng_vgfm_t2v_l20: { omits: ['task_id', 'model'] } };
		for (const [model, { omits }] of Object.entries(shapes)) {
			const answer = await submit(sim, { model, prompt: 'A heron [queue=1]' });
			// The submit answer is new-api's own, with both ids.
			expect(answer.body).toEqual({ id: answer.body.id, task_id: answer.body.id, object: 'video', model, status: '', progress: 0, created_at: expect.any(Number) });
			const queued = (await poll(sim, answer.body.id)).body;
			expect(queued).toMatchObject({ id: answer.body.id, object: 'video', status: 'queued' });
			for (const field of omits) expect(queued).not.toHaveProperty(field);
			// Vidu sets metadata only once there is a URL.
			expect('metadata' in queued).toBe(model !== 'viduq2');
			const done = await pollUntil(sim, answer.body.id, 'completed');
			expect(done.metadata.url.startsWith(`${sim.fileUrl}/files/`)).toBe(true);
		}
	});

	test('[fail]: each upstream’s own failure', async () => {
		const failures: Record<string, object> = {
			'MiniMax-Hailuo-2.3': { code: '1027', message: expect.any(String) },
			viduq2: { code: 'CreationPolicyViolation', message: 'CreationPolicyViolation' },
			jimeng_vgfm_t2v_l20: { code: '50511', message: expect.any(String) },
		};
		for (const [model, error] of Object.entries(failures)) {
			const answer = await submit(sim, { model, prompt: 'A heron [fail]' });
			expect(await pollUntil(sim, answer.body.id, 'failed')).toMatchObject({ status: 'failed', progress: 100, error });
		}
	});
});

test('a refused submit is not billed: the key’s only quota still buys the next one', async () => {
	await withSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, quota: 1 }, async (own) => {
		const bodies = [
			{ model: 'doubao-seedance-2-0-720p', images: urls('image', 10) },
			{ model: 'wan2.6-t2v-720P_5s', images: urls('image', 1) },
			{ model: 'kling-v2-6-std', videos: urls('video', 1) },
			{ model: 'T2V-01', duration: 10 },
			{ model: 'viduq2', size: '1280x720' },
		];
		for (const body of bodies) expect((await submit(own, { prompt: 'x', ...body })).status).not.toBe(200);
		expect((await submit(own, { model: 'doubao-seedance-2-0-720p', prompt: 'x', images: urls('image', 9) })).status).toBe(200);
		expect((await submit(own, { model: 'viduq2', prompt: 'x' })).body.code).toBe('insufficient_user_quota');
	});
});
