/**
 * What an error means and what to do next, keyed by the API's code and, where a gateway gives
 * no code (new-api's middleware answers `code: ""`), by its own words. `headline` is an English
 * message for answers whose own words are Chinese; those words stay in the description.
 */
export interface Advice {
	headline?: string;
	hint: string;
}

const KEY_REFUSED: Advice = { headline: 'The API key was refused', hint: 'Check the API key in the "Yishangyun API" credential.' };
/** Quota runs out while paid tasks still run: they are not lost. */
const PAID_TASKS_GO_ON =
	'Tasks already submitted go on at the provider and are paid for; once topped up, "Get Status" with "Wait for Completion" on picks them up by task ID without paying again.';
// A used-up key answers 401 on new-api, like a wrong one; but this key is fine.
const QUOTA_USED_UP: Advice = { headline: "The API key's quota is used up", hint: `The key itself is fine: top up its quota (or raise its limit) at the provider. ${PAID_TASKS_GO_ON}` };
const ACCOUNT_QUOTA_USED_UP: Advice = { headline: "The account's quota is used up", hint: `Top up the account at the provider. ${PAID_TASKS_GO_ON}` };
const NO_CHANNEL: Advice = {
	headline: "No channel serves this model for the key's group",
	hint: 'Pick another model, or ask the provider to enable this one for your key’s group.',
};
const SATURATED: Advice = {
	headline: 'The upstream service for this model is saturated',
	hint: 'The gateway’s upstream is at capacity (HTTP 429): submits were retried within the run’s budget, and reads while waiting go on with backoff. Try again in a few minutes, or lower "Submit Concurrency".',
};
const CONTENT_POLICY: Advice = { hint: 'The prompt or a reference image was refused by the content policy: rephrase it.' };
const INVALID_REQUEST: Advice = { hint: 'The API rejected a field: check Model, Duration, Size and the reference images.' };

const BY_CODE: Record<string, Advice> = {
	missing_parameter: { hint: 'A required field is missing: check Prompt and Model.' },
	invalid_request_error: INVALID_REQUEST,
	invalid_request: INVALID_REQUEST,
	invalid_json: INVALID_REQUEST,
	invalid_size: INVALID_REQUEST,
	missing_model: { hint: 'A required field is missing: check Model.' },
	invalid_api_key: KEY_REFUSED,
	insufficient_quota: { hint: 'The key has no quota left or no permission for this model: top up your account or use another key.' },
	insufficient_user_quota: ACCOUNT_QUOTA_USED_UP,
	pre_consume_token_quota_failed: QUOTA_USED_UP,
	token_quota_exhausted: QUOTA_USED_UP,
	task_not_found: { hint: 'The task id is unknown to this key or has expired: check the Task ID and that the same credential submitted it.' },
	task_not_exist: {
		headline: 'The task is unknown to this API key',
		hint: 'Check the Task ID, and that the same credential (API key) submitted it: the gateway shows each key only its own tasks.',
	},
	model_not_found: NO_CHANNEL,
	rate_limit_exceeded: { hint: 'Too many requests: lower "Submit Concurrency", or spread the items out with a Wait node.' },
	internal_error: { hint: 'The provider had an internal fault: try again in a few minutes.' },
	get_channel_failed: { hint: 'The gateway could not pick a channel for this model: try again in a few minutes, or pick another model.' },
	content_policy_violation: CONTENT_POLICY,
	moderation_blocked: CONTENT_POLICY,
};

// new-api's own words (middleware/auth.go, model/token.go, middleware/distributor.go).
const BY_WORDS: Array<[RegExp, Advice]> = [
	[/额度已用尽/, QUOTA_USED_UP],
	[/额度不足|配额不足/, ACCOUNT_QUOTA_USED_UP],
	[/无效的令牌|未提供令牌/, KEY_REFUSED],
	[/令牌已过期/, { headline: 'The API key has expired', hint: 'Renew the key at the provider, or put a current one in the "Yishangyun API" credential.' }],
	[/令牌状态不可用|令牌已被禁用/, { headline: 'The API key is disabled', hint: 'Enable the key at the provider, or put another one in the "Yishangyun API" credential.' }],
	[/无可用渠道/, NO_CHANNEL],
	[/负载已饱和/, SATURATED],
];

const BY_STATUS: Record<number, Advice> = {
	400: INVALID_REQUEST,
	401: KEY_REFUSED,
	403: BY_CODE.insufficient_quota,
	404: { hint: 'Nothing answered at this path: check the Base URL in the credential (the API root, without /v1).' },
	429: BY_CODE.rate_limit_exceeded,
};

const SERVER_FAULT: Advice = { hint: 'The API or a proxy in front of it failed: try again later.' };

/** The most specific advice: the code's, else the gateway's words', else the HTTP status'. */
export function adviceFor(error: { code?: string | null; message?: string | null }, status?: number): Advice | undefined {
	if (error.code && BY_CODE[error.code]) return BY_CODE[error.code];
	const words = error.message ? BY_WORDS.find(([pattern]) => pattern.test(error.message!)) : undefined;
	if (words) return words[1];
	if (status && BY_STATUS[status]) return BY_STATUS[status];
	if (status && status >= 500) return SERVER_FAULT;
	return undefined;
}

/** The sentence on what to do next; empty when nothing specific is known. */
export function hintFor(code: string | null, status?: number, message?: string | null): string {
	return adviceFor({ code, message }, status)?.hint ?? '';
}

/** Whether the answer says the quota is used up (new-api answers a used-up key with 401, like a wrong one). */
export function isQuotaUsedUp(error: { code?: string | null; message?: string | null }): boolean {
	const advice = adviceFor(error);
	return advice === QUOTA_USED_UP || advice === ACCOUNT_QUOTA_USED_UP;
}

/** new-api names the model and the group: "当前分组 default 下对于模型 m 无可用渠道". */
export function noChannelHeadline(message: string): string | undefined {
	const match = /分组\s*(\S+)\s*下对于模型\s*(\S+)\s*无可用渠道/.exec(message);
	return match ? `No channel serves model "${match[2]}" for the key's group "${match[1]}"` : undefined;
}
