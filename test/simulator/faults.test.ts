import { startSimulator, type Simulator } from '../../simulator';
import { call, createTask, download, poll, pollUntil, rawGet, sha256, submit, withSimulator } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.05, jobSeconds: 0.3, retryAfterSeconds: 2 });
});
afterAll(async () => await sim.close());

const VALID = { model: 'sora-2', prompt: 'A harbour at dawn' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of whatever shape the simulator answered; tests read fields off it
async function completedTask(): Promise<{ id: string; body: any }> {
	const id = await createTask(sim, 'for download');
	return { id, body: await pollUntil(sim, id, 'completed') };
}

describe('submit faults', () => {
	test('submit429: the next N submits get 429 with Retry-After and create nothing', async () => {
		const tasks = sim.tasks.size;
		sim.configure({ faults: { submit429: 2 } });
		for (let i = 0; i < 2; i++) {
			const answer = await submit(sim, VALID);
			expect(answer.status).toBe(429);
			expect(answer.headers.get('retry-after')).toBe('2');
			expect(answer.body.error.code).toBe('rate_limit_exceeded');
		}
		expect(sim.tasks.size).toBe(tasks);
		expect((await submit(sim, VALID)).status).toBe(200);
		expect(sim.tasks.size).toBe(tasks + 1);
		expect(sim.submits().slice(-3).map((entry) => entry.status)).toEqual([429, 429, 200]);
	});

	test('submit500: 500 internal_error and no task', async () => {
		const tasks = sim.tasks.size;
		sim.configure({ faults: { submit500: 1 } });
		expect((await submit(sim, VALID)).status).toBe(500);
		expect(sim.tasks.size).toBe(tasks);
		expect((await submit(sim, VALID)).status).toBe(200);
	});

	test('submitDropAfterAccept: the task is created and billed, but the answer never comes', async () => {
		await withSimulator({ quota: 1 }, async (limited) => {
			limited.configure({ faults: { submitDropAfterAccept: 1 } });
			await expect(submit(limited, VALID)).rejects.toThrow();
			expect(limited.tasks.size).toBe(1);
			const [task] = [...limited.tasks.values()];
			expect(limited.submits()[0]).toMatchObject({ status: 'dropped', taskId: task.id });
			expect(task.status().status).toBe('queued');
			expect((await submit(limited, VALID)).status).toBe(403);
		});
	});
});

describe('status faults', () => {
	test('poll502 answers an nginx HTML page, poll503 a plain-text proxy error', async () => {
		const id = await createTask(sim);
		sim.configure({ faults: { poll502: 1, poll503: 1 } });
		const bad = await poll(sim, id);
		expect(bad.status).toBe(502);
		expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
		expect(bad.body).toContain('502 Bad Gateway');
		const unavailable = await poll(sim, id);
		expect(unavailable.status).toBe(503);
		expect(unavailable.headers.get('content-type')).toMatch(/^text\/plain/);
		expect((await poll(sim, id)).status).toBe(200);
	});

	test('pollDrop cuts the connection without an answer', async () => {
		const id = await createTask(sim);
		sim.configure({ faults: { pollDrop: 2 } });
		await expect(poll(sim, id)).rejects.toThrow();
		await expect(poll(sim, id)).rejects.toThrow();
		expect((await poll(sim, id)).status).toBe(200);
		expect(sim.polls(id).map((entry) => entry.status)).toEqual(['dropped', 'dropped', 200]);
	});

	test('faults hit status reads only, not submits or downloads', async () => {
		sim.configure({ faults: { poll502: 1 } });
		const id = await createTask(sim);
		expect((await poll(sim, id)).status).toBe(502);
	});
});

describe('download faults', () => {
	test('downloadTruncate: a Content-Length for the whole file, about half the bytes, then a cut connection', async () => {
		const { id, body } = await completedTask();
		sim.configure({ faults: { downloadTruncate: 1 } });
		const cut = await rawGet(body.video_url);
		expect(cut.status).toBe(200);
		expect(Number(cut.headers['content-length'])).toBe(sim.videoSize);
		expect(cut.received).toBe(Math.floor(sim.videoSize / 2));
		expect(cut.error).toBeDefined();
		await expect(fetch(body.video_url).then((response) => response.arrayBuffer())).resolves.toBeInstanceOf(ArrayBuffer);
		const log = sim.requests.filter((entry) => entry.host === 'files' && entry.taskId === id);
		expect(log.map((entry) => entry.status)).toEqual(['dropped', 200]);
	});

	test('downloadExpired: 403 like an expired signed URL; the next status read hands out a fresh link that works', async () => {
		const { id, body } = await completedTask();
		sim.configure({ faults: { downloadExpired: 1 } });
		const expired = await download(body.video_url);
		expect(expired.status).toBe(403);
		expect(expired.bytes.toString()).toContain('AccessDenied');
		expect((await download(body.video_url)).status).toBe(403);
		expect((await download(body.thumbnail_url)).status).toBe(403);
		const fresh = (await poll(sim, id)).body;
		expect(fresh.video_url).not.toBe(body.video_url);
		expect(new URL(fresh.video_url).pathname).toBe(new URL(body.video_url).pathname);
		const video = await download(fresh.video_url);
		expect(video.status).toBe(200);
		expect(sha256(video.bytes)).toBe(sim.videoSha256(id));
		expect((await download(fresh.thumbnail_url)).status).toBe(200);
	});

	test('the file host refuses bad signatures, other tasks\' signatures and unfinished tasks', async () => {
		const { id, body } = await completedTask();
		const other = await completedTask();
		const url = new URL(body.video_url);
		url.searchParams.set('sig', 'forged');
		expect((await download(url.href)).status).toBe(403);
		url.searchParams.delete('sig');
		expect((await download(url.href)).status).toBe(403);
		const swapped = new URL(body.video_url);
		swapped.search = new URL(other.body.video_url).search;
		expect((await download(swapped.href)).status).toBe(403);
		const pending = await createTask(sim, 'still queued [queue=60]');
		const guessed = body.video_url.replace(id, pending);
		expect((await download(guessed)).status).toBe(403);
		expect((await download(`${sim.fileUrl}/files/task_nope.mp4?sig=x`)).status).toBe(403);
	});
});

test('configure refuses unknown faults and options, so a typo cannot pass a test silently', () => {
	expect(() => sim.configure({ faults: { poll504: 1 } as never })).toThrow(/Unknown fault "poll504"/);
	expect(() => sim.configure({ jobSecond: 1 } as never)).toThrow(/Unknown simulator option "jobSecond"/);
	expect(() => sim.configure({ dialect: 'grpc' as never })).toThrow(/dialect/);
	expect(() => sim.configure({ port: 1 } as never)).toThrow(/cannot change/);
});

test('each fault counter is used once per request and then the service is healthy again', async () => {
	sim.configure({ faults: { submit429: 1, submit500: 1 } });
	const answers = [];
	for (let i = 0; i < 3; i++) answers.push((await submit(sim, VALID)).status);
	expect(answers).toEqual([429, 500, 200]);
	expect((await call(sim, '/v1/models')).status).toBe(200);
});
