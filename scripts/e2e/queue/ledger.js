'use strict';
/*
 * The examples queue mode runs (the crash-safe ledger, examples/crash-safe-ledger.json and
 * examples/recover-unfinished-tasks.json, and the durable loop, examples/long-render-loop.json):
 * only a trigger puts an execution on a worker, so their manual trigger becomes a Webhook.
 * Everything else is the example as shipped, pointed at this run's credential, Data table and
 * S3-compatible storage (as scripts/e2e/run.js points them); the prompts of the ledger and of the loop
 * come from the POST body instead of the example's own list.
 */
const fs = require('fs');
const path = require('path');
const { CREDENTIAL, bindCredential } = require('../credential');
const { pointDataTablesAt } = require('../data-table');
const { NODE_TYPE } = require('../n8n');
const { ROOT } = require('../pack');
const { pointStorageAt } = require('../storage');
const { webhook } = require('./workflows');

const EXAMPLES = { ledger: 'crash-safe-ledger.json', recovery: 'recover-unfinished-tasks.json', loop: 'long-render-loop.json' };
/** The loop parks in a Wait: its caller is answered at once, not when the execution ends. */
const RESPONSE_MODE = { loop: 'onReceived' };

function load(name) {
	const file = path.join(ROOT, 'examples', EXAMPLES[name]);
	if (!fs.existsSync(file)) throw new Error(`examples/${EXAMPLES[name]} is missing`);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The example's manual trigger replaced by a POST webhook of the same place in the graph. */
function withWebhook(wf, webhookPath, responseMode) {
	const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`${wf.name}: no manual trigger to replace`);
	const hook = { ...webhook(webhookPath, responseMode), position: trigger.position };
	wf.nodes = wf.nodes.map((n) => (n === trigger ? hook : n));
	wf.connections[hook.name] = wf.connections[trigger.name];
	delete wf.connections[trigger.name];
	return wf;
}

/** The raw-JSON Set node that lists `prompts` takes them from the webhook's body instead. */
function promptsFromBody(wf) {
	const node = wf.nodes.find((n) => typeof n.parameters.jsonOutput === 'string' && 'prompts' in JSON.parse(n.parameters.jsonOutput));
	if (!node) throw new Error(`${wf.name}: no node lists the prompts`);
	const settings = JSON.parse(node.parameters.jsonOutput);
	delete settings.prompts;
	node.parameters.jsonOutput = `={{ JSON.stringify({ ...${JSON.stringify(settings)}, prompts: $json.body.prompts }) }}`;
	return wf;
}

/**
 * A webhook-triggered copy of example `name` ('ledger', 'recovery' or 'loop'), with the names of
 * the nodes the checks look at (`storage`: { s3, credential: { id, name } } for an example that
 * uploads its videos, front-doors/s3.js): `submit`, `record` (the Data table insert) and `wait` (Get
 * Status with Wait for Completion).
 */
function queueVersion(name, { webhookPath, credentialId, table, storage }) {
	const example = load(name);
	const e2e = (example.meta && example.meta.e2e) || {};
	if (e2e.s3 && !storage) throw new Error(`${example.name} delivers to S3-compatible storage: give queueVersion a storage { s3, credential }`);
	let wf = e2e.s3 ? pointStorageAt(example, e2e.s3, storage.s3, storage.credential) : example;
	if (table) wf = pointDataTablesAt(wf, table);
	wf = withWebhook(bindCredential(wf, { id: credentialId, name: CREDENTIAL.name }), webhookPath, RESPONSE_MODE[name]);
	if (name !== 'recovery') promptsFromBody(wf);
	const nameOf = (test) => (wf.nodes.find(test) || {}).name || null;
	const roles = {
		submit: nameOf((n) => n.type === NODE_TYPE && n.parameters.operation === 'submit'),
		record: nameOf((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'insert'),
		wait: nameOf((n) => n.type === NODE_TYPE && n.parameters.operation === 'getStatus' && n.parameters.waitForCompletion === true),
	};
	return { workflow: { ...wf, name: `${wf.name} (webhook)` }, roles };
}

/** The Data table the ledger example asks its user to create: { name, columns }. */
function ledgerTable() {
	return load('ledger').meta.e2e.dataTable;
}

module.exports = { queueVersion, ledgerTable };
