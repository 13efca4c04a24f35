import '../harness/env';

import { sleep } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, storedSha256, until, type Simulator } from '../harness/simulator';
import { AFTER, NODE, prompts, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.2, jobSeconds: 2, retryAfterSeconds: 1 });
});
afterAll(async () => await sim.close());

const FAST = { pollIntervalSeconds: 0.3 };
const wait = (options: VideoWorkflowOptions, simulator = sim, runOptions: Parameters<typeof runWorkflow>[1] = {}) =>
	runWorkflow(videoWorkflow({ ...options, parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', ...options.parameters } }), {
		credentials: credentialsFor(simulator),
		...runOptions,
	});

const newTasks = (simulator: Simulator, since: number) => [...simulator.tasks.values()].filter((task) => task.createdAt >= since);

async function expectVideos(items: Awaited<ReturnType<typeof wait>>['output'] extends (n: string) => infer R ? R : never, simulator = sim) {
	for (const item of items) {
		expect(item.json.status).toBe('completed');
		expect(await storedSha256(item.binary!.data)).toBe(simulator.videoSha256(item.json.task_id as string));
	}
}

test('ten prompts are in flight together: one wait, not ten, and each video byte for byte in order', async () => {
	const texts = Array.from({ length: 10 }, (_, index) => `Scene ${index + 1}`);
	const firstRequest = sim.requests.length;
	const { output } = await wait({ items: prompts(...texts), parameters: { options: FAST } });
	const items = output(NODE);
	expect(items.map((item) => item.json.prompt)).toEqual(texts);
	expect(items.map((item) => item.pairedItem)).toEqual(texts.map((_, index) => ({ item: index })));
	await expectVideos(items);

	const log = sim.requests.slice(firstRequest);
	const tasks = items.map((item) => sim.tasks.get(item.json.task_id as string)!);
	const submits = log.filter((request) => request.method === 'POST');
	const downloads = log.filter((request) => request.host === 'files');
	expect(submits).toHaveLength(10);
	// Every submit went out before the first video was fetched: the jobs overlapped.
	expect(Math.max(...submits.map((request) => request.time))).toBeLessThan(Math.min(...downloads.map((request) => request.time)));
	// Sequential waiting would need 10 × 2.2 s; together it is about one job.
	const span = Math.max(...downloads.map((request) => request.time)) - Math.min(...submits.map((request) => request.time));
	expect(span).toBeLessThan(10 * 2200 * 0.5);
	for (const task of tasks) expect(sim.polls(task.id).length).toBeLessThanOrEqual(8);
	expect(output(AFTER)).toHaveLength(10);
});

test('429 with Retry-After on submit, 502/503 and dropped connections on polls and a cut download still end in exact videos, one submit per item', async () => {
	const since = Date.now();
	sim.configure({ faults: { submit429: 3, poll502: 3, poll503: 2, pollDrop: 3, downloadTruncate: 2 } });
	const { output, run } = await wait({ items: prompts('a', 'b', 'c'), parameters: { options: FAST } });
	expect(run.data.resultData.error).toBeUndefined();
	const items = output(NODE);
	await expectVideos(items);
	expect(newTasks(sim, since)).toHaveLength(3);
	expect(new Set(items.map((item) => item.json.task_id)).size).toBe(3);
	const log = sim.requests.filter((request) => request.time >= 0);
	expect(log.some((request) => request.status === 429)).toBe(true);
	expect(log.some((request) => request.status === 502)).toBe(true);
	expect(log.some((request) => request.status === 'dropped')).toBe(true);
});

test('an expired video link is renewed with one fresh status read', async () => {
	sim.configure({ faults: { downloadExpired: 1 } });
	const { output } = await wait({ items: prompts('expiring'), parameters: { options: FAST } });
	await expectVideos(output(NODE));
});

test('a submit whose answer was lost is not re-sent: the item says the job may exist', async () => {
	const since = Date.now();
	const submitsBefore = sim.submits().length;
	sim.configure({ faults: { submitDropAfterAccept: 1 } });
	const { output } = await wait({ continueOnFail: true, items: prompts('lost answer'), parameters: { options: FAST } });
	expect(sim.submits().length - submitsBefore).toBe(1);
	expect(newTasks(sim, since)).toHaveLength(1);
	expect(output(NODE)[0].json.error).toMatchObject({
		message: expect.stringMatching(/may have been created/),
		description: expect.stringMatching(/"Get Status" with "Wait for Completion" on picks it up by its task ID without paying again/),
	});
});

test('continue on fail: completed, failed (reason and id) and timed out (id kept) side by side', async () => {
	const { output, run } = await wait({
		continueOnFail: true,
		items: prompts('good one', 'flagged [fail]', 'endless [never]'),
		parameters: { options: { ...FAST, timeoutSeconds: 4 } },
	});
	expect(run.status).toBe('success');
	const [good, failed, endless] = output(NODE);
	await expectVideos([good]);
	expect(failed.json).toMatchObject({
		task_id: expect.stringMatching(/^task_/),
		status: 'failed',
		error: { message: expect.stringContaining('The prompt was flagged by the content policy'), code: 'content_policy_violation' },
	});
	expect(failed.binary).toBeUndefined();
	expect(endless.json).toMatchObject({
		task_id: expect.stringMatching(/^task_/),
		status: 'processing',
		error: { type: 'timeout', code: 'wait_timeout', message: expect.stringMatching(/after waiting 4 s/) },
	});
	expect(endless.json.progress).toBeGreaterThan(0);
	expect((endless.json.error as { description: string }).description).toMatch(/"Get Status" with "Wait for Completion" on for task ID task_\w+/);
});

test('without continue on fail a failed task stops the node, and its id and the others’ are in the error', async () => {
	const { error, run } = await wait({ items: prompts('fine', 'flagged [fail]'), parameters: { options: FAST } });
	expect(run.status).toBe('error');
	const nodeError = error(NODE)!;
	expect(nodeError.message).toMatch(/The video task failed: The prompt was flagged/);
	const ids = [...sim.tasks.values()].filter((task) => task.prompt === 'fine' || task.prompt === 'flagged [fail]').slice(-2).map((task) => task.id);
	for (const id of ids) expect(nodeError.description).toContain(id);
	// The good one is paid for and must be fetched again: the error says how, without paying.
	const fine = ids.find((id) => sim.tasks.get(id)!.prompt === 'fine')!;
	expect(nodeError.description).toMatch(new RegExp(`"Get Status" with "Wait for Completion" on for task ID ${fine}`));
});

test('the error output receives failed items with all their facts', async () => {
	const { run } = await wait({ onError: 'continueErrorOutput', items: prompts('fine', 'flagged [fail]'), parameters: { options: FAST } });
	const outputs = run.data.resultData.runData[NODE][0].data!.main;
	expect(outputs[0]!.map((item) => item.json.prompt)).toEqual(['fine']);
	expect(outputs[1]).toHaveLength(1);
	const failed = outputs[1]![0].json as { prompt: string; error: { code: string; details: { task_id: string; status: string } } };
	// n8n merges the input item in: the row's own fields, our error, and the task's facts.
	expect(failed.prompt).toBe('flagged [fail]');
	expect(failed.error.code).toBe('content_policy_violation');
	expect(failed.error.details).toMatchObject({ task_id: expect.stringMatching(/^task_/), status: 'failed' });
	// n8n merges the input item's json in; ours holds only `error`, the shape every n8n version routes.
	expect(Object.keys(failed).sort()).toEqual(['error', 'prompt']);
});

test('stopping the execution ends the waiting at once', async () => {
	const since = sim.requests.length;
	let cancelledAt = 0;
	const { run } = await wait(
		{ items: prompts('endless [never]', 'also endless [never]'), parameters: { options: { pollIntervalSeconds: 0.2 } } },
		sim,
		{
			onStarted: (cancel) =>
				void until(() => sim.requests.slice(since).filter((request) => request.method === 'GET').length >= 2).then(() => {
					cancelledAt = sim.requests.length;
					cancel();
				}),
		},
	);
	expect(run.status).toBe('canceled');
	const pollsAtCancel = sim.requests.slice(since, cancelledAt).length;
	await sleep(1500);
	// At most a poll already in flight when Stop was pressed; nothing after that.
	expect(sim.requests.slice(since).length).toBeLessThanOrEqual(pollsAtCancel + 2);
});

test('progress shows in the editor during manual runs', async () => {
	const { messagesToUI } = await wait({ items: prompts('watch me'), parameters: { options: FAST } });
	const lines = JSON.stringify(messagesToUI);
	expect(lines).toMatch(/Item 1 · task_\w+: processing \d+%/);
	expect(lines).toMatch(/completed/);
});

test('the OpenAI-style dialect works end to end', async () => {
	const openai = await startSimulator({ dialect: 'openai', queueSeconds: 0.1, jobSeconds: 1 });
	try {
		const { output } = await wait({ items: prompts('one', 'two'), parameters: { options: { ...FAST, downloadThumbnail: true } } }, openai);
		const items = output(NODE);
		await expectVideos(items, openai);
		for (const item of items) {
			expect(item.json.task_id).toMatch(/^video_/);
			expect(await storedSha256(item.binary!.thumbnail)).toBe(openai.thumbnailSha256);
		}
	} finally {
		await openai.close();
	}
});
