import '../harness/env';

import { sleep } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { FAMILY_MODELS, newApiBatch, startNewApi, type NewApiGateway } from '../harness/newapi';
import { credentialsFor, type Simulator } from '../harness/simulator';
import { NODE } from '../harness/workflow';

/** The test's own reads carry this header; the node's reads are the others. */
const OBSERVER = 'x-test-observer';

const nodeReads = (sim: Simulator, taskId: string) => sim.polls(taskId).filter((poll) => !poll.headers[OBSERVER]);


/**
 * When the gateway recorded the task's end (simulated ms): the test reads the task itself from
 * the upstream's end on, a read every 10 real ms (0.3 simulated s), and takes the last read that
 * did not show it. Its reads are marked and left out of the node's.
 */
async function recordedEnd(sim: Simulator, taskId: string): Promise<number> {
	const task = sim.tasks.get(taskId)!;
	const headers = { authorization: `Bearer ${sim.apiKey}`, [OBSERVER]: '1' };
	while (sim.now() < task.completedAt!) await sleep(10);
	for (let notYet = sim.now(); ; ) {
		const body = (await (await fetch(`${sim.url}/v1/videos/${taskId}`, { headers })).json()) as { status?: string };
		if (body.status === 'completed') return notYet;
		notYet = sim.now();
		await sleep(10);
	}
}

describe('Sora on new-api: the stored body read at the poller visits, learnt from when it changes', () => {
	let gateway: NewApiGateway;
	beforeAll(async () => {
		gateway = await startNewApi();
	});
	afterAll(async () => await gateway.close());

	test('completion is noticed within a few seconds of the gateway recording it', async () => {
		const { sim } = gateway;
		const lengths = [30, 45, 60, 75];
		const items = lengths.map((seconds) => ({ prompt: `Sora at the gateway's pace [seconds=${seconds}]`, model: FAMILY_MODELS.sora }));
		const running = runWorkflow(newApiBatch(items), { credentials: credentialsFor(sim) });
		while (sim.submits().filter((submit) => submit.taskId).length < items.length) await sleep(10);
		const ids = sim.submits().map((submit) => String(submit.taskId));
		const [result, ...recorded] = await Promise.all([running, ...ids.map((id) => recordedEnd(sim, id))]);
		const output = result.output(NODE);
		expect(output.map((item) => item.json.status)).toEqual(items.map(() => 'completed'));
		for (const [index, id] of ids.entries()) {
			const reads = nodeReads(sim, id);
			const seen = reads.map((read) => gateway.simulatedAt(read)).find((at) => at >= recorded[index])!;
			// Before: up to a round of the poller (16 s and more) after the gateway had it.
			expect(seen - recorded[index]).toBeLessThanOrEqual(4_000);
			// About one read a visit while the finish is near (looking for late visits costs some: the round is 19 s here).
			expect(reads.length).toBeLessThanOrEqual(18);
		}
	});
});

/** One job of `seconds` alone, at the node's defaults: the node's status reads and when its item left (simulated ms after the upstream's end). */
async function aloneJob({ sim, simulatedAt }: NewApiGateway, model: string, seconds: number) {
	const result = await runWorkflow(newApiBatch([{ prompt: `A job alone [seconds=${seconds}]`, model }]), { credentials: credentialsFor(sim) });
	const [item] = result.output(NODE);
	expect(item.json.status).toBe('completed');
	const task = sim.tasks.get(String(item.json.task_id))!;
	const reads = nodeReads(sim, task.id);
	// Simulated ms from the upstream's end to the read that showed it (the poller's wait included).
	const seenAfter = simulatedAt(reads[reads.length - 1]) - task.completedAt!;
	return { reads: reads.length, seenAfter };
}

test('a five-minute Sora job alone on new-api: sparse reads while the finish is far', async () => {
	const gateway = await startNewApi();
	try {
		const { reads, seenAfter } = await aloneJob(gateway, FAMILY_MODELS.sora, 300);
		// The progress plan alone took 18 to 21 here, by the poller's phase: the bench compares.
		expect(reads).toBeLessThanOrEqual(25);
		// From the upstream's end: the poller's next visit (16 s at most), then a read just after.
		expect(seenAfter).toBeLessThanOrEqual(16_000 + 4_000);
	} finally {
		await gateway.close();
	}
});

test.each([['yishangyun'], ['openai']] as const)('the %s dialect answers at each read: its reads are the progress plan\'s, as before', async (dialect) => {
	// The harness's compressed clock, with the dialect in place of newapi.
	const gateway = await startNewApi({ dialect });
	try {
		// Reads before this change, measured on the same jobs with the build before it: 8, and 13
		// to 15 as the compressed clock's timing goes.
		for (const [seconds, before] of [
			[40, 8],
			[300, 15],
		]) {
			const { reads, seenAfter } = await aloneJob(gateway, 'sora-2', seconds);
			expect(reads).toBeLessThanOrEqual(before);
			// Completion seen at the next read, as before (under 1.1 simulated s then; a real ms is 30 here).
			expect(seenAfter).toBeLessThanOrEqual(2_000);
		}
	} finally {
		await gateway.close();
	}
});
