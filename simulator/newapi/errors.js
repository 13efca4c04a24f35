// @ts-check
const { randomBytes } = require('node:crypto');

/**
 * new-api's two error shapes. Task routes answer `{code, message, data}` (dto.TaskError);
 * the middleware (auth, channel choice) answers OpenAI's `{error:{…}}` with `type: new_api_error`
 * and the request id appended to the message. `/content` (controller/video_proxy.go) answers
 * `{error:{message, type}}`.
 * @typedef {{ status: number, body: unknown }} NewApiError
 */

/** @param {number} status @param {string} code @param {string} message @returns {NewApiError} */
const taskError = (status, code, message) => ({ status, body: { code, message, data: null } });

/** new-api's request id: the time to the nanosecond, then 8 random characters (common.GetTimeString). @param {number} ms */
function requestId(ms) {
	const stamp = new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14);
	return `${stamp}${String(Math.floor((ms % 1000) * 1e6)).padStart(9, '0')}${randomBytes(4).toString('hex')}`;
}

/** @param {number} status @param {string} message @param {string} code @param {number} ms @returns {NewApiError} */
const middlewareError = (status, message, code, ms) => ({
	status,
	body: { error: { message: `${message} (request id: ${requestId(ms)})`, type: 'new_api_error', code } },
});

/** @param {number} status @param {string} message @returns {NewApiError} */
const proxyError = (status, message) => ({ status, body: { error: { message, type: 'invalid_request_error' } } });

/**
 * A key as new-api prints it in the quota message: `sk-` and three characters from each end of
 * what follows it; never the whole key, however short.
 * @param {string} key
 */
function maskKey(key) {
	const bare = key.replace(/^sk-/, '');
	return bare.length > 6 ? `sk-${bare.slice(0, 3)}***${bare.slice(-3)}` : 'sk-***';
}

const MESSAGES = Object.freeze({
	invalidKey: '无效的令牌',
	/** @param {string} key */
	exhausted: (key) => `[${maskKey(key)}] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = 0`,
	/** @param {string} model */
	noChannel: (model) => `当前分组 default 下对于模型 ${model} 无可用渠道`,
	saturated: '当前分组上游负载已饱和，请稍后再试',
	/** What Go's JSON decoder says when `input_reference` is an array and new-api expects one string. */
	referenceArray: 'json: cannot unmarshal array into Go struct field TaskSubmitReq.input_reference of type string',
	quota: '用户额度不足, 剩余额度: ＄0.000000',
	/** service/quota.go: a key's grant too small for the next charge. @param {string} left @param {string} need */
	notEnough: (left, need) => `token quota is not enough, token remain quota: ${left}, need quota: ${need}`,
	/** An upstream's own JSON error, which new-api passes on as a string inside `fail_to_fetch_task`. */
	upstreamError: JSON.stringify({ error: { message: 'upstream request timeout', type: 'upstream_error', code: 'request_timeout' } }),
});

module.exports = { taskError, middlewareError, proxyError, maskKey, MESSAGES };
