import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

const KEY_REFUSED = 'The API key was refused (401): check that it is complete and still active';
const NOT_THIS_API =
	'Nothing at this Base URL answers like the Yishangyun API: use the API root without /v1, e.g. https://token.yishangcloud.cn';

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
	// that cannot exist: this API answers 404 with its JSON error (task_not_found) to a good key at
	// the right URL and 401 to a wrong key, while a wrong Base URL gives no answer, an HTML page or
	// JSON without an `error`. n8n 2.x throws on the statuses in `except` (judged by code below);
	// n8n 1.x ignores every status here, so the body rules recognise a refused key too.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/i, "") }}',
			url: '/v1/videos/task_n8n_credential_test',
			method: 'GET',
			ignoreHttpStatusErrors: { ignore: true, except: [401, 403, 429, 500, 502, 503, 504] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: KEY_REFUSED },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The API key has no permission (403): check its quota and the models it may use' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.code', value: 'invalid_api_key', message: KEY_REFUSED },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.type', value: 'authentication_error', message: KEY_REFUSED },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error', value: undefined, message: NOT_THIS_API },
			},
		] as ICredentialTestRequest['rules'],
	};
}
