'use strict';
// A worker killed with SIGKILL while the crash-safe ledger example waits for its videos. n8n does
// not run the execution again: main marks it failed and replaces its saved progress with an
// empty run, so the task ids live on only in the Data table. The recovery example reads them back
// and delivers every video without a single extra paid submit.
const cluster = require('../cluster');
const { outputOf, post, prompts, onePaidSubmitEach, verifyVideos } = require('../checks');
const { ensureDataTable, readRows } = require('../../data-table');
const { createS3Credential, startS3 } = require('../../front-doors/s3');
const { queueVersion, ledgerTable } = require('../ledger');
const { until, within } = require('../../wait');

const PROMPTS = 8;
// Longer than main takes to mark the execution failed (about 50 s): the recovery has to wait too.
const JOB_SECONDS = 60;
const FINAL = ['completed', 'failed'];
const TERMINAL = ['error', 'crashed', 'success', 'canceled'];

/** Both examples published behind webhooks, on one simulator, credential, Data table and S3 bucket. */
async function publishLedger(ctx) {
	const { rest } = ctx;
	const sim = await ctx.startSimulator({ jobSeconds: JOB_SECONDS });
	const credentialId = await rest.credentialFor(sim, 'simulator for the ledger');
	const table = await ensureDataTable(rest, ledgerTable());
	const s3 = await startS3({ runDir: ctx.filesDir });
	const storage = { s3, credential: { id: await createS3Credential(rest, s3, 'S3 for the ledger'), name: 'S3 for the ledger' } };
	const bound = { credentialId, table, storage };
	const ledger = queueVersion('ledger', { ...bound, webhookPath: 'queue-ledger' });
	const recovery = queueVersion('recovery', { ...bound, webhookPath: 'queue-recover' });
	await rest.publish(ledger.workflow, 'queue-ledger');
	await rest.publish(recovery.workflow, 'queue-recover');
	return { sim, table, ledger, recovery, s3 };
}

module.exports = async function killedWorker(ctx) {
	const published = await publishLedger(ctx);
	try {
		return await crashAndRecover(ctx, published);
	} finally {
		await published.s3.stop();
	}
};

async function crashAndRecover(ctx, { sim, table, ledger, recovery }) {
	const { rest } = ctx;
	const { submit, record, wait } = ledger.roles;

	const list = prompts('ledger', PROMPTS);
	const marks = cluster.logMarks(ctx.workers);
	const call = post(ctx.webhook('queue-ledger'), { prompts: list });
	call.catch(() => {});
	const { worker, executionId } = await cluster.nextExecution(ctx.workers, marks);
	await until('every task id in the ledger', async () => (await readRows(rest, table)).length === PROMPTS, 60_000);
	const before = await rest.execution(executionId);
	const savedBefore = Object.keys(before.data.resultData.runData || {});
	const submittedBefore = outputOf(before, submit).length;

	const killedAt = Date.now();
	worker.proc.kill('SIGKILL', { group: true });
	await worker.proc.exited;
	ctx.workers = ctx.workers.filter((w) => w !== worker);
	let after;
	await until(
		'main marking the execution failed',
		async () => {
			after = await rest.execution(executionId);
			return TERMINAL.includes(after.status);
		},
		300_000,
	);
	const failedAfterMs = Date.now() - killedAt;
	// Main answers the waiting caller once it gives up on the execution (or not at all).
	const answer = (await within(call, 30_000)) ? await call : { status: 'none within 30 s' };
	const savedAfter = Object.keys(after.data.resultData.runData || {});
	const unfinished = (await readRows(rest, table)).filter((r) => !FINAL.includes(r.status));
	ctx.figures.markedFailedSeconds = failedAfterMs / 1000;

	const crashFailures = [];
	if (!wait) crashFailures.push('the ledger example has no Get Status with Wait for Completion');
	if (before.status !== 'running') crashFailures.push(`the execution was ${before.status} before the kill, not running`);
	if (submittedBefore !== PROMPTS) crashFailures.push(`saved progress before the kill held ${submittedBefore} submitted tasks, expected ${PROMPTS}`);
	if (!savedBefore.includes(record)) crashFailures.push(`"${record}" had not run before the kill`);
	if (savedBefore.includes(wait)) crashFailures.push(`"${wait}" had already finished before the kill: it did not wait for the videos`);
	if (!['error', 'crashed'].includes(after.status)) crashFailures.push(`after the kill the execution is ${after.status}`);
	if (savedAfter.length) crashFailures.push(`saved progress survived the failure: ${savedAfter.join(', ')}`);
	if (unfinished.length !== PROMPTS) crashFailures.push(`${unfinished.length} unfinished ledger rows after the crash, expected ${PROMPTS}`);

	const stillRendering = [...sim.tasks.values()].filter((t) => t.status().status !== 'completed').length;
	const recoveryMarks = cluster.logMarks(ctx.workers);
	const recovered = await post(ctx.webhook('queue-recover'), {});
	const recoveryFailures = [];
	if (recovered.status !== 200) recoveryFailures.push(`recovery: HTTP ${recovered.status} ${JSON.stringify(recovered.body).slice(0, 300)}`);
	const { executionId: recoveryId } = await cluster.nextExecution(ctx.workers, recoveryMarks);
	const v = await verifyVideos(rest, sim, outputOf(await rest.execution(recoveryId), recovery.roles.wait), PROMPTS);
	recoveryFailures.push(...v.problems);
	const lost = [...sim.tasks.keys()].filter((id) => !v.delivered.includes(id));
	if (lost.length) recoveryFailures.push(`lost: ${lost.join(', ')}`);
	recoveryFailures.push(...onePaidSubmitEach(sim, list));
	const open = (await readRows(rest, table)).filter((r) => r.status !== 'completed');
	if (open.length) recoveryFailures.push(`ledger rows not completed after recovery: ${open.map((r) => `${r.task_id}=${r.status}`).join(', ')}`);
	const doublePaid = sim.submits().length - PROMPTS;

	return [
		{
			what: 'a worker killed with SIGKILL mid-wait: main marks the execution failed and its saved progress is gone',
			details: `${worker.name} killed holding execution ${executionId} (saved before: ${savedBefore.join(' → ')}); marked ${after.status} ${(failedAfterMs / 1000).toFixed(1)} s later, webhook answered HTTP ${answer.status}; ${unfinished.length} task ids left in the ledger`,
			failures: crashFailures,
		},
		{
			what: 'the recovery example delivers every video from the ledger with no extra submit',
			details: `${stillRendering} of ${PROMPTS} still rendering when it started; ${v.delivered.length} videos byte-exact (${v.bytes} bytes) in ${(recovered.ms / 1000).toFixed(1)} s; ${lost.length} lost, ${doublePaid} double-paid (${sim.submits().length} submits for ${PROMPTS} prompts)`,
			failures: recoveryFailures,
		},
	];
}
