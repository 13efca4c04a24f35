#!/usr/bin/env node
'use strict';
/*
 * `npm run demo`: the main job, end to end, in a real n8n.
 *
 * Builds and packs this package, installs it into a fresh n8n user folder the way a user does
 * (n8n itself is installed once into ~/.cache, see scripts/e2e/install-n8n.js), starts the API
 * simulator, and runs examples/batch-prompts-to-videos.json: a few prompts → Submit and Wait →
 * MP4s and thumbnails written to ./demo-output/. Task progress is shown as it happens.
 *
 * Options / environment:
 *   --n8n 2|1                   which n8n (default 2: n8n 2.41.1 on Node 24; 1: n8n 1.123 on this Node)
 *   --job-seconds N             how long each simulated video takes (default 12)
 *   --dialect D                 how the simulator answers: yishangyun (default, the document),
 *                               openai, or newapi (new-api, the gateway the provider really runs)
 *   --base-url URL --api-key K  use a real endpoint instead of the simulator
 *   (or YISHANGYUN_BASE_URL and YISHANGYUN_API_KEY)
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { CREDENTIAL, credentialFor } = require('./e2e/credential');
const { folderEnv, pointFolderAt } = require('./e2e/files-folder');
const { ensureN8n } = require('./e2e/install-n8n');
const { ROOT, buildAndPack } = require('./e2e/pack');
const n8n = require('./e2e/n8n');
const processes = require('./e2e/processes');

const OUTPUT = path.join(ROOT, 'demo-output');
const EXAMPLE = path.join(ROOT, 'examples', 'batch-prompts-to-videos.json');

function arg(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

function step(text) {
	console.log(`\n▸ ${text}`);
}

/** n8n prints our node's log lines among its own; show the progress ones, tidied. */
function progressLine(line) {
	const match = /Yishangyun: (.*)$/.exec(line);
	if (match) console.log(`    ${match[1].replace(/\s+\{.*\}$/, '')}`);
}

function probe(file) {
	const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
	if (result.error) return '';
	return result.status === 0 ? ` — ffprobe: ${result.stdout.trim().split('\n').join(', ')}` : ' — ffprobe: NOT PLAYABLE';
}

async function main() {
	const started = Date.now();
	const baseUrl = arg('base-url', process.env.YISHANGYUN_BASE_URL);
	const apiKey = arg('api-key', process.env.YISHANGYUN_API_KEY);
	const flavour = arg('n8n', '2');

	step(`n8n ${flavour === '1' ? '1.x' : '2.x'} (installed once into ~/.cache; the first run takes a few minutes)`);
	const install = await ensureN8n(flavour);

	step('Building and packing n8n-nodes-yishangyun');
	const { tarball, dir: packDir } = buildAndPack({ prefix: 'yishangyun-demo-pack-' });

	step('Installing it into a fresh n8n user folder, as Settings → Community Nodes would');
	const uf = n8n.createUserFolder(install, { prefix: 'yishangyun-demo-' });
	let sim;
	const cleanup = async () => {
		if (sim) await sim.close();
		n8n.removeUserFolder(uf);
		fs.rmSync(packDir, { recursive: true, force: true });
	};
	// Ctrl-C: processes.js stops n8n, this removes what the demo made (its output stays).
	processes.stopOnSignals(cleanup);
	try {
		await n8n.installPackage(uf, tarball);

		if (baseUrl && apiKey) {
			step(`Using the real API at ${baseUrl}`);
		} else {
			const { startSimulator } = require('../simulator');
			const dialect = arg('dialect', 'yishangyun');
			sim = await startSimulator({ jobSeconds: Number(arg('job-seconds', 12)), queueSeconds: 2, dialect });
			step(`API simulator (${dialect} dialect) running at ${sim.url} (no key, no network needed)`);
		}
		// The example names its credential so: the import takes its place.
		await n8n.importCredentials(uf, [credentialFor(sim || { apiKey, url: baseUrl }, { ...CREDENTIAL, name: 'Yishangyun API' })]);

		fs.rmSync(OUTPUT, { recursive: true, force: true });
		// The example names the node field that holds its output folder (meta.e2e.filesFolder, as for the e2e run).
		const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		const workflow = pointFolderAt(example, example.meta.e2e.filesFolder, OUTPUT);
		await n8n.importWorkflow(uf, workflow);

		step(`Running "${workflow.name}"`);
		const result = await n8n.executeWorkflow(uf, workflow.id, {
			timeoutMs: 30 * 60 * 1000,
			env: { ...folderEnv(OUTPUT), N8N_LOG_LEVEL: 'info' },
			onLine: progressLine,
		});
		if (!result.ok) throw new Error(`The workflow failed: ${result.message}`);

		step(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Files in ${path.relative(process.cwd(), OUTPUT) || OUTPUT}/:`);
		for (const file of fs.readdirSync(OUTPUT).sort()) {
			const full = path.join(OUTPUT, file);
			console.log(`    ${file}  ${fs.statSync(full).size} bytes${file.endsWith('.mp4') ? probe(full) : ''}`);
		}
	} finally {
		await cleanup();
	}
}

main().catch((error) => {
	console.error(`\n✗ ${error.message}`);
	process.exit(1);
});
