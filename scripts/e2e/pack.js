'use strict';
// The package as a user receives it: `npm run build`, then `npm pack` into a folder of its own.
// Shared by the e2e run, the demo, the UI test and the scanner.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs a command (in the project root unless `cwd` says otherwise); returns stdout, throws with both outputs on failure. */
function runSync(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
	if (r.status !== 0) {
		throw new Error(`${cmd} ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})\n${r.stdout || ''}\n${r.stderr || ''}`);
	}
	return r.stdout;
}

/** The environment without npm's own variables: inside `npm run x` they would make a nested npm act for x. */
function cleanEnv(extra = {}) {
	const env = { ...process.env, ...extra };
	for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
	return env;
}

/**
 * Builds (unless `build` is false) and packs the project into `dir`, a fresh temp folder by
 * default (the caller removes it). `info` is npm's own description of the tarball.
 * @returns {{ tarball: string, dir: string, info: { filename: string, size: number, files: Array<{ path: string }> } }}
 */
function buildAndPack({ build = true, dir, prefix = 'yishangyun-pack-' } = {}) {
	const env = cleanEnv();
	if (build) runSync('npm', ['run', 'build'], { env });
	const packDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const out = runSync('npm', ['pack', '--json', '--pack-destination', packDir], { env });
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	return { tarball: path.join(packDir, info.filename), dir: packDir, info };
}

module.exports = { ROOT, runSync, cleanEnv, buildAndPack };
