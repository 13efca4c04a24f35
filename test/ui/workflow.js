'use strict';
// The workflow the UI test opens: a Manual Trigger and one Yishangyun Video node per panel of
// expected.js, filled the way a user would fill them, so each panel and its screenshot read well.
const e2eCredential = require('../../scripts/e2e/credential');
const n8n = require('../../scripts/e2e/n8n');
const { PANELS } = require('./expected');

const WORKFLOW_ID = 'uiTestWorkflow01';
/** The credential the test imports and every node uses (its name shows in the screenshots). */
const CREDENTIAL = { ...e2eCredential.CREDENTIAL, name: 'Yishangyun account' };
const TRIGGER = 'When clicking ‘Execute workflow’';

const PROMPT = 'A paper boat drifting down a rainy neon-lit street at night, slow dolly shot, cinematic';

/** Parameters per panel beyond its operation; some Options entries are added, some left in "Add Option". */
const FILLED = {
	submit: { model: 'sora-2', prompt: PROMPT, seconds: '10', size: '1280x720', options: {} },
	getStatus: { taskId: '={{ $json.task_id }}', options: {} },
	getStatusWaiting: { taskId: '={{ $json.task_id }}', options: { timeoutSeconds: 900 } },
	submitAndWait: { model: 'sora-2', prompt: PROMPT, seconds: '10', size: '1280x720', options: { downloadThumbnail: true } },
	getBalance: {},
};

const nodeId = (index) => `5c1e2d3a-0000-4000-8000-00000000001${index}`;

function workflow() {
	const nodes = PANELS.map((panel, index) => ({
		id: nodeId(index),
		name: panel.title,
		type: n8n.NODE_TYPE,
		typeVersion: 1,
		position: [300, index * 160 - 240],
		parameters: { ...panel.parameters, ...FILLED[panel.key] },
		credentials: { [n8n.CREDENTIAL_TYPE]: CREDENTIAL },
	}));
	return {
		id: WORKFLOW_ID,
		name: 'Yishangyun Video: every operation',
		active: false,
		nodes: [{ id: nodeId(9), name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...nodes],
		connections: { [TRIGGER]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
	};
}

/** The editor URL that opens `panel`'s node. */
const panelUrl = (base, panel) => `${base}/workflow/${WORKFLOW_ID}/${nodeId(PANELS.indexOf(panel))}`;

module.exports = { CREDENTIAL, workflow, panelUrl };
