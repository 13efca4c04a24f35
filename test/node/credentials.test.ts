import '../harness/env';

import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { testCredential } from '../harness/credential-test';
import { runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, type Simulator } from '../harness/simulator';
import { NODE, videoWorkflow } from '../harness/workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());

describe('credential test (the dialog’s Test button)', () => {
	test('a good key at the simulator passes, with the key sent as a Bearer token', async () => {
		const result = await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: `${sim.url}/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const probe = sim.requests.at(-1)!;
		expect(probe.path).toBe('/v1/models');
		expect(probe.headers.authorization).toBe(`Bearer ${sim.apiKey}`);
	});

	test('a Base URL given with /v1 is accepted too', async () => {
		const result = await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: `${sim.url}/v1` });
		expect(result.status).toBe('OK');
	});

	test('a wrong key is told apart as a wrong key', async () => {
		const result = await testCredential('yishangyunApi', { apiKey: 'sk-wrong', baseUrl: sim.url });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/API key was refused \(401\)/);
	});

	test('a URL where nothing listens is told apart as no answer', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const result = await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: `http://127.0.0.1:${port}` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/ECONNREFUSED/);
	});

	test('a URL of some other web server is told apart as not this API', async () => {
		const other = http.createServer((_req, res) => {
			res.writeHead(404, { 'content-type': 'text/html' });
			res.end('<html><body>Not found</body></html>');
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		const { port } = other.address() as AddressInfo;
		try {
			const result = await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: `http://127.0.0.1:${port}` });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/does not answer like the Yishangyun API|Nothing at this Base URL/);
		} finally {
			other.close();
		}
	});
});

describe('authenticated requests from a workflow', () => {
	test('Submit sends the key to the API and returns the accepted task', async () => {
		const { output, run } = await runWorkflow(videoWorkflow({ parameters: { operation: 'submit' } }), { credentials: credentialsFor(sim) });
		expect(run.data.resultData.error).toBeUndefined();
		const [item] = output(NODE);
		expect(item.json.task_id).toMatch(/^task_/);
		expect(item.json.status).toBe('queued');
		const submit = sim.submits().at(-1)!;
		expect(submit.headers.authorization).toBe(`Bearer ${sim.apiKey}`);
		expect(sim.tasks.has(item.json.task_id as string)).toBe(true);
	});

	test('a wrong key stops the workflow with n8n’s own credential error', async () => {
		const { error, run } = await runWorkflow(videoWorkflow({ parameters: { operation: 'submit' } }), { credentials: credentialsFor(sim, 'sk-wrong') });
		expect(run.status).toBe('error');
		const nodeError = error(NODE)!;
		expect(nodeError.message).toBe('Authorization failed - please check your credentials');
		expect(nodeError.description).toMatch(/Invalid API key provided/);
		expect(nodeError.description).toMatch(/Check the API key in the "Yishangyun API" credential/);
		expect(JSON.stringify(run.data)).not.toContain('sk-wrong');
	});
});
