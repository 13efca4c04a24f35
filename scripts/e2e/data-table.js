'use strict';
/*
 * n8n Data Tables for the ledger examples. A workflow's meta.e2e may say
 *   "dataTable": { "name": "video_tasks", "columns": ["task_id", "status", …] }
 * (string columns). The table is created in the owner's personal project through n8n's REST
 * API, as a user does under Overview › Data tables, and every Data table node of the workflow
 * that shows that table (`dataTableId.cachedResultName`) is pointed at it by id, as a user does
 * by picking it from the list: n8n 1.x's node knows tables by id only.
 */

/** The table `spec.name` of the owner's personal project, created when missing; returns its ref. */
async function ensureDataTable(rest, spec) {
	const base = `/rest/projects/${await rest.projectId()}/data-tables`;
	const listed = await rest.get(`${base}?filter=${encodeURIComponent(JSON.stringify({ name: spec.name }))}`);
	let table = (listed.data ?? listed).find((t) => t.name === spec.name);
	if (!table) table = await rest.post(base, { name: spec.name, columns: spec.columns.map((name) => ({ name, type: 'string' })) });
	return { name: spec.name, id: table.id, rowsPath: `${base}/${table.id}/rows` };
}

/** A copy of `wf` whose Data table nodes showing `table.name` use `table.id`. */
function pointDataTablesAt(wf, table) {
	const copy = JSON.parse(JSON.stringify(wf));
	const nodes = copy.nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable' && node.parameters.dataTableId?.cachedResultName === table.name);
	if (!nodes.length) throw new Error(`data table: no Data table node of ${wf.name} shows "${table.name}"`);
	for (const node of nodes) node.parameters.dataTableId = { __rl: true, mode: 'list', value: table.id, cachedResultName: table.name };
	return copy;
}

/** Every row of the table. */
async function readRows(rest, table) {
	const rows = [];
	for (;;) {
		const page = await rest.get(`${table.rowsPath}?skip=${rows.length}&take=100`);
		rows.push(...page.data);
		if (rows.length >= page.count || page.data.length === 0) return rows;
	}
}

/**
 * The ledger rows of `taskIds` each end `completed` with the link of the video stored for it
 * (ending in `<task_id>.mp4`); pushes what is wrong onto `failures`, returns a summary.
 */
function checkLedgerRows(rows, table, taskIds, failures) {
	const before = failures.length;
	for (const taskId of taskIds) {
		const mine = rows.filter((row) => row.task_id === taskId);
		if (mine.length !== 1) {
			failures.push(`data table ${table.name}: ${mine.length} rows for ${taskId}, expected 1`);
			continue;
		}
		const [row] = mine;
		if (row.status !== 'completed') failures.push(`data table ${table.name}: ${taskId} is ${row.status} (error: ${row.error || 'none'}), expected completed`);
		if (!String(row.video_link ?? '').endsWith(`${taskId}.mp4`)) failures.push(`data table ${table.name}: ${taskId} has video_link ${JSON.stringify(row.video_link)}`);
	}
	return failures.length === before ? `${taskIds.length} ledger rows completed with their link` : 'ledger rows wrong';
}

module.exports = { ensureDataTable, pointDataTablesAt, readRows, checkLedgerRows };
