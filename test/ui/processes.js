'use strict';
// Long-running processes of the UI test (n8n, chromium): started in their own process group,
// their recent output kept for error messages, stopped with SIGTERM then SIGKILL.
const { spawn } = require('child_process');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function startProcess(cmd, args, { env, cwd, name }) {
	const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const proc = { child, name, output: '', exited: null, listeners: [] };
	const onData = (chunk) => {
		proc.output = (proc.output + chunk.toString()).slice(-20000);
		for (const listener of proc.listeners) listener();
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	proc.exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => resolve((proc.exited = { code, signal })));
		child.on('error', (error) => resolve((proc.exited = { error: error.message })));
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
	const stopped = await Promise.race([proc.exitPromise.then(() => true), new Promise((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
	clearTimeout(timer);
	if (!stopped) {
		signal('SIGKILL');
		await proc.exitPromise;
	}
}

const tail = (proc) => `\n--- ${proc.name} output ---\n${proc.output.slice(-4000)}`;

/** Resolves with the match once `regex` appears in the process's output. */
function waitForOutput(proc, regex, timeoutMs) {
	return new Promise((resolve, reject) => {
		const check = () => {
			const match = regex.exec(proc.output);
			if (match) finish(() => resolve(match));
		};
		const timer = setTimeout(() => finish(() => reject(new Error(`${proc.name}: no ${regex} within ${timeoutMs} ms${tail(proc)}`))), timeoutMs);
		proc.exitPromise.then((e) => finish(() => reject(new Error(`${proc.name} exited (${JSON.stringify(e)})${tail(proc)}`))));
		function finish(settle) {
			clearTimeout(timer);
			proc.listeners = proc.listeners.filter((l) => l !== check);
			settle();
		}
		proc.listeners.push(check);
		check();
	});
}

/** Polls `url` until it answers 2xx. */
async function waitForHttp(url, { timeoutMs, proc }) {
	const until = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < until) {
		if (proc?.exited) throw new Error(`${proc.name} exited (${JSON.stringify(proc.exited)})${tail(proc)}`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
			if (response.ok) return;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = error.message;
		}
		await sleep(300);
	}
	throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})${proc ? tail(proc) : ''}`);
}

module.exports = { sleep, startProcess, stopProcess, waitForOutput, waitForHttp };
