import '../harness/env';

import type { IDataObject } from 'n8n-workflow';

import { testCredential } from '../harness/credential-test';
import { runWorkflow } from '../harness/engine';
import { frontGateway } from '../harness/front-gateway';
import { credentialsFor, startSimulator, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

// Get Balance through n8n's engine against the simulator's newapi dialect, which serves new-api's
// billing endpoints with a grant per key and a price per accepted submit.
const GRANT = 10;
const PRICE = 0.7;
const UNLIMITED_KEY = 'sk-balance-unlimited';
/** new-api's keys are 48 characters after `sk-`. */
const USED_UP_KEY = `sk-${'b'.repeat(48)}`;
const BILLING = /^\/v1\/dashboard\/billing\/(subscription|usage)$/;

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.1, jobSeconds: 0.3 });
	sim.configure({ apiKeys: [sim.apiKey, UNLIMITED_KEY, USED_UP_KEY], grants: { [sim.apiKey]: GRANT, [USED_UP_KEY]: PRICE }, submitPrice: PRICE });
});
afterAll(async () => await sim.close());

const balanceWorkflow = (options: VideoWorkflowOptions = {}) =>
	videoWorkflow({ items: prompts('first', 'second', 'third'), ...options, parameters: { operation: 'getBalance', ...options.parameters } });

const billingReads = () => sim.requests.filter((request) => BILLING.test(request.path));

interface ShownError {
	message: string;
	description: string;
	httpCode?: string;
}

