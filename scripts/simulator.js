#!/usr/bin/env node
// The API simulator on the command line: `npm run simulator -- --port 4010 --job-seconds 20`.
const { startSimulator, DEMO_API_KEY } = require('../simulator');

function arg(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

(async () => {
	const sim = await startSimulator({
		host: arg('host', '127.0.0.1'),
		port: Number(arg('port', 4010)),
		jobSeconds: Number(arg('job-seconds', 20)),
		queueSeconds: Number(arg('queue-seconds', 2)),
		dialect: arg('dialect', 'yishangyun'),
	});
	console.log(`Yishangyun API simulator listening at ${sim.url} (files at ${sim.fileUrl})`);
	console.log(`Credential: Base URL ${sim.url}   API Key ${DEMO_API_KEY}`);
	console.log('Prompts with [fail] fail, [never] never finish, [seconds=N] take N seconds. Ctrl-C to stop.');
	const stop = () => sim.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
