'use strict';
// Waiting in the e2e scripts: a plain delay, and polling until something holds (a server is up,
// a worker took a job, a row was written), with a deadline so that a hang becomes a failure.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once `check()` returns true, asked every `everyMs`; throws "<what>: not within N s"
 * after `timeoutMs`. An error thrown by `check` ends the wait at once (e.g. the process died).
 */
async function until(what, check, timeoutMs, { everyMs = 200 } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
		await sleep(everyMs);
	}
}

/**
 * Whether `promise` settles within `ms`. The timer is cleared when it does: a pending one would
 * keep the run alive after its last line.
 */
async function within(promise, ms) {
	let timer;
	const late = new Promise((resolve) => (timer = setTimeout(resolve, ms, false)));
	try {
		return await Promise.race([promise.then(() => true), late]);
	} finally {
		clearTimeout(timer);
	}
}

module.exports = { sleep, until, within };
