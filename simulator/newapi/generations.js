// @ts-check
const { randomUUID } = require('node:crypto');
const { taskError } = require('./errors');

/**
 * Model generations: within a family, what each generation takes of reference media and which
 * settings it accepts, by model name (SPEC.md › "Reference media beyond images, and limits per
 * model generation", and the native adaptors' tables). The first row whose pattern matches wins;
 * a family's last row has no pattern. A count left out is not limited here.
 *
 * `refuses`: a body value the generation's upstream refuses (field → value).
 *
 * `excess` says what happens to references beyond a generation's count:
 * - 'refuse': the provider's build forwards `images`/`videos`/`audios` to the upstream (its own
 *   clients send them), and the upstream refuses what the model cannot take with a 400, which
 *   new-api relays as `fail_to_fetch_task` and refunds (relay/relay_task.go, a non-200 answer).
 * - 'ignore': the upstream takes the first ones and drops the rest without a word.
 *
 * @typedef {'images' | 'videos' | 'audios'} MediaKind
 * @typedef {{ pattern?: RegExp, images?: number, videos?: number, audios?: number,
 *   excess: 'refuse' | 'ignore', needs?: MediaKind[], durations?: string[], resolutions?: string[],
 *   resolution?: string, refuses?: Record<string, string> }} Generation
 * @typedef {import('./errors').NewApiError} NewApiError
 */

const REFUSE = /** @type {const} */ ('refuse');
const IGNORE = /** @type {const} */ ('ignore');
// MiniMax's resolution words (hailuo/constants.go).
const HAILUO_HD = ['768P', '1080P'];

/** @type {Readonly<Record<import('./families').FamilyName, readonly Generation[]>>} */
const GENERATIONS = Object.freeze({
	sora: [{ excess: IGNORE }],
	veo: [{ excess: IGNORE }],
	// The provider's Grok client sends one image (ding-grokToVideo: `[refImage[0].tmp_url]`); xAI's
	// image-to-video takes one, the relay passes the first on.
	grok: [{ images: 1, excess: IGNORE }],
	kling: [
		// kling-v3-omni-pro-video, kling-video-o1-std-video: restyle or extend exactly one video, and
		// make no sound of their own (omni takes sound or a video, not both).
		{ pattern: /omni.*-video$|o1.*-video$/i, images: 2, videos: 1, audios: 0, needs: ['videos'], refuses: { sound: 'on' }, excess: REFUSE },
		// kling-v2-6-pro, kling-v3-omni-pro-sound: a first and a last frame, no video.
		{ images: 2, videos: 0, audios: 0, excess: REFUSE },
	],
	seedance: [
		// doubao-seedance-2-0-720p, doubao-seedance-2-0-fast-480p: omni reference.
		{ pattern: /seedance-2-0/i, images: 9, videos: 3, audios: 3, excess: REFUSE },
		// doubao-seedance-1-5-pro_10s_720p: a first and a last frame.
		{ images: 2, videos: 0, audios: 0, excess: REFUSE },
	],
	wan: [
		// wan2.6-r2v-720P-5s: reference-to-video.
		{ pattern: /-r2v-/i, images: 5, videos: 3, audios: 0, excess: REFUSE },
		// wan2.7-t2v-720P_5s: text only.
		{ pattern: /-t2v-/i, images: 0, videos: 0, audios: 0, excess: REFUSE },
		{ images: 5, videos: 0, audios: 0, excess: REFUSE },
	],
	happyhorse: [
		{ pattern: /-r2v-/i, images: 5, videos: 3, audios: 0, excess: REFUSE },
		{ pattern: /-t2v-/i, images: 0, videos: 0, audios: 0, excess: REFUSE },
		{ images: 5, videos: 0, audios: 0, excess: REFUSE },
	],
	// hailuo/models.go GetModelConfig: durations and resolutions per model; MiniMax refuses others.
	// First and last frame only (metadata.first_frame_image / last_frame_image).
	hailuo: [
		{ pattern: /^MiniMax-Hailuo-02$/i, images: 2, durations: ['6', '10'], resolutions: ['512P', ...HAILUO_HD], resolution: '768P', excess: REFUSE },
		{ pattern: /^MiniMax-Hailuo/i, images: 2, durations: ['6', '10'], resolutions: HAILUO_HD, resolution: '768P', excess: REFUSE },
		{ pattern: /^I2V-01/i, images: 2, needs: ['images'], durations: ['6'], resolutions: ['720P', '1080P'], resolution: '720P', excess: REFUSE },
		{ pattern: /^S2V-01/i, images: 1, needs: ['images'], durations: ['6'], resolutions: ['720P'], resolution: '720P', excess: REFUSE },
		{ images: 0, durations: ['6'], resolutions: ['720P'], resolution: '720P', excess: REFUSE },
	],
	// platform.vidu.com: reference-to-video takes 1 to 7 images; resolution is one of its words.
	vidu: [{ images: 7, resolutions: ['360p', '540p', '720p', '1080p'], resolution: '1080p', excess: REFUSE }],
	// jimeng/adaptor.go hands every image on as image_urls.
	jimeng: [{ excess: IGNORE }],
});

/** @param {import('./families').FamilyName} family @param {string} model @returns {Generation} */
const generationOf = (family, model) =>
	/** @type {Generation} */ (GENERATIONS[family].find((row) => !row.pattern || row.pattern.test(model)));

/** An upstream's own error body, relayed by new-api as a string inside `fail_to_fetch_task`. @param {number} status @param {unknown} body */
const relayed = (status, body) => taskError(status, 'fail_to_fetch_task', JSON.stringify(body));

/**
 * How each upstream words a refusal of `field`, as new-api passes it on. Hailuo answers HTTP 200
 * with `base_resp.status_code` 2013, which new-api's adaptor turns into a 400 with that code
 * (hailuo/adaptor.go DoResponse). Every submit refused here is refunded: nothing is billed.
 * @type {Partial<Record<import('./families').FamilyName, (field: string, problem: string) => NewApiError>>}
 */
const REFUSERS = {
	// Volcengine Ark.
	seedance: (field, problem) =>
		relayed(400, { error: { code: 'InvalidParameter', message: `The parameter \`${field}\` specified in the request is not valid: ${problem}.`, param: field, type: 'BadRequest' } }),
	// DashScope.
	wan: (field, problem) => relayed(400, { request_id: randomUUID(), code: 'InvalidParameter', message: `${field}: ${problem}` }),
	happyhorse: (field, problem) => relayed(400, { request_id: randomUUID(), code: 'InvalidParameter', message: `${field}: ${problem}` }),
	// Kling's 1201: a parameter is not valid.
	kling: (field, problem) => relayed(400, { code: 1201, message: `${field} is invalid: ${problem}`, request_id: randomUUID() }),
	// platform.vidu.com/docs/error-code.
	vidu: (field, problem) =>
		relayed(400, { code: 400, reason: /count/.test(problem) ? 'FieldItemCountOutOfRange' : 'FieldInvalid', message: `${/count/.test(problem) ? 'field item count out of range' : 'invalid field'}: ${field}`, metadata: { detail: problem } }),
	hailuo: (field, problem) => taskError(400, '2013', `hailuo api error: invalid params, ${field}: ${problem}`),
};

/** @param {import('./families').FamilyName} family @param {string} field @param {string} problem @returns {NewApiError} */
function upstreamRefusal(family, field, problem) {
	const refuser = REFUSERS[family];
	if (!refuser) throw new Error(`the ${family} family refuses nothing here`);
	return refuser(field, problem);
}

module.exports = { GENERATIONS, generationOf, upstreamRefusal };
