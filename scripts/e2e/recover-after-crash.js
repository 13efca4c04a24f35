'use strict';
/*
 * The scenario of examples/recover-unfinished-tasks.json (meta.e2e.scenario "recover-after-crash"):
 * n8n dies in the middle of a ledger run, and the recovery workflow delivers every video.
 *
 *  1. `n8n start` runs the ledger workflow (meta.e2e.crashes) with two prompts added: one the API
 *     fails ([fail]) and one that finishes within seconds. Once the API has been asked about
 *     every task (Get Status runs after the Data table insert, so the rows are in), the quick one
 *     is done and the others still render, n8n is killed with SIGKILL, like a crash.
 *  2. The ledger then holds one open row per task and no video was stored.
 *  3. A new `n8n start` runs the recovery workflow: each video comes out byte-exact in S3
 *     storage (meta.e2e.s3), its row `completed` with its link, the failed task's row `failed` with its reason, and the
 *     API saw no new submit.
 */
const fs = require('fs');
const path = require('path');
const { checkRun, checkedItems } = require('./checks');
const { checkLedgerRows, ensureDataTable, readRows } = require('./data-table');
const { prepare, startWithTable } = require('./execute');
const { secs } = require('./report');
const { checkStoredObjects, storedKeys } = require('./storage');
const { waitForRun, withServer } = require('./server');
const { until } = require('./wait');

const EXTRA_PROMPTS = ['A paper lantern drifting over a lake at night [fail]', 'A hummingbird hovering at a red flower, macro [seconds=2]'];
/** How long the crashing run may take to submit, record and start waiting. */
const CRASH_WITHIN_MS = 90000;

/** The ledger workflow of meta.e2e.crashes, with EXTRA_PROMPTS added to its prompts. */
function crashingWorkflow(w) {
	const file = path.join(path.dirname(w.file), w.e2e.crashes);
	const wf = JSON.parse(fs.readFileSync(file, 'utf8'));
	const e2e = wf.meta.e2e;
	const settings = wf.nodes.find((node) => node.name === e2e.s3.node);
	const json = JSON.parse(settings.parameters.jsonOutput);
	json.prompts.push(...EXTRA_PROMPTS);
	settings.parameters.jsonOutput = JSON.stringify(json, null, 2);
	return { file, wf, e2e };
}

const openRow = (row) => row.status !== 'completed' && row.status !== 'failed';

async function recoverAfterCrash({ uf, w, sim, s3 }) {
	const failures = [];
	const crashing = crashingWorkflow(w);
	const crash = prepare(uf, crashing, { s3 });
	const tasks = () => [...sim.tasks.values()];

	// 1. A ledger run, killed mid-wait.
	const crashed = await withServer(
		uf,
		async (rest, server) => {
			const table = await ensureDataTable(rest, crashing.e2e.dataTable);
			const executionId = await startWithTable(rest, crash.wf, table);
			const prompts = JSON.parse(crash.wf.nodes.find((node) => node.name === crashing.e2e.s3.node).parameters.jsonOutput).prompts;
			await until(
				`ledger run ${executionId}: every task recorded and watched`,
				() => tasks().length === prompts.length && tasks().every((task) => sim.polls(task.id).length > 0 && task.status().status !== 'queued') && tasks().some((task) => task.status().status === 'completed'),
				CRASH_WITHIN_MS,
			);
			server.proc.kill('SIGKILL', { group: true });
			await server.proc.exited;
			const states = tasks().map((task) => task.status().status);
			return { executionId, states, prompts };
		},
		{ env: crash.env },
	);
	const running = crashed.states.filter((s) => s === 'processing').length;
	if (running < 3) failures.push(`the crash came too late: only ${running} tasks were still rendering (${crashed.states.join(', ')})`);
	const submitted = sim.submits().length;
	if (submitted !== crashed.prompts.length) failures.push(`${submitted} submits for ${crashed.prompts.length} prompts`);
	const stored = await storedKeys(s3, crash.wf, crashing.e2e.s3, tasks().map((task) => task.id));
	if (stored.length) failures.push(`the crashed run stored ${stored.join(', ')}`);

	// 2 + 3. The ledger's open rows, then the recovery run.
	const recovery = prepare(uf, w, { s3 });
	const { res, rowsBefore, rowsAfter, table } = await withServer(
		uf,
		async (rest) => {
			const table = await ensureDataTable(rest, w.e2e.dataTable);
			const rowsBefore = await readRows(rest, table);
			const executionId = await startWithTable(rest, recovery.wf, table);
			const res = await waitForRun(rest, executionId, { timeoutMs: (w.e2e.timeoutSeconds || 300) * 1000 });
			return { res, rowsBefore, rowsAfter: await readRows(rest, table), table };
		},
		{ env: recovery.env },
	);

	const ids = tasks().map((task) => task.id);
	const recorded = rowsBefore.filter((row) => ids.includes(row.task_id));
	if (recorded.length !== ids.length || !recorded.every(openRow))
		failures.push(`after the crash the ledger has ${recorded.filter(openRow).length} open rows of ${ids.length} tasks: ${recorded.map((row) => `${row.task_id} ${row.status}`).join(', ')}`);

	const completing = tasks().filter((task) => task.fate === 'complete');
	const check = await checkRun(res, { ...w.e2e, items: completing.length, submits: 0 }, uf, sim, { submitsBefore: submitted });
	failures.push(...check.failures);
	const delivered = checkedItems(res, w.e2e);
	const storedDetails = await checkStoredObjects(delivered, { wf: recovery.wf, spec: w.e2e.s3, s3, sim }, failures);
	const ledger = checkLedgerRows(rowsAfter, table, completing.map((task) => task.id), failures);
	const failing = tasks().filter((task) => task.fate === 'fail');
	for (const task of failing) {
		const row = rowsAfter.find((r) => r.task_id === task.id);
		if (row?.status !== 'failed' || !row.error) failures.push(`the failed task ${task.id} has row ${JSON.stringify(row)}`);
	}
	const details = [
		`crashed execution ${crashed.executionId} after ${submitted} submits, ${running} of ${ids.length} tasks rendering`,
		`${recorded.length} open rows recovered`,
		check.details,
		storedDetails,
		`${ledger}, ${failing.length} failed with its reason`,
		`execute ${secs(res.ms)}`,
	];
	return { failures, details: details.join('; '), res };
}

module.exports = { recoverAfterCrash };
