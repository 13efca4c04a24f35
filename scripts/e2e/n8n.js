'use strict';
/*
 * Drives a real, headless n8n (installed by ./install-n8n.js) through its CLI.
 *
 *   const { ensureN8n } = require('./install-n8n');
 *   const n8n = require('./n8n');
 *   const install = await ensureN8n('2');                 // or '1'
 *   const uf = n8n.createUserFolder(install);             // fresh N8N_USER_FOLDER + env
 *   await n8n.installPackage(uf, '/path/pkg.tgz');        // like a user: npm install in .n8n/nodes
 *   const types = await n8n.assertLoaded(uf);             // what n8n itself loaded (listLoadedTypes)
 *   await n8n.importCredentials(uf, [{ id, name, type, data }]);
 *   await n8n.importWorkflow(uf, workflowJson);           // must carry an "id"
 *   const res = await n8n.executeWorkflow(uf, id);        // { ok, code, run, stdout, stderr, ms }
 *   const { sha256, bytes } = await n8n.sha256OfBinary(uf, item.binary.data);
 *   n8n.removeUserFolder(uf);
 *   const { exe, args, cwd, env } = await n8n.command(uf, ['worker']);  // for processes.start()
 *   (`n8n start` with its REST API ready: server.js's startServer)
 *
 * Every function that takes `uf` runs n8n with uf.env (N8N_USER_FOLDER, diagnostics, task
 * runners and version notifications off, plus the flavour's own env such as
 * N8N_EXPRESSION_ENGINE=legacy for 1.x). Commands are run one at a time (n8n's SQLite DB lives
 * in the user folder).
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Readable } = require('stream');
const { cleanEnv } = require('./pack');
const { run } = require('./processes');
const { until } = require('./wait');

const NODE_TYPE = 'n8n-nodes-yishangyun.yishangyunVideo';
const CREDENTIAL_TYPE = 'yishangyunApi';
const PACKAGE_NAME = 'n8n-nodes-yishangyun';

function describeFailure(what, r) {
	const tail = (s) => s.split('\n').slice(-40).join('\n');
	return new Error(
		`${what} failed (${r.timedOut ? 'timed out' : r.signal || `exit ${r.code}`}, ${r.ms} ms)\n--- stdout ---\n${tail(r.stdout)}\n--- stderr ---\n${tail(r.stderr)}`,
	);
}

/**
 * A fresh, empty N8N_USER_FOLDER (n8n keeps config, SQLite DB, installed community packages
 * and binary data under <dir>/.n8n) and the environment every n8n command of it runs with.
 */
function createUserFolder(install, { prefix = 'n8n-e2e-', extraEnv = {} } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${install.version}-`));
	// Settings for npm/npx from a project folder must not leak into n8n's own npm calls.
	const env = cleanEnv({
		...install.env,
		N8N_USER_FOLDER: dir,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		NO_COLOR: '1',
		FORCE_COLOR: '0',
		...extraEnv,
	});
	return { dir, env, install };
}

function removeUserFolder(uf) {
	fs.rmSync(uf.dir, { recursive: true, force: true });
}

/** A TCP port that is free right now on 127.0.0.1. */
/** Ports handed out by this process: a port is picked before the program that binds it starts. */
const handedOut = new Set();

/**
 * A free loopback port not handed out before in this run. The OS may offer a just-released port
 * again, so two ports picked for one process (a worker's task broker and its health check) could
 * otherwise be the same one, and the second bind fails.
 */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const srv = require('net').createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const { port: picked } = srv.address();
				srv.close(() => resolve(picked));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

/**
 * How to run `n8n <args>` for this user folder: { exe, args, cwd, env }. n8n 2.x always starts
 * its task broker (default port 5679) even with N8N_RUNNERS_ENABLED=false: give each command its
 * own free port so runs in parallel (other suites, other versions) cannot collide.
 */
async function command(uf, args, env = {}) {
	const [exe, argv] = uf.install.command(args);
	return { exe, args: argv, cwd: uf.dir, env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...uf.env, ...env } };
}

/** Runs `n8n <args>` for this user folder to its end (processes.run: never rejects on a non-zero exit). */
async function n8n(uf, args, { env, timeoutMs, onLine } = {}) {
	const c = await command(uf, args, env);
	return run(c.exe, c.args, { cwd: c.cwd, env: c.env, timeoutMs, onLine });
}

/**
 * Installs a package tarball the way a user would: in <dir>/.n8n/nodes run `npm init -y`, then
 * `npm install --legacy-peer-deps --ignore-scripts --omit=dev <tarball>`.
 */
async function installPackage(uf, tarball) {
	const nodesDir = path.join(uf.dir, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const env = cleanEnv();
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		const r = await run('npm', ['init', '-y'], { cwd: nodesDir, env });
		if (r.code !== 0) throw describeFailure('npm init -y', r);
	}
	const r = await run(
		'npm',
		['install', '--legacy-peer-deps', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', path.resolve(tarball)],
		{ cwd: nodesDir, env },
	);
	if (r.code !== 0) throw describeFailure(`npm install ${tarball}`, r);
	return { dir: nodesDir, ms: r.ms };
}

function writeTemp(uf, name, data) {
	const dir = path.join(uf.dir, 'e2e-inputs');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${Date.now()}-${crypto.randomBytes(3).toString('hex')}-${name}`);
	fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
	return file;
}

