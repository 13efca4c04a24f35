#!/usr/bin/env node
'use strict';
/*
 * The credential dialog's Test button and the Model dropdown, in real n8n (`npm run test:editor-api`).
 *
 *   node scripts/e2e/editor-api.js [--n8n 2,1] [--no-build]
 *
 * For each n8n version: pack and install the package like a user, import five credentials, start
 * n8n on a free 127.0.0.1 port, set up the owner, log in, then call what the editor calls:
 * POST /rest/credentials/test and POST /rest/dynamic-node-parameters/options (getModels).
 * Two simulators stand for the two kinds of gateway: one lists its models (with a video model
 * only the gateway marks, and a chat model), one has no GET /v1/models at all.
 * n8n 2.x and 1.x reach the credential test's verdict differently (2.x throws on the statuses the
 * test lists, 1.x reads every answer's body), so both run. Exit code 0 only when every check
 * passed; n8n, the simulators and the temp folders are removed whatever happens.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const { ensureN8n } = require('./install-n8n');
const n8n = require('./n8n');
const { ROOT, buildAndPack } = require('./pack');
const { startSimulator } = require(path.join(ROOT, 'simulator'));

const DOCUMENTED = ['sora-2', 'sora-2-hd', 'sora-2-pro', 'veo3', 'veo3-pro', 'veo3.1', 'veo3.1-pro'];
const OWNER = { email: 'owner@example.com', firstName: 'Editor', lastName: 'Check', password: 'Editor-check-1' };
const KEY_REFUSED = /^The API key was refused \(401\)/;

const log = (msg) => process.stderr.write(`[editor-api] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseArgs(argv) {
	const opts = { versions: ['2', '1'], build: true };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--n8n') opts.versions = String(argv[++i] ?? '').split(',').filter(Boolean);
		else if (argv[i] === '--no-build') opts.build = false;
		else throw new Error(`Unknown argument ${argv[i]}`);
	}
	return opts;
}

/** `n8n start` in the user folder; resolves once the editor's REST API answers. */
async function startN8n(uf, base) {
	const { exe, args, cwd, env } = await n8n.command(uf, ['start']);
	const child = spawn(exe, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const server = { child, output: '', exited: new Promise((resolve) => child.on('exit', resolve)) };
	const keep = (chunk) => (server.output = (server.output + chunk).slice(-20_000));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const until = Date.now() + 180_000;
	// Readiness answers before n8n 1.x has mounted its REST routes; the editor line comes after.
	while (!/Editor is now accessible/.test(server.output)) {
		if (child.exitCode !== null || Date.now() > until) throw new Error(`n8n did not start\n${server.output.slice(-4000)}`);
		await sleep(300);
	}
	while (!(await fetch(`${base}/healthz/readiness`).then((r) => r.ok, () => false))) {
		if (Date.now() > until) throw new Error(`n8n never became ready\n${server.output.slice(-4000)}`);
		await sleep(300);
	}
	return server;
}

async function stopN8n(server) {
	if (!server || server.child.exitCode !== null) return;
	const signal = (name) => {
		try {
			process.kill(-server.child.pid, name);
		} catch {
			// already gone
		}
	};
	signal('SIGTERM');
	const stopped = await Promise.race([server.exited.then(() => true), sleep(15_000).then(() => false)]);
	if (!stopped) {
		signal('SIGKILL');
		await server.exited;
	}
}

/** Owner set-up and login; returns a POST helper carrying the session cookie. */
async function session(base) {
	const json = { 'content-type': 'application/json' };
	const setup = await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: json, body: JSON.stringify(OWNER) });
	if (!setup.ok) throw new Error(`POST /rest/owner/setup: HTTP ${setup.status} ${await setup.text()}`);
	const login = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: json,
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) throw new Error(`POST /rest/login: HTTP ${login.status} ${await login.text()}`);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	return async (route, body) => {
		const response = await fetch(`${base}${route}`, { method: 'POST', headers: { ...json, cookie, 'browser-id': 'editor-api' }, body: JSON.stringify(body) });
		const text = await response.text();
		if (!response.ok) throw new Error(`POST ${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return JSON.parse(text).data;
	};
}

async function checkVersion(flavour, tarball) {
	const failures = [];
	const check = (label, ok, got) => {
		log(`${ok ? 'PASS' : 'FAIL'}  ${label}${ok ? '' : `: got ${JSON.stringify(got)}`}`);
		if (!ok) failures.push(label);
	};
	const install = await ensureN8n(flavour);
	const listing = await startSimulator({
		models: ['gpt-4o-mini', ...DOCUMENTED, { id: 'kling-v2', supported_endpoint_types: ['openai-video'] }],
	});
	const bare = await startSimulator({ modelsEndpoint: false });
	const port = await n8n.freePort();
	const base = `http://127.0.0.1:${port}`;
	const uf = n8n.createUserFolder(install, {
		prefix: 'n8n-editor-api-',
		extraEnv: { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1', N8N_SECURE_COOKIE: 'false', N8N_EDITOR_BASE_URL: base },
	});
	let server;
	try {
		const credentials = {
			listingGood: { apiKey: listing.apiKey, baseUrl: `${listing.url}/v1` },
			bareGood: { apiKey: bare.apiKey, baseUrl: bare.url },
			listingWrongKey: { apiKey: 'sk-wrong', baseUrl: listing.url },
			bareWrongKey: { apiKey: 'sk-wrong', baseUrl: bare.url },
			nothingThere: { apiKey: listing.apiKey, baseUrl: `http://127.0.0.1:${await n8n.freePort()}` },
		};
		const idOf = (name) => `cred${name.toLowerCase().padEnd(10, '0').slice(0, 10)}`;
		await n8n.installPackage(uf, tarball);
		await n8n.importCredentials(
			uf,
			Object.entries(credentials).map(([name, data]) => ({ id: idOf(name), name, type: n8n.CREDENTIAL_TYPE, data })),
		);
		server = await startN8n(uf, base);
		const post = await session(base);
		const v = `[n8n ${install.version}]`;

		const test = (name) => post('/rest/credentials/test', { credentials: { id: idOf(name), name, type: n8n.CREDENTIAL_TYPE, data: credentials[name] } });
		for (const name of ['listingGood', 'bareGood']) {
			const result = await test(name);
			check(`${v} credential test passes: ${name}`, result?.status === 'OK', result);
		}
		for (const name of ['listingWrongKey', 'bareWrongKey']) {
			const result = await test(name);
			check(`${v} credential test tells a wrong key: ${name}`, result?.status === 'Error' && KEY_REFUSED.test(result.message), result);
		}
		const nothing = await test('nothingThere');
		check(`${v} credential test tells no answer at the Base URL`, nothing?.status === 'Error' && !KEY_REFUSED.test(nothing.message), nothing);
		// (n8n 2.x asks twice when the key is refused.)
		const probes = [...listing.requests, ...bare.requests].map((request) => `${request.method} ${request.path} ${request.status}`);
		check(`${v} the test reads a documented endpoint, never the model list`, probes.length >= 4 && probes.every((probe) => /^GET \/v1\/videos\/task_n8n_credential_test (404|401)$/.test(probe)), probes);

		const models = (name) =>
			post('/rest/dynamic-node-parameters/options', {
				nodeTypeAndVersion: { name: n8n.NODE_TYPE, version: 1 },
				path: 'model',
				methodName: 'getModels',
				currentNodeParameters: { operation: 'submitAndWait', model: 'sora-2' },
				credentials: { [n8n.CREDENTIAL_TYPE]: { id: idOf(name), name } },
			}).then((options) => options.map((option) => option.value));
		const listed = await models('listingGood');
		check(`${v} Model list from the gateway, video models first`, JSON.stringify(listed) === JSON.stringify(['kling-v2', ...DOCUMENTED, 'gpt-4o-mini']), listed);
		const fallback = await models('bareGood');
		check(`${v} Model list without /v1/models: the document's seven`, JSON.stringify(fallback) === JSON.stringify(DOCUMENTED), fallback);
	} finally {
		await stopN8n(server);
		await listing.close();
		await bare.close();
		n8n.removeUserFolder(uf);
	}
	return failures;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const packed = buildAndPack({ build: opts.build, prefix: 'editor-api-pack-' });
	const failures = [];
	try {
		for (const flavour of opts.versions) failures.push(...(await checkVersion(flavour, packed.tarball)));
	} finally {
		fs.rmSync(packed.dir, { recursive: true, force: true });
	}
	console.log(failures.length ? `FAILED: ${failures.length} editor API check(s)` : 'PASSED: editor API checks (credential test, Model list)');
	return failures.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`[editor-api] ${error.stack || error.message}`);
		process.exit(2);
	},
);
