// @ts-check

/**
 * @typedef {{ message: string, type: string, code: string }} ApiError
 * @typedef {{ status: number, error: ApiError, headers?: Record<string, string> }} ErrorAnswer
 */

/** @param {number} status @param {string} message @param {string} type @param {string} code @returns {ErrorAnswer} */
const answer = (status, message, type, code) => ({ status, error: { message, type, code } });

/** The documented error bodies, word for word as the provider's document prints them. */
const ERRORS = Object.freeze({
	missingPrompt: answer(400, 'prompt field is required', 'invalid_request_error', 'missing_parameter'),
	missingModel: answer(400, 'model field is required', 'invalid_request_error', 'missing_parameter'),
	invalidKey: answer(401, 'Invalid API key provided', 'authentication_error', 'invalid_api_key'),
	quota: answer(403, 'Insufficient quota', 'permission_error', 'insufficient_quota'),
	notFound: answer(404, 'Task not found', 'not_found_error', 'task_not_found'),
	rateLimit: answer(429, 'Rate limit exceeded', 'rate_limit_error', 'rate_limit_exceeded'),
	internal: answer(500, 'Internal server error', 'server_error', 'internal_error'),
});

/** A 400 in the documented style for faults the document does not spell out. @param {string} message @param {string} code */
const invalidRequest = (message, code) => answer(400, message, 'invalid_request_error', code);

/** OpenAI's answer to a route it does not have. @param {string} method @param {string} pathname */
const unknownRoute = (method, pathname) => answer(404, `Invalid URL (${method} ${pathname})`, 'invalid_request_error', 'not_found');

/** OpenAI's answer to `/content` before the video exists. */
const videoNotReady = answer(404, 'Video is not ready yet, please wait until the job has completed', 'invalid_request_error', 'video_not_ready');

const tooLarge = answer(413, 'Request body too large', 'invalid_request_error', 'request_too_large');

/** The content-policy failure that `[fail]` prompts end in, minutes into a job as real ones do. */
const CONTENT_POLICY = Object.freeze({
	message: 'The prompt was flagged by the content policy',
	type: 'invalid_request_error',
	code: 'content_policy_violation',
});

module.exports = { ERRORS, CONTENT_POLICY, invalidRequest, unknownRoute, videoNotReady, tooLarge };