describe('Get Balance', () => {
	test('the balance before and after two paid submits is the grant minus their prices; one item out per item in, read once per run', async () => {
		const readsBefore = billingReads().length;
		const before = await runWorkflow(balanceWorkflow(), { credentials: credentialsFor(sim) });
		expect(before.run.status).toBe('success');
		expect(before.output(NODE).map((item) => item.json)).toEqual(Array(3).fill({ remaining: GRANT, used: 0, total: GRANT, unlimited: false }));
		expect(before.output(NODE).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// Three items, one question: the two endpoints are read once, with the key, on the API host.
		const reads = billingReads().slice(readsBefore);
		expect(reads.map((request) => request.path)).toEqual(['/v1/dashboard/billing/subscription', '/v1/dashboard/billing/usage']);
		expect(reads.every((request) => request.host === 'api' && request.headers.authorization === `Bearer ${sim.apiKey}`)).toBe(true);

		const submitted = await runWorkflow(videoWorkflow({ items: prompts('a heron', 'a crane'), parameters: { operation: 'submit', model: 'kling-v2-6-std', prompt: '={{ $json.prompt }}', seconds: '', size: '' } }), {
			credentials: credentialsFor(sim),
		});
		expect(submitted.output(NODE).map((item) => item.json.task_id)).toEqual([expect.any(String), expect.any(String)]);

		const after = await runWorkflow(balanceWorkflow({ items: prompts('one') }), { credentials: credentialsFor(sim) });
		const spent = 2 * PRICE;
		expect(after.output(NODE)).toHaveLength(1);
		const balance = after.output(NODE)[0].json;
		expect(balance).toEqual({ remaining: expect.any(Number), used: expect.any(Number), total: GRANT, unlimited: false });
		expect(balance.used).toBeCloseTo(spent, 9);
		expect(balance.remaining).toBeCloseTo(GRANT - spent, 9);
		// The figures come out as the gateway means them, not with binary floating point's crumbs.
		expect(String(balance.remaining)).toMatch(/^\d+(\.\d{1,6})?$/);
	});

	test('an unlimited key says unlimited: true, with its usage and no made-up total', async () => {
		const { output } = await runWorkflow(balanceWorkflow({ items: prompts('one') }), { credentials: credentialsFor(sim, UNLIMITED_KEY) });
		expect(output(NODE).map((item) => item.json)).toEqual([{ remaining: null, used: 0, total: null, unlimited: true }]);
	});
});

describe('Get Balance errors: each cause its own message, no item pretending to be a balance', () => {
	const failing = async (credentials: ReturnType<typeof credentialsFor>, options: VideoWorkflowOptions = {}) => {
		const result = await runWorkflow(balanceWorkflow(options), { credentials });
		expect(result.run.status).toBe('error');
		expect(result.output(NODE)).toEqual([]);
		return result.error(NODE) as unknown as ShownError;
	};

	test('a refused key: the credential test’s sentence', async () => {
		const credentials = credentialsFor(sim, 'sk-wrong');
		const shown = await failing(credentials);
		expect(shown.message).toBe('The API key was refused (401): check that it is complete and still active');
		expect(shown.httpCode).toBe('401');
		expect(shown.description).toMatch(/无效的令牌/);
		expect(shown.message).toBe((await testCredential('yishangyunApi', credentials.yishangyunApi)).message);
	});

	test('a used-up key (its grant spent): the credential test’s sentence, not "check your key"', async () => {
		const credentials = credentialsFor(sim, USED_UP_KEY);
		await runWorkflow(videoWorkflow({ parameters: { operation: 'submit', model: 'kling-v2-6-std', seconds: '', size: '' } }), { credentials });
		const shown = await failing(credentials);
		expect(shown.message).toBe("The API key's quota is used up (401): the key is fine, top it up at the provider");
		expect(shown.description).toMatch(/该令牌额度已用尽/);
		expect(JSON.stringify(shown)).not.toContain(USED_UP_KEY);
		expect(shown.message).toBe((await testCredential('yishangyunApi', credentials.yishangyunApi)).message);
	});

	test('a Base URL with a wrong path prefix reaches the dashboard’s HTML: the credential test’s sentence', async () => {
		const credentials = { yishangyunApi: { apiKey: sim.apiKey, baseUrl: `${sim.url}/console` } };
		const shown = await failing(credentials);
		expect(shown.message).toMatch(/^Nothing at this Base URL answers like the Yishangyun API/);
		expect(shown.description).toMatch(/HTTP 200: New API/);
		expect(shown.message).toBe((await testCredential('yishangyunApi', credentials.yishangyunApi)).message);
	});

	test("a gateway without the endpoints (the API document's, 404): says so", async () => {
		const documented = await startSimulator();
		try {
			const shown = await failing(credentialsFor(documented));
			expect(shown.message).toBe('This gateway has no balance endpoint (404 for /v1/dashboard/billing/subscription)');
			expect(shown.description).toMatch(/Invalid URL \(GET \/v1\/dashboard\/billing\/subscription\)/);
			expect(documented.requests.filter((request) => BILLING.test(request.path))).toHaveLength(1);
		} finally {
			await documented.close();
		}
	});

	test.each([
		['a body in another shape', { total: '10' }, /^The answer of \/v1\/dashboard\/billing\/usage is not a balance$/],
		["new-api's own error with HTTP 200", { error: { message: 'record not found', type: 'new_api_error' } }, /^The gateway could not read the key's balance: record not found$/],
	])('%s (usage): no balance, its own message', async (_label, body, message) => {
		const front = await frontGateway(sim.url, (_method, path) => (path === '/v1/dashboard/billing/usage' ? { status: 200, type: 'application/json', body: JSON.stringify(body) } : undefined));
		try {
			const shown = await failing({ yishangyunApi: { apiKey: sim.apiKey, baseUrl: front.url } });
			expect(shown.message).toMatch(message);
		} finally {
			await front.close();
		}
	});

	test('continue-on-fail: every item carries the error in its place, paired, and no figure', async () => {
		const { output, run } = await runWorkflow(balanceWorkflow({ continueOnFail: true }), { credentials: credentialsFor(sim, 'sk-wrong') });
		expect(run.status).toBe('success');
		const items = output(NODE);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) {
			expect(Object.keys(item.json)).toEqual(['error']);
			expect((item.json.error as IDataObject).message).toBe('The API key was refused (401): check that it is complete and still active');
		}
	});

	test('error output: the items go to the error branch, none to the balance branch', async () => {
		const { run } = await runWorkflow(balanceWorkflow({ onError: 'continueErrorOutput' }), { credentials: credentialsFor(sim, 'sk-wrong') });
		const [balances, errors] = run.data.resultData.runData[NODE][0].data!.main;
		expect(balances).toEqual([]);
		expect(errors!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(errors!.every((item) => (item.json.error as IDataObject).message === 'The API key was refused (401): check that it is complete and still active')).toBe(true);
	});
});
