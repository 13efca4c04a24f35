'use strict';
// examples/chat-to-video.json made ready for one front-door run: its own chat URL, the run's
// credentials (Yishangyun for a simulator, Basic Auth for the chat), settings changed where the
// run needs it, published on n8n; and where its executions stand.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { bindCredential } = require('../credential');
const { until } = require('../wait');

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'chat-to-video.json');
const TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.chatTrigger';

/** The Basic Auth credential the chat asks for: saved in n8n, returned with its secret. */
async function basicAuthCredential(rest, name) {
	const auth = { user: `chat-${crypto.randomBytes(3).toString('hex')}`, password: crypto.randomBytes(18).toString('base64url') };
	const saved = await rest.post('/rest/credentials', { name, type: 'httpBasicAuth', data: auth, projectId: await rest.projectId() });
	return { ...auth, id: saved.id, name };
}

/**
 * A copy of the example with a chat URL of its own, bound to `credential` (Yishangyun) and `auth`
 * (Basic Auth), its Settings' `settings` replaced, and `bind(wf)` applied (e.g. an S3
 * credential); returns { wf, webhookId }.
 */
function prepare({ credential, auth, settings = {}, bind = (wf) => wf }) {
	const wf = bind(bindCredential(JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')), credential));
	const trigger = wf.nodes.find((node) => node.type === TRIGGER_TYPE);
	trigger.webhookId = crypto.randomUUID();
	trigger.credentials = { httpBasicAuth: { id: auth.id, name: auth.name } };
	const knobs = wf.nodes.find((node) => node.name === 'Settings').parameters.assignments.assignments;
	for (const [name, value] of Object.entries(settings)) {
		const knob = knobs.find((k) => k.name === name);
		if (!knob) throw new Error(`the example's Settings have no "${name}"`);
		knob.value = value;
	}
	wf.name = `${wf.name} (${trigger.webhookId.slice(0, 8)})`;
	return { wf, webhookId: trigger.webhookId };
}

/**
 * Saves and publishes `wf`; resolves once its chat answers. Before that n8n answers 404; once the
 * chat is live a call without credentials gets the trigger's 401.
 */
async function publish(rest, wf, webhookId) {
	const saved = await rest.saveWorkflow(wf);
	await rest.post(`/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
	let last = 0;
	await until(
		`chat ${webhookId} live after activation`,
		async () => {
			last = (await fetch(`${rest.url}/webhook/${webhookId}/chat`)).status;
			return last !== 404;
		},
		30_000,
		{ everyMs: 250 },
	);
	return saved.id;
}

/**
 * Watches an execution until `stop()`: every status it passed through, and whether it was ever
 * parked in the database by the Wait node (status "waiting" with Wait the last node run).
 */
function watchExecution(rest, executionId, everyMs = 3_000) {
	const seen = { statuses: [], parkedInWait: 0, last: null, stopped: false };
	const loop = (async () => {
		while (!seen.stopped) {
			try {
				const e = await rest.execution(executionId);
				seen.last = e;
				if (seen.statuses[seen.statuses.length - 1] !== e.status) seen.statuses.push(e.status);
				if (e.status === 'waiting' && e.data.resultData.lastNodeExecuted === 'Wait') seen.parkedInWait++;
			} catch (error) {
				seen.error = error.message;
			}
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	})();
	seen.stop = async () => {
		seen.stopped = true;
		await loop;
		return seen;
	};
	return seen;
}

/** n8n parks a Wait of 65 s or more in its database; a shorter one runs in memory, holding a worker. */
const PARKS_FROM_SECONDS = 65;

/**
 * How long a finished execution was held in memory at a stretch, from its run data: a stretch
 * runs from the execution's first node, or from a parked Wait's resumption (n8n replaces its run with
 * the resumed one), to the moment the next Wait was planned to park (the end of the matching
 * **Plan the wait** run), the last one to the end of the loop's last read. Conservative: it also
 * counts the first reply's round trip through the chat. { waits: [seconds asked, …], inMemory,
 * stretches: [seconds, …], longest }.
 */
function heldStretches(execution) {
	const runData = execution.data ? execution.data.resultData.runData : {};
	const end = (run) => run.startTime + run.executionTime;
	const waits = (runData.Wait || []).map((run) => run.data.main[0][0].json.wait_seconds);
	const stretches = [];
	// Not the execution's startedAt: n8n 1.x moves it to each resumption.
	let from = Math.min(...Object.values(runData).flat().map((run) => run.startTime));
	waits.forEach((seconds, i) => {
		if (seconds < PARKS_FROM_SECONDS) return;
		stretches.push(end(runData['Plan the wait'][i]) - from);
		from = runData.Wait[i].startTime;
	});
	const reads = runData['Get Status'] || [];
	if (reads.length) stretches.push(end(reads[reads.length - 1]) - from);
	const seconds = stretches.map((ms) => ms / 1000);
	return { waits, inMemory: waits.filter((w) => w < PARKS_FROM_SECONDS).length, stretches: seconds, longest: Math.max(0, ...seconds) };
}

module.exports = { basicAuthCredential, prepare, publish, watchExecution, heldStretches, PARKS_FROM_SECONDS };
