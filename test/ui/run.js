#!/usr/bin/env node
'use strict';
/*
 * The editor, checked in a real browser (`npm run test:ui`).
 *
 * Builds and packs the package, installs it into a real n8n 2.41.1 beside the API simulator
 * (test/ui/stack.js) and drives Debian's headless Chromium with playwright-core through the
 * node's panel, one node per operation (test/ui/workflow.js):
 *   - each panel shows exactly the parameters and Options entries the contract lists for its
 *     operation (test/ui/expected.js), no more, no fewer;
 *   - the Model dropdown lists the gateway's models (what the editor loaded for it is the
 *     simulator's GET /v1/models list, and each of those models is an item);
 *   - "Execute step" on Submit and Wait against the simulator shows the video in the output
 *     panel's binary view: the browser reads it as a video, and its bytes are the served file;
 *   - "Execute step" on Get Balance, the simulator answering as new-api, shows the key's balance
 *     read from the two billing endpoints, once each.
 * A screenshot per operation goes to .cache/ui/ (with --update-docs: to docs/, for the README);
 * after a failure, the page as it was is .cache/ui/failure.png.
 *
 *   node test/ui/run.js [--no-build] [--update-docs]
 *
 * Output: `PASS|FAIL <check> (<details>)` per check, timings, then `N passed, M failed`.
 * n8n, Chromium and the simulator are stopped and the temp folders removed, pass or fail.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { ROOT, buildAndPack } = require('../../scripts/e2e/pack');
const processes = require('../../scripts/e2e/processes');
const { createReport, secs } = require('../../scripts/e2e/report');
const { PANELS, expectedFor } = require('./expected');
const panel = require('./panel');
const { startStack } = require('./stack');
const { workflow, panelUrl } = require('./workflow');
const { MODELS } = require('../../simulator');

/** The gateway's list: the document's models, plus a video model only the gateway marks and a chat model. */
const GATEWAY_MODELS = ['gpt-4o-mini', ...MODELS, { id: 'kling-v2', supported_endpoint_types: ['openai-video'] }];

const argv = process.argv.slice(2);
const VIEWPORT = { width: 1440, height: 960 };
const OUT = path.join(ROOT, '.cache', 'ui');
const SHOTS = argv.includes('--update-docs') ? path.join(ROOT, 'docs') : OUT;
const SHOT_NAMES = { submit: 'operation-submit.png', getStatus: 'operation-get-status.png', getStatusWaiting: 'operation-get-status-waiting.png', submitAndWait: 'operation-submit-and-wait.png', getBalance: 'operation-get-balance.png' };

/** Operations pictured after executing them. */
const EXECUTED = ['submitAndWait', 'getBalance'];
/** The key's grant the Get Balance panel shows. */
const UI_GRANT = 25;

const tally = createReport({ onTimed: (name, ms) => log(`${name}: ${secs(ms)}`) });
const log = (msg) => process.stderr.write(`[ui ${secs(Date.now() - tally.started).padStart(7)}] ${msg}\n`);
const step = tally.timed;

/** Runs one check; a failure is reported and the run goes on to the next. */
async function check(name, fn) {
	const t = Date.now();
	try {
		const details = await fn();
		tally.result(true, name, details, Date.now() - t);
	} catch (error) {
		tally.result(false, name, '', Date.now() - t, [error.message]);
	}
}

/** Throws listing what is missing and what is extra when `got` is not exactly `want`. */
function sameSet(what, got, want) {
	const missing = want.filter((x) => !got.includes(x));
	const extra = got.filter((x) => !want.includes(x));
	if (missing.length || extra.length) {
		throw new Error(`${what}: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `not in the contract ${extra.join(', ')}` : ''} (shown: ${got.join(', ') || 'none'})`);
	}
	return `${what}: ${[...got].sort().join(', ')}`;
}

