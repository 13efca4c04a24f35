// @ts-check
const { familyFor } = require('./families');
const { taskError } = require('./errors');

/**
 * What each family reads of a submit body, and what the real gateway refuses, so a test can see
 * which fields reached a task: the status body reports the duration and size the task really
 * got. One row per family (the rows of ./families.js say how its answers look).
 *
 * - Sora's upstream is OpenAI's API, which refuses any field it does not know: 400
 *   `Unknown parameter: '<name>'.`, relayed by new-api as `fail_to_fetch_task` with the upstream's
 *   body as a string (relay/relay_task.go, a non-200 upstream answer).
 * - Kling reads `duration` (else 5 s; `seconds` is ignored) and `aspect_ratio` (else 1:1).
 * - Seedance, Wan and HappyHorse read `metadata.duration` and `metadata.ratio` (SPEC.md › "Request
 *   bodies each family takes"); the resolution comes from `metadata.resolution` or the model name.
 * - Wan (Ali's channel, as HappyHorse) refuses a text-to-video `size` that is not `W*H`:
 *   relay/channel/task/ali/adaptor.go convertToAliRequest, `invalid size: <size>, example:
 *   1920*1080`, wrapped by BuildRequestBody and answered as HTTP 500 `build_request_failed`
 *   (relay_task.go) after the quota taken for it is refunded: nothing is billed.
 * - Grok's duration is in the model name (`grok-video-3-10s`), whatever the body says.
 *
 * @typedef {import('../tasks').Task} Task
 * @typedef {import('./errors').NewApiError} NewApiError
 * @typedef {{ duration: string, shape: string, defaultRatio?: string, resolution?: string,
 *   durationInName?: boolean, onlyFields?: readonly string[], aliSize?: boolean }} Reads
 */

/** OpenAI's `POST /v1/videos` fields (platform.openai.com/docs/api-reference/videos/create). */
const OPENAI_FIELDS = Object.freeze(['model', 'prompt', 'seconds', 'size', 'input_reference']);

const METADATA = Object.freeze({ duration: 'metadata.duration', shape: 'metadata.ratio', resolution: 'metadata.resolution', defaultRatio: '16:9' });

/** @type {Readonly<Record<import('./families').FamilyName, Reads>>} */
const READS = Object.freeze({
	sora: { duration: 'seconds', shape: 'size', onlyFields: OPENAI_FIELDS },
	veo: { duration: 'seconds', shape: 'size' },
	grok: { duration: 'seconds', shape: 'size', durationInName: true },
	kling: { duration: 'duration', shape: 'aspect_ratio', defaultRatio: '1:1' },
	seedance: METADATA,
	wan: { ...METADATA, aliSize: true },
	happyhorse: { ...METADATA, aliSize: true },
});

/** @param {Record<string, unknown>} body @param {string} path @returns {unknown} */
const valueAt = (body, path) => path.split('.').reduce((/** @type {any} */ at, key) => (at && typeof at === 'object' ? at[key] : undefined), body);

/** A duration in the model's name, as `grok-video-3-10s` or `wan2.6-t2v-720P_5s` carry it. @param {string} model */
const secondsInName = (model) => /[_-](\d+)s(?=[_-]|$)/i.exec(model)?.[1];

/** A resolution in the model's name (`_720p`, `-1080P`). @param {string} model */
const resolutionInName = (model) => /[_-](\d{3,4})p(?=[_-]|$)/i.exec(model)?.[1];

/** `16:9` at 720p → `1280x720`: the short side is the resolution. @param {string} ratio @param {number} short */
function sizeOf(ratio, short) {
	const [w, h] = ratio.split(':').map(Number);
	if (!(w > 0 && h > 0)) return undefined;
	const long = Math.round((short * Math.max(w, h)) / Math.min(w, h) / 2) * 2;
	return w >= h ? `${long}x${short}` : `${short}x${long}`;
}

/** @param {unknown} value */
const given = (value) => (typeof value === 'string' && value !== '') || typeof value === 'number';

/**
 * What the gateway refuses of a submit before creating anything, or undefined.
 * @param {string} model @param {Record<string, unknown>} fields @returns {NewApiError | undefined}
 */
function refusal(model, fields) {
	const reads = READS[familyFor(model).name];
	const unknown = reads.onlyFields && Object.keys(fields).find((name) => !reads.onlyFields?.includes(name));
	if (unknown) {
		const upstream = { error: { message: `Unknown parameter: '${unknown}'.`, type: 'invalid_request_error', param: unknown, code: 'unknown_parameter' } };
		return taskError(400, 'fail_to_fetch_task', JSON.stringify(upstream, null, 2));
	}
	const { size } = fields;
	if (reads.aliSize && /t2v/.test(model) && typeof size === 'string' && size !== '' && !size.includes('*')) {
		return taskError(500, 'build_request_failed', `convert_to_ali_request_failed: invalid size: ${size}, example: 1920*1080`);
	}
	return undefined;
}

/**
 * The duration and size a status body reports: what the family read of the submit, else what it
 * makes by default.
 * @param {Pick<Task, 'model' | 'body'>} task @returns {{ seconds: string, size: string }}
 */
function reported(task) {
	const family = familyFor(task.model);
	const reads = READS[family.name];
	const duration = valueAt(task.body, reads.duration);
	const named = secondsInName(task.model);
	const seconds = reads.durationInName && named ? named : given(duration) ? String(duration) : (named ?? family.seconds);
	if (!reads.defaultRatio) {
		const size = valueAt(task.body, reads.shape);
		return { seconds, size: typeof size === 'string' && size ? size : family.size };
	}
	const ratio = valueAt(task.body, reads.shape);
	const resolution = (reads.resolution && valueAt(task.body, reads.resolution)) || resolutionInName(task.model) || '720';
	const short = Number.parseInt(String(resolution), 10) || 720;
	return { seconds, size: (typeof ratio === 'string' && sizeOf(ratio, short)) || /** @type {string} */ (sizeOf(reads.defaultRatio, short)) };
}

module.exports = { READS, refusal, reported };
