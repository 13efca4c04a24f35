'use strict';
// What every real-n8n runner prints (e2e, queue mode, the UI test): a line per check, where the
// time went, and a last line `N passed, M failed`, the line CI logs and the README quote; and the
// exit code that goes with it.

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** A run's tally, started now. `onTimed(label, ms)` hears of each timed step as it ends. */
function createReport({ onTimed } = {}) {
	const started = Date.now();
	const timings = [];
	const results = [];
	return {
		started,

		/** Runs `fn`; its time goes into the timing table under `label`. */
		async timed(label, fn) {
			const t = Date.now();
			try {
				return await fn();
			} finally {
				timings.push([label, Date.now() - t]);
				if (onTimed) onTimed(label, Date.now() - t);
			}
		},

		/** A check's line, `<prefix>PASS|FAIL  <what> (<details>)  <time>`, then one line per failure. */
		result(pass, what, details, ms, failures = [], prefix = '') {
			results.push(pass);
			console.log(`${prefix}${pass ? 'PASS' : 'FAIL'}  ${what}${details ? ` (${details})` : ''}  ${secs(ms)}`);
			for (const f of failures) console.log(`        - ${String(f).split('\n').join('\n          ')}`);
		},

		hasFailed: () => results.includes(false),

		/** The timing table, `figures` if any, the last line; sets the exit code: 0 only when checks ran and all passed. */
		finish({ figures = {} } = {}) {
			console.log('\nTimings:');
			for (const [label, ms] of timings) console.log(`  ${secs(ms).padStart(8)}  ${label}`);
			console.log(`  ${secs(Date.now() - started).padStart(8)}  total`);
			if (Object.keys(figures).length) console.log(`\nFigures: ${JSON.stringify(figures)}`);
			const passed = results.filter(Boolean).length;
			console.log(`\n${passed} passed, ${results.length - passed} failed`);
			process.exitCode = results.length && passed === results.length ? 0 : 1;
		},
	};
}

module.exports = { createReport, secs };
