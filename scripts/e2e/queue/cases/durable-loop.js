'use strict';
// The durable loop (examples/long-render-loop.json) behind a webhook, with renders longer than a
// parking Wait. While its execution is parked (status `waiting`) it holds no worker slot: a worker
// with --concurrency=1, the one that ran it, runs another execution to its end. Then that worker
// is killed with SIGKILL and main too, main comes back, a fresh worker starts, and main's wait
// tracker resumes the execution on it: every video comes out byte for byte, the failed task with
// its reason, one paid submit per prompt. Runs after the cases that leave no worker behind.
const crypto = require('crypto');
const cluster = require('../cluster');
const { batchEndpoint, checkCalls } = require('../batch');
const { post, onePaidSubmitEach } = require('../checks');
const { queueVersion } = require('../ledger');
const { untilParked } = require('../../execute');
const { sleep, until } = require('../../wait');

// Two finish before the first read (66 s), two before the second, one fails at 40 s.
const PROMPTS = [
	'loop #1: a red fox in fresh snow [seconds=65]',
	'loop #2: waves on a black sand beach [seconds=65]',
	'loop #3: a cat at a grand piano [seconds=100]',
	'loop #4: a kite over a cliff [seconds=100]',
	'loop #5: a paper lantern on a lake [fail]',
];
const JOB_SECONDS = 80;
const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

/** Items of every run of `node` (output 0), each with the run's start time. */
function itemsOfAllRuns(execution, node) {
	const runs = (execution.data.resultData.runData || {})[node] || [];
	return runs.flatMap((run) => ((run.data && run.data.main && run.data.main[0]) || []).map((item) => ({ ...item, leftAt: run.startTime })));
}

async function sha256Of(rest, binaryId) {
	const bytes = await rest.binary(binaryId);
	return { sha: crypto.createHash('sha256').update(bytes).digest('hex'), length: bytes.length };
}

/**
 * On the single-slot worker, a Submit and Wait of one 12-second job, and a second call sent while
 * it waits: { calls, failures, details, queuedMs } (how long the second waited for the slot).
 */
async function slotHeldBySubmitAndWait(ctx, other) {
	const firstMarks = cluster.logMarks(ctx.workers);
	const first = other.call('holding the slot [seconds=12]', 1);
	await cluster.nextExecution(ctx.workers, firstMarks);
	await sleep(2000);
	const secondMarks = cluster.logMarks(ctx.workers);
	const sentAt = Date.now();
	const second = other.call('behind it', 1);
	const started = await cluster.nextExecution(ctx.workers, secondMarks, 60_000).then(() => Date.now());
	const calls = await Promise.all([first, second]);
	const failures = calls.filter((c) => c.status !== 200).map((c) => `HTTP ${c.status} ${JSON.stringify(c.body).slice(0, 200)}`);
	// Main answers the first caller a moment after the worker has let go of the execution.
	if (started < calls[0].at - 3000) failures.push(`the second call started ${((calls[0].at - started) / 1000).toFixed(1)} s before the first ended: the slot was free`);
	return { calls, failures, queuedMs: started - sentAt, details: `a second call waited ${((started - sentAt) / 1000).toFixed(1)} s for the slot, until the first Submit and Wait ended` };
}

/**
 * Per round, how late the Get Status read came after its Wait was due: the wait tracker's lag. A
 * resumed Wait records its resume time as its start, so the wait began when **Plan the wait** (the
 * node that feeds Wait) ended, and lasted the `wait_seconds` it planned for its first item.
 */
function resumeLags(execution) {
	const runData = execution.data.resultData.runData || {};
	const plans = runData['Plan the wait'] || [];
	return (runData['Get Status'] || []).map((read, round) => {
		const plan = plans[round];
		const first = plan && plan.data && plan.data.main[0][0];
		if (!first) return NaN;
		return (read.startTime - (plan.startTime + plan.executionTime) - first.json.wait_seconds * 1000) / 1000;
	});
}