/** Imports credentials (array, plain `data`: n8n encrypts it on import). */
async function importCredentials(uf, credentials) {
	const list = Array.isArray(credentials) ? credentials : [credentials];
	const file = writeTemp(uf, 'credentials.json', list);
	const r = await n8n(uf, ['import:credentials', `--input=${file}`]);
	if (r.code !== 0) throw describeFailure('n8n import:credentials', r);
	return r;
}

/** Imports one workflow (object or path to a JSON file); it must have an "id". Returns the id. */
async function importWorkflow(uf, workflow) {
	const wf = typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow;
	if (!wf.id) throw new Error(`workflow "${wf.name}" has no "id"; n8n execute needs one`);
	const file = writeTemp(uf, 'workflow.json', wf);
	const r = await n8n(uf, ['import:workflow', `--input=${file}`]);
	if (r.code !== 0) throw describeFailure('n8n import:workflow', r);
	return wf.id;
}

/**
 * Finds the run JSON in `n8n execute` output. On success (`--rawOutput`) stdout ends with the
 * pretty-printed run; on failure n8n logs "Execution was NOT successful" followed by the same
 * JSON. Top-level objects start with "{" at column 0: scan every such start, cut the balanced
 * object (string-aware) and keep the last one that parses and looks like a run.
 */
function extractRunJson(text) {
	const found = [];
	const starts = [];
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '{' && (i === 0 || text[i - 1] === '\n')) starts.push(i);
	}
	let consumedTo = -1;
	for (const start of starts) {
		if (start < consumedTo) continue;
		const end = balancedEnd(text, start);
		if (end < 0) continue;
		try {
			const obj = JSON.parse(text.slice(start, end + 1));
			found.push(obj);
			consumedTo = end;
		} catch {
			/* not JSON: keep scanning */
		}
	}
	const runs = found.filter((o) => o && typeof o === 'object' && o.data && o.data.resultData);
	return runs.length ? runs[runs.length - 1] : null;
}

function balancedEnd(text, start) {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/**
 * `n8n execute --id=<id> --rawOutput`. Resolves to
 * { ok, code, run, error, message, stdout, stderr, ms } where `run` is the parsed run
 * ({ data: { resultData: { runData, error? } }, status, ... }) or null if none was printed, `ok`
 * is true when the process exited 0 and the run has no top-level error.
 */
async function executeWorkflow(uf, id, { timeoutMs = 5 * 60 * 1000, env, onLine } = {}) {
	const r = await n8n(uf, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env, onLine });
	const run = extractRunJson(r.stdout) || extractRunJson(`${r.stdout}\n${r.stderr}`);
	const error = run ? run.data.resultData.error || null : null;
	// Without a run (e.g. "Unrecognized node type", a crash) the reason is in the last lines.
	const message = error
		? error.message
		: run
			? null
			: `${r.stdout}\n${r.stderr}`
					.split('\n')
					.map((l) => l.trim())
					.filter((l) => l && !l.startsWith('at ') && !/^(=+|Execution error:|Error executing workflow. See log messages for details.)$/.test(l))
					.map((l) => l.replace(/^Error: /, ''))
					.filter((l, i, all) => all.indexOf(l) === i)
					.slice(-3)
					.join(' | ') || null;
	return {
		ok: r.code === 0 && !!run && !error,
		code: r.code,
		signal: r.signal,
		timedOut: r.timedOut,
		run,
		error,
		message,
		stdout: r.stdout,
		stderr: r.stderr,
		ms: r.ms,
	};
}

