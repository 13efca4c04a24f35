'use strict';
// Concurrent webhook calls, each a batch of prompts, spread over both workers: every video comes
// back byte for byte, and each prompt was paid for exactly once.
const cluster = require('../cluster');
const { batchEndpoint, checkCalls } = require('../batch');

// One call more than a worker takes at once: running together, the calls cannot all land on one
// worker, so "both workers ran executions" does not hang on how Bull happens to hand them out.
const CALLS = cluster.WORKER_CONCURRENCY + 1;
const PROMPTS = 8;

module.exports = async function concurrency(ctx) {
	const { sim, call } = await batchEndpoint(ctx, 'queue-batch', { jobSeconds: 3 });
	const calls = await Promise.all(Array.from({ length: CALLS }, (_, i) => call(`call ${i + 1}`, PROMPTS)));
	const { failures, bytes, executionIds } = await checkCalls(ctx, sim, calls);

	const byWorker = ctx.workers.map((w) => cluster.executionsOf(w).filter((id) => executionIds.has(id)));
	const workerFailures = byWorker.some((ids) => ids.length === 0) ? [`executions per worker: ${byWorker.map((ids) => ids.length).join(' + ')}`] : [];
	const slowest = Math.max(...calls.map((c) => c.ms));
	return [
		{
			what: `${CALLS} concurrent calls × ${PROMPTS} prompts come back byte-exact, one paid submit each`,
			details: `${CALLS * PROMPTS} videos, ${bytes} bytes read back from main; ${sim.submits().length} submits; slowest call ${(slowest / 1000).toFixed(1)} s`,
			failures,
		},
		{
			what: 'both workers ran executions',
			details: ctx.workers.map((w, i) => `${w.name}: ${byWorker[i].length}`).join(', '),
			failures: workerFailures,
		},
	];
};
