'use strict';
/*
 * Checks of one executed workflow run against its meta.e2e (the schema is in run.js). Each
 * returns or fills a list of failures; nothing here runs n8n.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const n8n = require('./n8n');

function deepEqual(a, b) {
	return JSON.stringify(a) === JSON.stringify(b);
}

function allErrors(run) {
	const errs = [];
	if (!run) return errs;
	const rd = run.data.resultData;
	if (rd.error) errs.push({ where: 'run', message: rd.error.message || String(rd.error) });
	for (const [node, tasks] of Object.entries(rd.runData || {})) {
		for (const t of tasks) if (t.error) errs.push({ where: node, message: t.error.message || String(t.error) });
	}
	return errs;
}

/**
 * A node's output items (output 0): of its first run, or with `allRuns` of every run in order (a
 * loop's exit runs once per round); null when it did not run.
 */
function outputItems(run, node, allRuns) {
	const runs = (run && run.data.resultData.runData[node]) || [];
	if (!runs.length) return null;
	const indexes = allRuns ? runs.map((_, i) => i) : [0];
	return indexes.flatMap((runIndex) => n8n.nodeOutput(run, node, { runIndex }).items);
}

/** The output items of the node meta.e2e checks (none when it did not run). */
function checkedItems(res, e2e) {
	return (e2e.node && outputItems(res.run, e2e.node, e2e.allRuns)) || [];
}

/** meta.e2e.outputs: other nodes' items, over all their runs, by count, status and json fields. */
function checkOutputs(run, outputs, failures) {
	const seen = [];
	for (const [node, want] of Object.entries(outputs)) {
		const items = outputItems(run, node, true) || [];
		seen.push(`${node}: ${items.length}`);
		if (want.items !== undefined && items.length !== want.items) failures.push(`${node}: ${items.length} items, expected ${want.items}`);
		for (const [i, item] of items.entries()) {
			if (want.status !== undefined && item.json.status !== want.status) failures.push(`${node} item ${i}: status ${JSON.stringify(item.json.status)}, expected ${JSON.stringify(want.status)}`);
			for (const [k, v] of Object.entries(want.json || {})) {
				if (!deepEqual(item.json[k], v)) failures.push(`${node} item ${i}: json.${k} = ${JSON.stringify(item.json[k])}, expected ${JSON.stringify(v)}`);
			}
		}
	}
	return seen.join(', ');
}

/** Every output item's video was written to `<dir>/<task_id>.mp4`, byte for byte. */
function checkWrittenFiles(items, dir, sim, failures) {
	if (items.length === 0) failures.push('no items to look for written files');
	for (const item of items) {
		const file = path.join(dir, `${item.json.task_id}.mp4`);
		if (!fs.existsSync(file)) {
			failures.push(`no file ${path.basename(file)} written`);
			continue;
		}
		const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
		if (sha !== sim.videoSha256(item.json.task_id)) failures.push(`${path.basename(file)} differs from the served video`);
	}
}

/**
 * Pairing, proved by the API's own record: output item i carries the task the simulator
 * created for input item i (`inputOrder.node`'s item i, field `inputOrder.field`, is its prompt).
 */
function checkInputOrder(res, e2e, sim, failures) {
	const inputs = n8n.nodeOutput(res.run, e2e.inputOrder.node)?.items ?? [];
	const items = checkedItems(res, e2e);
	if (items.length !== inputs.length) failures.push(`pairing: ${items.length} items out of ${inputs.length} in`);
	items.forEach((item, i) => {
		const task = sim.tasks.get(item.json.task_id);
		const want = inputs[i]?.json[e2e.inputOrder.field];
		if (!task || task.prompt !== want) failures.push(`pairing: item ${i} has task ${item.json.task_id} for ${JSON.stringify(task?.prompt)}, input ${i} was ${JSON.stringify(want)}`);
	});
}

/** The value at a dotted path (`metadata.video_list`), or undefined. */
function valueAt(body, dotted) {
	return dotted.split('.').reduce((at, key) => (at && typeof at === 'object' ? at[key] : undefined), body);
}

/**
 * meta.e2e.bodies, proved by the API's own record: the run sent exactly one submit per model
 * named, and that submit's body (a multipart body's text fields) holds each dotted path with
 * this value (deep-equal), or not at all where the value is null.
 */
function checkBodies(sim, bodies, submitsBefore, failures) {
	const sent = sim.submits().slice(submitsBefore).map((entry) => (entry.body && entry.body.fields) || entry.body || {});
	for (const [model, fields] of Object.entries(bodies)) {
		const mine = sent.filter((body) => body.model === model);
		if (mine.length !== 1) {
			failures.push(`${model}: ${mine.length} submits, expected 1`);
			continue;
		}
		for (const [dotted, want] of Object.entries(fields)) {
			const got = valueAt(mine[0], dotted);
			if (want === null ? got !== undefined : !deepEqual(got, want)) failures.push(`${model}: body ${dotted} = ${JSON.stringify(got)}, expected ${want === null ? 'none' : JSON.stringify(want)}`);
		}
	}
	return `${Object.keys(bodies).length} bodies as the provider's clients send them`;
}

/** meta.e2e.byModel: the item of each model (json.model) contains these fields (deep-equal). */
function checkByModel(items, byModel, failures) {
	for (const [model, fields] of Object.entries(byModel)) {
		const item = items.find((candidate) => candidate.json && candidate.json.model === model);
		if (!item) {
			failures.push(`no item for ${model}`);
			continue;
		}
		for (const [k, v] of Object.entries(fields)) {
			if (!deepEqual(item.json[k], v)) failures.push(`${model}: json.${k} = ${JSON.stringify(item.json[k])}, expected ${JSON.stringify(v)}`);
		}
	}
}

