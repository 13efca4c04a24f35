'use strict';
// Everything the cases run on: Redis and Postgres (Debian's, installed when missing), the package
// packed and installed into one user folder, n8n main and two workers, an owner session on main.
const fs = require('fs');
const path = require('path');
const { folderEnv } = require('../files-folder');
const { ensureN8n } = require('../install-n8n');
const n8n = require('../n8n');
const { buildAndPack } = require('../pack');
const { Rest } = require('../rest');
const { startSimulator } = require('../../../simulator');
const cluster = require('./cluster');
const services = require('./services');

/** The store's cap in the cases: 1 MiB, so that the refusal case needs only a 3 MiB video. */
const CASE_CAP_MIB = 1;

function mkdir(parent, name) {
	const dir = path.join(parent, name);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

/**
 * Starts the stack under `runDir` and returns the context every case gets. Simulators the cases
 * start go into `sims`, for the caller to close.
 */
async function startStack({ opts, runDir, step, log, report, sims, figures, onUserFolder }) {
	const installed = await step('apt-get: redis-server, postgresql', () => services.ensureDebianPackages(log));
	log(installed.length ? `installed ${installed.join(', ')} with apt-get` : 'redis-server and postgresql already installed');
	const [install, packed] = await Promise.all([
		step('n8n 2.41.1 (cached)', () => ensureN8n('2')),
		step(opts.build ? 'npm run build + npm pack' : 'npm pack', () => buildAndPack({ build: opts.build, dir: fs.mkdtempSync(path.join(runDir, 'pack-')) })),
	]);
	const [redis, pg] = await step('redis + postgres', () =>
		Promise.all([services.startRedis(mkdir(runDir, 'redis')), services.startPostgres(mkdir(runDir, 'postgres'))]),
	);
	log(`redis on 127.0.0.1:${redis.port}, postgres on 127.0.0.1:${pg.port}`);

	const capMiB = opts.bench ? undefined : CASE_CAP_MIB;
	// The ledger examples write each video to a folder; n8n 2.x writes only where it is allowed to.
	const filesDir = mkdir(runDir, 'files');
	const env = { ...cluster.queueEnv({ redis, pg, maxFileSizeMiB: capMiB }), ...folderEnv(filesDir) };
	// One user folder for main and both workers: the package is installed once, in its .n8n/nodes.
	const uf = n8n.createUserFolder(install, { prefix: 'queue-', extraEnv: { N8N_LOG_LEVEL: 'debug' } });
	onUserFolder(uf);
	await step('npm install the package into .n8n/nodes', () => n8n.installPackage(uf, packed.tarball));

	const logDir = mkdir(runDir, 'logs');
	const mainProc = await step('n8n main start (migrations)', () => cluster.startMain(uf, env, logDir));
	const workers = await step('two n8n workers start', () =>
		Promise.all(['worker-1', 'worker-2'].map((name) => cluster.startWorker(uf, env, name, logDir))),
	);
	const rest = new Rest(mainProc.url, install);
	await rest.signIn();
	const loaded = [mainProc, ...workers].filter((p) => cluster.loadedPackage(p.proc)).map((p) => p.name);
	report(loaded.length === 3, 'package loaded by main and both workers', loaded.join(', '), 0);

	const ctx = {
		opts,
		runDir,
		capMiB,
		gracefulShutdownSeconds: Number(cluster.SETTINGS.N8N_GRACEFUL_SHUTDOWN_TIMEOUT),
		figures,
		filesDir,
		workers,
		main: mainProc,
		rest,
		webhook: (p) => `${ctx.main.url}/webhook/${p}`,
		/** One more `n8n worker` (added to `workers`), taking `concurrency` executions at once. */
		startWorker: async (name, concurrency) => {
			const worker = await cluster.startWorker(uf, env, name, logDir, concurrency);
			ctx.workers.push(worker);
			return worker;
		},
		/** Main killed with SIGKILL, as a crash does, and started again (a new port); `rest` signed in anew. */
		restartMain: async () => {
			ctx.main.proc.kill('SIGKILL', { group: true });
			await ctx.main.proc.exited;
			ctx.main = await cluster.startMain(uf, env, logDir, 'main-2');
			ctx.rest = new Rest(ctx.main.url, install);
			await ctx.rest.signIn();
		},
		startSimulator: async (o) => {
			const s = await startSimulator({ host: '127.0.0.1', port: 0, ...o });
			sims.push(s);
			return s;
		},
	};
	return ctx;
}

module.exports = { startStack };
