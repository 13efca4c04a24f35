/**
 * What the node says when the key or the Base URL does not work, word for word the same in the
 * credential dialog's Test (credentials/YishangyunApi.credentials.ts) and in Get Balance, so a
 * user meets one sentence per cause wherever it shows. Plain strings: the credential file may
 * import nothing but n8n-workflow and relative modules.
 */
export const KEY_REFUSED = 'The API key was refused (401): check that it is complete and still active';
export const KEY_USED_UP = "The API key's quota is used up (401): the key is fine, top it up at the provider";
export const NO_PERMISSION = 'The API key has no permission (403): check its quota and the models it may use';
export const NOT_THIS_API =
	'Nothing at this Base URL answers like the Yishangyun API: use the API root without /v1, e.g. https://token.yishangcloud.cn';