/** Checks one executed run against meta.e2e; returns { failures: [], details: '' }. */
async function checkRun(res, e2e, uf, sim, { submitsBefore = 0 } = {}) {
	const failures = [];
	const details = [];
	const run = res.run;
	const errors = allErrors(run);

	if (e2e.error) {
		const all = [...new Set([...errors.map((e) => e.message), res.message].filter(Boolean))].join(' | ');
		if (res.ok && !errors.length) failures.push('expected the run to fail, but it succeeded');
		else if (typeof e2e.error === 'string' && !all.includes(e2e.error))
			failures.push(`expected an error containing "${e2e.error}", got: ${all || '(no message)'}`);
		else details.push(`failed as expected: ${all.slice(0, 120)}`);
		if (!run) return { failures, details: details.join(', ') };
	} else {
		if (res.timedOut) failures.push('n8n execute timed out');
		if (!run) {
			failures.push(`no run data from n8n execute (exit ${res.code}): ${res.message || 'no output'}`);
			return { failures, details: '' };
		}
		for (const e of errors) failures.push(`${e.where}: ${e.message}`);
		// n8n 2.41.1 on Node 24 now and then segfaults while exiting, after printing a complete
		// run (seen on a workflow without this package too): the run is what is checked.
		const crashedAfterRun = res.signal === 'SIGSEGV' && !errors.length && (run.finished === true || run.status === 'success');
		if (crashedAfterRun) details.push('n8n segfaulted on exit after finishing the run');
		else if (res.code !== 0 && !errors.length)
			failures.push(`n8n execute ended with ${res.signal ? `signal ${res.signal}` : `exit code ${res.code}`}`);
	}

	if (!e2e.node) {
		// no meta.e2e (an ad-hoc --workflow): the run succeeding is the whole check
		const ran = Object.keys(run.data.resultData.runData || {});
		details.push(`${ran.length} node${ran.length === 1 ? '' : 's'} ran`);
		return { failures, details: details.join(', ') };
	}
	const items = outputItems(run, e2e.node, e2e.allRuns);
	if (!items) {
		if (!e2e.error) failures.push(`node "${e2e.node}" did not run`);
		return { failures, details: details.join(', ') };
	}
	const runs = run.data.resultData.runData[e2e.node].length;
	details.push(`${e2e.node}: ${items.length} item${items.length === 1 ? '' : 's'}${e2e.allRuns ? ` in ${runs} run${runs === 1 ? '' : 's'}` : ''}`);
	if (e2e.outputs) details.push(checkOutputs(run, e2e.outputs, failures));
	if (e2e.items !== undefined && items.length !== e2e.items) failures.push(`expected ${e2e.items} items, got ${items.length}`);

	items.forEach((item, i) => {
		const json = item.json || {};
		if (e2e.status !== undefined && json.status !== e2e.status) {
			const why = json.error ? ` (error: ${JSON.stringify(json.error).slice(0, 200)})` : '';
			failures.push(`item ${i}: status ${JSON.stringify(json.status)}, expected ${JSON.stringify(e2e.status)}${why}`);
		}
		for (const [k, v] of Object.entries(e2e.json || {})) {
			if (!deepEqual(json[k], v)) failures.push(`item ${i}: json.${k} = ${JSON.stringify(json[k])}, expected ${JSON.stringify(v)}`);
		}
	});
	if (e2e.status !== undefined && items.length) details.push(`status ${e2e.status}`);

	if (e2e.submits !== undefined) {
		const submits = sim.submits().length - submitsBefore;
		if (submits !== e2e.submits) failures.push(`${submits} submits reached the API, expected ${e2e.submits}`);
		details.push(`${submits} submits`);
	}
	if (e2e.bodies) details.push(checkBodies(sim, e2e.bodies, submitsBefore, failures));
	if (e2e.byModel) checkByModel(items, e2e.byModel, failures);
	if (e2e.inputOrder) {
		const before = failures.length;
		checkInputOrder(res, e2e, sim, failures);
		if (failures.length === before) details.push('paired in input order');
	}

	const binNames = e2e.binary ? (Array.isArray(e2e.binary) ? e2e.binary : [e2e.binary]) : [];
	if (binNames.length) {
		if (!sim || typeof sim.videoSha256 !== 'function') failures.push('cannot check binary: no simulator videoSha256()');
		let checked = 0;
		let bytes = 0;
		for (const [i, item] of items.entries()) {
			// the simulator may serve different bytes per task: ask for this item's task
			const want = sim && typeof sim.videoSha256 === 'function' ? await sim.videoSha256((item.json || {}).task_id) : null;
			for (const name of binNames) {
				const bin = item.binary && item.binary[name];
				if (!bin) {
					failures.push(`item ${i}: no binary "${name}" (has: ${Object.keys(item.binary || {}).join(', ') || 'none'})`);
					continue;
				}
				if (e2e.mimeType && bin.mimeType !== e2e.mimeType)
					failures.push(`item ${i}: binary ${name} mimeType ${bin.mimeType}, expected ${e2e.mimeType}`);
				try {
					const got = await n8n.sha256OfBinary(uf, bin);
					bytes += got.bytes;
					if (want && got.sha256 !== want)
						failures.push(`item ${i}: binary ${name} sha256 ${got.sha256.slice(0, 12)}… (${got.bytes} bytes) ≠ video ${want.slice(0, 12)}…`);
					else checked++;
				} catch (e) {
					failures.push(`item ${i}: binary ${name}: ${e.message}`);
				}
			}
		}
		details.push(`${checked} binar${checked === 1 ? 'y' : 'ies'} sha256-verified (${bytes} bytes)`);
	}
	return { failures, details: details.join(', ') };
}

module.exports = { checkRun, checkedItems, checkWrittenFiles };
