#!/usr/bin/env node
'use strict';
/*
 * The package on n8n's distributed engine (`npm run test:e2e:queue`): n8n 2.41.1 in queue mode,
 * one main and two `n8n worker` processes, Redis and Postgres from Debian's packages (installed
 * with apt-get when missing), binary data in the database, the package installed once in the
 * shared user folder's .n8n/nodes the way a user installs it. Workflows are webhook-triggered
 * and published, so that every execution runs on a worker.
 *
 *   node scripts/e2e/queue/run.js [--bench] [--prompts N] [--keep] [--no-build]
 *     (default)     the cases: concurrent calls, store refusal, a worker killed mid-wait with the
 *                   crash-safe ledger, a worker stopped with SIGTERM mid-wait, the durable loop
 *                   parked (a single-slot worker runs another execution meanwhile), then its
 *                   worker and main killed with SIGKILL, and resumed; the webhook front door
 *                   behind nginx, its worker killed while the loop is parked
 *     --bench       4 concurrent calls × N prompts against one call (N = --prompts, default 10),
 *                   and a worker's memory per video in database mode (BENCHMARKS.md › Queue mode)
 *     --only a,b    only these cases (concurrency, refusal, killed-worker, sigterm, durable-loop, front-door)
 *     --keep        keep the run folder (logs of every process, Postgres data) and print it
 *     --no-build    pack the current dist/ without `npm run build`
 *
 * Output: `[queue] PASS|FAIL <what> (<details>) <time>` per check, figures, then
 * `N passed, M failed`. Every process it starts is stopped at the end, pass or fail, and on Ctrl-C.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const n8n = require('../n8n');
const processes = require('../processes');
const { createReport } = require('../report');
const { readmeMatches } = require('./readme');
const { startStack } = require('./stack');

/**
 * In this order: the killed and the stopped worker leave one worker, then none; the durable loop
 * starts workers of its own and restarts main; the front door starts a second worker if needed.
 */
const CASES = ['concurrency', 'refusal', 'killed-worker', 'sigterm', 'durable-loop', 'front-door'];

function parseArgs(argv) {
	const opts = { bench: false, prompts: 10, keep: false, build: true, only: null };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--bench') opts.bench = true;
		else if (a === '--keep') opts.keep = true;
		else if (a === '--no-build') opts.build = false;
		else if (a === '--prompts') opts.prompts = Number(argv[++i]);
		else if (a === '--only') opts.only = argv[++i].split(',');
		else throw new Error(`unknown argument ${a}`);
	}
	return opts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const tally = createReport();
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishangyun-queue-'));
	fs.chmodSync(runDir, 0o755); // the postgres user reaches its data dir through it
	const sims = [];
	let uf = null;
	const figures = {};
	const log = (msg) => console.log(`[queue] ${msg}`);
	const report = (pass, what, details, ms, failures = []) => tally.result(pass, what, details, ms, failures, '[queue] ');
	const step = tally.timed;
	const cleanup = async () => {
		await processes.stopAll();
		await Promise.all(sims.map((s) => s.close().catch(() => {})));
		if (opts.keep) return;
		fs.rmSync(runDir, { recursive: true, force: true });
		if (uf) n8n.removeUserFolder(uf);
	};
	processes.stopOnSignals(cleanup);

	const doc = readmeMatches();
	report(doc.failures.length === 0, doc.what, doc.details, 0, doc.failures);
	try {
		const ctx = await startStack({ opts, runDir, step, log, report, sims, figures, onUserFolder: (u) => (uf = u) });
		const names = opts.bench ? ['bench'] : CASES.filter((c) => !opts.only || opts.only.includes(c));
		for (const name of names) {
			const t = Date.now();
			try {
				const r = await step(name, () => require(`./cases/${name}`)(ctx));
				for (const check of r) report(check.failures.length === 0, check.what, check.details, Date.now() - t, check.failures);
			} catch (e) {
				report(false, name, '', Date.now() - t, (e.stack || e.message).split('\n').slice(0, 25));
			}
		}
	} catch (e) {
		report(false, 'setup', '', Date.now() - tally.started, (e.stack || e.message).split('\n').slice(0, 30));
	} finally {
		await step('stop every process', cleanup);
	}
	if (opts.keep) log(`run folder kept: ${runDir}; n8n user folder: ${uf && uf.dir}`);
	tally.finish({ figures });
}

main().catch((e) => {
	console.error(e.stack || e.message);
	process.exit(1);
});
