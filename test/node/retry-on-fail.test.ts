import '../harness/env';

import type { IConnections, IDataObject, IWorkflowBase } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, storedSha256, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

/**
 * n8n's node setting "Retry On Fail" runs the whole node again after an error, and n8n 2.x also
 * after an output whose first item carries `json.error` (On Error: Continue). Every try must
 * take up the tasks an earlier try paid for instead of submitting them again.
 */
const TRIES = 3;

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.1, jobSeconds: 0.5 });
});
afterAll(async () => await sim.close());

function retrying(options: VideoWorkflowOptions): IWorkflowBase {
	const workflow = videoWorkflow(options);
	const video = workflow.nodes.find((node) => node.name === NODE)!;
	Object.assign(video, { retryOnFail: true, maxTries: TRIES, waitBetweenTries: 100 });
	return workflow;
}

const run = (operation: string, texts: string[], more: Omit<VideoWorkflowOptions, 'items'> = {}) =>
	runWorkflow(retrying({ ...more, items: prompts(...texts), parameters: { operation, ...more.parameters } }), { credentials: credentialsFor(sim) });

/** The simulator's tasks and submits since `mark`. */
function since(mark: number) {
	const submits = sim.submits().slice(mark);
	const taskOf = (text: string) => [...sim.tasks.values()].find((task) => task.prompt === text);
	return { submits, taskOf };
}

describe('Submit and Wait', () => {
	test('stopping on a failed task: every try fails, no prompt is paid twice', async () => {
		const texts = ['Retry stop: a failing one [fail]', 'Retry stop: a kite', 'Retry stop: a tram'];
		const mark = sim.submits().length;
		const { run: result, error } = await run('submitAndWait', texts);
		expect(result.data.resultData.error?.message).toMatch(/The video task failed/);
		expect(error(NODE)?.message).toMatch(/The video task failed/);
		const { submits, taskOf } = since(mark);
		expect(submits).toHaveLength(texts.length);
		// Each try read the failed task again: n8n did retry the node, TRIES times.
		expect(sim.polls(taskOf(texts[0])!.id).length).toBeGreaterThanOrEqual(TRIES);
	});

	test('continuing with the failed item first: retried on its error item, no prompt paid twice, every video delivered', async () => {
		const texts = ['Retry continue: a failing one [fail]', 'Retry continue: a kite', 'Retry continue: a tram'];
		const mark = sim.submits().length;
		const { output } = await run('submitAndWait', texts, { onError: 'continueRegularOutput' });
		const { submits, taskOf } = since(mark);
		expect(submits).toHaveLength(texts.length);
		const failed = taskOf(texts[0])!;
		expect(sim.polls(failed.id).length).toBeGreaterThanOrEqual(TRIES);
		const items = output(NODE);
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ task_id: failed.id, error: { message: expect.stringMatching(/failed/) } });
		for (const [index, item] of items.slice(1).entries()) {
			expect(item.json).toMatchObject({ task_id: taskOf(texts[index + 1])!.id, status: 'completed' });
			expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(item.json.task_id as string));
		}
	});
});

describe('Submit', () => {
	// The first submit is accepted and its answer lost: the task may be billed, so no try sends it again.
	const dropFirst = () => sim.configure({ faults: { submitDropAfterAccept: 1 } });
	const oneAtATime: IDataObject = { options: { submitConcurrency: 1 } };

	test('stopping on an unclear submit: no try sends it again', async () => {
		const texts = ['Retry submit stop: dropped', 'Retry submit stop: a kite', 'Retry submit stop: a tram'];
		const mark = sim.submits().length;
		dropFirst();
		const { run: result } = await run('submit', texts, { parameters: oneAtATime });
		const { submits, taskOf } = since(mark);
		// The first try stopped at the unclear submit, and so did every retry, before sending it.
		expect(submits.map((request) => request.body.prompt)).toEqual([texts[0]]);
		expect(taskOf(texts[0])).toBeDefined();
		const error = result.data.resultData.error!;
		expect(error.message).toMatch(/Item 1 is not submitted again/);
		expect((error as unknown as { description: string }).description).toMatch(/Retry On Fail/);
	});

	test('continuing with the unclear item first: retried on its error item, the same task ids come out, nothing paid twice', async () => {
		const texts = ['Retry submit continue: dropped', 'Retry submit continue: a kite', 'Retry submit continue: a tram'];
		const mark = sim.submits().length;
		dropFirst();
		const { output } = await run('submit', texts, { parameters: oneAtATime, onError: 'continueRegularOutput' });
		const { submits, taskOf } = since(mark);
		expect(submits).toHaveLength(texts.length);
		const items = output(NODE);
		expect(items[0].json.error).toMatchObject({ message: expect.stringMatching(/not submitted again/) });
		expect(items.slice(1).map((item) => item.json.task_id)).toEqual([taskOf(texts[1])!.id, taskOf(texts[2])!.id]);
	});

	test('a 5xx answer to a submit is unclear too (the task may exist): a retry does not send it again', async () => {
		const texts = ['Retry submit 500: unclear', 'Retry submit 500: a kite'];
		const mark = sim.submits().length;
		sim.configure({ faults: { submit500: 1 } });
		const { output } = await run('submit', texts, { parameters: oneAtATime, onError: 'continueRegularOutput' });
		expect(since(mark).submits.map((request) => request.body.prompt)).toEqual(texts);
		expect(output(NODE)[0].json.error).toMatchObject({ message: expect.stringMatching(/not submitted again/) });
		expect(output(NODE)[1].json.task_id).toEqual(since(mark).taskOf(texts[1])!.id);
	});
});

test('a second run of the node in one execution is a new batch, not a retry: it pays again', async () => {
	// The node fed twice (by Prompts and by a pass-through of them): two runs, same item, same prompt.
	const workflow = retrying({ items: prompts('Retry: two runs of one prompt'), parameters: { operation: 'submit' } });
	const again = { ...workflow.nodes.find((node) => node.name === 'After')!, id: '0b1c3b1e-0001-4000-8000-0000000000ff', name: 'Again' };
	workflow.nodes.push(again);
	workflow.connections = {
		...workflow.connections,
		Prompts: { main: [[{ node: NODE, type: 'main', index: 0 }, { node: 'Again', type: 'main', index: 0 }]] },
		Again: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
	} as IConnections;
	const mark = sim.submits().length;
	const { run: result } = await runWorkflow(workflow, { credentials: credentialsFor(sim) });
	expect(result.data.resultData.runData[NODE]).toHaveLength(2);
	expect(since(mark).submits).toHaveLength(2);
});
