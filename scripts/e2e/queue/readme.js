'use strict';
// The Queue mode section of docs/long-renders.md (the guide the README links to) tells users what
// to run; this run is the proof. Both must stay the same: every variable this run sets is in the
// section (with its value, where the value is not the user's own host, port or secret), and so are
// the commands that start main and workers.
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../pack');
const cluster = require('./cluster');

const GUIDE = 'docs/long-renders.md';

function queueModeSection() {
	const guide = fs.readFileSync(path.join(ROOT, GUIDE), 'utf8');
	const start = guide.indexOf('\n## Queue mode');
	if (start < 0) return null;
	const end = guide.indexOf('\n## ', start + 1);
	return guide.slice(start, end < 0 ? undefined : end);
}

/** A check: the section shows this run's settings and commands. */
function readmeMatches() {
	const section = queueModeSection();
	const failures = [];
	if (!section) failures.push(`${GUIDE} has no "## Queue mode" section`);
	else {
		const sample = cluster.queueEnv({ redis: { port: 1 }, pg: { port: 1 }, maxFileSizeMiB: 1 });
		for (const name of Object.keys(sample)) {
			const want = name in cluster.SETTINGS ? `${name}=${cluster.SETTINGS[name]}` : `${name}=`;
			if (!section.includes(want)) failures.push(`the section lacks ${want}`);
		}
		for (const args of [cluster.MAIN_ARGS, cluster.WORKER_ARGS]) {
			if (!section.includes(`n8n ${args.join(' ')}`)) failures.push(`the section lacks "n8n ${args.join(' ')}"`);
		}
	}
	return { what: `${GUIDE} › Queue mode shows this run's settings and commands`, details: '', failures };
}

module.exports = { readmeMatches };
