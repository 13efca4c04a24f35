'use strict';
// n8n in queue mode: one main (UI, REST, webhooks) and `n8n worker` processes that take the
// executions from Redis, all sharing one user folder (the package installed once in its
// .n8n/nodes), one Postgres database and one encryption key.
const crypto = require('crypto');
const path = require('path');
const n8n = require('../n8n');
const processes = require('../processes');
const server = require('../server');

/**
 * How fast a dead worker's execution is noticed. Bull counts a job as stalled once its lock
 * (QUEUE_WORKER_LOCK_DURATION, default 60 s, renewed every QUEUE_WORKER_LOCK_RENEW_TIME, 10 s)
 * has expired, at a check every QUEUE_WORKER_STALLED_INTERVAL (30 s) run by the live workers;
 * main then re-reads the execution for a fixed 30 s before marking it failed. Measured: 115 s
 * after the kill with the defaults, 44 to 55 s with these.
 */
const STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '15000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

/** Settings that are the same in every deployment: docs/long-renders.md › Queue mode shows these values. */
const SETTINGS = {
	EXECUTIONS_MODE: 'queue',
	DB_TYPE: 'postgresdb',
	N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '60',
	...STALL_DETECTION,
};

const MAIN_ARGS = server.START_ARGS;
const WORKER_CONCURRENCY = 5;
const workerArgs = (concurrency) => ['worker', `--concurrency=${concurrency}`];
const WORKER_ARGS = workerArgs(WORKER_CONCURRENCY);

/** Env for main and every worker: SETTINGS plus where Redis and Postgres are, the shared key and the store's cap. */
function queueEnv({ redis, pg, maxFileSizeMiB }) {
	return {
		...SETTINGS,
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
		...(maxFileSizeMiB ? { N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(maxFileSizeMiB) } : {}),
	};
}

/** `n8n start` on a free 127.0.0.1 port, its log in `logDir`; resolves once its REST API is ready. */
function startMain(uf, env, logDir, name = 'main') {
	return server.startServer(uf, { env, name, logFile: path.join(logDir, `${name}.log`) });
}

/** `n8n worker` with its own health port; resolves once it is ready to take jobs. */
async function startWorker(uf, env, name, logDir, concurrency = WORKER_CONCURRENCY) {
	const healthPort = await n8n.freePort();
	const c = await n8n.command(uf, workerArgs(concurrency), {
		...env,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	});
	const proc = processes.start(name, c.exe, c.args, { cwd: c.cwd, env: c.env, logFile: path.join(logDir, `${name}.log`) });
	await processes.waitForHttp(`http://127.0.0.1:${healthPort}/healthz/readiness`, { timeoutMs: 180_000, proc });
	return { name, healthPort, proc, concurrency };
}

/** The execution ids a worker has taken, from its own log. */
function executionsOf(worker) {
	return worker.proc.lines.map((l) => /Worker started execution (\d+)/.exec(l)).filter(Boolean).map((m) => m[1]);
}

/** Where each worker's log ends now: nextExecution() looks only at what comes after. */
const logMarks = (workers) => workers.map((w) => w.proc.lines.length);

/** The next execution a worker takes after `marks`: { worker, executionId }. */
async function nextExecution(workers, marks, timeoutMs = 30_000) {
	const re = /Worker started execution (\d+)/;
	return Promise.any(
		workers.map((w, i) => w.proc.waitFor(re, timeoutMs, marks[i]).then((line) => ({ worker: w, executionId: re.exec(line)[1] }))),
	);
}

/** Whether the package's node was loaded by this process (its own log says so). */
function loadedPackage(proc) {
	return proc.lines.some((l) => l.includes(`Loaded all credentials and nodes from ${n8n.PACKAGE_NAME}`));
}

module.exports = { SETTINGS, MAIN_ARGS, WORKER_ARGS, WORKER_CONCURRENCY, queueEnv, startMain, startWorker, executionsOf, logMarks, nextExecution, loadedPackage };
