// @ts-check
const { ERRORS, invalidRequest } = require('./errors');
const { parseMultipart, MultipartError } = require('./multipart');
const { SIZES } = require('./options');

/**
 * @typedef {import('./tasks').UploadedFile} UploadedFile
 * @typedef {import('./errors').ErrorAnswer} ErrorAnswer
 * @typedef {{ model: string, prompt: string, seconds?: string, size?: string,
 *   inputReference: string[], files: UploadedFile[] }} SubmitRequest
 */

/**
 * Reads a submit body, JSON or multipart, into what the log records (`logged`, even when it is
 * then refused) and the fields a task is made of.
 * @param {Buffer} raw @param {string} contentType
 * @returns {{ logged: unknown, fields: Record<string, unknown>, files: UploadedFile[] } | ErrorAnswer}
 */
function parseSubmit(raw, contentType) {
	if (/^multipart\/form-data/i.test(contentType)) {
		try {
			const parsed = parseMultipart(raw, contentType);
			return { logged: parsed, fields: parsed.fields, files: parsed.files };
		} catch (error) {
			if (error instanceof MultipartError) return invalidRequest(`Could not parse multipart form: ${error.message}`, 'invalid_multipart');
			throw error;
		}
	}
	/** @type {unknown} */
	let fields;
	try {
		fields = JSON.parse(raw.toString('utf8') || '{}');
	} catch {
		return invalidRequest('We could not parse the JSON body of your request.', 'invalid_json');
	}
	if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
		return invalidRequest('The request body must be a JSON object.', 'invalid_json');
	}
	return { logged: fields, fields: /** @type {Record<string, unknown>} */ (fields), files: [] };
}

/**
 * Checks fields the way the gateway does, in the order a client would meet the errors.
 * @param {Record<string, unknown>} fields @param {UploadedFile[]} files
 * @returns {SubmitRequest | ErrorAnswer}
 */
function validateSubmit(fields, files) {
	const { model, prompt, seconds, size } = fields;
	if (typeof prompt !== 'string' || prompt.trim() === '') return ERRORS.missingPrompt;
	if (typeof model !== 'string' || model.trim() === '') return ERRORS.missingModel;
	if (size !== undefined && (typeof size !== 'string' || !SIZES.includes(size))) {
		return invalidRequest(`Invalid size '${size}'. Supported sizes: ${SIZES.join(', ')}`, 'invalid_size');
	}
	if (seconds !== undefined && !(typeof seconds === 'number' ? seconds > 0 : typeof seconds === 'string' && /^\d+(\.\d+)?$/.test(seconds))) {
		return invalidRequest(`Invalid seconds '${seconds}': must be a number of seconds as a string, e.g. "10"`, 'invalid_parameter');
	}
	const references = fields.input_reference === undefined || fields.input_reference === '' ? [] : [fields.input_reference].flat();
	if (references.some((reference) => typeof reference !== 'string')) {
		return invalidRequest('input_reference must be a URL or an array of URLs', 'invalid_parameter');
	}
	return {
		model,
		prompt,
		seconds: seconds === undefined ? undefined : String(seconds),
		size,
		inputReference: /** @type {string[]} */ (references),
		files,
	};
}

/** @param {unknown} value @returns {value is ErrorAnswer} */
const isErrorAnswer = (value) => typeof value === 'object' && value !== null && 'error' in value && 'status' in value;

module.exports = { parseSubmit, validateSubmit, isErrorAnswer };
