#!/usr/bin/env node
'use strict';
/*
 * A picture of the Yishangyun Video node's parameter panel in the real n8n editor.
 *
 *   node scripts/screenshot/take.js                 # build, pack, screenshot → docs/node-panel.png
 *   node scripts/screenshot/take.js --no-build      # pack the existing dist/
 *   node scripts/screenshot/take.js --out=/tmp/x.png --full   # whole viewport, no crop
 *   node scripts/screenshot/take.js --height=1150   # taller viewport: every option visible
 *
 * What it does (every step timed on stderr):
 *   1. Debian `chromium` (apt-get install -y chromium if /usr/bin/chromium is missing) and
 *      `playwright-core` (npm, cached in ~/.cache/n8n-nodes-yishangyun/tools, never a dependency
 *      of the package; it only drives the already running chromium over CDP);
 *   2. `npm run build` + `npm pack`; real n8n 2.41.1 on Node 24 from scripts/e2e/install-n8n.js;
 *   3. a fresh user folder with the tarball installed like a user does, a credential pointing at
 *      a running API simulator, and a workflow Manual Trigger → Yishangyun Video (Submit and
 *      Wait, prompt and a few options filled);
 *   4. `n8n start` on a free 127.0.0.1 port, owner account via POST /rest/owner/setup, login
 *      via POST /rest/login in the browser's cookie jar;
 *   5. /workflow/<id>/<nodeId> opens the node details view (falls back to double-clicking the
 *      node on the canvas), waits for the parameters and the icon, saves the PNG.
 * n8n, chromium and the simulator are stopped and the temp folders removed at the end.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const { ensureN8n, CACHE_ROOT } = require('../e2e/install-n8n');
const n8n = require('../e2e/n8n');
const { buildAndPack, cleanEnv, runSync } = require('../e2e/pack');

const PLAYWRIGHT_VERSION = process.env.SCREENSHOT_PLAYWRIGHT_VERSION || '1.65.1';
const CHROMIUM = '/usr/bin/chromium';
const OWNER = { email: 'owner@example.com', firstName: 'Ada', lastName: 'Owner', password: 'Screenshot-Passw0rd' };
const CREDENTIAL = { id: 'cred0000000001', name: 'Yishangyun account' };
const WORKFLOW_ID = 'screenshotWf0001';
const NODE_ID = '5c1e2d3a-0000-4000-8000-000000000002';
const NODE_NAME = 'Yishangyun Video';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, dflt) => {
	const a = argv.find((x) => x.startsWith(`--${name}=`));
	return a ? a.slice(name.length + 3) : dflt;
};
const VIEWPORT = { width: Number(opt('width', 1440)), height: Number(opt('height', 900)) };
const OUT = path.resolve(opt('out', path.join(ROOT, 'docs', 'node-panel.png')));

const t0 = Date.now();
const timings = [];
function log(msg) {
	process.stderr.write(`[screenshot ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);
}
async function step(name, fn) {
	const t = Date.now();
	log(`${name}…`);
	const r = await fn();
	const s = (Date.now() - t) / 1000;
	timings.push([name, s]);
	log(`${name}: ${s.toFixed(1)} s`);
	return r;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


// ---------------------------------------------------------------------------------------------
// Tools: chromium (apt) and playwright-core (npm, cached outside the repo)

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return runSync(CHROMIUM, ['--version']).trim();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, encoding: 'utf8' });
	let r = install();
	if (r.status !== 0) {
		log('apt-get install failed; apt-get update and retry');
		runSync('apt-get', ['update'], { env });
		r = install();
	}
	if (r.status !== 0 || !fs.existsSync(CHROMIUM)) throw new Error(`apt-get install -y chromium failed:\n${r.stdout}\n${r.stderr}`);
	return runSync(CHROMIUM, ['--version']).trim();
}

function ensurePlaywright() {
	const dir = path.join(CACHE_ROOT, 'tools', `playwright-core-${PLAYWRIGHT_VERSION}`);
	const main = path.join(dir, 'node_modules', 'playwright-core');
	if (!fs.existsSync(path.join(main, 'package.json'))) {
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'screenshot-tools', private: true }));
		runSync('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `playwright-core@${PLAYWRIGHT_VERSION}`], {
			cwd: dir,
			env: cleanEnv(),
		});
	}
	return require(main);
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Spawns a long-running process in its own group; keeps the last output for error messages. */
function startProcess(cmd, args, { env, cwd, name }) {
	const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const proc = { child, name, output: '', exited: null, listeners: [] };
	const onData = (c) => {
		const text = c.toString();
		proc.output = (proc.output + text).slice(-20000);
		for (const l of proc.listeners) l(text);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	proc.exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			proc.exited = { code, signal };
			resolve(proc.exited);
		});
		child.on('error', (err) => {
			proc.exited = { error: err };
			resolve(proc.exited);
		});
	});
	return proc;
}

