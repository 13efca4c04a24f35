'use strict';
/*
 * A real `n8n start` for what `n8n execute` cannot do: the editor's REST API (the editor-API
 * check, the UI test, queue mode's main) and a workflow run the way a user runs it in the editor.
 * `execute` does not start n8n's modules, so a Data Table node fails there ("the module is
 * disabled"); such a workflow is saved through the REST API, started with "Execute workflow"
 * (POST /rest/workflows/<id>/run), and its execution read back when it ends:
 *
 *   const res = await withServer(uf, async (rest, server) => {
 *     const executionId = await startRun(rest, (await rest.saveWorkflow(wf)).id, wf);
 *     return waitForRun(rest, executionId, { timeoutMs });   // shaped like n8n.executeWorkflow's result
 *   }, { env });
 *
 * n8n listens on a free 127.0.0.1 port. `server.proc` is its process (scripts/e2e/processes.js):
 * SIGKILL to its group ends n8n the way a crash or an OOM kill does. withServer stops the server
 * when `fn` settles, pass or fail; the user folder is then free for the CLI again (n8n's SQLite
 * database takes one n8n at a time).
 */
const n8n = require('./n8n');
const processes = require('./processes');
const { Rest } = require('./rest');
const { sleep } = require('./wait');

/** What starts main: docs/long-renders.md › Queue mode shows it (scripts/e2e/queue/readme.js). */
const START_ARGS = ['start'];
const START_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 15_000;
const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

/** Where n8n listens; and no personalization survey, templates or hiring banner in the editor of a test run. */
function serverEnv(url, port) {
	return {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_EDITOR_BASE_URL: url,
		// Plain http on loopback: a Secure cookie would never be sent back.
		N8N_SECURE_COOKIE: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
	};
}

/**
 * `n8n start` in this user folder on a free 127.0.0.1 port, `env` on top (queue mode's settings,
 * a files folder); resolves to { name, port, url, proc } once the REST API is ready. `logFile`
 * keeps its whole output.
 */
async function startServer(uf, { env = {}, name = 'n8n', logFile } = {}) {
	const port = await n8n.freePort();
	const url = `http://127.0.0.1:${port}`;
	const c = await n8n.command(uf, START_ARGS, { ...serverEnv(url, port), ...env });
	const proc = processes.start(name, c.exe, c.args, { cwd: c.cwd, env: c.env, logFile });
	try {
		// /healthz answers before n8n has mounted its REST routes: the editor line comes after them.
		await proc.waitFor(/Editor is now accessible via/, START_TIMEOUT_MS);
		await processes.waitForHttp(`${url}/healthz/readiness`, { proc });
	} catch (error) {
		await processes.stop(proc, STOP_GRACE_MS);
		throw error;
	}
	return { name, port, url, proc };
}

/** SIGTERM, and SIGKILL after a grace: n8n finishes what it was writing to its database. */
function stopServer(server) {
	return processes.stop(server.proc, STOP_GRACE_MS);
}

/** Runs `fn(rest, server)` on a fresh `n8n start` with the owner signed in; stops n8n when it settles. */
async function withServer(uf, fn, { env = {} } = {}) {
	const server = await startServer(uf, { env });
	try {
		const rest = new Rest(server.url, uf.install);
		await rest.signIn();
		return await fn(rest, server);
	} finally {
		await stopServer(server);
	}
}

/**
 * "Execute workflow" from its first trigger; returns the execution id at once. n8n 2.x runs the
 * saved workflow, 1.x the `workflowData` sent along.
 */
async function startRun(rest, id, wf) {
	const trigger = wf.nodes.find((node) => /trigger/i.test(node.type));
	const { executionId } = await rest.post(`/rest/workflows/${id}/run`, {
		workflowData: { ...wf, id },
		triggerToStartFrom: { name: trigger.name },
	});
	return executionId;
}

/** Waits for an execution to end; resolves to { ok, code, run, error, message, executionId, ms, timedOut } like n8n.executeWorkflow. */
async function waitForRun(rest, executionId, { timeoutMs = 5 * 60 * 1000 } = {}) {
	const started = Date.now();
	let execution;
	for (;;) {
		execution = await rest.execution(executionId);
		if (!UNFINISHED.includes(execution.status)) break;
		if (Date.now() - started > timeoutMs) {
			return { ok: false, code: null, run: null, timedOut: true, message: `execution ${executionId} still ${execution.status}`, executionId, ms: Date.now() - started };
		}
		await sleep(500);
	}
	const error = execution.data.resultData.error || null;
	const ok = execution.status === 'success' && !error;
	const message = error ? error.message : ok ? null : `execution ${execution.status}`;
	return { ok, code: ok ? 0 : 1, run: execution, error, message, executionId, ms: Date.now() - started };
}

module.exports = { START_ARGS, startServer, stopServer, withServer, startRun, waitForRun };