module.exports = async function durableLoop(ctx) {
	const sim = await ctx.startSimulator({ queueSeconds: 0.5, jobSeconds: JOB_SECONDS });
	const credentialId = await ctx.rest.credentialFor(sim, 'simulator for the durable loop');
	const loop = queueVersion('loop', { webhookPath: 'queue-loop', credentialId });
	await ctx.rest.publish(loop.workflow, 'queue-loop');
	// Another workflow for the single slot while the loop waits: Submit and Wait of quick jobs.
	const other = await batchEndpoint(ctx, 'queue-loop-other', { jobSeconds: 3 });

	for (const w of ctx.workers) w.proc.kill('SIGKILL', { group: true });
	await Promise.all(ctx.workers.map((w) => w.proc.exited));
	ctx.workers = [];
	const single = await ctx.startWorker('worker-c1', 1);

	// For comparison, Submit and Wait holds the slot while it waits: a second call starts after it.
	const holding = await slotHeldBySubmitAndWait(ctx, other);

	const marks = cluster.logMarks(ctx.workers);
	const called = await post(ctx.webhook('queue-loop'), { prompts: PROMPTS });
	const { worker: ran, executionId } = await cluster.nextExecution(ctx.workers, marks);
	await untilParked(ctx.rest, executionId, 90_000);
	const parkedAt = Date.now();

	// The slot is free: the same --concurrency=1 worker runs another execution to its end.
	const otherMarks = cluster.logMarks(ctx.workers);
	const otherCall = await other.call('beside the parked loop', 2);
	const { worker: otherRan } = await cluster.nextExecution(ctx.workers, otherMarks);
	const stillParked = (await ctx.rest.execution(executionId)).status;
	// Every call of the other workflow, the two above included: byte-exact, one paid submit each.
	const otherCheck = await checkCalls(ctx, other.sim, [...holding.calls, otherCall]);

	// A crash of everything that touched it: its worker, then main.
	single.proc.kill('SIGKILL', { group: true });
	await single.proc.exited;
	ctx.workers = ctx.workers.filter((w) => w !== single);
	const restartStarted = Date.now();
	await ctx.restartMain();
	const mainBackMs = Date.now() - restartStarted;
	await ctx.startWorker('worker-after-crash', cluster.WORKER_CONCURRENCY);
	const statusAfterRestart = (await ctx.rest.execution(executionId)).status;

	let execution;
	await until(
		'the loop execution ending',
		async () => {
			execution = await ctx.rest.execution(executionId);
			return !UNFINISHED.includes(execution.status);
		},
		600_000,
		{ everyMs: 1000 },
	);

	const failures = [];
	if (called.status !== 200) failures.push(`webhook answered HTTP ${called.status}`);
	if (ran !== single) failures.push(`the loop ran on ${ran.name}, not the single-slot worker`);
	if (execution.status !== 'success') failures.push(`the execution ended ${execution.status}: ${JSON.stringify(execution.data.resultData.error || {}).slice(0, 300)}`);
	const videos = itemsOfAllRuns(execution, 'Videos');
	const failed = itemsOfAllRuns(execution, 'Failed');
	const gaveUp = itemsOfAllRuns(execution, 'Gave up');
	const rounds = ((execution.data.resultData.runData || {})['Get Status'] || []).length;
	let bytes = 0;
	const latencies = [];
	for (const item of videos) {
		const id = item.json.task_id;
		const binary = item.binary && item.binary.data;
		if (!binary) {
			failures.push(`${id}: no video`);
			continue;
		}
		const stored = await sha256Of(ctx.rest, binary.id);
		bytes += stored.length;
		if (stored.sha !== sim.videoSha256(id)) failures.push(`${id}: stored ${stored.length} bytes differ from the served video`);
		latencies.push((item.leftAt - sim.tasks.get(id).completedAt) / 1000);
	}
	const completing = [...sim.tasks.values()].filter((t) => t.fate === 'complete').map((t) => t.id);
	const lost = completing.filter((id) => !videos.some((item) => item.json.task_id === id));
	if (lost.length) failures.push(`videos not delivered: ${lost.join(', ')}`);
	if (videos.length !== completing.length) failures.push(`${videos.length} videos for ${completing.length} completed tasks`);
	if (failed.length !== 1 || !failed[0].json.reason) failures.push(`failed items: ${JSON.stringify(failed.map((i) => i.json))}`);
	if (gaveUp.length) failures.push(`gave up on ${gaveUp.map((i) => i.json.task_id).join(', ')}`);
	if (new Set(videos.map((item) => item.leftAt)).size < 2) failures.push('every video left the loop in the same round: the batch did not finish in different rounds');
	failures.push(...onePaidSubmitEach(sim, PROMPTS));

	const slotFailures = [...otherCheck.failures];
	if (otherRan !== single) slotFailures.push(`the other execution ran on ${otherRan.name}`);
	if (stillParked !== 'waiting') slotFailures.push(`the loop was ${stillParked} when the other execution had ended, not waiting`);

	const lags = resumeLags(execution);
	const sorted = [...latencies].sort((a, b) => a - b);
	const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
	ctx.figures.loopSlotsHeldWhileWaiting = 0;
	ctx.figures.loopCompletionToExitSeconds = sorted.map((s) => Number(s.toFixed(1)));
	ctx.figures.loopCompletionToExitMedianSeconds = Number(median.toFixed(1));
	ctx.figures.loopParkFloorSeconds = 66;
	ctx.figures.loopRounds = rounds;
	ctx.figures.loopMainRestartSeconds = Number((mainBackMs / 1000).toFixed(1));
	ctx.figures.loopResumeLagSeconds = lags.map((s) => Number(s.toFixed(1)));
	// What Get Status predicted for the first unfinished item of each round that went round again.
	ctx.figures.loopNextCheckInSeconds = ((execution.data.resultData.runData || {})['Under the cap?'] || []).map((run) => run.data?.main[0]?.[0]?.json.next_check_in_seconds ?? null);
	ctx.figures.submitAndWaitSlotsHeld = 1;
	ctx.figures.submitAndWaitSecondCallQueuedSeconds = Number((holding.queuedMs / 1000).toFixed(1));
	return [
		{
			what: 'a Submit and Wait holds its worker slot while it waits: on a --concurrency=1 worker a second call waits for it',
			details: holding.details,
			failures: holding.failures,
		},
		{
			what: 'while the durable loop is parked it holds no worker slot: its --concurrency=1 worker runs another execution',
			details: `loop execution ${executionId} parked on ${ran.name}; the other call answered in ${(otherCall.ms / 1000).toFixed(1)} s on ${otherRan.name} (${otherCheck.bytes} bytes over its calls, byte-exact), the loop still ${stillParked}`,
			failures: slotFailures,
		},
		{
			what: 'the durable loop survives SIGKILL of its worker and of main: resumed, every video byte-exact, one paid submit per prompt',
			details: `worker and main killed ${((restartStarted - parkedAt) / 1000).toFixed(1)} s into the park, main back in ${(mainBackMs / 1000).toFixed(1)} s (execution ${statusAfterRestart}); ${rounds} rounds; ${videos.length} videos (${bytes} bytes) sha256-checked, ${failed.length} failed with its reason; ${sim.submits().length} submits for ${PROMPTS.length} prompts; task completed → item out of the loop: ${sorted.map((s) => `${s.toFixed(1)} s`).join(', ')} (Wait: the wait_seconds Plan the wait planned, parked from 65 s or once held about a minute); each read came ${lags.map((s) => `${s.toFixed(1)} s`).join(', ')} after its Wait was due`,
			failures,
		},
	];
};
