import '../harness/env';

import { sleep, type IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { createTask, credentialsFor, startSimulator, storedSha256, until, type Simulator } from '../harness/simulator';
import { AFTER, NODE, prompts, submitThenWaitWorkflow, videoWorkflow, WAITER, type VideoWorkflowOptions } from '../harness/workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.1, jobSeconds: 1.5 });
});
afterAll(async () => await sim.close());

const FAST = { pollIntervalSeconds: 0.2 };
const credentials = () => credentialsFor(sim);

/** Get Status with Wait for Completion on these task ids, one item each. */
const waitFor = (taskIds: string[], options: Omit<VideoWorkflowOptions, 'items'> = {}, runOptions: Parameters<typeof runWorkflow>[1] = {}) =>
	runWorkflow(
		videoWorkflow({
			...options,
			items: taskIds.map((task_id) => ({ json: { task_id } })),
			parameters: { operation: 'getStatus', taskId: '={{ $json.task_id }}', waitForCompletion: true, ...options.parameters, options: { ...FAST, ...(options.parameters?.options as IDataObject) } },
		}),
		{ credentials: credentials(), ...runOptions },
	);

const submitsSince = (count: number) => sim.submits().length - count;

async function expectVideo(item: { json: IDataObject; binary?: Record<string, unknown> }) {
	expect(item.json.status).toBe('completed');
	expect(await storedSha256(item.binary!.data as never)).toBe(sim.videoSha256(item.json.task_id as string));
}

