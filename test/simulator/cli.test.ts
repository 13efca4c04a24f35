/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import { spawn } from 'node:child_process';
import path from 'node:path';

// The CLI module is plain JavaScript without its own declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseCommandLine } = require('../../simulator/cli') as { parseCommandLine(argv: string[]): { help: boolean; options?: Record<string, unknown> } };

const SCRIPT = path.join(__dirname, '../../scripts/simulator.js');

test('defaults: port 4010 on 127.0.0.1, jobs a person can watch', () => {
	expect(parseCommandLine([])).toEqual({ help: false, options: { host: '127.0.0.1', port: 4010, jobSeconds: 20, queueSeconds: 2 } });
});

test('every flag maps to its option', () => {
	const { options } = parseCommandLine([
		'--port', '0', '--host', '127.0.0.3', '--file-host', '127.0.0.4', '--job-seconds', '5', '--queue-seconds=0.5',
		'--time-scale', '10', '--dialect', 'openai', '--video-bytes', '1000000', '--api-key', 'sk-a', '--api-key', 'sk-b', '--quota', '3',
		'--status-reads-per-second', '5', '--submits-per-minute', '20',
	]);
	expect(options).toEqual({
		host: '127.0.0.3', port: 0, fileHost: '127.0.0.4', jobSeconds: 5, queueSeconds: 0.5, timeScale: 10,
		dialect: 'openai', videoBytes: 1_000_000, apiKeys: ['sk-a', 'sk-b'], quota: 3,
		statusReadsPerSecond: 5, submitsPerMinute: 20,
	});
});

test('bad flags are refused', () => {
	expect(() => parseCommandLine(['--job-seconds', 'soon'])).toThrow(/--job-seconds needs a number/);
	expect(() => parseCommandLine(['--colour'])).toThrow(/Unknown option/);
	expect(parseCommandLine(['--help']).help).toBe(true);
});

/** Starts `npm run simulator` with `args`; resolves once its banner is printed (the last line says how to stop). */
async function startCli(args: string[]) {
	const child = spawn(process.execPath, [SCRIPT, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	// It gives up only once the child has exited, so a failed start leaves nothing running.
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening at (http:\/\/\S+)/.exec(output);
			if (match && output.includes('Ctrl-C to stop')) resolve(match[1]);
		});
		child.on('exit', (code) => reject(new Error(`exited with ${code} before listening: ${output}`)));
	});
	return { child, url, output };
}

test('npm run simulator: prints its URL and the demo key, serves, and stops cleanly on Ctrl-C', async () => {
	const { child, url, output } = await startCli(['--job-seconds', '1', '--dialect', 'openai']);
	try {
		expect(output).toContain('API Key sk-yishangyun-demo');
		const models = await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer sk-yishangyun-demo' } });
		expect(models.status).toBe(200);
		const made = await fetch(`${url}/v1/videos`, { method: 'POST', headers: { authorization: 'Bearer sk-yishangyun-demo' }, body: JSON.stringify({ model: 'sora-2', prompt: 'x' }) });
		expect(await made.json()).toMatchObject({ id: expect.stringMatching(/^video_/), object: 'video' });
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		child.kill('SIGINT');
		expect(await exited).toBe(0);
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
	}
});

test('--dialect newapi: new-api\'s gateway, its flags, and its directives in the banner', async () => {
	expect(parseCommandLine(['--dialect', 'newapi', '--gateway-poll-seconds', '5', '--exhausted-key', 'sk-a', '--exhausted-key', 'sk-b']).options).toMatchObject({
		dialect: 'newapi', gatewayPollSeconds: 5, exhaustedKeys: ['sk-a', 'sk-b'],
	});
	expect(() => parseCommandLine(['--gateway-poll-seconds', 'often'])).toThrow(/--gateway-poll-seconds needs a number/);
	expect(parseCommandLine(['--grant', 'sk-a=12.5', '--grant', 'sk-b=0', '--submit-price', '0.4']).options).toMatchObject({ grants: { 'sk-a': 12.5, 'sk-b': 0 }, submitPrice: 0.4 });
	expect(() => parseCommandLine(['--grant', 'sk-a'])).toThrow(/--grant needs KEY=AMOUNT/);
	const { child, url, output } = await startCli(['--dialect', 'newapi', '--gateway-poll-seconds', '0']);
	try {
		expect(output).toContain('dialect newapi');
		expect(output).toContain('[fail200]');
		const auth = { authorization: 'Bearer sk-yishangyun-demo' };
		const made = await fetch(`${url}/v1/videos`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'kling-v2-6-std', prompt: 'x' }) });
		const { id } = await made.json();
		expect(await (await fetch(`${url}/v1/videos/${id}`, { headers: auth })).json()).toMatchObject({ id, object: 'video', status: 'queued', progress: 10 });
		const dashboard = await fetch(`${url}/`);
		expect(dashboard.headers.get('content-type')).toMatch(/^text\/html/);
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		child.kill('SIGINT');
		expect(await exited).toBe(0);
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
	}
});
