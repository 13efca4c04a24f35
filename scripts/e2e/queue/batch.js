'use strict';
// The batch workflow behind a webhook (Webhook → one item per prompt → Submit and Wait →
// summary) on a simulator of its own, and what every answered call of it must hold.
const { post, prompts, onePaidSubmitEach, verifyVideos } = require('./checks');
const workflows = require('./workflows');

/**
 * Publishes the batch workflow on a fresh simulator; `call(label, n)` posts n prompts.
 * `workflowOptions` as workflows.batch() takes them (e.g. continueOnFail).
 */
async function batchEndpoint(ctx, path, simOptions, workflowOptions = {}) {
	const sim = await ctx.startSimulator(simOptions);
	const credentialId = await ctx.rest.credentialFor(sim, `simulator for ${path}`);
	await ctx.rest.publish(workflows.batch({ path, credentialId, ...workflowOptions }), path);
	const call = (label, n) => {
		const list = prompts(label, n);
		return post(ctx.webhook(path), { prompts: list }).then((res) => ({ ...res, prompts: list }));
	};
	return { sim, call };
}

/** Checks answered calls: byte-exact videos, one paid submit per prompt; returns failures and totals. */
async function checkCalls(ctx, sim, calls) {
	const failures = [];
	let bytes = 0;
	const executionIds = new Set();
	for (const [i, c] of calls.entries()) {
		if (c.status !== 200) {
			failures.push(`call ${i + 1}: HTTP ${c.status} ${JSON.stringify(c.body).slice(0, 200)}`);
			continue;
		}
		const v = await verifyVideos(ctx.rest, sim, c.body, c.prompts.length);
		failures.push(...v.problems.map((p) => `call ${i + 1}: ${p}`));
		bytes += v.bytes;
		for (const item of c.body) executionIds.add(String(item.execution_id));
	}
	failures.push(...onePaidSubmitEach(sim, calls.flatMap((c) => c.prompts)));
	return { failures, bytes, executionIds };
}

module.exports = { batchEndpoint, checkCalls };
