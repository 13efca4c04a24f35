import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { KEY_REFUSED, KEY_USED_UP, NO_PERMISSION, NOT_THIS_API } from '../nodes/Yishangyun/transport/access-messages';

/** A test rule: the probe's answer has `value` at `key` (lodash `get`; a string's characters by index). */
const bodyRule = (key: string, value: unknown, message: string) => ({ type: 'responseSuccessBody' as const, properties: { key, value, message } });

export class YishangyunApi implements ICredentialType {
	name = 'yishangyunApi';

	displayName = 'Yishangyun API';

	icon = { light: 'file:../nodes/Yishangyun/yishangyun.svg', dark: 'file:../nodes/Yishangyun/yishangyun.dark.svg' } as const;

	documentationUrl = 'https://github.com/yishangyun/n8n-nodes-yishangyun#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk-...',
			description: 'Your Yishangyun API key (starts with sk-)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://token.yishangcloud.cn',
			required: true,
			description: 'The API root, without /v1. Change it only for another gateway or the local simulator.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	// The API document has only /v1/videos endpoints (no model list), so the test reads a task
	// that cannot exist. A good key at the right URL gets the document's 404 `task_not_found` or
	// new-api's 400 `task_not_exist`; a wrong Base URL gives no answer, an HTML page (new-api
	// serves its dashboard with 200 outside /v1) or some other JSON.
	// n8n only compares values (`get(body, key) === value`, and a match is always an error), so
	// the rules name what is wrong rather than what is right, and read every answer's body: 401
	// is not among the statuses that n8n 2.x throws on (`except`; a thrown answer is judged by its
	// status alone), because new-api answers 401 both to a wrong key and to a used-up one, told
	// apart only by its words. n8n 1.x ignores every status here and reads every body.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/i, "") }}',
			url: '/v1/videos/task_n8n_credential_test',
			method: 'GET',
			ignoreHttpStatusErrors: { ignore: true, except: [403, 429, 500, 502, 503, 504] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 403, message: NO_PERMISSION },
			},
			// new-api's "[sk-abc***xyz] 该令牌额度已用尽 …" and "该令牌额度已用尽 TokenStatusExhausted[…]":
			// only the words tell them from a wrong key, and n8n can only compare whole values.
			// (the key masked as `sk-abc***xyz`, or as `sk-***` when it is short).
			bodyRule('error.message.18', '额', KEY_USED_UP),
			bodyRule('error.message.12', '额', KEY_USED_UP),
			bodyRule('error.message.3', '额', KEY_USED_UP),
			bodyRule('error.code', 'pre_consume_token_quota_failed', KEY_USED_UP),
			bodyRule('code', 'insufficient_user_quota', KEY_USED_UP),
			bodyRule('error.code', 'invalid_api_key', KEY_REFUSED),
			bodyRule('error.type', 'authentication_error', KEY_REFUSED),
			// A 401 is judged by its body (see above): the usual words of a proxy or framework that refuses it.
			bodyRule('message', 'Unauthorized', KEY_REFUSED),
			bodyRule('error.message', 'Unauthorized', KEY_REFUSED),
			// new-api's key check (`无效的令牌`, and on newer builds every other key problem).
			bodyRule('error.type', 'new_api_error', KEY_REFUSED),
			// HTML and text pages (the dashboard, a proxy's or another site's page), and no body at all.
			bodyRule('constructor.name', 'String', NOT_THIS_API),
			bodyRule('constructor.name', undefined, NOT_THIS_API),
			// Other servers' JSON: new-api's own dashboard API, web frameworks' not-found answers.
			bodyRule('success', false, NOT_THIS_API),
			bodyRule('detail.constructor.name', 'String', NOT_THIS_API),
			bodyRule('error.constructor.name', 'String', NOT_THIS_API),
			bodyRule('status.constructor.name', 'Number', NOT_THIS_API),
			bodyRule('statusCode.constructor.name', 'Number', NOT_THIS_API),
		] as ICredentialTestRequest['rules'],
	};
}
