'use strict';
// Every long-running process the queue e2e starts (Redis, Postgres, n8n main and workers) goes
// through here, so that one stopAll() ends them all, pass or fail, also on Ctrl-C.
const fs = require('fs');
const { spawn } = require('child_process');

const live = new Set();

/**
 * Starts a process in its own process group (n8n may start helpers of its own), its output
 * appended to `logFile` and kept as lines for waitFor(). `uid`/`gid` run it as another user.
 * `service: true` marks what others depend on (Redis, Postgres): stopped last.
 */
function start(name, cmd, args, { cwd, env, logFile, uid, gid, service = false } = {}) {
	const child = spawn(cmd, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const proc = { name, pid: child.pid, lines: [], exit: null, waiters: new Set(), service };
	let partial = '';
	const feed = (chunk) => {
		if (log) log.write(chunk);
		const parts = (partial + chunk).split('\n');
		partial = parts.pop();
		for (const line of parts) {
			proc.lines.push(line);
			for (const w of proc.waiters) w(line);
		}
	};
	child.stdout.on('data', feed);
	child.stderr.on('data', feed);
	proc.exited = new Promise((resolve) => {
		child.on('error', (error) => {
			proc.exit = { code: null, signal: null, error, at: Date.now() };
			resolve(proc.exit);
		});
		child.on('close', (code, signal) => {
			live.delete(proc);
			if (log) log.end();
			proc.exit = proc.exit || { code, signal, at: Date.now() };
			resolve(proc.exit);
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
			const done = (fn, v) => {
				clearTimeout(timer);
				proc.waiters.delete(onLine);
				fn(v);
			};
			const onLine = (line) => re.test(line) && done(resolve, line);
			const timer = setTimeout(() => done(reject, new Error(`${name}: no line matching ${re} within ${timeoutMs / 1000} s`)), timeoutMs);
			proc.waiters.add(onLine);
			proc.exited.then((e) => done(reject, new Error(`${name} ended (${e.signal || `exit ${e.code}`}) before a line matching ${re}\n${tail(proc)}`)));
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

function tail(proc, n = 30) {
	return proc.lines.slice(-n).join('\n');
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks these process groups to stop (SIGTERM), then kills what is left after `graceMs`. */
async function stop(procs, graceMs) {
	for (const p of procs) p.kill('SIGTERM', { group: true });
	await Promise.race([Promise.all(procs.map((p) => p.exited)), delay(graceMs)]);
	for (const p of procs) if (!p.exit) p.kill('SIGKILL', { group: true });
	await Promise.race([Promise.all(procs.map((p) => p.exited)), delay(2000)]);
}

/** Stops every live process: the clients first, then the services they use. */
async function stopAll(graceMs = 10_000) {
	await stop([...live].filter((p) => !p.service), graceMs);
	await stop([...live], graceMs);
}

/** Ctrl-C and termination run `cleanup` once and exit; a plain exit kills whatever is still alive. */
function stopOnSignals(cleanup) {
	let stopping = false;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, async () => {
			if (stopping) return;
			stopping = true;
			console.log(`\n${signal}: stopping every process this run started …`);
			try {
				await cleanup();
			} finally {
				process.exit(130);
			}
		});
	}
	process.on('exit', () => {
		for (const p of live) p.kill('SIGKILL', { group: true });
	});
}

module.exports = { start, stopAll, stopOnSignals, tail };
