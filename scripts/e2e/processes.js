'use strict';
/*
 * Every process the real-n8n scripts start (n8n start/execute/worker, npm, Redis, Postgres) goes
 * through here, so that one place ends them all, pass or fail: stopAll() at the end of a run,
 * stopOnSignals() on Ctrl-C, and a SIGKILL to whatever is left when this process exits.
 *
 * Each runs in its own process group (detached): n8n starts helpers of its own, and a signal
 * to the group reaches them too. Its output is kept as lines (both streams) for waitFor() and
 * error messages, optionally appended to a log file and collected whole per stream.
 */
const fs = require('fs');
const { spawn } = require('child_process');
const { until, within } = require('./wait');

const live = new Set();

/**
 * Starts `cmd args` as process `name`. Options: `cwd`, `env`; `uid`/`gid` run it as another user;
 * `logFile` gets its output appended; `collect: true` keeps `proc.stdout`/`proc.stderr` whole;
 * `onLine(line)` sees each line as it comes; `service: true` marks what others depend on (Redis,
 * Postgres): stopAll() stops it last.
 */
function start(name, cmd, args, { cwd, env, uid, gid, logFile, collect = false, onLine, service = false } = {}) {
	const child = spawn(cmd, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const proc = { name, pid: child.pid, lines: [], stdout: '', stderr: '', exit: null, service };
	const listeners = new Set(onLine ? [onLine] : []);
	for (const stream of ['stdout', 'stderr']) {
		// Each stream has its own unfinished line: a chunk of one must not complete a line of the other.
		let partial = '';
		child[stream].setEncoding('utf8');
		child[stream].on('data', (chunk) => {
			if (log) log.write(chunk);
			if (collect) proc[stream] += chunk;
			const parts = (partial + chunk).split('\n');
			partial = parts.pop();
			for (const line of parts) {
				proc.lines.push(line);
				for (const listener of listeners) listener(line);
			}
		});
	}
	proc.exited = new Promise((resolve) => {
		const ended = (exit) => {
			live.delete(proc);
			proc.exit = proc.exit || { ...exit, at: Date.now() };
			resolve(proc.exit);
		};
		child.on('error', (error) => ended({ code: null, signal: null, error }));
		child.on('close', (code, signal) => {
			if (log) log.end();
			ended({ code, signal });
		});
	});

	/**
	 * The first line matching `re`, from line number `from` on (already seen or to come); rejects
	 * when the process ends first or after `timeoutMs`.
	 */
	proc.waitFor = (re, timeoutMs = 60_000, from = 0) => {
		const seen = proc.lines.slice(from).find((l) => re.test(l));
		if (seen) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const done = (settle, value) => {
				clearTimeout(timer);
				listeners.delete(onMatch);
				settle(value);
			};
			const onMatch = (line) => re.test(line) && done(resolve, line);
			const timer = setTimeout(() => done(reject, new Error(`${name}: no line matching ${re} within ${timeoutMs / 1000} s\n${tail(proc)}`)), timeoutMs);
			listeners.add(onMatch);
			proc.exited.then(() => done(reject, endedError(proc, `before a line matching ${re}`)));
		});
	};

	/** Sends a signal to the process itself, or with `group` to its whole process group. */
	proc.kill = (signal, { group = false } = {}) => {
		try {
			process.kill(group ? -proc.pid : proc.pid, signal);
		} catch {
			/* already gone */
		}
	};
	live.add(proc);
	return proc;
}

/** The last `n` lines the process wrote. */
function tail(proc, n = 30) {
	return proc.lines.slice(-n).join('\n');
}

function endedError(proc, when) {
	const e = proc.exit;
	return new Error(`${proc.name} ended (${e.error ? e.error.message : e.signal || `exit ${e.code}`}) ${when}\n${tail(proc)}`);
}

/**
 * Resolves once `url` answers 2xx; fails at once when `proc` (the server behind it) ends, or after
 * `timeoutMs` with the last answer or error.
 */
async function waitForHttp(url, { timeoutMs = 60_000, proc } = {}) {
	let last = 'no answer';
	const ok = async () => {
		if (proc && proc.exit) throw endedError(proc, `before ${url} answered`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
			last = `HTTP ${response.status}`;
			return response.ok;
		} catch (error) {
			last = error.cause ? error.cause.message : error.message;
			return false;
		}
	};
	try {
		await until(url, ok, timeoutMs, { everyMs: 300 });
	} catch (error) {
		if (proc && proc.exit) throw error;
		throw new Error(`${error.message} (last: ${last})${proc ? `\n${tail(proc)}` : ''}`);
	}
}

/** Runs a command to its end; `timeoutMs` kills its process group. Resolves to { code, signal, stdout, stderr, timedOut, ms }. */
async function run(cmd, args, { cwd, env, timeoutMs = 10 * 60 * 1000, onLine } = {}) {
	const started = Date.now();
	const proc = start(cmd, cmd, args, { cwd, env, collect: true, onLine });
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		proc.kill('SIGKILL', { group: true });
	}, timeoutMs);
	const exit = await proc.exited;
	clearTimeout(timer);
	if (exit.error) throw exit.error;
	return { code: exit.code, signal: exit.signal, stdout: proc.stdout, stderr: proc.stderr, timedOut, ms: Date.now() - started };
}

/** Asks these processes' groups to stop (SIGTERM), then kills what is left after `graceMs`. */
async function stop(procs, graceMs = 10_000) {
	const list = (Array.isArray(procs) ? procs : [procs]).filter((p) => p && !p.exit);
	const allExited = Promise.all(list.map((p) => p.exited));
	for (const p of list) p.kill('SIGTERM', { group: true });
	if (await within(allExited, graceMs)) return;
	for (const p of list) if (!p.exit) p.kill('SIGKILL', { group: true });
	await within(allExited, 5000);
}

/** Stops every live process: the clients first, then the services they use. */
async function stopAll(graceMs = 10_000) {
	await stop([...live].filter((p) => !p.service), graceMs);
	await stop([...live], graceMs);
}

/** Ctrl-C and termination stop every process, run the caller's `cleanup` once, then exit with 130. */
function stopOnSignals(cleanup = async () => {}) {
	let stopping = false;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, async () => {
			if (stopping) return;
			stopping = true;
			console.log(`\n${signal}: stopping every process this run started …`);
			try {
				await stopAll();
				await cleanup();
			} finally {
				process.exit(130);
			}
		});
	}
}

// Whatever way this process exits (an uncaught error, process.exit), nothing it started lives on.
process.on('exit', () => {
	for (const p of live) p.kill('SIGKILL', { group: true });
});

module.exports = { start, run, stop, stopAll, stopOnSignals, tail, waitForHttp };