/** Display name → name of the Options collection's entries, from the built node's own description. */
function optionNames() {
	const dir = path.join(ROOT, 'dist', 'nodes', 'Yishangyun');
	const file = fs.readdirSync(dir).find((f) => f.endsWith('.node.js'));
	const NodeClass = Object.values(require(path.join(dir, file)))[0];
	const options = new NodeClass().description.properties.find((p) => p.name === 'options');
	return new Map(options.options.map((o) => [o.displayName, o.name]));
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

async function screenshot(page, key) {
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
	const file = path.join(SHOTS, SHOT_NAMES[key]);
	await page.screenshot({ path: file, clip: await panel.panelClip(page, VIEWPORT), animations: 'disabled' });
	return file;
}

async function main() {
	const cleanups = [];
	let page;
	// Ctrl-C: processes.js stops n8n; Chromium, the simulator and the temp folders go too.
	processes.stopOnSignals(() => runCleanups(cleanups));
	try {
		const { tarball, dir } = await step(argv.includes('--no-build') ? 'npm pack' : 'npm run build + npm pack', () =>
			buildAndPack({ build: !argv.includes('--no-build'), prefix: 'ui-pack-' }),
		);
		cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
		const labels = optionNames();
		const stack = await startStack({ tarball, workflow: workflow(), viewport: VIEWPORT, simulatorOptions: { models: GATEWAY_MODELS }, cleanups, step });
		({ page } = stack);
		const { sim, base } = stack;
		panel.trackRequests(page);

		// What the editor asked n8n to load for the Model field, and got back.
		const modelLoads = [];
		page.on('response', async (response) => {
			if (!response.url().includes('/dynamic-node-parameters/options')) return;
			let body;
			try {
				body = JSON.parse(response.request().postData() || '{}');
			} catch {
				return;
			}
			if (!/(^|\.)model$/.test(body.path || '')) return;
			modelLoads.push(await response.json().then((j) => j.data, () => null));
		});

		for (const p of PANELS) {
			const want = expectedFor(p.key);
			await step(`panel ${p.title}`, async () => {
				await check(`${p.title}: the panel opens`, () => panel.openPanel(page, panelUrl(base, p), p.title));
				const shown = await panel.visibleParameters(page, 'options');
				// Submit and Wait and Get Balance are pictured with their output; the others as they open, before any dropdown.
				if (!EXECUTED.includes(p.key)) await screenshot(page, p.key);
				await check(`${p.title}: exactly the contract's fields`, () => sameSet('fields', shown.parameters, want.parameters));
				await check(`${p.title}: exactly the contract's Options entries`, async () => {
					const offered = await panel.offeredEntries(page);
					const names = [...shown.added, ...offered.map((label) => labels.get(label) ?? `"${label}"`)];
					return sameSet('options', names, want.options);
				});
				if (p.key === 'submit') {
					await check('Model dropdown lists the gateway\'s models', async () => {
						const items = await panel.modelItems(page);
						const gateway = await fetch(`${sim.url}/v1/models`, { headers: { authorization: `Bearer ${sim.apiKey}` } }).then((r) => r.json());
						const ids = gateway.data.map((m) => m.id);
						const loaded = modelLoads.at(-1);
						if (!loaded) throw new Error(`the Model field did not load its options from n8n (no load-options request); it shows: ${items.join(', ')}`);
						sameSet('models loaded', loaded.map((o) => o.value), ids);
						const names = loaded.map((o) => o.name);
						if (JSON.stringify(items) !== JSON.stringify(names)) throw new Error(`the dropdown shows ${items.join(', ')}; n8n loaded ${names.join(', ')}`);
						return `${items.length} items from GET /v1/models, in the order n8n loaded them: ${items.join(', ')}`;
					});
				}
				if (p.key === 'submitAndWait') {
					await check('Submit and Wait executes against the simulator and shows the video in the binary view', async () => {
						const card = await panel.executeToBinaryView(page);
						const taskId = sim.submits().at(-1)?.taskId;
						if (!taskId) throw new Error('no submit reached the simulator');
						if (!card.includes(`${taskId}.mp4`) || !card.includes('video/mp4')) throw new Error(`the binary card does not show ${taskId}.mp4 as video/mp4:\n${card}`);
						await screenshot(page, p.key);
						const video = await panel.viewVideo(page);
						if (sha256(video.bytes) !== sim.videoSha256(taskId)) throw new Error(`the shown video (${video.bytes.length} bytes from ${video.src}) is not the served file`);
						return `${taskId}.mp4, ${video.width}x${video.height}, ${video.duration.toFixed(2)} s, ${video.bytes.length} bytes = served sha256`;
					});
				}
				if (p.key === 'getBalance') {
					await check("Get Balance executes against new-api's billing endpoints and shows the key's balance", async () => {
						// The simulator answers as new-api from here on (the API document has no billing endpoints).
						sim.configure({ dialect: 'newapi', grants: { [sim.apiKey]: UI_GRANT } });
						// From a fresh page: the editor would otherwise start a partial run from the Submit and
						// Wait run it still holds, and n8n 2.41.1 fails that ("Cannot read properties of null").
						await page.goto('about:blank');
						await panel.openPanel(page, panelUrl(base, p), p.title);
						const text = await panel.executeToOutput(page);
						const read = sim.requests.filter((r) => r.path.startsWith('/v1/dashboard/billing/')).map((r) => `${r.path} ${r.status}`);
						if (read.length !== 2) throw new Error(`expected the two billing endpoints read once each, got: ${read.join(', ')}`);
						for (const words of ['remaining', 'used', 'total', 'unlimited', String(UI_GRANT)]) {
							if (!text.includes(words)) throw new Error(`the output panel does not show ${words}:\n${text.slice(0, 500)}`);
						}
						await screenshot(page, p.key);
						return `${read.join(', ')}; the output shows remaining ${UI_GRANT} of ${UI_GRANT}`;
					});
				}
			});
		}
		log(`screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}`);
	} catch (error) {
		tally.result(false, 'setup', '', Date.now() - tally.started, [String(error.stack || error.message).split('\n').slice(0, 30).join('\n')]);
	} finally {
		if (page && tally.hasFailed()) {
			const file = path.join(OUT, 'failure.png');
			fs.mkdirSync(OUT, { recursive: true });
			await page.screenshot({ path: file }).then(() => log(`state at the end: ${file}`), () => {});
		}
		await step('stop n8n, chromium, simulator; remove temp folders', () => runCleanups(cleanups));
	}
	tally.finish();
}

/** Runs (and empties) what was registered, newest first; a failing one does not stop the others. */
async function runCleanups(cleanups) {
	for (const fn of cleanups.splice(0).reverse()) {
		try {
			await fn();
		} catch (error) {
			log(`cleanup: ${error.message}`);
		}
	}
}

main();
