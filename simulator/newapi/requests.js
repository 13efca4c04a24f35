// @ts-check
const { familyFor } = require('./families');
const { taskError } = require('./errors');
const { generationOf, upstreamRefusal } = require('./generations');

/**
 * What each family reads of a submit body, and what the real gateway refuses, so a test can see
 * which fields reached a task: the status body reports the duration and size the task really
 * got, and (`input`) how many reference images, videos and audios it took and which of the
 * settings and media fields sent it never read. One row per family (the rows of ./families.js
 * say how its answers look, ./generations.js what each generation takes).
 *
 * - Sora's upstream is OpenAI's API, which refuses any field it does not know: 400
 *   `Unknown parameter: '<name>'.`, relayed by new-api as `fail_to_fetch_task` with the upstream's
 *   body as a string (relay/relay_task.go, a non-200 upstream answer).
 * - Grok's duration is in the model name (`grok-video-3` 6 s, `grok-video-3-10s`), whatever the
 *   body says, and its `size` is a ratio (`16:9`, `3:2`, …): a `WxH` size is ignored and the
 *   upstream makes its default 16:9 (the provider's client sends only ratios; ding-grokToVideo).
 * - Kling reads `duration` (else 5 s; `seconds` is ignored), `aspect_ratio` (else 1:1), `image`
 *   and `image_tail` (not `images`: kling/adaptor.go), and for its omni `-video` models `videos`.
 * - Seedance, Wan and HappyHorse read `metadata.duration`, `metadata.ratio` and
 *   `metadata.resolution` (SPEC.md › "Request bodies each family takes"), `images`, `videos`,
 *   `audios`. Where the model's name carries a setting (`doubao-seedance-1-5-pro_10s_720p`), the
 *   name's wins and a body that says otherwise is ignored: the provider configures each named
 *   model upstream, and its own clients always send the name's values.
 * - Wan (Ali's channel, as HappyHorse) refuses a text-to-video `size` that is not `W*H`:
 *   relay/channel/task/ali/adaptor.go convertToAliRequest, `invalid size: <size>, example:
 *   1920*1080`, wrapped by BuildRequestBody and answered as HTTP 500 `build_request_failed`
 *   (relay_task.go) after the quota taken for it is refunded: nothing is billed.
 * - Hailuo, Vidu and Jimeng are new-api's stock adaptors: ValidateBasicTaskRequest keeps only
 *   TaskSubmitReq's fields, so `seconds`, `input_reference`, `videos` and `audios` never reach
 *   them (ignored, not refused), and each lays `metadata` over its own request.
 *   Hailuo (hailuo/adaptor.go convertToRequestPayload): `duration` (else 6), `size` → resolution
 *   by substring, first/last frame only in `metadata.first_frame_image` / `last_frame_image`
 *   (`images` is ignored). Vidu (vidu/adaptor.go): `duration` (else 5), `size` verbatim as its
 *   resolution word (else 1080p), `images`. Jimeng (jimeng/adaptor.go): `duration` 10 → 10 s,
 *   anything else 5 s; `images`; `metadata.aspect_ratio`.
 *
 * @typedef {import('../tasks').Task} Task
 * @typedef {import('./errors').NewApiError} NewApiError
 * @typedef {import('./generations').MediaKind} MediaKind
 * @typedef {import('./families').FamilyName} FamilyName
 * @typedef {{ at: string[], named?: boolean, choices?: string[], otherwise?: string }} DurationRead
 * @typedef {{ at: string[], named?: boolean, word?: (given: string) => string | undefined }} ResolutionRead
 * @typedef {{ duration: DurationRead, size?: string, ratio?: { at: string, fallback: string, ratios?: string[] },
 *   resolution?: ResolutionRead, media: Partial<Record<MediaKind, string[]>>, also?: string[],
 *   onlyFields?: readonly string[], aliSize?: boolean }} Reads
 * @typedef {{ images: number, videos: number, audios: number, ignored: string[] }} Input
 * @typedef {{ seconds: string, size: string, input: Input, refusal?: NewApiError }} Reading
 */

/** OpenAI's `POST /v1/videos` fields (platform.openai.com/docs/api-reference/videos/create). */
const OPENAI_FIELDS = Object.freeze(['model', 'prompt', 'seconds', 'size', 'input_reference']);

/** The settings and media fields some family reads: one sent to a family that does not read it is reported ignored. */
const KNOWN = Object.freeze([
	'seconds', 'duration', 'size', 'aspect_ratio', 'metadata.duration', 'metadata.ratio', 'metadata.resolution', 'metadata.aspect_ratio',
	'input_reference', 'images', 'image', 'image_tail', 'videos', 'audios', 'metadata.video_list',
	'metadata.first_frame_image', 'metadata.last_frame_image', 'metadata.subject_reference',
]);

