/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark code: runs on Node beside n8n-core, never inside n8n */
import { runWorkflow } from '../../test/harness/engine';
import { FAMILY_MODELS } from '../../test/harness/newapi';
import { followSimulatorClock } from '../../test/harness/sim-clock';
import { credentialsFor, startSimulator, type Simulator } from '../../test/harness/simulator';
import { NODE } from '../../test/harness/workflow';
import { defaultsWorkflow, median, nodeSpan, seconds, type Figure, type FigureContext } from '../lib';

/** Reads of the bench's own observer carry this header; the node's reads are the others. */
const OBSERVER = 'x-bench-observer';
const OBSERVE_EVERY_MS = 100;
/** Far beyond the poller's round with a dozen open tasks. */
const GIVE_UP_MS = 5 * 60_000;

const nodeReads = (sim: Simulator, taskId: string) => sim.polls(taskId).filter((poll) => !poll.headers[OBSERVER]);

/**
 * When the gateway recorded the task's end: new-api answers the state its poller stored, so the
 * bench reads the task itself every 100 ms from the upstream's end on (its reads are marked and
 * not counted). The end was recorded after the last read that did not show it: that moment is
 * taken, so the lag is overstated by at most 0.1 s. Real ms: the simulator runs at scale 1.
 */
async function recordedEnd(sim: Simulator, taskId: string): Promise<number> {
	const task = sim.tasks.get(taskId)!;
	const upstreamEnd = task.completedAt ?? task.failedAt!;
	const headers = { authorization: `Bearer ${sim.apiKey}`, [OBSERVER]: '1' };
	let notYet = upstreamEnd;
	while (Date.now() < upstreamEnd + GIVE_UP_MS) {
		await new Promise((resolve) => setTimeout(resolve, Math.max(OBSERVE_EVERY_MS, upstreamEnd - sim.now())));
		const sentAt = Date.now();
		const body = (await (await fetch(`${sim.url}/v1/videos/${taskId}`, { headers })).json()) as { status?: string; error?: unknown };
		if (body.status === 'completed' || body.status === 'failed' || (body.status === undefined && body.error)) return notYet;
		notYet = sentAt;
	}
	throw new Error(`The gateway never recorded the end of ${taskId}`);
}

interface Job {
	label: string;
	model: string;
	prompt: string;
	/** The answers carry the gateway's update times (new-api's own video object). */
	timed: boolean;
}

interface Outcome {
	job: Job;
	lagMs: number;
	readsAfter: number;
	status: unknown;
}

/**
 * Single-item executions side by side on one gateway at scale 1 with its 15 s poller, as
 * separate scheduled workflows would run: each item leaves the node some time after the gateway
 * recorded its end. Download off, as in figure 2.
 */
async function sideBySide(ctx: FigureContext, jobs: Job[]): Promise<Outcome[]> {
	const startedAt = Date.now();
	const sim = await startSimulator({ dialect: 'newapi' });
	// Request log times are real ms since the simulator started.
	const arrivedAt = (poll: { time: number }) => startedAt + poll.time;
	try {
		return await Promise.all(
			jobs.map(async (job) => {
				const workflow = defaultsWorkflow([{ json: { prompt: job.prompt, model: job.model } }], { model: '={{ $json.model }}', seconds: '', size: '' }, { download: false });
				// A failed task is an item with its error, as under "On Error: Continue".
				workflow.nodes.find((node) => node.name === NODE)!.onError = 'continueRegularOutput';
				const running = runWorkflow(workflow, { credentials: credentialsFor(sim), mode: 'trigger' });
				// The task id is known once the submit is answered: watch it from then on.
				const submitOf = () => sim.submits().find((submit) => submit.body?.prompt === job.prompt && submit.taskId);
				while (!submitOf()) await new Promise((resolve) => setTimeout(resolve, 20));
				const taskId = String(submitOf()!.taskId);
				const [result, recorded] = await Promise.all([running, recordedEnd(sim, taskId)]);
				const [item] = result.output(NODE);
				const reads = nodeReads(sim, taskId);
				const outcome = { job, lagMs: nodeSpan(result).end - recorded, readsAfter: reads.filter((poll) => arrivedAt(poll) >= recorded).length, status: item?.json.status };
				ctx.log(`newapi · ${job.label}: ${String(outcome.status)}, item out ${seconds(outcome.lagMs)} after the gateway recorded it, ${reads.length} status reads (${outcome.readsAfter} after)`);
				return outcome;
			}),
		);
	} finally {
		await sim.close();
	}
}

