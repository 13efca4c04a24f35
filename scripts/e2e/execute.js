'use strict';
/*
 * Runs one e2e workflow in a user folder. Most run with `n8n execute`; one with a Data table
 * (meta.e2e.dataTable) runs on a short-lived `n8n start` (see server.js), which also creates
 * the table and reads its rows back once the run has ended.
 */
const path = require('path');
const { bindOpenAiCredential } = require('./agent');
const { bindCredential } = require('./credential');
const { ensureDataTable, pointDataTablesAt, readRows } = require('./data-table');
const { folderEnv, pointFolderAt } = require('./files-folder');
const n8n = require('./n8n');
const { tail } = require('./processes');
const { startRun, waitForRun, withServer } = require('./server');

/**
 * The workflow as this run uses it: credentials bound, and its files folder (meta.e2e.filesFolder)
 * pointed at a fresh folder `files/<folder>` of the user folder that n8n may write to (`env`).
 */
function prepare(uf, w, folder = path.basename(w.file, '.json')) {
	const filesDir = w.e2e.filesFolder ? path.join(uf.dir, 'files', folder) : null;
	const wf = bindOpenAiCredential(bindCredential(filesDir ? pointFolderAt(w.wf, w.e2e.filesFolder, filesDir) : w.wf));
	return { wf, filesDir, env: filesDir ? folderEnv(filesDir) : {} };
}

/** Starts `wf` (prepared) on a running server, its Data tables pointed at `table`; returns the execution id. */
async function startWithTable(rest, wf, table) {
	const pointed = pointDataTablesAt(wf, table);
	return startRun(rest, (await rest.saveWorkflow(pointed)).id, pointed);
}

/**
 * Runs an e2e workflow: { res, filesDir, table?, rows? }, `res` shaped like
 * n8n.executeWorkflow's result; `rows` is the whole data table after the run.
 */
async function executeExample(uf, w) {
	const { wf, filesDir, env } = prepare(uf, w);
	const timeoutMs = (w.e2e.timeoutSeconds || 300) * 1000;
	if (!w.e2e.dataTable) {
		await n8n.importWorkflow(uf, wf);
		return { res: await n8n.executeWorkflow(uf, wf.id, { timeoutMs, env }), filesDir };
	}
	return withServer(
		uf,
		async (rest, server) => {
			const table = await ensureDataTable(rest, w.e2e.dataTable);
			const res = await waitForRun(rest, await startWithTable(rest, wf, table), { timeoutMs });
			return { res: { ...res, stdout: '', stderr: tail(server.proc, 300) }, filesDir, table, rows: await readRows(rest, table) };
		},
		{ env },
	);
}

module.exports = { prepare, startWithTable, executeExample };
