import { startSimulator, type Simulator } from '../../simulator';
import { call, download, poll, pollUntil, sha256, sleep, submit } from './helpers';

// Prompt directives and faults of the newapi dialect, read live (gatewayPollSeconds 0).
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.1, jobSeconds: 0.4, serverAddress: 'http://gateway.internal:3000' });
});
afterAll(async () => await sim.close());

const auth = () => ({ authorization: `Bearer ${sim.apiKey}` });

async function submitted(model: string, prompt: string): Promise<string> {
	const answer = await submit(sim, { model, prompt });
	if (answer.status !== 200) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return answer.body.id;
}

/** What the dialect's bodies (and their spellings) say while a task is not done. */
const RUNNING = ['unknown', 'queued', 'in_progress', 'initializing', 'processing'];

/** Polls until the body is no longer a running task (any completed spelling, or no status at all). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of whatever shape the simulator answered; tests read fields off it
async function settled(id: string, timeoutMs = 10_000): Promise<{ status: number; body: any; seen: string[] }> {
	const seen: string[] = [];
	const end = Date.now() + timeoutMs;
	for (;;) {
		const answer = await poll(sim, id);
		if (seen.at(-1) !== answer.body.status) seen.push(answer.body.status);
		if (!RUNNING.includes(answer.body.status)) return { ...answer, seen };
		if (Date.now() > end) throw new Error(`still ${JSON.stringify(answer.body)}`);
		await sleep(20);
	}
}

describe('failures answered with HTTP 200', () => {
	test.each([
		['[fail200]', { error: { message: 'Video not found', type: 'invalid_request_error', param: null, code: null } }],
		['[busy200]', { code: 503, msg: 'upstream busy' }],
	])('%s: every GET from the fail time on answers 200 with the stored body, which never changes', async (directive, stored) => {
		for (const model of ['sora-2', 'kling-v2-6-std']) {
			const id = await submitted(model, `A paper boat ${directive}`);
			const first = await settled(id);
			expect(first.status).toBe(200);
			expect(first.body).toEqual({ ...stored, id });
			for (let i = 0; i < 3; i++) expect(await poll(sim, id)).toMatchObject({ status: 200, body: { ...stored, id } });
			expect((await call(sim, `/v1/videos/${id}/content`)).body.error.message).toBe('Task is not completed yet, current status: FAILURE');
		}
	});
});

describe('[relay]: another relay behind an OpenAI-type channel', () => {
	test.each(['sora-2', 'grok-video-3-10s'])('%s: its own task_id (unknown to the gateway), processing → succeeded, a top-level video_url', async (model) => {
		const id = await submitted(model, 'A paper boat [relay]');
		const running = await pollUntil(sim, id, 'processing');
		expect(running.id).toBe(id);
		expect(running.task_id).toMatch(/^relay_/);
		expect(running).not.toHaveProperty('video_url');
		expect(await poll(sim, running.task_id)).toMatchObject({ status: 400, body: { code: 'task_not_exist' } });
		const done = await pollUntil(sim, id, 'succeeded');
		expect(done.task_id).toBe(running.task_id);
		expect(done.video_url.startsWith(`${sim.fileUrl}/files/`)).toBe(true);
		expect(sha256((await download(done.video_url)).bytes)).toBe(sim.videoSha256(id));
	});
});

describe('[url=<where>]: the finished file\'s URL where other relays put it', () => {
	const at = (body: Record<string, unknown>, path: string) => path.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], body);

	test.each(['video_url', 'url', 'metadata.url', 'metadata.video_url', 'result_url', 'task_result.videos.0.url'])('%s', async (place) => {
		for (const model of ['kling-v2-6-std', 'sora-2']) {
			const id = await submitted(model, `A paper boat [url=${place}]`);
			const done = await pollUntil(sim, id, 'completed');
			const url = at(done, place) as string;
			expect(url.startsWith(`${sim.fileUrl}/files/`)).toBe(true);
			// Only one place holds the URL.
			expect(JSON.stringify(done).split(sim.fileUrl).length).toBe(2);
			expect(sha256((await download(url)).bytes)).toBe(sim.videoSha256(id));
		}
	});

	test('data: a data:video/mp4 URL of the very bytes in video_url', async () => {
		const id = await submitted('wan2.6-t2v-720P_5s', 'A paper boat [url=data]');
		const done = await pollUntil(sim, id, 'completed');
		const [head, data] = done.video_url.split(',');
		expect(head).toBe('data:video/mp4;base64');
		expect(sha256(Buffer.from(data, 'base64'))).toBe(sim.videoSha256(id));
		expect(done).not.toHaveProperty('metadata');
	});
});

test('[selfurl]: the gateway\'s own proxy URL under its configured address, whatever host that names', async () => {
	const kling = await submitted('kling-v2-6-std', 'A paper boat [selfurl]');
	expect((await pollUntil(sim, kling, 'completed')).metadata.url).toBe(`http://gateway.internal:3000/v1/videos/${kling}/content`);
	const sora = await submitted('sora-2', 'A paper boat [selfurl]');
	expect((await pollUntil(sim, sora, 'completed')).video_url).toBe(`http://gateway.internal:3000/v1/videos/${sora}/content`);
});

test('[contentjson]: /content answers JSON naming the file instead of the file', async () => {
	const id = await submitted('sora-2', 'A paper boat [contentjson]');
	await pollUntil(sim, id, 'completed');
	const answer = await call(sim, `/v1/videos/${id}/content`);
	expect(answer.status).toBe(200);
	expect(answer.body).toEqual({ id, object: 'video', url: expect.stringMatching(/^http:\/\/127\.0\.0\.2:/), video_url: answer.body.url });
	expect(sha256((await download(answer.body.url)).bytes)).toBe(sim.videoSha256(id));
});

describe('[spell=<status>]: states as other relays spell them', () => {
	test.each([
		['succeed', '', 'succeed'],
		['Success', '', 'Success'],
		['succeed', ' [fail]', 'fail'],
		['Success', ' [fail]', 'Fail'],
		['SUCCESS', ' [fail]', 'FAILURE'],
	])('[spell=%s]%s ends %s, waits as initializing and runs as in_progress', async (spelling, extra, end) => {
		const id = await submitted('kling-v2-6-std', `A paper boat [queue=0.2] [spell=${spelling}]${extra}`);
		const { body, seen } = await settled(id);
		expect(body.status).toBe(end);
		expect(seen).toEqual(['initializing', 'in_progress', end]);
	});
});

describe('newapi faults', () => {
	test('submitSaturated: 429 in the task shape, no Retry-After, nothing made', async () => {
		const tasks = sim.tasks.size;
		sim.configure({ faults: { submitSaturated: 1 } });
		const answer = await submit(sim, { model: 'kling-v2-6-std', prompt: 'x' });
		expect(answer).toMatchObject({ status: 429, body: { code: 'fail_to_fetch_task', message: '当前分组上游负载已饱和，请稍后再试', data: null } });
		expect(answer.headers.get('retry-after')).toBeNull();
		expect(sim.tasks.size).toBe(tasks);
		expect((await submit(sim, { model: 'kling-v2-6-std', prompt: 'x' })).status).toBe(200);
	});

	test('pollSaturated: the next status reads answer the same 429', async () => {
		const id = await submitted('kling-v2-6-std', 'x');
		sim.configure({ faults: { pollSaturated: 2 } });
		for (let i = 0; i < 2; i++) {
			const answer = await poll(sim, id);
			expect(answer).toMatchObject({ status: 429, body: { message: '当前分组上游负载已饱和，请稍后再试', data: null } });
			expect(answer.headers.get('retry-after')).toBeNull();
		}
		expect((await poll(sim, id)).status).toBe(200);
	});

	test('pollUpstreamError: 500 fail_to_fetch_task with the upstream\'s JSON error as a string', async () => {
		const id = await submitted('sora-2', 'x');
		sim.configure({ faults: { pollUpstreamError: 1 } });
		const answer = await poll(sim, id);
		expect(answer).toMatchObject({ status: 500, body: { code: 'fail_to_fetch_task', message: expect.any(String), data: null } });
		expect(JSON.parse(answer.body.message)).toMatchObject({ error: { message: expect.any(String) } });
		expect((await poll(sim, id)).status).toBe(200);
	});

	test('the proxy faults of the other dialects still apply in front of the gateway', async () => {
		const id = await submitted('sora-2', 'x');
		sim.configure({ faults: { poll502: 1 } });
		const answer = await call(sim, `/v1/videos/${id}`, { headers: auth() });
		expect(answer.status).toBe(502);
		expect(answer.body).toMatch(/502 Bad Gateway/);
	});
});
