// @ts-check
/** The documented error bodies, exactly as the provider's document prints them. */
const ERRORS = {
	missingPrompt: [400, { message: 'prompt field is required', type: 'invalid_request_error', code: 'missing_parameter' }],
	missingModel: [400, { message: 'model field is required', type: 'invalid_request_error', code: 'missing_parameter' }],
	invalidKey: [401, { message: 'Invalid API key provided', type: 'authentication_error', code: 'invalid_api_key' }],
	quota: [403, { message: 'Insufficient quota', type: 'permission_error', code: 'insufficient_quota' }],
	notFound: [404, { message: 'Task not found', type: 'not_found_error', code: 'task_not_found' }],
	rateLimit: [429, { message: 'Rate limit exceeded', type: 'rate_limit_error', code: 'rate_limit_exceeded' }],
	internal: [500, { message: 'Internal server error', type: 'server_error', code: 'internal_error' }],
};

/** @param {number} status @param {string} message @param {string} code */
function invalid(status, message, code) {
	return /** @type {[number, {message: string, type: string, code: string}]} */ ([status, { message, type: 'invalid_request_error', code }]);
}

module.exports = { ERRORS, invalid };
