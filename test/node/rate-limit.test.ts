import '../harness/env';

import { sleep } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, storedSha256, until, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow } from '../harness/workflow';

// Politeness is measured on the simulator's own log: every refused request is a 429 it sent.
let sim: Simulator;
beforeEach(async () => {
	sim = await startSimulator({ queueSeconds: 0.2, jobSeconds: 3 });
});
afterEach(async () => await sim.close());

const batch = (size: number, options = {}, runOptions: Parameters<typeof runWorkflow>[1] = {}) =>
	runWorkflow(
		videoWorkflow({
			items: prompts(...Array.from({ length: size }, (_, index) => `Limited scene ${index + 1}`)),
			parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', options: { pollIntervalSeconds: 1, ...options } },
		}),
		{ credentials: credentialsFor(sim), ...runOptions },
	);

test('under a per-key limit on status reads every video arrives exact, one submit each, and few reads are refused', async () => {
	sim.configure({ statusReadsPerSecond: 4 });
	const size = 16;
	const { output, run } = await batch(size);
	expect(run.status).toBe('success');
	const items = output(NODE);
	expect(items).toHaveLength(size);
	for (const item of items) {
		expect(item.json.status).toBe('completed');
		expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(item.json.task_id as string));
	}
	expect(sim.submits()).toHaveLength(size);
	expect(sim.tasks.size).toBe(size);
	// The batch learns the limit from its first refusals instead of each task hammering on its own
	// (before the scheduler: 82 % refused). Generous bound; the sharp figure is the benchmark's.
	const refused = sim.refused('status').length;
	expect(refused / sim.polls().length).toBeLessThan(0.2);
});

test('a 429 storm on submit pauses every submit of the batch for its Retry-After, and nothing is paid twice', async () => {
	sim.configure({ retryAfterSeconds: 2, faults: { submit429: 3 } });
	const size = 8;
	const { output } = await batch(size, { submitConcurrency: 3 });
	const items = output(NODE);
	for (const item of items) expect(item.json.status).toBe('completed');
	expect(sim.tasks.size).toBe(size);
	const submits = sim.submits();
	const firstRefusal = submits.find((request) => request.status === 429)!;
	// Submits already on their way when the refusal came are the only ones inside the pause.
	const inPause = submits.filter((request) => request.time > firstRefusal.time + 100 && request.time < firstRefusal.time + 1900);
	expect(inPause).toHaveLength(0);
	expect(submits.filter((request) => request.status === 200)).toHaveLength(size);
});

test('under a limit, stopping the execution still ends everything at once', async () => {
	sim.configure({ statusReadsPerSecond: 2, jobSeconds: 60 });
	let cancelledAt = 0;
	const { run } = await batch(6, { pollIntervalSeconds: 0.2 }, {
		onStarted: (cancel) =>
			void until(() => sim.refused('status').length >= 1 || sim.polls().length >= 6).then(() => {
				cancelledAt = sim.requests.length;
				cancel();
			}),
	});
	expect(run.status).toBe('canceled');
	await sleep(2500);
	expect(sim.requests.length).toBeLessThanOrEqual(cancelledAt + 2);
});
