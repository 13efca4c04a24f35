#!/usr/bin/env node
// The API simulator on the command line: `npm run simulator -- --port 4010 --job-seconds 20`.
// Options: `npm run simulator -- --help`.
const { runCli } = require('../simulator/cli');

runCli(process.argv.slice(2))
	.then((sim) => {
		if (!sim) return;
		const stop = () => sim.close().then(() => process.exit(0));
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	})
	.catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
