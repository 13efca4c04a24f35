'use strict';
/*
 * Every example is a product: it imports into this n8n with no unknown node, and it runs as
 * shipped against both of the simulator's dialects: the document's answers and new-api's (the
 * gateway the provider really runs).
 *
 * Unknown nodes: each examples/*.json node's type and typeVersion must be one this n8n knows
 * (`n8n export:nodes`, n8n.listLoadedTypes), with our package installed. The front-door examples
 * (chat, form, webhook) are checked here only for that: their own cases run them
 * (scripts/e2e/front-doors/cases/); a file that does not exist yet is simply not there.
 *
 * Dialects: an example's meta.e2e may say
 *   "dialects": ["document", "newapi"]
 * or, where one dialect needs other settings (new-api's reads come at its poller's 15 s pace),
 *   "dialects": { "document": {}, "newapi": { "settings": { … } } }
 * and then runs once per dialect, each on a simulator of its own answering that way, the
 * dialect's object merged over meta.e2e (`settings.json` merged, not replaced).
 */
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./pack');

/** The simulator's name for each dialect (simulator/options.js). */
const SIMULATOR_DIALECT = { document: 'yishangyun', newapi: 'newapi' };

/** examples/*.json, parsed: [{ file, name, wf }] (a file that does not parse is reported as such). */
function exampleFiles(dir = path.join(ROOT, 'examples')) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const file = path.join(dir, f);
			try {
				return { file, name: `examples/${f}`, wf: JSON.parse(fs.readFileSync(file, 'utf8')) };
			} catch (e) {
				return { file, name: `examples/${f}`, error: e.message };
			}
		});
}

/** The nodes of `wf` whose type, or whose typeVersion of that type, `known` (type → versions) lacks. */
function unknownNodes(wf, known) {
	return (wf.nodes || [])
		.filter((node) => !known.has(node.type) || !known.get(node.type).includes(node.typeVersion ?? 1))
		.map((node) => `"${node.name}" (${node.type} v${node.typeVersion ?? 1}${known.has(node.type) ? `; this n8n has v${known.get(node.type).join(', v')}` : ': unknown type'})`);
}

/** One check: every example's nodes are known to this n8n. Returns { what, details, failures }. */
function checkExamplesKnown(known, examples = exampleFiles()) {
	const failures = [];
	let nodes = 0;
	for (const ex of examples) {
		if (ex.error) {
			failures.push(`${ex.name}: ${ex.error}`);
			continue;
		}
		nodes += (ex.wf.nodes || []).length;
		for (const u of unknownNodes(ex.wf, known)) failures.push(`${ex.name}: ${u}`);
	}
	return {
		what: 'every example imports with no unknown node',
		details: `${examples.length} examples, ${nodes} nodes (${examples.map((ex) => path.basename(ex.file, '.json')).join(', ')})`,
		failures,
	};
}

function mergeDialect(e2e, over) {
	const merged = { ...e2e, ...over };
	if (e2e.settings && over.settings) merged.settings = { ...e2e.settings, ...over.settings, json: { ...e2e.settings.json, ...over.settings.json } };
	return merged;
}

/**
 * One run entry per dialect for a workflow whose meta.e2e names dialects (others pass through):
 * its own simulator speaking that dialect, and `[dialect]` in its name.
 */
function expandDialects(workflows) {
	return workflows.flatMap((w) => {
		const dialects = w.e2e && w.e2e.dialects;
		if (!dialects) return [w];
		const entries = Array.isArray(dialects) ? dialects.map((d) => [d, {}]) : Object.entries(dialects);
		return entries.map(([dialect, over]) => {
			if (!SIMULATOR_DIALECT[dialect]) throw new Error(`${w.name}: meta.e2e.dialects: unknown dialect "${dialect}" (document or newapi)`);
			const e2e = mergeDialect(w.e2e, over);
			delete e2e.dialects;
			e2e.simulator = { ...(e2e.simulator || {}), dialect: SIMULATOR_DIALECT[dialect] };
			return { ...w, name: `${w.name} [${dialect}]`, e2e };
		});
	});
}

module.exports = { exampleFiles, unknownNodes, checkExamplesKnown, expandDialects, SIMULATOR_DIALECT };