/** SIGTERM to the process group, SIGKILL after `graceMs`. */
async function stopProcess(proc, graceMs = 10000) {
	if (!proc || proc.exited) return;
	const signal = (sig) => {
		try {
			process.kill(-proc.child.pid, sig);
		} catch {
			/* already gone */
		}
	};
	signal('SIGTERM');
	let timer;
	const done = await Promise.race([
		proc.exitPromise.then(() => true),
		new Promise((r) => (timer = setTimeout(() => r(false), graceMs))),
	]);
	clearTimeout(timer);
	if (!done) {
		log(`${proc.name} did not stop in ${graceMs} ms: SIGKILL`);
		signal('SIGKILL');
		await proc.exitPromise;
	}
}

function waitForOutput(proc, regex, timeoutMs) {
	return new Promise((resolve, reject) => {
		const m0 = regex.exec(proc.output);
		if (m0) return resolve(m0);
		const timer = setTimeout(() => {
			cleanup();
			reject(new Error(`${proc.name}: no ${regex} within ${timeoutMs} ms\n--- output ---\n${proc.output.slice(-4000)}`));
		}, timeoutMs);
		const listener = () => {
			const m = regex.exec(proc.output);
			if (m) {
				cleanup();
				resolve(m);
			}
		};
		proc.exitPromise.then((e) => {
			cleanup();
			reject(new Error(`${proc.name} exited (${JSON.stringify(e)})\n--- output ---\n${proc.output.slice(-4000)}`));
		});
		function cleanup() {
			clearTimeout(timer);
			proc.listeners = proc.listeners.filter((l) => l !== listener);
		}
		proc.listeners.push(listener);
	});
}

