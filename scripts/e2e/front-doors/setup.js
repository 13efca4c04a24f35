'use strict';
/*
 * A front-door example (examples/form-to-video.json, examples/webhook-to-video.json) set up as a
 * user sets it up in the editor: credentials made in n8n (through its REST API, as the editor
 * saves them) and picked on the nodes that use them, the knobs of the "Settings" node edited, and
 * the workflow published. Nothing else of the example changes.
 */
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../pack');
const { until } = require('../wait');

/** An example of examples/ by file name, parsed. */
function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
}

/** Saves a credential of `type` with plain `data` (n8n encrypts it); returns { id, name }. */
async function saveCredential(rest, type, name, data) {
	const saved = await rest.post('/rest/credentials', { name, type, data, projectId: await rest.projectId() });
	return { id: saved.id, name };
}

/** A copy of `wf` whose nodes using a credential of a type in `refs` ({ type: { id, name } }) use that one. */
function bindCredentials(wf, refs) {
	const copy = JSON.parse(JSON.stringify(wf));
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials || {})) if (refs[type]) node.credentials[type] = { ...refs[type] };
	}
	return copy;
}

/** A copy of `wf` with the "Settings" node's fields `values` ({ name: value }) edited, as a user edits them. */
function withSettings(wf, values) {
	const copy = JSON.parse(JSON.stringify(wf));
	const settings = copy.nodes.find((n) => n.name === 'Settings');
	if (!settings) throw new Error(`${wf.name}: no "Settings" node`);
	const fields = settings.parameters.assignments.assignments;
	for (const [name, value] of Object.entries(values)) {
		const field = fields.find((f) => f.name === name);
		if (!field) throw new Error(`${wf.name}: Settings has no field "${name}" (has ${fields.map((f) => f.name).join(', ')})`);
		field.value = value;
	}
	return copy;
}

/** The trigger's path (webhook `path`, form `options.path`). */
function triggerPath(wf) {
	const trigger = wf.nodes.find((n) => /webhook$|formTrigger$/.test(n.type));
	return trigger.parameters.path || trigger.parameters.options.path;
}

/**
 * Saves and publishes `wf`; resolves to its id once `ready()` (asked of the trigger's URL) says
 * the trigger answers: activation registers it a moment after the answer.
 */
async function publish(rest, wf, ready) {
	const saved = await rest.saveWorkflow(wf);
	await rest.post(`/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
	await until(`${wf.name}: trigger registered after activation`, ready, 30_000, { everyMs: 250 });
	return saved.id;
}

module.exports = { loadExample, saveCredential, bindCredentials, withSettings, triggerPath, publish };
