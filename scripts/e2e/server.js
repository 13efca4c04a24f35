'use strict';
/*
 * A short-lived `n8n start` for what `n8n execute` cannot do. `execute` does not start n8n's
 * modules, so a Data Table node fails there ("the module is disabled"); a workflow that uses
 * one is run the way a user runs it in the editor: saved through the REST API, started with
 * "Execute workflow" (POST /rest/workflows/<id>/run), its execution read back when it ends.
 *
 *   const res = await withServer(uf, async (rest, server) => {
 *     const executionId = await startRun(rest, await saveWorkflow(rest, wf), wf);
 *     return waitForRun(rest, executionId, { timeoutMs });   // shaped like n8n.executeWorkflow's result
 *   }, { env });
 *
 * n8n listens on a free 127.0.0.1 port; `rest` keeps the session cookie of the owner account
 * (set up on first use, logged in after). `server.kill()` ends n8n at once with SIGKILL, the way
 * a crash or an OOM kill does. The server is stopped when `fn` settles, pass or fail; the user
 * folder is then free for the CLI again (n8n's SQLite database takes one n8n at a time).
 */
const { spawn } = require('child_process');
const { parse: parseFlatted } = require('flatted');
const n8n = require('./n8n');

const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd' };
const START_TIMEOUT_MS = 120000;
const STOP_GRACE_MS = 15000;
const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON client for n8n's REST API that carries the `n8n-auth` cookie once it has one. */
function restClient(base) {
	let cookie = '';
	const call = async (method, path, body) => {
		const r = await fetch(`${base}${path}`, {
			method,
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const auth = r.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (auth) cookie = auth.split(';')[0];
		const text = await r.text();
		if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text).data : null;
	};
	return {
		base,
		get: (path) => call('GET', path),
		post: (path, body) => call('POST', path, body),
		/** Owner setup on a fresh n8n, a login on one that has its owner already. */
		async signIn() {
			const setUp = await call('GET', '/rest/settings').then((s) => !s.userManagement?.showSetupOnFirstLoad);
			if (setUp) await call('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password });
			else await call('POST', '/rest/owner/setup', OWNER);
		},
	};
}

async function withServer(uf, fn, { env = {} } = {}) {
	const port = await n8n.freePort();
	const base = `http://127.0.0.1:${port}`;
	const c = await n8n.command(uf, ['start'], {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		...env,
	});
	const child = spawn(c.exe, c.args, { cwd: c.cwd, env: c.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const server = { output: '', exit: null };
	const keep = (chunk) => (server.output = (server.output + chunk).slice(-20000));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve((server.exit = { code, signal }))));
	const signal = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			/* already gone */
		}
	};
	server.kill = async () => {
		signal('SIGKILL');
		await exited;
	};
	try {
		// The REST routes are mounted after /healthz answers: wait for n8n to say it listens.
		const until = Date.now() + START_TIMEOUT_MS;
		while (!/Editor is now accessible via/.test(server.output)) {
			if (server.exit) throw new Error(`n8n start exited (${server.exit.signal || `exit ${server.exit.code}`})\n${server.output.slice(-4000)}`);
			if (Date.now() > until) throw new Error(`n8n start: not ready within ${START_TIMEOUT_MS} ms\n${server.output.slice(-4000)}`);
			await sleep(200);
		}
		const rest = restClient(base);
		await rest.signIn();
		return await fn(rest, server);
	} finally {
		if (!server.exit) {
			signal('SIGTERM');
			const stopped = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
			if (!stopped) await server.kill();
		}
	}
}

/** Saves a workflow as the owner's (in their personal project); returns its id. */
async function saveWorkflow(rest, wf) {
	// n8n picks its own id; meta.e2e is this suite's, not n8n's.
	const body = { ...wf, active: false };
	delete body.id;
	delete body.meta;
	const saved = await rest.post('/rest/workflows', body);
	return saved.id;
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
		execution = await rest.get(`/rest/executions/${executionId}`);
		if (!UNFINISHED.includes(execution.status)) break;
		if (Date.now() - started > timeoutMs) {
			return { ok: false, code: null, run: null, timedOut: true, message: `execution ${executionId} still ${execution.status}`, executionId, ms: Date.now() - started };
		}
		await sleep(500);
	}
	const data = typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data;
	const error = data.resultData.error || null;
	const ok = execution.status === 'success' && !error;
	const message = error ? error.message : ok ? null : `execution ${execution.status}`;
	return { ok, code: ok ? 0 : 1, run: { ...execution, data }, error, message, executionId, ms: Date.now() - started };
}

/** Once `predicate()` holds (checked every 200 ms); throws after `timeoutMs`. */
async function until(predicate, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await sleep(200);
	}
}

module.exports = { withServer, saveWorkflow, startRun, waitForRun, until };
