// @ts-check
const { parseArgs } = require('node:util');

const { startSimulator } = require('./index');

const USAGE = `Usage: npm run simulator -- [options]

  --port N            API port (default 4010; 0 picks a free one)
  --host ADDR         API address (default 127.0.0.1)
  --file-host ADDR    address serving video_url files (default 127.0.0.2)
  --job-seconds N     time from processing 0% to completed (default 20)
  --queue-seconds N   time queued before processing (default 2)
  --time-scale N      simulated seconds per real second (default 1)
  --dialect D         yishangyun (default), openai, or newapi (new-api, the real gateway)
  --gateway-poll-seconds N
                      newapi: the gateway's background poll period (default 15; 0 = live)
  --exhausted-key KEY newapi: a key whose quota is used up (repeatable; 401 on every route)
  --grant KEY=N       newapi: the key's grant, read by its billing endpoints (repeatable;
                      a key without one is unlimited)
  --submit-price N    newapi: what each accepted submit costs (default 0.3)
  --video-bytes N     pad the served MP4 to exactly N bytes
  --api-key KEY       accept this key (repeatable; default the demo key)
  --quota N           submits accepted per key before 403
  --status-reads-per-second N
                      per-key limit on status reads; beyond it 429 + Retry-After
  --submits-per-minute N
                      per-key limit on submits; beyond it 429 + Retry-After
  -h, --help          this text`;

/** @param {string} name @param {string | undefined} value */
function number(name, value) {
	if (value === undefined) return undefined;
	const parsed = Number(value);
	if (value.trim() === '' || !Number.isFinite(parsed)) throw new TypeError(`--${name} needs a number, got "${value}"`);
	return parsed;
}

/** `--grant KEY=N` pairs as `{ KEY: N }`. @param {string[] | undefined} pairs */
function grants(pairs) {
	if (!pairs) return undefined;
	return Object.fromEntries(
		pairs.map((pair) => {
			const at = pair.lastIndexOf('=');
			if (at <= 0) throw new TypeError(`--grant needs KEY=AMOUNT, got "${pair}"`);
			return [pair.slice(0, at), number('grant', pair.slice(at + 1))];
		}),
	);
}

/**
 * The simulator options a command line asks for.
 * @param {string[]} argv arguments after the script name
 * @returns {{ help: true } | { help: false, options: import('./index').SimulatorOptions }}
 */
function parseCommandLine(argv) {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			'file-host': { type: 'string' },
			'job-seconds': { type: 'string' },
			'queue-seconds': { type: 'string' },
			'time-scale': { type: 'string' },
			dialect: { type: 'string' },
			'gateway-poll-seconds': { type: 'string' },
			'exhausted-key': { type: 'string', multiple: true },
			grant: { type: 'string', multiple: true },
			'submit-price': { type: 'string' },
			'video-bytes': { type: 'string' },
			'api-key': { type: 'string', multiple: true },
			quota: { type: 'string' },
			'status-reads-per-second': { type: 'string' },
			'submits-per-minute': { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) return { help: true };
	/** @type {Record<string, unknown>} */
	const options = {
		host: values.host ?? '127.0.0.1',
		port: number('port', values.port) ?? 4010,
		fileHost: values['file-host'],
		jobSeconds: number('job-seconds', values['job-seconds']) ?? 20,
		queueSeconds: number('queue-seconds', values['queue-seconds']) ?? 2,
		timeScale: number('time-scale', values['time-scale']),
		dialect: values.dialect,
		gatewayPollSeconds: number('gateway-poll-seconds', values['gateway-poll-seconds']),
		exhaustedKeys: values['exhausted-key'],
		grants: grants(values.grant),
		submitPrice: number('submit-price', values['submit-price']),
		videoBytes: number('video-bytes', values['video-bytes']),
		apiKeys: values['api-key'],
		quota: number('quota', values.quota),
		statusReadsPerSecond: number('status-reads-per-second', values['status-reads-per-second']),
		submitsPerMinute: number('submits-per-minute', values['submits-per-minute']),
	};
	for (const name of Object.keys(options)) if (options[name] === undefined) delete options[name];
	return { help: false, options: /** @type {import('./index').SimulatorOptions} */ (options) };
}

/**
 * Starts the simulator for a person at a terminal and prints how to point n8n at it.
 * @param {string[]} argv @param {(line: string) => void} [print]
 */
async function runCli(argv, print = console.log) {
	const command = parseCommandLine(argv);
	if (command.help) {
		print(USAGE);
		return undefined;
	}
	const sim = await startSimulator(command.options);
	print(`Yishangyun API simulator listening at ${sim.url}`);
	print(`  Credential: Base URL ${sim.url}   API Key ${sim.apiKey}`);
	print(`  Files (video_url) served from ${sim.fileUrl}; dialect ${command.options.dialect ?? 'yishangyun'}`);
	if (command.options.dialect === 'newapi') {
		print('  new-api directives: [fail200] [busy200] [relay] [url=<where>] [selfurl] [contentjson] [spell=<status>]; models: GET /v1/models');
		print('  Balance: GET /v1/dashboard/billing/subscription and /usage (--grant KEY=N, --submit-price N)');
	}
	print('  Prompts with [fail] fail, [never] never finish, [seconds=N] take N s, [queue=N] queue N s. Ctrl-C to stop.');
	return sim;
}

module.exports = { parseCommandLine, runCli };
