'use strict';
// The webhook-triggered workflows the queue e2e publishes. In queue mode only a trigger (here a
// Webhook) puts an execution on the queue: `n8n execute` and manual runs stay on main.
const crypto = require('crypto');
const { CREDENTIAL } = require('../credential');
const { NODE_TYPE, CREDENTIAL_TYPE } = require('../n8n');

let position = 0;
function node(name, type, typeVersion, parameters, extra = {}) {
	position += 220;
	return { id: crypto.randomUUID(), name, type, typeVersion, position: [position, 0], parameters, ...extra };
}

/**
 * POST /webhook/<path>; answers with every item of the last node once the execution ends, or
 * (`onReceived`) at once: an execution that parks in a Wait ends much later.
 */
const webhook = (path, responseMode = 'lastNode') =>
	node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		{ httpMethod: 'POST', path, responseMode, ...(responseMode === 'lastNode' ? { responseData: 'allEntries' } : {}), options: {} },
		{ webhookId: crypto.randomUUID() },
	);

/** One item `{ prompt }` per entry of the posted `{ "prompts": [...] }`. */
const onePerPrompt = () =>
	node('One item per prompt', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.prompts', include: 'noOtherFields', options: { destinationFieldName: 'prompt' } });

const video = (name, credentialId, parameters, extra = {}) =>
	node(name, NODE_TYPE, 1, parameters, { credentials: { [CREDENTIAL_TYPE]: { id: credentialId, name: CREDENTIAL.name } }, ...extra });

/** What the caller gets back per video: enough to find the task, the stored file and the worker. */
function summary(videoNode) {
	const from = `$('${videoNode}').item`;
	const fields = {
		task_id: `={{ ${from}.json.task_id }}`,
		status: `={{ ${from}.json.status }}`,
		binary_id: `={{ ${from}.binary && ${from}.binary.data ? ${from}.binary.data.id : '' }}`,
		error: `={{ ${from}.json.error ? JSON.stringify(${from}.json.error) : '' }}`,
		execution_id: '={{ $execution.id }}',
	};
	return node('Summary', 'n8n-nodes-base.set', 3.4, {
		assignments: { assignments: Object.entries(fields).map(([name, value]) => ({ id: crypto.randomUUID(), name, value, type: 'string' })) },
		options: {},
	});
}

/** Nodes in a row, each feeding the next. */
function workflow(name, nodes) {
	position = 0;
	const connections = {};
	nodes.slice(0, -1).forEach((n, i) => {
		connections[n.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** Webhook → one item per prompt → Submit and Wait → summary. */
function batch({ path, credentialId, options = {}, continueOnFail = false }) {
	position = 0;
	return workflow(`queue e2e: batch (${path})`, [
		webhook(path),
		onePerPrompt(),
		video(
			'Submit and Wait',
			credentialId,
			{ operation: 'submitAndWait', model: 'sora-2', prompt: '={{ $json.prompt }}', options: { pollIntervalSeconds: 1, ...options } },
			continueOnFail ? { onError: 'continueRegularOutput' } : {},
		),
		summary('Submit and Wait'),
	]);
}

module.exports = { batch, webhook };