/** The output items of `nodeName` (run index 0, output 0 unless given) in a parsed run. */
function nodeOutput(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const taskData = ((run && run.data.resultData.runData[nodeName]) || [])[runIndex];
	if (!taskData) return null;
	return {
		error: taskData.error || null,
		executionStatus: taskData.executionStatus,
		items: ((taskData.data && taskData.data.main) || [])[output] || [],
	};
}

/**
 * Where a stored binary lives on disk. A binary item (json `binary.<prop>`) carries
 * `id: "<mode>:<fileId>"`; with the default filesystem mode n8n writes `filesystem-v2` ids whose
 * fileId is a path (`workflows/<wfId>/executions/<execId>/binary_data/<uuid>`) relative to the
 * storage root:
 *   n8n 2.x: <userFolder>/.n8n/storage   (N8N_STORAGE_PATH / N8N_BINARY_DATA_STORAGE_PATH;
 *            a pre-existing <userFolder>/.n8n/binaryData is still used until migrated)
 *   n8n 1.x: <userFolder>/.n8n/binaryData (N8N_BINARY_DATA_STORAGE_PATH)
 * Legacy `filesystem:<fileId>` ids (1.x before v2 paths) are flat files in the same root.
 * An item without `id` holds its bytes inline as base64 in `data`.
 */
function binaryPath(uf, binaryItem) {
	if (!binaryItem || typeof binaryItem !== 'object') throw new Error('binary: not a binary item');
	if (!binaryItem.id) return null;
	const m = /^([a-z0-9-]+):(.+)$/i.exec(binaryItem.id);
	if (!m) throw new Error(`binary: unexpected binary id "${binaryItem.id}"`);
	const [, mode, fileId] = m;
	if (mode !== 'filesystem' && mode !== 'filesystem-v2') {
		throw new Error(`binary: binary mode "${mode}" is not stored on the local filesystem`);
	}
	const roots = [
		uf.env.N8N_BINARY_DATA_STORAGE_PATH,
		uf.env.N8N_STORAGE_PATH,
		path.join(uf.dir, '.n8n', 'storage'),
		path.join(uf.dir, '.n8n', 'binaryData'),
	].filter(Boolean);
	for (const root of roots) {
		const p = path.resolve(root, fileId);
		if (!p.startsWith(path.resolve(root) + path.sep)) continue;
		if (fs.existsSync(p)) return p;
	}
	throw new Error(`binary: ${binaryItem.id} not found under ${roots.join(' or ')}`);
}

/** sha256 (hex) and size of a binary item's stored bytes (a file, streamed, or inline base64). */
function sha256OfBinary(uf, binaryItem) {
	return new Promise((resolve, reject) => {
		const hash = crypto.createHash('sha256');
		let bytes = 0;
		const p = binaryPath(uf, binaryItem);
		const s = p === null ? Readable.from([Buffer.from(binaryItem.data || '', 'base64')]) : fs.createReadStream(p);
		s.on('data', (c) => {
			bytes += c.length;
			hash.update(c);
		});
		s.on('error', reject);
		s.on('end', () => resolve({ sha256: hash.digest('hex'), bytes }));
	});
}

/**
 * What n8n itself loads from the installed community packages, asked of the real n8n process:
 * `n8n export:nodes --output=<file>` with N8N_LOG_LEVEL=debug. It boots n8n's own node loader
 * (the same LoadNodesAndCredentials + community-packages scan of <userFolder>/.n8n/nodes/node_modules
 * that `execute` and `start` use), and:
 *   - the exported file lists every node type n8n knows (we look for NODE_TYPE and read which
 *     credential types it declares);
 *   - the debug log says `Loaded all credentials and nodes from <pkg>` {credentials, nodes}
 *     (or `Lazy-loading nodes and credentials from <pkg>`) only after every listed file of the
 *     package was required and registered: a node or credential file that throws makes the
 *     whole package fail: 2.x logs `Failed to load package "<pkg>"` (error), 1.x logs the bare
 *     error message at level error; an incompatible package is "Skipping package" (warn).
 *     Every error-level line, and loader warnings, are returned as `problems`.
 * The credential type's presence is read from that log line (count) plus the node's declared
 * credentials; the credential is exercised for real by every workflow run.
 */
