import { parseErrorBody } from '../../nodes/Yishangyun/transport/error-body';
import { apiError } from '../../nodes/Yishangyun/transport/errors';
import { adviceFor, hintFor, isQuotaUsedUp, noChannelHeadline } from '../../nodes/Yishangyun/transport/hints';

const parse = (status: number, body: unknown) => parseErrorBody({ status, body });

describe('error answers in every shape the gateways give', () => {
	test("the document's {error:{message,type,code}}", () => {
		expect(parse(404, { error: { message: 'Task not found', type: 'not_found_error', code: 'task_not_found' } })).toEqual({
			message: 'Task not found',
			type: 'not_found_error',
			code: 'task_not_found',
			original: 'Task not found',
		});
	});

	test("new-api's task routes: {code, message, data}", () => {
		expect(parse(400, { code: 'task_not_exist', message: 'task_not_exist', data: null })).toEqual({
			message: 'task_not_exist',
			type: null,
			code: 'task_not_exist',
			original: 'task_not_exist',
		});
	});

	test("new-api's middleware: the request id leaves the message, stays in the original words and on its own", () => {
		const parsed = parse(401, { error: { message: '无效的令牌 (request id: 20261130134501abcdef)', type: 'new_api_error', code: '' } });
		expect(parsed).toEqual({
			message: '无效的令牌',
			type: 'new_api_error',
			code: null,
			requestId: '20261130134501abcdef',
			original: '无效的令牌 (request id: 20261130134501abcdef)',
		});
	});

	test("an upstream's JSON error inside new-api's message (fail_to_fetch_task) is unwrapped", () => {
		const upstream = JSON.stringify({ error: { message: 'Your request was blocked by our moderation system.', type: 'invalid_request_error', code: 'moderation_blocked' } });
		const parsed = parse(400, { code: 'fail_to_fetch_task', message: upstream, data: null });
		expect(parsed.message).toBe('Your request was blocked by our moderation system.');
		expect(parsed.code).toBe('moderation_blocked');
		expect(parsed.type).toBe('invalid_request_error');
		expect(parsed.gatewayCode).toBe('fail_to_fetch_task');
		expect(parsed.original).toBe(upstream);
	});

	test('a message that only looks like JSON stays as it is', () => {
		expect(parse(500, { code: 'fail_to_fetch_task', message: '{not json', data: null })).toMatchObject({ message: '{not json', code: 'fail_to_fetch_task' });
		expect(parse(500, { code: 'fail_to_fetch_task', message: '["a"]', data: null })).toMatchObject({ message: '["a"]', code: 'fail_to_fetch_task' });
	});

	test('relays and dashboards: {code, msg}, {success:false, message}, {error:"…"}', () => {
		expect(parse(503, { code: 503, msg: 'upstream busy' })).toMatchObject({ message: 'upstream busy', code: '503' });
		expect(parse(401, { success: false, message: '未提供令牌' })).toMatchObject({ message: '未提供令牌', code: null });
		expect(parse(404, { error: 'Not Found', status: 404 })).toMatchObject({ message: 'Not Found', code: null });
	});

	test('HTML and text pages become one readable line; JSON read as text is still JSON', () => {
		const page = '<html><head><style>b{}</style></head><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>';
		expect(parse(502, page)).toMatchObject({ message: '502 Bad Gateway nginx', code: null });
		expect(parse(400, '{"code":"task_not_exist","message":"task_not_exist","data":null}')).toMatchObject({ code: 'task_not_exist' });
		expect(parse(500, '')).toMatchObject({ message: 'HTTP 500' });
		expect(parse(500, undefined)).toMatchObject({ message: 'HTTP 500' });
		expect(parse(404, { detail: 'Not Found' })).toMatchObject({ message: 'HTTP 404', original: '{"detail":"Not Found"}' });
	});
});

describe('what to do next', () => {
	test('the code decides first, then the gateway’s words, then the status', () => {
		expect(hintFor('task_not_exist', 400)).toMatch(/Check the Task ID, and that the same credential/);
		expect(hintFor('model_not_found', 503)).toMatch(/Pick another model, or ask the provider/);
		expect(hintFor(null, 503, '当前分组 default 下对于模型 kling-v9 无可用渠道')).toMatch(/Pick another model/);
		expect(hintFor(null, 401, '无效的令牌')).toBe('Check the API key in the "Yishangyun API" credential.');
		expect(hintFor(null, 429, '当前分组上游负载已饱和，请稍后再试')).toMatch(/at capacity/);
		expect(hintFor(null, 418)).toBe('');
		expect(hintFor(null, 502)).toMatch(/try again later/);
	});

	test('a used-up key is never told to check the key: it needs a top-up', () => {
		for (const message of ['[sk-abc***xyz] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = 0', '该令牌额度已用尽 TokenStatusExhausted[sk-abc***xyz]']) {
			expect(isQuotaUsedUp({ code: null, message })).toBe(true);
			expect(hintFor(null, 401, message)).toMatch(/^The key itself is fine: top up/);
			expect(hintFor(null, 401, message)).toMatch(/"Get Status" with "Wait for Completion"/);
		}
		expect(isQuotaUsedUp({ code: 'insufficient_user_quota' })).toBe(true);
		expect(adviceFor({ code: null, message: '用户额度不足, 剩余额度: ＄0.000000' })?.headline).toBe("The account's quota is used up");
		expect(isQuotaUsedUp({ code: null, message: '无效的令牌' })).toBe(false);
	});

	test('English headlines for the gateway’s own words', () => {
		expect(adviceFor({ code: null, message: '该令牌额度已用尽' })?.headline).toBe("The API key's quota is used up");
		expect(noChannelHeadline('当前分组 vip 下对于模型 kling-v9 无可用渠道')).toBe('No channel serves model "kling-v9" for the key\'s group "vip"');
		expect(noChannelHeadline('something else')).toBeUndefined();
	});
});

describe('the headline of a 401', () => {
	const node = { id: '1', name: 'Yishangyun Video', type: 'n8n-nodes-yishangyun.yishangyunVideo', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const headline = (message: string) =>
		apiError(node, { status: 401, headers: {}, body: { error: { message: `${message} (request id: 1)`, type: 'new_api_error', code: '' } } }, { itemIndex: 0, doing: 'submitting the task' }).message;

	test("a refused key keeps n8n's own wording; an expired, disabled or used-up key is named as such", () => {
		expect(headline('无效的令牌')).not.toMatch(/expired|disabled|quota/);
		expect(headline('该令牌已过期')).toBe('The API key has expired');
		expect(headline('该令牌状态不可用')).toBe('The API key is disabled');
		expect(headline('[sk-abc***xyz] 该令牌额度已用尽')).toBe("The API key's quota is used up");
	});
});
