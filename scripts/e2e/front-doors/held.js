'use strict';
/*
 * How long an execution of a durable-loop example held its worker in memory at a stretch, read
 * from its run data: every run of **Wait** carries the amount it waited (`wait_seconds`, set by
 * **Plan the wait**). n8n keeps a wait under 65 s in memory and parks one of 65 s or more in its
 * database; in-memory waits back to back add up. The bound: no worker slot held for more
 * than 65 s at a stretch.
 */
const { until } = require('../wait');

const PARK_SECONDS = 65;
const LONGEST_STRETCH_SECONDS = 65;

/** { waits: [seconds per Wait run], longestSeconds } of one execution. */
function heldInMemory(execution) {
	const runs = (execution.data.resultData.runData || {})['Wait'] || [];
	const waits = runs.map((run) => run.data?.main?.[0]?.[0]?.json?.wait_seconds);
	let stretch = 0;
	let longestSeconds = 0;
	for (const w of waits) {
		stretch = w < PARK_SECONDS ? stretch + w : 0;
		longestSeconds = Math.max(longestSeconds, stretch);
	}
	return { waits, longestSeconds };
}

/** Checks one execution's waits into `failures`; returns a line for the details. */
function checkHeld(execution, failures, label = `execution ${execution.id}`) {
	const { waits, longestSeconds } = heldInMemory(execution);
	if (!waits.length) failures.push(`${label}: no run of Wait in its data`);
	if (waits.some((w) => typeof w !== 'number')) failures.push(`${label}: a Wait without wait_seconds (${JSON.stringify(waits)})`);
	if (longestSeconds > LONGEST_STRETCH_SECONDS) failures.push(`${label}: held in memory ${longestSeconds} s at a stretch (waits ${waits.join(', ')} s), more than ${LONGEST_STRETCH_SECONDS} s`);
	return `waits ${waits.join('+')} s, longest in memory ${longestSeconds} s`;
}

const ENDED = ['success', 'error', 'canceled', 'crashed'];

/** The `count` executions of `workflowId` that ran Wait, once all have ended, oldest first, with their data. */
async function loopExecutions(rest, workflowId, count, timeoutMs = 120_000) {
	let loops = [];
	await until(
		`${count} loop executions of workflow ${workflowId} ended`,
		async () => {
			const list = await rest.get(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=50`);
			const ids = (list.results || []).map((e) => e.id).sort((a, b) => Number(a) - Number(b));
			const executions = await Promise.all(ids.map((id) => rest.execution(id)));
			loops = executions.filter((e) => ((e.data.resultData.runData || {})['Wait'] || []).length);
			return loops.length >= count && loops.every((e) => ENDED.includes(e.status));
		},
		timeoutMs,
		{ everyMs: 1000 },
	);
	return loops;
}

module.exports = { heldInMemory, checkHeld, loopExecutions };