test('Submit → Get Status (Wait for Completion) gives what Submit and Wait gives: same items, exact videos, pairing, one paid submit each', async () => {
	const texts = ['Harbour at dawn', 'Desert storm', 'Snowy owl', 'City rain'];
	const before = sim.submits().length;
	const { output, run } = await runWorkflow(submitThenWaitWorkflow({ items: prompts(...texts), parameters: { prompt: '={{ $json.prompt }}' } }), { credentials: credentials() });
	expect(run.status).toBe('success');
	const submitted = output(NODE);
	const waited = output(WAITER);
	expect(submitsSince(before)).toBe(texts.length);
	expect(waited.map((item) => item.json.task_id)).toEqual(submitted.map((item) => item.json.task_id));
	expect(waited.map((item) => item.pairedItem)).toEqual(texts.map((_, index) => ({ item: index })));
	for (const item of waited) {
		await expectVideo(item);
		expect(item.binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${item.json.task_id}.mp4` });
	}
	expect(output(AFTER)).toHaveLength(texts.length);

	// The same prompts through Submit and Wait: the same facts per item (it adds model and prompt).
	const direct = await runWorkflow(
		videoWorkflow({ items: prompts(...texts), parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', options: FAST } }),
		{ credentials: credentials() },
	);
	const reference = direct.output(NODE);
	expect(reference).toHaveLength(texts.length);
	for (const [index, item] of waited.entries()) {
		const { model, prompt, ...facts } = reference[index].json;
		expect(prompt).toBe(texts[index]);
		expect(model).toBe('sora-2');
		expect(Object.keys(item.json).sort()).toEqual(Object.keys(facts).sort());
		expect(item.json).toMatchObject({ status: 'completed', progress: 100, width: facts.width, height: facts.height, seconds: facts.seconds });
		expect(Object.keys(item.binary!)).toEqual(Object.keys(reference[index].binary!));
	}
});

test('ids left by a timed-out Submit and Wait come back as videos in a later run, with no new submit', async () => {
	const first = await runWorkflow(
		videoWorkflow({
			continueOnFail: true,
			items: prompts('Slow one [seconds=3]', 'Slow two [seconds=3]'),
			parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', options: { ...FAST, timeoutSeconds: 1 } },
		}),
		{ credentials: credentials() },
	);
	const timedOut = first.output(NODE);
	for (const item of timedOut) {
		expect(item.json.error).toMatchObject({ code: 'wait_timeout' });
		expect((item.json.error as { description: string }).description).toMatch(/"Get Status" with "Wait for Completion" on for task ID task_\w+/);
	}
	const before = sim.submits().length;
	const { output } = await waitFor(timedOut.map((item) => item.json.task_id as string));
	const items = output(NODE);
	expect(items.map((item) => item.json.task_id)).toEqual(timedOut.map((item) => item.json.task_id));
	for (const item of items) await expectVideo(item);
	expect(submitsSince(before)).toBe(0);
});

test('completed, running, failed, unknown and endless ids come out item by item under continue-on-fail', async () => {
	const done = await createTask(sim, 'Already done');
	await until(() => sim.tasks.get(done)!.status().status === 'completed');
	const running = await createTask(sim, 'Still running [seconds=2]');
	const failing = await createTask(sim, 'Flagged [fail]');
	const endless = await createTask(sim, 'Endless [never]');
	const ids = [done, running, failing, 'task_nope', endless];
	const before = sim.submits().length;
	const { output, run } = await waitFor(ids, { continueOnFail: true, parameters: { options: { timeoutSeconds: 4 } } });
	expect(run.status).toBe('success');
	const items = output(NODE);
	expect(items.map((item) => item.pairedItem)).toEqual(ids.map((_, index) => ({ item: index })));
	expect(items.map((item) => item.json.task_id)).toEqual(ids);
	await expectVideo(items[0]);
	await expectVideo(items[1]);
	expect(items[2].json).toMatchObject({ status: 'failed', error: { code: 'content_policy_violation' } });
	expect(items[3].json).toMatchObject({ error: { message: 'Task not found', code: 'task_not_found' } });
	expect(items[4].json).toMatchObject({ status: 'processing', error: { code: 'wait_timeout' } });
	// Already completed: read once and out; unknown: one read, not retried.
	expect(sim.polls(done)).toHaveLength(1);
	expect(sim.polls('task_nope')).toHaveLength(1);
	expect(submitsSince(before)).toBe(0);
});

test('the error output gets the failed ids with their facts, the good ones go on', async () => {
	const good = await createTask(sim, 'Fine');
	const bad = await createTask(sim, 'Flagged [fail]');
	const { run } = await waitFor([good, 'task_missing', bad], { onError: 'continueErrorOutput' });
	const [success, failure] = run.data.resultData.runData[NODE][0].data!.main;
	expect(success!.map((item) => item.json.task_id)).toEqual([good]);
	expect(failure!.map((item) => Object.keys(item.json))).toEqual([['task_id', 'error'], ['task_id', 'error']]);
	expect(failure!.map((item) => ((item.json.error as IDataObject).details as IDataObject).task_id)).toEqual(['task_missing', bad]);
	expect(failure!.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
});

test('without continue-on-fail an unknown id stops the node, and the others’ ids are in the error with the way back', async () => {
	const other = await createTask(sim, 'Endless [never]');
	const { error, run } = await waitFor([other, 'task_gone']);
	expect(run.status).toBe('error');
	const nodeError = error(NODE)!;
	expect(nodeError.message).toBe('Task not found');
	expect(nodeError.description).toContain('task_gone');
	expect(nodeError.description).toMatch(new RegExp(`Tasks of this run, already paid for: item 1: ${other}.*"Wait for Completion" on for task ID ${other}`));
});

test('stopping the execution ends the wait at once, and the error names the tasks', async () => {
	const ids = [await createTask(sim, 'Endless [never]'), await createTask(sim, 'Endless too [never]')];
	let cancelledAt = 0;
	const { run } = await waitFor(ids, {}, {
		onStarted: (cancel) =>
			void until(() => ids.every((id) => sim.polls(id).length >= 2)).then(() => {
				cancelledAt = sim.requests.length;
				cancel();
			}),
	});
	expect(run.status).toBe('canceled');
	const { message, description } = run.data.resultData.error!;
	expect(message).toBe('The execution was cancelled while waiting for the videos');
	expect(description).toMatch(new RegExp(`"Get Status" with "Wait for Completion" on for task IDs ${ids.join(', ')}`));
	await sleep(1500);
	expect(sim.requests.length).toBeLessThanOrEqual(cancelledAt + 2);
});

test('progress shows in the editor while waiting by id', async () => {
	const id = await createTask(sim, 'Watch me [seconds=2]');
	const { messagesToUI } = await waitFor([id]);
	const lines = JSON.stringify(messagesToUI);
	expect(lines).toMatch(new RegExp(`Item 1 · ${id}: (queued|processing \\d+%)`));
	expect(lines).toMatch(/completed/);
});