const OPENAI_SHAPE = { duration: { at: ['seconds'] }, size: 'size', media: { images: ['input_reference'] } };
const METADATA = {
	duration: { at: ['metadata.duration'], named: true },
	ratio: { at: 'metadata.ratio', fallback: '16:9' },
	resolution: { at: ['metadata.resolution'], named: true },
	media: { images: ['images'], videos: ['videos'], audios: ['audios'] },
};

/** hailuo/adaptor.go parseResolutionFromSize: the first of these found in `size`. @param {string} size */
const hailuoWord = (size) => ['1080', '768', '720', '512'].find((short) => size.includes(short))?.concat('P');

/** @type {Readonly<Record<FamilyName, Reads>>} */
const READS = Object.freeze({
	sora: { ...OPENAI_SHAPE, onlyFields: OPENAI_FIELDS },
	veo: OPENAI_SHAPE,
	grok: { duration: { at: [], named: true }, ratio: { at: 'size', fallback: '16:9', ratios: ['1:1', '3:2', '2:3', '16:9', '9:16'] }, media: { images: ['input_reference'] } },
	kling: {
		duration: { at: ['duration'] },
		ratio: { at: 'aspect_ratio', fallback: '1:1' },
		media: { images: ['image', 'image_tail'], videos: ['videos'], audios: ['audios'] },
		also: ['metadata.video_list'],
	},
	seedance: METADATA,
	wan: { ...METADATA, aliSize: true },
	happyhorse: { ...METADATA, aliSize: true },
	hailuo: {
		duration: { at: ['metadata.duration', 'duration'] },
		resolution: { at: ['metadata.resolution', 'size'], word: hailuoWord },
		media: { images: ['metadata.first_frame_image', 'metadata.last_frame_image', 'metadata.subject_reference'] },
	},
	vidu: {
		duration: { at: ['metadata.duration', 'duration'] },
		ratio: { at: 'metadata.aspect_ratio', fallback: '16:9' },
		resolution: { at: ['metadata.resolution', 'size'], word: (given) => given },
		media: { images: ['images', 'image'] },
	},
	jimeng: {
		duration: { at: ['duration'], choices: ['5', '10'], otherwise: '5' },
		ratio: { at: 'metadata.aspect_ratio', fallback: '16:9' },
		resolution: { at: [], named: true },
		media: { images: ['images', 'image'] },
	},
});

/** @param {Record<string, unknown>} body @param {string} path @returns {unknown} */
const valueAt = (body, path) => path.split('.').reduce((/** @type {any} */ at, key) => (at && typeof at === 'object' ? at[key] : undefined), body);

/** @param {unknown} value */
const given = (value) => (typeof value === 'string' && value !== '') || typeof value === 'number' || (Array.isArray(value) && value.length > 0) || (typeof value === 'object' && value !== null && !Array.isArray(value));

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

/** References in a field: a URL, a list of them, or Hailuo's subject entries (`{type, image: [url]}`). @param {unknown} value @returns {number} */
function countOf(value) {
	if (typeof value === 'string') return value === '' ? 0 : 1;
	if (Array.isArray(value)) return value.reduce((sum, entry) => sum + (entry && typeof entry === 'object' ? countOf(entry.image) : countOf(entry)), 0);
	return 0;
}

/**
 * The first of `at` the body gives, as a string; `named` the model's name's value, which wins
 * (a differing body value is then recorded as ignored).
 * @param {Record<string, unknown>} body @param {string[]} at @param {string | undefined} named @param {string[]} ignored
 */
function setting(body, at, named, ignored) {
	const path = at.find((p) => given(valueAt(body, p)));
	const value = path === undefined ? undefined : String(valueAt(body, path));
	if (named === undefined) return value;
	if (path !== undefined && Number.parseInt(value ?? '', 10) !== Number.parseInt(named, 10)) ignored.push(path);
	return named;
}

/**
 * What the task gets from a submit body (and the files a multipart submit uploaded), and what the
 * gateway refuses of it before creating anything (`refusal`).
 * @param {string} model @param {Record<string, unknown>} body @param {{ field: string }[]} [files] @returns {Reading}
 */
