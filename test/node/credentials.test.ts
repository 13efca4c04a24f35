/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
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

/** A web server on a free 127.0.0.1 port that answers every request with `status`, `type`, `body`. */
async function otherServer(status: number, type: string, body: string): Promise<{ url: string; close: () => void }> {
	const server = http.createServer((_req, res) => {
		res.writeHead(status, { 'content-type': type });
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

const PROBE = '/v1/videos/task_n8n_credential_test';

describe('credential test (the dialog’s Test button)', () => {
	test('a good key at the simulator passes, read from a documented endpoint with the key as a Bearer token', async () => {
		const result = await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: `${sim.url}/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const probe = sim.requests.at(-1)!;
		expect([probe.path, probe.status]).toEqual([PROBE, 404]);
		expect(probe.headers.authorization).toBe(`Bearer ${sim.apiKey}`);
		expect(sim.requests.some((request) => request.path.startsWith('/v1/models'))).toBe(false);
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

	test('a gateway without /v1/models: a good key passes, a wrong one is refused', async () => {
		const bare = await startSimulator({ modelsEndpoint: false });
		try {
			expect(await testCredential('yishangyunApi', { apiKey: bare.apiKey, baseUrl: bare.url })).toEqual({ status: 'OK', message: 'Connection successful!' });
			const refused = await testCredential('yishangyunApi', { apiKey: 'sk-wrong', baseUrl: bare.url });
			expect(refused).toEqual({ status: 'Error', message: expect.stringMatching(/API key was refused \(401\)/) });
		} finally {
			await bare.close();
		}
	});

	test('a gateway speaking OpenAI’s video dialect passes', async () => {
		const openai = await startSimulator({ dialect: 'openai' });
		try {
			expect((await testCredential('yishangyunApi', { apiKey: openai.apiKey, baseUrl: openai.url })).status).toBe('OK');
		} finally {
			await openai.close();
		}
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

	test.each([
		['an HTML 404 page', 404, 'text/html', '<html><body>Not found</body></html>'],
		['JSON of some other API', 404, 'application/json', '{"detail":"Not Found"}'],
		['a site that answers 200 to every path', 200, 'text/html', '<!doctype html><title>App</title>'],
	])('a URL of some other web server (%s) is told apart as not this API', async (_label, status, type, body) => {
		const other = await otherServer(status, type, body);
		try {
			const result = await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: other.url });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Nothing at this Base URL answers like the Yishangyun API/) });
		} finally {
			other.close();
		}
	});

	test('a proxy in trouble (502) is reported as such, not as a wrong Base URL', async () => {
		const proxy = await otherServer(502, 'text/html', '<html><center><h1>502 Bad Gateway</h1></center></html>');
		try {
			expect(await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: proxy.url })).toEqual({ status: 'Error', message: 'Bad Gateway' });
		} finally {
			proxy.close();
		}
	});
});

describe('credential test against new-api (the simulator’s newapi dialect)', () => {
	/** new-api's keys are 48 characters after `sk-`. */
	const USED_UP_KEY = `sk-${'u'.repeat(48)}`;
	/** A short key is masked as `sk-***`, which moves the gateway's words. */
	const SHORT_USED_UP_KEY = 'sk-used';
	let gateway: Simulator;
	beforeAll(async () => {
		gateway = await startSimulator({ dialect: 'newapi' });
		gateway.configure({ apiKeys: [gateway.apiKey, USED_UP_KEY, SHORT_USED_UP_KEY], exhaustedKeys: [USED_UP_KEY, SHORT_USED_UP_KEY] });
	});
	afterAll(async () => await gateway.close());

	test('a good key passes on its 400 task_not_exist, read with the key', async () => {
		expect(await testCredential('yishangyunApi', { apiKey: gateway.apiKey, baseUrl: `${gateway.url}/v1/` })).toEqual({ status: 'OK', message: 'Connection successful!' });
		const probe = gateway.requests.at(-1)!;
		expect([probe.path, probe.status, probe.headers.authorization]).toEqual([PROBE, 400, `Bearer ${gateway.apiKey}`]);
	});

	test('a wrong key (401 无效的令牌) is a refused key', async () => {
		expect(await testCredential('yishangyunApi', { apiKey: 'sk-wrong', baseUrl: gateway.url })).toEqual({
			status: 'Error',
			message: 'The API key was refused (401): check that it is complete and still active',
		});
	});

	test.each([
		['a new-api key', USED_UP_KEY],
		['a short key', SHORT_USED_UP_KEY],
	])('a used-up key (401 too) is told apart: the key is fine, it needs a top-up (%s)', async (_, apiKey) => {
		const result = await testCredential('yishangyunApi', { apiKey, baseUrl: gateway.url });
		expect(result).toEqual({ status: 'Error', message: "The API key's quota is used up (401): the key is fine, top it up at the provider" });
		expect(gateway.requests.at(-1)!.status).toBe(401);
	});

	test('a Base URL with a wrong path prefix reaches the dashboard page (200 HTML): not this API', async () => {
		const result = await testCredential('yishangyunApi', { apiKey: gateway.apiKey, baseUrl: `${gateway.url}/console` });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Nothing at this Base URL answers like the Yishangyun API/) });
		const probe = gateway.requests.at(-1)!;
		expect([probe.path, probe.status]).toEqual([`/console${PROBE}`, 200]);
	});
});

describe('credential test against answers worded as new-api words them', () => {
	const requestId = ' (request id: 20261130134501123456789abcdefgh)';
	const middleware = (message: string) => JSON.stringify({ error: { message: message + requestId, type: 'new_api_error', code: '' } });
	test.each([
		['an unknown task id (400 task_not_exist): OK', 400, '{"code":"task_not_exist","message":"task_not_exist","data":null}', 'OK', /^Connection successful!$/],
		['a refused key (401 无效的令牌)', 401, middleware('无效的令牌'), 'Error', /^The API key was refused \(401\)/],
		['a used-up key (401 [sk-…] 该令牌额度已用尽)', 401, middleware('[sk-abc***xyz] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = 0'), 'Error', /^The API key's quota is used up \(401\)/],
		['a used-up key, older wording (401 该令牌额度已用尽 TokenStatusExhausted)', 401, middleware('该令牌额度已用尽 TokenStatusExhausted[sk-abc***xyz]'), 'Error', /^The API key's quota is used up/],
		['its dashboard API (a Base URL ending in /api)', 200, '{"success":false,"message":"无权进行此操作，未登录且未提供 access token"}', 'Error', /^Nothing at this Base URL answers like the Yishangyun API/],
		['a framework’s JSON 404 with a numeric status', 404, '{"timestamp":"2026-11-30T13:45:01Z","status":404,"error":"Not Found","path":"/v1/videos/x"}', 'Error', /^Nothing at this Base URL/],
		['an empty 404', 404, '', 'Error', /^Nothing at this Base URL/],
	])('%s', async (_label, status, body, verdict, message) => {
		const server = await otherServer(status, body.startsWith('{') ? 'application/json' : 'text/plain', body);
		try {
			const result = await testCredential('yishangyunApi', { apiKey: sim.apiKey, baseUrl: server.url });
			expect(result.status).toBe(verdict);
			expect(result.message).toMatch(message);
		} finally {
			server.close();
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
