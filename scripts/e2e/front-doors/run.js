#!/usr/bin/env node
'use strict';
/*
 * Front doors in real n8n, behind a real proxy (`npm run test:e2e:front-doors`): the chat, form
 * and webhook examples started the way their users start them, through Debian's nginx with
 * `proxy_read_timeout 90s`, on renders longer than that (the simulator's jobs take 150–200 s).
 * A front door that held its caller's request while the video renders would get nginx's 504;
 * these answer at once and deliver later.
 *
 *   node scripts/e2e/front-doors/run.js [--n8n 2,1] [--only chat,form] [--keep] [--no-build]
 *
 * Each case is a module in ./cases/ exporting
 *   { name, versions: ['2', '1'], env?: { … }, run: async (stack) => [{ what, details, failures }] }
 * and gets the stack of ./stack.js (n8n start + nginx + simulators made to order). The cases of
 * one n8n version run side by side on one n8n, so the long renders overlap: the suite takes
 * about as long as its longest case. A case whose module throws fails with its stack.
 *
 * Output: `[front doors <version>] PASS|FAIL <what> (<details>) <time>` per check, the timings,
 * then `N passed, M failed`. Every process it starts is stopped at the end, pass or fail.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const processes = require('../processes');
const { createReport } = require('../report');
const { startFrontDoorStack, packOnce } = require('./stack');

function parseArgs(argv) {
	const opts = { versions: ['2', '1'], only: null, keep: false, build: true };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--n8n') opts.versions = argv[++i].split(',');
		else if (a === '--only') opts.only = argv[++i].split(',');
		else if (a === '--keep') opts.keep = true;
		else if (a === '--no-build') opts.build = false;
		else throw new Error(`unknown argument ${a}`);
	}
	return opts;
}

function loadCases(only) {
	const dir = path.join(__dirname, 'cases');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.js'))
		.map((f) => require(path.join(dir, f)))
		.filter((c) => !only || only.includes(c.name));
}

async function runVersion({ flavour, cases, tarball, runDir, tally }) {
	const prefix = `[front doors ${flavour}.x] `;
	const log = (msg) => console.log(`${prefix}${msg}`);
	const env = Object.assign({}, ...cases.map((c) => c.env || {}));
	const t0 = Date.now();
	let stack;
	try {
		stack = await tally.timed(`n8n ${flavour}.x + nginx start`, () => startFrontDoorStack({ flavour, tarball, runDir, env, log }));
	} catch (e) {
		tally.result(false, 'setup', '', Date.now() - t0, (e.stack || e.message).split('\n').slice(0, 30), prefix);
		return;
	}
	try {
		await Promise.all(
			cases.map(async (c) => {
				const t = Date.now();
				try {
					const checks = await tally.timed(`${flavour}.x ${c.name}`, () => c.run(stack));
					for (const check of checks) tally.result(check.failures.length === 0, check.what, check.details, Date.now() - t, check.failures, prefix);
				} catch (e) {
					tally.result(false, c.name, '', Date.now() - t, (e.stack || e.message).split('\n').slice(0, 25), prefix);
				}
			}),
		);
	} finally {
		await stack.close();
	}
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const tally = createReport();
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishangyun-front-doors-'));
	const cleanup = async () => {
		await processes.stopAll();
		if (!opts.keep) fs.rmSync(runDir, { recursive: true, force: true });
	};
	processes.stopOnSignals(cleanup);
	try {
		const cases = loadCases(opts.only);
		const { tarball } = await tally.timed('npm run build + npm pack', () => packOnce({ runDir, build: opts.build }));
		// One version after the other: two n8n and two sets of renders at once would crowd 2 cores.
		for (const flavour of opts.versions) {
			const forVersion = cases.filter((c) => !c.versions || c.versions.includes(flavour));
			if (forVersion.length) await runVersion({ flavour, cases: forVersion, tarball, runDir, tally });
		}
	} catch (e) {
		tally.result(false, 'front doors', '', Date.now() - tally.started, (e.stack || e.message).split('\n').slice(0, 30));
	} finally {
		await cleanup();
	}
	if (opts.keep) console.log(`run folder kept: ${runDir}`);
	tally.finish();
}

main().catch((e) => {
	console.error(e.stack || e.message);
	process.exit(1);
});