function readSubmit(model, body, files = []) {
	const family = familyFor(model);
	const reads = READS[family.name];
	const generation = generationOf(family.name, model);
	/** @type {string[]} */
	const ignored = [];
	/** @type {NewApiError | undefined} */
	let refusal;
	const refuse = (/** @type {string} */ field, /** @type {string} */ problem) => (refusal ??= upstreamRefusal(family.name, field, problem));

	// Media: each kind counted where the family reads it, held to what the generation takes.
	const input = { images: 0, videos: 0, audios: 0, ignored };
	for (const kind of /** @type {MediaKind[]} */ (['images', 'videos', 'audios'])) {
		const paths = reads.media[kind] ?? [];
		const sent = paths.filter((path) => given(valueAt(body, path)));
		const uploaded = files.filter((file) => paths.includes(file.field)).length;
		const count = sent.reduce((sum, path) => sum + countOf(valueAt(body, path)), uploaded);
		const max = generation[kind] ?? Infinity;
		input[kind] = Math.min(count, max);
		if (count > max && generation.excess === 'refuse') refuse(sent.join(', '), max === 0 ? `${model} takes no ${kind}` : `${model} takes at most ${max} ${kind}, got ${count} (item count out of range)`);
		else if (count > max) ignored.push(...sent);
		if (count === 0 && generation.needs?.includes(kind)) refuse(paths[0], `${model} needs ${kind}`);
	}

	for (const [field, value] of Object.entries(generation.refuses ?? {})) if (valueAt(body, field) === value) refuse(field, `${model} does not take ${field} ${value}`);

	// Duration: the name's, the body's (snapped to what the family makes), or the family's default.
	const { duration } = reads;
	let seconds = setting(body, duration.at, duration.named ? secondsInName(model) : undefined, ignored) ?? family.seconds;
	if (duration.choices && !duration.choices.includes(seconds)) {
		if (duration.at.some((path) => given(valueAt(body, path)))) ignored.push(...duration.at.filter((path) => given(valueAt(body, path))));
		seconds = /** @type {string} */ (duration.otherwise);
	}
	if (generation.durations && !generation.durations.includes(seconds)) refuse('duration', `${model} makes ${generation.durations.join(' or ')} s videos, not ${seconds}`);

	// Shape: a `WxH` size as given, or a ratio at a resolution (a word some families read from `size`).
	let size = family.size;
	if (reads.size) size = setting(body, [reads.size], undefined, ignored) ?? family.size;
	const named = reads.resolution?.named ? resolutionInName(model) : undefined;
	let word = reads.resolution && setting(body, reads.resolution.at, named, ignored);
	if (word && reads.resolution?.word) word = reads.resolution.word(word);
	word ??= generation.resolution;
	if (word && generation.resolutions && !generation.resolutions.includes(word)) refuse('resolution', `${model} makes ${generation.resolutions.join(', ')}, not ${word}`);
	if (!reads.size) {
		let ratio = reads.ratio ? setting(body, [reads.ratio.at], undefined, ignored) : undefined;
		if (ratio && reads.ratio?.ratios && !reads.ratio.ratios.includes(ratio)) {
			ignored.push(reads.ratio.at);
			ratio = undefined;
		}
		const short = Number.parseInt(word ?? '720', 10) || 720;
		size = (ratio && sizeOf(ratio, short)) || /** @type {string} */ (sizeOf(reads.ratio?.fallback ?? '16:9', short));
	}

	// Settings and media fields this family never reads.
	const read = new Set([...duration.at, ...(reads.size ? [reads.size] : []), ...(reads.ratio ? [reads.ratio.at] : []), ...(reads.resolution?.at ?? []), ...Object.values(reads.media).flat(), ...(reads.also ?? [])]);
	for (const path of KNOWN) if (!read.has(path) && given(valueAt(body, path)) && !ignored.includes(path)) ignored.push(path);

	return { seconds, size, input, refusal: gatewayRefusal(model, reads, body) ?? refusal };
}

/** What the gateway itself (or Sora's upstream) refuses, before any generation rule. @param {string} model @param {Reads} reads @param {Record<string, unknown>} fields */
function gatewayRefusal(model, reads, fields) {
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
 * What the gateway refuses of a submit before creating anything, or undefined.
 * @param {string} model @param {Record<string, unknown>} fields @param {{ field: string }[]} [files] @returns {NewApiError | undefined}
 */
const refusal = (model, fields, files) => readSubmit(model, fields, files).refusal;

/**
 * The duration and size a status body reports, and `input` when the submit sent references or
 * fields the task did not read.
 * @param {Pick<Task, 'model' | 'body' | 'files'>} task @returns {{ seconds: string, size: string, input?: Input }}
 */
function reported(task) {
	const { seconds, size, input } = readSubmit(task.model, task.body, task.files);
	const told = input.images + input.videos + input.audios > 0 || input.ignored.length > 0;
	return told ? { seconds, size, input } : { seconds, size };
}

module.exports = { READS, refusal, reported };
