import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

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

	// The model list is the one free, side-effect-free call OpenAI-style gateways answer: 200 with
	// a good key, 401 with a bad one, and nothing (or an HTML 404) at a wrong Base URL.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/i, "") }}',
			url: '/v1/models',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'The API key was refused (401): check that it is complete and still active' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The API key has no permission (403): check its quota and the models it may use' },
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Nothing at this Base URL answers like the Yishangyun API (404): use the API root without /v1, e.g. https://token.yishangcloud.cn',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'object',
					value: undefined,
					message: 'This Base URL answered, but not like the Yishangyun API: use the API root without /v1, e.g. https://token.yishangcloud.cn',
				},
			},
		] as ICredentialTestRequest['rules'],
	};
}
