import { balanceOf, readBillingAnswer, UNLIMITED_HARD_LIMIT } from '../../nodes/Yishangyun/transport/billing-answer';

const requestId = ' (request id: 20261205134501123456789abcdefgh)';
const middleware = (message: string) => ({ error: { message: message + requestId, type: 'new_api_error', code: '' } });
const DASHBOARD = '<!doctype html><html lang="zh"><head><title>New API</title></head><body><div id="root"></div></body></html>';

describe('readBillingAnswer: a figure, or why there is none', () => {
	test.each([
		['subscription', { object: 'billing_subscription', hard_limit_usd: 12.5, soft_limit_usd: 12.5 }, 12.5],
		['usage', { object: 'list', total_usage: 340 }, 340],
		['usage', '{"object":"list","total_usage":0}', 0],
	] as const)('%s: %j → %d', (endpoint, body, figure) => {
		expect(readBillingAnswer(endpoint, { status: 200, body })).toEqual({ figure });
	});

	test.each([
		['a refused key (401 无效的令牌)', 401, middleware('无效的令牌'), 'keyRefused'],
		['a refused key in the document’s words', 401, { error: { message: 'Invalid API key provided', type: 'authentication_error', code: 'invalid_api_key' } }, 'keyRefused'],
		['a used-up key (401 该令牌额度已用尽)', 401, middleware('[sk-abc***xyz] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = 0'), 'keyUsedUp'],
		['a key with no permission (403)', 403, middleware('您的 IP 不在令牌允许访问的列表中'), 'noPermission'],
		['any 403, as the credential test reads it', 403, { code: 'insufficient_user_quota', message: '用户额度不足', data: null }, 'noPermission'],
		['new-api’s dashboard page (200 HTML)', 200, DASHBOARD, 'notThisApi'],
		['another site’s 404 page', 404, '<html><body>Not found</body></html>', 'notThisApi'],
		['an empty 200', 200, '', 'notThisApi'],
		['a gateway without the endpoint (JSON 404)', 404, { error: { message: 'Invalid URL (GET /v1/dashboard/billing/subscription)', type: 'invalid_request_error', code: 'not_found' } }, 'noEndpoints'],
		['a 200 of another shape', 200, { success: true, data: { quota: 5 } }, 'otherShape'],
		['a figure that is not a number', 200, { hard_limit_usd: '12.5' }, 'otherShape'],
		['a list', 200, [1, 2], 'otherShape'],
		['a server fault', 502, '<html><h1>502 Bad Gateway</h1></html>', 'failed'],
		['a refusal after retries', 429, middleware('当前分组上游负载已饱和，请稍后再试'), 'failed'],
	])('%s (HTTP %d) → %s', (_label, status, body, problem) => {
		expect(readBillingAnswer('subscription', { status, body })).toEqual({ problem });
	});

	test("new-api's 200 with an error object carries its message", () => {
		expect(readBillingAnswer('usage', { status: 200, body: { error: { message: 'record not found', type: 'new_api_error' } } })).toEqual({ problem: 'gatewayError', message: 'record not found' });
	});
});

describe('balanceOf', () => {
	test('remaining is the grant less the usage, which comes in hundredths', () => {
		expect(balanceOf(10, 140)).toEqual({ remaining: 8.6, used: 1.4, total: 10, unlimited: false });
	});

	test('binary floating point crumbs are dropped (0.1 + 0.2, a CNY rate)', () => {
		expect(balanceOf(0.1 + 0.2, 0)).toEqual({ remaining: 0.3, used: 0, total: 0.3, unlimited: false });
		expect(balanceOf(73, (1.46 * 3) * 100)).toEqual({ remaining: 68.62, used: 4.38, total: 73, unlimited: false });
	});

	test('an unlimited key has no total and no remaining, only its usage', () => {
		expect(balanceOf(UNLIMITED_HARD_LIMIT, 250)).toEqual({ remaining: null, used: 2.5, total: null, unlimited: true });
	});

	test('a key used past its grant shows it below zero, as the gateway counts it', () => {
		expect(balanceOf(1, 120)).toEqual({ remaining: -0.2, used: 1.2, total: 1, unlimited: false });
	});
});