/** Node type → every version n8n knows of it (a versioned node is exported once per description). */
function knownTypes(nodes) {
	const known = new Map();
	for (const n of nodes) if (typeof n.name === 'string') known.set(n.name, [...(known.get(n.name) || []), ...[].concat(n.version)]);
	return known;
}

async function listLoadedTypes(uf) {
	const out = path.join(uf.dir, 'e2e-inputs', `nodes-${Date.now()}.json`);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	const r = await n8n(uf, ['export:nodes', `--output=${out}`], { env: { N8N_LOG_LEVEL: 'debug' } });
	const log = `${r.stdout}\n${r.stderr}`;
	if (r.code !== 0 || !fs.existsSync(out)) throw describeFailure('n8n export:nodes', r);
	// export:nodes ends its stream without awaiting it: wait until the JSON is complete.
	let nodes;
	const complete = () => {
		try {
			nodes = JSON.parse(fs.readFileSync(out, 'utf8'));
			return true;
		} catch {
			return false;
		}
	};
	await until(`n8n export:nodes writing readable JSON to ${out}`, complete, 5000, { everyMs: 100 });
	const ours = nodes.filter((n) => typeof n.name === 'string' && n.name.startsWith(`${PACKAGE_NAME}.`));
	const esc = PACKAGE_NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const loadedLine = new RegExp(`(Loaded all credentials and nodes from|Lazy-loading nodes and credentials from) ${esc}\\b[^\\n]*`).exec(log);
	let counts = null;
	if (loadedLine) {
		const c = /credentials"?\s*[:=]\s*(\d+)/.exec(loadedLine[0]);
		const n = /nodes"?\s*[:=]\s*(\d+)/.exec(loadedLine[0]);
		counts = { credentials: c ? Number(c[1]) : null, nodes: n ? Number(n[1]) : null };
	}
	// Problems: any error-level line (n8n 1.x logs a package that throws while loading only as
	// the bare error message, without the package name), and warnings about our package or from
	// the loader ("Skipping package", "Failed to load ...", "Unknown credential name ...").
	const problems = log
		.split('\n')
		.filter(
			(l) =>
				/^\S*\s+error\s/.test(l) ||
				(/^\S*\s+warn\s/.test(l) &&
					(l.includes(PACKAGE_NAME) || /(Failed to load|Skipping package|Unknown credential|Unrecognized)/i.test(l))) ||
				/(Failed to load package|Skipping package)/.test(l),
		);
	return {
		// Every node type this n8n knows, with the versions it takes: what a workflow may use.
		knownTypes: knownTypes(nodes),
		nodeTypes: ours.map((n) => n.name),
		credentialTypesUsed: [...new Set(ours.flatMap((n) => (n.credentials || []).map((c) => c.name)))],
		packageLoaded: !!loadedLine,
		counts,
		problems,
	};
}

/** Asserts the package's node and credential type are loaded; returns the listLoadedTypes result. */
async function assertLoaded(uf) {
	const t = await listLoadedTypes(uf);
	const errs = [];
	if (!t.packageLoaded) errs.push(`no "Loaded all credentials and nodes from ${PACKAGE_NAME}" in n8n's debug log`);
	if (!t.nodeTypes.includes(NODE_TYPE)) errs.push(`node type ${NODE_TYPE} not exported (ours: ${t.nodeTypes.join(', ') || 'none'})`);
	if (!t.credentialTypesUsed.includes(CREDENTIAL_TYPE)) errs.push(`node does not declare credential ${CREDENTIAL_TYPE}`);
	if (t.counts && t.counts.credentials !== null && t.counts.credentials < 1) errs.push('package loaded 0 credential types');
	if (t.problems.length) errs.push(`load problems:\n  ${t.problems.join('\n  ')}`);
	if (errs.length) throw new Error(`n8n ${uf.install.version} did not load the package cleanly: ${errs.join('; ')}`);
	return t;
}

module.exports = {
	NODE_TYPE,
	CREDENTIAL_TYPE,
	PACKAGE_NAME,
	freePort,
	command,
	createUserFolder,
	removeUserFolder,
	installPackage,
	importCredentials,
	importWorkflow,
	executeWorkflow,
	nodeOutput,
	sha256OfBinary,
	assertLoaded,
	listLoadedTypes,
};
