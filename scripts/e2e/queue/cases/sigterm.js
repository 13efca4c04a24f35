'use strict';
// A worker asked to stop (SIGTERM, as on a deploy or a scale-down) while a Submit and Wait is
// waiting: inside N8N_GRACEFUL_SHUTDOWN_TIMEOUT the worker takes no new job, lets the running
// execution finish, the caller gets every video, and the worker exits cleanly.
const cluster = require('../cluster');
const { batchEndpoint, checkCalls } = require('../batch');
const { until } = require('../../wait');

const PROMPTS = 3;
const JOB_SECONDS = 8;

module.exports = async function sigterm(ctx) {
	const { sim, call } = await batchEndpoint(ctx, 'queue-sigterm', { jobSeconds: JOB_SECONDS });
	const marks = cluster.logMarks(ctx.workers);
	const pending = call('sigterm', PROMPTS);
	const { worker, executionId } = await cluster.nextExecution(ctx.workers, marks);
	await until('every prompt submitted', () => sim.submits().length === PROMPTS, 30_000);

	const signalledAt = Date.now();
	worker.proc.kill('SIGTERM');
	const res = await pending;
	const exit = await worker.proc.exited;
	ctx.workers = ctx.workers.filter((w) => w !== worker);
	const { failures, bytes } = await checkCalls(ctx, sim, [res]);
	if (exit.code !== 0) failures.push(`${worker.name} exited with ${exit.signal || `code ${exit.code}`}`);
	const grace = ctx.gracefulShutdownSeconds;
	if (exit.at - signalledAt > grace * 1000) failures.push(`the worker took longer than the ${grace} s grace`);
	const timedOut = worker.proc.lines.filter((l) => /Shutdown timed out|Cancelled \d+ in-process executions/.test(l));
	failures.push(...timedOut);
	return [
		{
			what: 'a worker stopped with SIGTERM mid-wait finishes its Submit and Wait inside the grace and exits cleanly',
			details: `${worker.name} signalled holding execution ${executionId}; answered ${((res.at - signalledAt) / 1000).toFixed(1)} s later with ${PROMPTS} videos (${bytes} bytes), exited ${((exit.at - signalledAt) / 1000).toFixed(1)} s after the signal (grace ${grace} s)`,
			failures,
		},
	];
};
