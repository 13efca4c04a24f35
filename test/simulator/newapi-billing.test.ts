import { startSimulator, type Simulator } from '../../simulator';
import { call, submit, withSimulator } from './helpers';

// new-api's billing endpoints as the simulator serves them (simulator/newapi/billing.js): a grant
// per key, a price per accepted submit, integer quota underneath.
const LIMITED = 'sk-billing-limited-key';
const UNLIMITED_KEY = 'sk-billing-unlimited-key';
const SUBSCRIPTION = '/v1/dashboard/billing/subscription';
const USAGE = '/v1/dashboard/billing/usage';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, apiKeys: [LIMITED, UNLIMITED_KEY], grants: { [LIMITED]: 2 }, submitPrice: 0.7 });
});
afterAll(async () => await sim.close());

const read = async (key: string) => ({
	subscription: (await call(sim, SUBSCRIPTION, { key })).body,
	usage: (await call(sim, USAGE, { key })).body,
});

describe('billing endpoints (newapi dialect)', () => {
	test("a key's grant in hard_limit_usd, its spend ×100 in total_usage, moving with each accepted submit", async () => {
		const before = await read(LIMITED);
		expect(before.subscription).toEqual({
			object: 'billing_subscription',
			has_payment_method: true,
			soft_limit_usd: 2,
			hard_limit_usd: 2,
			system_hard_limit_usd: 2,
			access_until: 0,
		});
		expect(before.usage).toEqual({ object: 'list', total_usage: 0 });
		expect((await submit(sim, { model: 'kling-v2-6-std', prompt: 'A heron' }, LIMITED)).status).toBe(200);
		expect((await submit(sim, { model: 'kling-v2-6-std', prompt: 'A crane' }, LIMITED)).status).toBe(200);
		const after = await read(LIMITED);
		// hard_limit_usd is the grant (remaining + used); only the usage moves.
		expect(after.subscription.hard_limit_usd).toBe(2);
		expect(after.usage.total_usage).toBeCloseTo(140, 9);
	});

	test('a submit costing more than is left is refused before anything is billed (403 pre_consume_token_quota_failed)', async () => {
		const tasks = sim.tasks.size;
		const refused = await submit(sim, { model: 'kling-v2-6-std', prompt: 'A stork' }, LIMITED);
		expect(refused.status).toBe(403);
		expect(refused.body.error).toMatchObject({ type: 'new_api_error', code: 'pre_consume_token_quota_failed' });
		expect(refused.body.error.message).toMatch(/^token quota is not enough, token remain quota: ＄0\.600000, need quota: ＄0\.700000 \(request id: /);
		expect(sim.tasks.size).toBe(tasks);
		expect((await read(LIMITED)).usage.total_usage).toBeCloseTo(140, 9);
	});

	test('a key without a grant is unlimited: hard_limit_usd 100000000, its usage still counted', async () => {
		const before = (await read(UNLIMITED_KEY)).usage.total_usage;
		expect((await submit(sim, { model: 'kling-v2-6-std', prompt: 'An egret' }, UNLIMITED_KEY)).status).toBe(200);
		const after = await read(UNLIMITED_KEY);
		expect(after.subscription.hard_limit_usd).toBe(100_000_000);
		expect(after.usage.total_usage - before).toBeCloseTo(70, 9);
	});

	test('a key whose grant is spent is refused as used up on every route, its balance included', async () => {
		await withSimulator({ dialect: 'newapi', grants: { [LIMITED]: 0.5 }, submitPrice: 0.5, apiKeys: [LIMITED] }, async (spent) => {
			expect((await submit(spent, { model: 'kling-v2-6-std', prompt: 'A heron' }, LIMITED)).status).toBe(200);
			for (const path of [SUBSCRIPTION, USAGE, '/v1/models']) {
				const answer = await call(spent, path, { key: LIMITED });
				expect([answer.status, answer.body.error.message]).toEqual([401, expect.stringMatching(/^\[sk-bil\*\*\*key\] 该令牌额度已用尽/)]);
			}
		});
	});

	test('a wrong key is refused (401 无效的令牌); a Base URL with a wrong prefix gets the dashboard page', async () => {
		expect((await call(sim, SUBSCRIPTION, { key: 'sk-wrong' })).body.error.message).toMatch(/^无效的令牌/);
		const page = await call(sim, `/console${SUBSCRIPTION}`, { key: LIMITED });
		expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
	});

	test.each(['yishangyun', 'openai'] as const)('the %s dialect has no billing endpoints: 404', async (dialect) => {
		await withSimulator({ dialect }, async (plain) => {
			for (const path of [SUBSCRIPTION, USAGE]) expect((await call(plain, path)).status).toBe(404);
		});
	});

	test('grants are validated', () => {
		expect(() => sim.configure({ grants: { [LIMITED]: -1 } })).toThrow(/grants must map API keys to numbers >= 0/);
		expect(() => sim.configure({ submitPrice: -0.1 })).toThrow(/submitPrice must be a number >= 0/);
	});
});