/** Status reads for one five-minute job on compressed time, the node's clock following the gateway's. */
async function fiveMinuteJob(ctx: FigureContext): Promise<{ reads: number; lagMs: number }> {
	const scale = ctx.quick ? 120 : 30;
	const sim = await startSimulator({ dialect: 'newapi', timeScale: scale });
	const restoreClock = await followSimulatorClock(sim, scale);
	try {
		const workflow = defaultsWorkflow([{ json: { prompt: 'A five-minute job [seconds=300]', model: FAMILY_MODELS.kling } }], { model: '={{ $json.model }}', seconds: '', size: '' });
		const result = await runWorkflow(workflow, { credentials: credentialsFor(sim), mode: 'trigger' });
		const [item] = result.output(NODE);
		const task = sim.tasks.get(String(item?.json.task_id));
		if (item?.json.status !== 'completed' || !task || !item.binary?.data) throw new Error('The five-minute job did not complete');
		const reads = sim.polls(task.id).length;
		const lagMs = sim.now() - (Date.now() - nodeSpan(result).end) * scale - task.completedAt!;
		ctx.log(`newapi · 5-minute Kling job at ${scale}× time, 15 s poller: ${reads} status reads, item out ${(lagMs / 1000).toFixed(1)} simulated s after the upstream finished (incl. the wait for the poller and the download)`);
		return { reads, lagMs };
	} finally {
		restoreClock();
		await sim.close();
	}
}

/**
 * Figures 7–9: new-api, the gateway the provider runs, with its 15 s background poller (the
 * simulator's newapi dialect): completion and failure noticed at the gateway's pace, and the
 * reads a five-minute job costs.
 */
export async function newapi(ctx: FigureContext): Promise<Figure[]> {
	const lengths = ctx.quick ? [20, 40] : [20, 35, 50, 65, 80, 95];
	const timedModels = [FAMILY_MODELS.kling, FAMILY_MODELS.seedance, FAMILY_MODELS.wan];
	const jobs: Job[] = [
		...lengths.map((length, index) => ({ label: `${timedModels[index % 3]} ${length} s job`, model: timedModels[index % 3], prompt: `Latency probe ${index} [seconds=${length}]`, timed: true })),
		...lengths.slice(0, 2).map((length, index) => ({ label: `sora-2 ${length} s job (no update times)`, model: FAMILY_MODELS.sora, prompt: `Sora probe ${index} [seconds=${length}]`, timed: false })),
		...lengths.slice(0, ctx.quick ? 1 : 3).map((length, index) => ({ label: `${timedModels[index % 3]} [fail200] ${length} s job`, model: timedModels[index % 3], prompt: `Failure probe ${index} [fail200] [seconds=${length * 2}]`, timed: true })),
	];
	const outcomes = await sideBySide(ctx, jobs);
	const completed = outcomes.filter((outcome) => outcome.job.timed && !outcome.job.prompt.includes('[fail200]'));
	const sora = outcomes.filter((outcome) => !outcome.job.timed);
	const failed = outcomes.filter((outcome) => outcome.job.prompt.includes('[fail200]'));
	for (const outcome of completed.concat(sora)) if (outcome.status !== 'completed') throw new Error(`${outcome.job.label} did not complete`);
	for (const outcome of failed) if (outcome.status !== 'failed') throw new Error(`${outcome.job.label} did not fail`);
	const lag = median(completed.map((outcome) => outcome.lagMs));
	const failedReads = Math.max(...failed.map((outcome) => outcome.readsAfter));
	const five = await fiveMinuteJob(ctx);
	return [
		{
			name: `new-api (15 s poller): gateway records completion → item out, median of ${completed.length} jobs`,
			measured: `${seconds(lag)} (max ${seconds(Math.max(...completed.map((outcome) => outcome.lagMs)))}; Sora, no update times: ${sora.map((outcome) => seconds(outcome.lagMs)).join(', ')})`,
			goal: '≤ 2 s',
			met: ctx.quick ? undefined : lag <= 2000,
		},
		{
			name: `new-api: failed task (200 error body) → item out, most reads of ${failed.length} tasks`,
			measured: `${failedReads} status read${failedReads === 1 ? '' : 's'} (out ${failed.map((outcome) => seconds(outcome.lagMs)).join(', ')} after)`,
			goal: '≤ 2 reads',
			met: ctx.quick ? undefined : failedReads <= 2,
		},
		{
			name: 'new-api: status reads for one 5-minute job',
			measured: `${five.reads} (out ${(five.lagMs / 1000).toFixed(1)} s after the upstream finished)`,
			goal: '≤ 25',
			met: ctx.quick ? undefined : five.reads <= 25,
		},
	];
}