async function waitForHttp(url, { timeoutMs, proc }) {
	const until = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < until) {
		if (proc && proc.exited) throw new Error(`${proc.name} exited (${JSON.stringify(proc.exited)})\n${proc.output.slice(-4000)}`);
		try {
			const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
			if (r.ok) return r;
			last = `HTTP ${r.status}`;
		} catch (e) {
			last = e.message;
		}
		await sleep(300);
	}
	throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})${proc ? `\n${proc.output.slice(-4000)}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// The workflow shown

function workflow() {
	const trigger = 'When clicking ‘Execute workflow’';
	return {
		id: WORKFLOW_ID,
		name: 'Yishangyun: text to video',
		active: false,
		nodes: [
			{
				id: '5c1e2d3a-0000-4000-8000-000000000001',
				name: trigger,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: NODE_ID,
				name: NODE_NAME,
				type: n8n.NODE_TYPE,
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					operation: 'submitAndWait',
					model: 'sora-2',
					prompt: 'A paper boat drifting down a rainy neon-lit street at night, slow dolly shot, cinematic',
					seconds: '10',
					size: '1280x720',
					options: { downloadThumbnail: true, pollIntervalSeconds: 10, timeoutSeconds: 900 },
				},
				credentials: { [n8n.CREDENTIAL_TYPE]: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: { [trigger]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const cleanups = [];
	const cleanup = async () => {
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (e) {
				log(`cleanup: ${e.message}`);
			}
		}
	};
	let page;
	try {
		const chromiumVersion = await step('chromium', () => ensureChromium());
		log(chromiumVersion);
		const { chromium } = await step('playwright-core', () => ensurePlaywright());

		const tarball = await step(flag('no-build') ? 'npm pack' : 'npm run build + npm pack', () => {
			const packed = buildAndPack({ build: !flag('no-build'), prefix: 'screenshot-pack-' });
			cleanups.push(() => fs.rmSync(packed.dir, { recursive: true, force: true }));
			return packed.tarball;
		});

		const install = await step('n8n 2.x install (cached)', () => ensureN8n('2'));

		const sim = await step('simulator', () => require(path.join(ROOT, 'simulator')).startSimulator());
		cleanups.push(() => sim.close());
		log(`simulator at ${sim.url}`);

		const port = await n8n.freePort();
		const base = `http://127.0.0.1:${port}`;
		const uf = n8n.createUserFolder(install, {
			prefix: 'n8n-screenshot-',
			extraEnv: {
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_EDITOR_BASE_URL: base,
				N8N_SECURE_COOKIE: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_HIRING_BANNER_ENABLED: 'false',
				N8N_LOG_LEVEL: 'info',
			},
		});
		cleanups.push(() => n8n.removeUserFolder(uf));

		await step('user folder: install package, credential, workflow', async () => {
			await n8n.installPackage(uf, tarball);
			await n8n.importCredentials(uf, [
				{ ...CREDENTIAL, type: n8n.CREDENTIAL_TYPE, data: { apiKey: sim.apiKey, baseUrl: sim.url } },
			]);
			await n8n.importWorkflow(uf, workflow());
		});

		const server = await step('n8n start', async () => {
			const { exe, args, cwd, env } = await n8n.command(uf, ['start']);
			const proc = startProcess(exe, args, { name: 'n8n', cwd, env });
			cleanups.push(() => stopProcess(proc));
			await waitForOutput(proc, /Editor is now accessible via/, 120000);
			await waitForHttp(`${base}/healthz/readiness`, { timeoutMs: 60000, proc });
			return proc;
		});
		if (/Failed to load package|Skipping package/.test(server.output)) {
			log(`warning: n8n reported a package problem:\n${server.output.split('\n').filter((l) => /Failed to load|Skipping package/.test(l)).join('\n')}`);
		}

		await step('owner setup', async () => {
			const r = await fetch(`${base}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(OWNER),
			});
			if (!r.ok) throw new Error(`POST /rest/owner/setup: HTTP ${r.status} ${await r.text()}`);
		});

		const browser = await step('chromium start + CDP connect', async () => {
			const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'screenshot-chromium-'));
			cleanups.push(() => fs.rmSync(profile, { recursive: true, force: true }));
			const proc = startProcess(
				CHROMIUM,
				[
					'--headless',
					'--no-sandbox',
					'--disable-gpu',
					'--disable-quic',
					'--no-first-run',
					'--disable-background-networking',
					'--disable-component-update',
					'--disable-sync',
					'--disable-dev-shm-usage',
					'--hide-scrollbars',
					'--force-device-scale-factor=1',
					`--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
					`--user-data-dir=${profile}`,
					'--remote-debugging-address=127.0.0.1',
					'--remote-debugging-port=0',
					'about:blank',
				],
				{ name: 'chromium', env: process.env, cwd: profile },
			);
			cleanups.push(() => stopProcess(proc, 5000));
			const [, ws] = await waitForOutput(proc, /DevTools listening on (ws:\/\/\S+)/, 30000);
			const b = await chromium.connectOverCDP(ws);
			cleanups.push(() => b.close().catch(() => {}));
			return b;
		});

		const context = browser.contexts()[0];
		page = context.pages()[0] || (await context.newPage());
		await page.setViewportSize(VIEWPORT);

		await step('login', async () => {
			const r = await context.request.post(`${base}/rest/login`, {
				data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
			});
			if (!r.ok()) throw new Error(`POST /rest/login: HTTP ${r.status()} ${await r.text()}`);
			const cookies = await context.cookies(base);
			if (!cookies.some((c) => c.name === 'n8n-auth')) throw new Error(`login set no n8n-auth cookie (got ${cookies.map((c) => c.name).join(', ')})`);
		});

		await step('open the node panel', async () => {
			await page.goto(`${base}/workflow/${WORKFLOW_ID}/${NODE_ID}`, { waitUntil: 'domcontentloaded' });
			const ndv = page.locator('[data-test-id="ndv"]').first();
			const opened = await ndv
				.waitFor({ state: 'visible', timeout: 30000 })
				.then(() => true)
				.catch(() => false);
			if (!opened) {
				log('the /workflow/<id>/<nodeId> URL did not open the panel: double-clicking the node');
				await page.goto(`${base}/workflow/${WORKFLOW_ID}`, { waitUntil: 'domcontentloaded' });
				const node = page.locator('[data-test-id="canvas-node"]', { hasText: NODE_NAME }).first();
				await node.waitFor({ state: 'visible', timeout: 30000 });
				await node.dblclick();
				await ndv.waitFor({ state: 'visible', timeout: 30000 });
			}
			// The parameters, filled from the workflow, and our icon.
			await page.locator('[data-test-id="parameter-input-prompt"]').first().waitFor({ state: 'visible', timeout: 30000 });
			await page.waitForFunction(
				() => {
					const imgs = [...document.querySelectorAll('[data-test-id="ndv"] img')];
					const ours = imgs.filter((i) => /yishangyun/i.test(i.src));
					return ours.length > 0 && ours.every((i) => i.complete && i.naturalWidth > 0);
				},
				null,
				{ timeout: 30000 },
			);
			await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
			// Toasts or tooltips that may have appeared while loading.
			await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
			await sleep(800);
		});

		const clip = await step('screenshot', async () => {
			fs.mkdirSync(path.dirname(OUT), { recursive: true });
			// Crop to the panel (the <dialog data-test-id="ndv">) plus a strip of the dimmed canvas.
			let clip;
			if (!flag('full')) {
				const box = await page.locator('[data-test-id="ndv"]').first().boundingBox();
				if (box) {
					const m = 12;
					const x = Math.max(0, Math.floor(box.x - m));
					const y = Math.max(0, Math.floor(box.y - m));
					clip = {
						x,
						y,
						width: Math.min(VIEWPORT.width, Math.ceil(box.x + box.width + m)) - x,
						height: Math.min(VIEWPORT.height, Math.ceil(box.y + box.height + m)) - y,
					};
				}
			}
			await page.screenshot({ path: OUT, type: 'png', clip, animations: 'disabled' });
			return clip;
		});
		const size = clip ? `${clip.width}x${clip.height}` : `${VIEWPORT.width}x${VIEWPORT.height}`;
		log(`saved ${path.relative(process.cwd(), OUT) || OUT} (${size}, ${fs.statSync(OUT).size} bytes)`);
	} catch (err) {
		if (page) {
			const debug = path.join(os.tmpdir(), `screenshot-failure-${Date.now()}.png`);
			await page.screenshot({ path: debug }).then(
				() => log(`state at failure: ${debug}`),
				() => {},
			);
		}
		throw err;
	} finally {
		await step('stop n8n, chromium, simulator; remove temp folders', cleanup);
	}
}

main().then(
	() => {
		log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s (${timings.map(([n, s]) => `${n} ${s.toFixed(1)}`).join(', ')})`);
	},
	(err) => {
		log(`FAILED: ${err.stack || err.message}`);
		process.exitCode = 1;
	},
);
