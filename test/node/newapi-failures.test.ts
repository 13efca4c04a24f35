import '../harness/env';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { FAMILY_MODELS, newApiBatch, startNewApi, type NewApiGateway } from '../harness/newapi';
import { credentialsFor, until } from '../harness/simulator';
import { NODE, videoWorkflow } from '../harness/workflow';

let gateway: NewApiGateway;
beforeAll(async () => {
	gateway = await startNewApi();
});
afterAll(async () => await gateway.close());

const sim = () => gateway.sim;
/** new-api's poller visits each open task every 15 s, plus a second per open task. */
const TICK_MS = 15_000;
/** Simulated: far beyond any of these jobs; an item still out by then would have waited for Timeout. */
const TIMEOUT_SECONDS = 3600;

function errorOf(item: { json: IDataObject }) {
	return item.json.error as { message: string; description: string; code: string | null };
}

test('each failure form ends its item within a tick or two of the gateway knowing, with the reason and the task id', async () => {
	const forms = [
		...Object.entries(FAMILY_MODELS).map(([family, model]) => ({ prompt: `${family} refused [fail] [seconds=60]`, model, reason: family === 'veo' ? /without a reason/ : /./ })),
		{ prompt: 'Upstream lost it [fail200] [seconds=60]', model: FAMILY_MODELS.sora, reason: /Video not found/ },
		{ prompt: 'Upstream lost it [fail200] [seconds=60]', model: FAMILY_MODELS.kling, reason: /Video not found/ },
		{ prompt: 'Upstream busy [busy200] [seconds=60]', model: FAMILY_MODELS.grok, reason: /not a task/ },
		{ prompt: 'Upstream busy [busy200] [seconds=60]', model: FAMILY_MODELS.wan, reason: /not a task/ },
	];
	const started = sim().now();
	const result = await runWorkflow(
		newApiBatch(forms.map(({ prompt, model }) => ({ prompt, model })), { continueOnFail: true, nodeOptions: { timeoutSeconds: TIMEOUT_SECONDS } }),
		{ credentials: credentialsFor(sim()) },
	);
	const ended = sim().now();
	const output = result.output(NODE);
	expect(output).toHaveLength(forms.length);
	expect(ended - started).toBeLessThan(TIMEOUT_SECONDS * 1000 / 10);
	for (const [index, item] of output.entries()) {
		const taskId = String(item.json.task_id);
		const task = sim().tasks.get(taskId)!;
		expect(task.prompt).toBe(forms[index].prompt);
		expect(item.pairedItem).toEqual({ item: index });
		const error = errorOf(item);
		expect(error.message).toMatch(forms[index].reason);
		expect(error.description).toContain(taskId);
		// The failure reaches the gateway at its first tick after the upstream failed; then at most
		// two reads (a failed task), or three close together (answers that are not a task).
		const afterFailure = sim().polls(taskId).filter((poll) => gateway.simulatedAt(poll) > task.failedAt! + TICK_MS + forms.length * 1000);
		expect(afterFailure.length).toBeLessThanOrEqual(forms[index].prompt.includes('busy200') ? 3 : 2);
		const lastRead = Math.max(...sim().polls(taskId).map((poll) => gateway.simulatedAt(poll)));
		expect(lastRead - task.failedAt!).toBeLessThan(2 * TICK_MS + forms.length * 1000 + 15_000);
	}
});

test('Get Status (one read): a failed task is an answer; a body that is not a task is read again, then an error quoting it, with the task id', async () => {
	const submitted = await runWorkflow(
		newApiBatch(
			[
				{ prompt: 'Lost [fail200] [seconds=10]', model: FAMILY_MODELS.kling },
				{ prompt: 'Busy [busy200] [seconds=10]', model: FAMILY_MODELS.kling },
			],
			{ parameters: { operation: 'submit' } },
		),
		{ credentials: credentialsFor(sim()) },
	);
	const ids = submitted.output(NODE).map((item) => String(item.json.task_id));
	await until(() => ids.every((id) => sim().tasks.get(id)!.status().status === 'failed'), 10_000);
	// Past the gateway's next tick, so it has stored what the upstream answered.
	const failedAt = Math.max(...ids.map((id) => sim().tasks.get(id)!.failedAt!));
	await until(() => sim().now() > failedAt + 2 * TICK_MS, 10_000);
	const readsBefore = ids.map((id) => sim().polls(id).length);
	const read = await runWorkflow(
		videoWorkflow({ continueOnFail: true, items: ids.map((task_id) => ({ json: { task_id } })), parameters: { operation: 'getStatus', taskId: '={{ $json.task_id }}' } }),
		{ credentials: credentialsFor(sim()) },
	);
	const [lost, busy] = read.output(NODE);
	expect(lost.json).toMatchObject({ task_id: ids[0], status: 'failed', error: { message: 'Video not found', type: 'invalid_request_error' } });
	expect(busy.json.task_id).toBe(ids[1]);
	// A failed task is one read; an answer that is not a task is a failed read, tried three times.
	expect(ids.map((id, index) => sim().polls(id).length - readsBefore[index])).toEqual([1, 3]);
	expect(errorOf(busy).message).toMatch(/3 times in a row with something that is not a task/);
	expect(errorOf(busy).description).toContain('{"code":503,"msg":"upstream busy"');
	expect(errorOf(busy).description).toContain(ids[1]);
});

test('a key that runs out of quota mid-wait: every item fails with its own task id, and the tasks go on', async () => {
	const items = ['First', 'Second', 'Third'].map((name) => ({ prompt: `${name} [seconds=120]`, model: FAMILY_MODELS.kling }));
	const before = sim().submits().length;
	const running = runWorkflow(newApiBatch(items, { continueOnFail: true }), { credentials: credentialsFor(sim()) });
	await until(() => sim().submits().length === before + items.length);
	sim().configure({ exhaustedKeys: [sim().apiKey] });
	try {
		const output = (await running).output(NODE);
		const ids = sim().submits().slice(before).map((submit) => String(submit.taskId));
		expect(output.map((item) => item.json.task_id).sort()).toEqual([...ids].sort());
		for (const item of output) {
			expect(errorOf(item).description).toContain(String(item.json.task_id));
			expect(sim().tasks.get(String(item.json.task_id))!.status().status).not.toBe('failed');
		}
	} finally {
		sim().configure({ exhaustedKeys: [] });
	}
});

test('an upstream saturated while waiting (429 without Retry-After) is read again with a growing pause, not hammered', async () => {
	sim().configure({ faults: { pollSaturated: 4 } });
	const result = await runWorkflow(newApiBatch([{ prompt: 'Saturated [seconds=90]', model: FAMILY_MODELS.seedance }]), { credentials: credentialsFor(sim()) });
	const [item] = result.output(NODE);
	expect(item.json.status).toBe('completed');
	const refused = sim()
		.polls(String(item.json.task_id))
		.filter((poll) => poll.status === 429)
		.map((poll) => gateway.simulatedAt(poll));
	expect(refused).toHaveLength(4);
	const gaps = refused.slice(1).map((at, index) => at - refused[index]);
	// The retry policy's backoff (1, 2, 4 s), not a read each time the budget's 1 s pause ends.
	expect(gaps[2]).toBeGreaterThan(gaps[0] * 2);
	expect(refused[3] - refused[0]).toBeGreaterThanOrEqual(6_000);
});
