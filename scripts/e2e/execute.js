'use strict';
/*
 * Runs one e2e workflow in a user folder. Most run with `n8n execute`; one with a Data table
 * (meta.e2e.dataTable) or a Wait that parks the execution (meta.e2e.server) runs on a
 * short-lived `n8n start` (see server.js), which also creates the table and reads its rows back
 * once the run has ended. With meta.e2e.restartWhileWaiting, n8n is killed (SIGKILL) as soon as
 * the execution is parked and started again: its wait tracker must resume it.
 */
const path = require('path');
const { bindOpenAiCredential } = require('./agent');
const { bindCredential } = require('./credential');
const { ensureDataTable, pointDataTablesAt, readRows } = require('./data-table');
const { folderEnv, pointFolderAt } = require('./files-folder');
const { pointStorageAt } = require('./storage');
const n8n = require('./n8n');
const { tail } = require('./processes');
const { startRun, startServer, waitForRun, withServer } = require('./server');
const { Rest } = require('./rest');
const { until } = require('./wait');

/**
 * The workflow as this run uses it: credentials bound, its files folder (meta.e2e.filesFolder)
 * pointed at a fresh folder `files/<folder>` of the user folder that n8n may write to (`env`),
 * and its storage (meta.e2e.s3) at the S3 server `s3`.
 */
function prepare(uf, w, { folder = path.basename(w.file, '.json'), s3 = null } = {}) {
	const filesDir = w.e2e.filesFolder ? path.join(uf.dir, 'files', folder) : null;
	if (w.e2e.s3 && !s3) throw new Error('meta.e2e.s3: no S3 server for this run');
	let wf = filesDir ? pointFolderAt(w.wf, w.e2e.filesFolder, filesDir) : w.wf;
	if (w.e2e.s3) wf = pointStorageAt(wf, w.e2e.s3, s3);
	wf = bindOpenAiCredential(bindCredential(wf));
	return { wf: withSettings(wf, w.e2e.settings), filesDir, env: filesDir ? folderEnv(filesDir) : {} };
}

/** meta.e2e.settings: `json` merged into the raw JSON of the Set node `node`, as a user edits it. */
function withSettings(wf, settings) {
	if (!settings) return wf;
	const copy = JSON.parse(JSON.stringify(wf));
	const node = copy.nodes.find((n) => n.name === settings.node);
	if (!node || typeof node.parameters.jsonOutput !== 'string') throw new Error(`meta.e2e.settings: no raw-JSON Set node "${settings.node}"`);
	node.parameters.jsonOutput = JSON.stringify({ ...JSON.parse(node.parameters.jsonOutput), ...settings.json }, null, 2);
	return copy;
}

/**
 * Until the execution is parked by a Wait of 65 s or more: status `waiting` and its data saved
 * with the time to resume. n8n 1.x on its legacy SQLite driver (pool size 0) writes the status
 * and the data in two statements, not one transaction: a kill between them leaves an execution
 * that cannot resume ("missing execution data"), a limit of n8n's, not of the loop.
 */
async function untilParked(rest, executionId, timeoutMs = 120_000) {
	const parked = async () => {
		const execution = await rest.execution(executionId);
		return execution.status === 'waiting' && Boolean(execution.data && execution.data.waitTill);
	};
	await until(`execution ${executionId} parked (status waiting, data saved)`, parked, timeoutMs, { everyMs: 500 });
}

/**
 * Starts `wf` on a server, kills n8n with SIGKILL once the execution is parked, starts n8n again
 * and waits for the execution to end: { res, parkedAfterMs, restartMs }.
 */
async function runThroughRestart(uf, wf, { env, timeoutMs }) {
	const started = Date.now();
	const first = await startServer(uf, { env });
	let executionId;
	try {
		const rest = new Rest(first.url, uf.install);
		await rest.signIn();
		executionId = await startRun(rest, (await rest.saveWorkflow(wf)).id, wf);
		await untilParked(rest, executionId);
	} finally {
		first.proc.kill('SIGKILL', { group: true });
		await first.proc.exited;
	}
	const parkedAfterMs = Date.now() - started;
	const restarted = Date.now();
	return withServer(
		uf,
		async (rest, server) => {
			const restartMs = Date.now() - restarted;
			const res = await waitForRun(rest, executionId, { timeoutMs });
			return { res: { ...res, stdout: '', stderr: tail(server.proc, 300) }, parkedAfterMs, restartMs };
		},
		{ env },
	);
}

/** Starts `wf` (prepared) on a running server, its Data tables pointed at `table`; returns the execution id. */
async function startWithTable(rest, wf, table) {
	const pointed = pointDataTablesAt(wf, table);
	return startRun(rest, (await rest.saveWorkflow(pointed)).id, pointed);
}

/**
 * Runs an e2e workflow: { res, wf, filesDir, table?, rows? }, `res` shaped like
 * n8n.executeWorkflow's result, `wf` the workflow as run; `rows` is the whole data table after the run.
 */
async function executeExample(uf, w, { s3 } = {}) {
	const { wf, filesDir, env } = prepare(uf, w, { s3 });
	const timeoutMs = (w.e2e.timeoutSeconds || 300) * 1000;
	if (w.e2e.restartWhileWaiting) return { ...(await runThroughRestart(uf, wf, { env, timeoutMs })), wf, filesDir };
	if (!w.e2e.dataTable && !w.e2e.server) {
		await n8n.importWorkflow(uf, wf);
		return { res: await n8n.executeWorkflow(uf, wf.id, { timeoutMs, env }), wf, filesDir };
	}
	return withServer(
		uf,
		async (rest, server) => {
			const table = w.e2e.dataTable && (await ensureDataTable(rest, w.e2e.dataTable));
			const executionId = table ? await startWithTable(rest, wf, table) : await startRun(rest, (await rest.saveWorkflow(wf)).id, wf);
			const res = await waitForRun(rest, executionId, { timeoutMs });
			return { res: { ...res, stdout: '', stderr: tail(server.proc, 300) }, wf, filesDir, table, rows: table && (await readRows(rest, table)) };
		},
		{ env },
	);
}

module.exports = { prepare, startWithTable, executeExample, untilParked };
