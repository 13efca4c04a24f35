// @ts-check

/**
 * Prompt directives of the newapi dialect, so one batch can mix the answer forms real gateways
 * give. The generic ones (`[fail]`, `[never]`, `[queue=N]`, `[seconds=N]`) are read by tasks.js.
 * @typedef {{ fail200: boolean, busy200: boolean, relay: boolean, selfurl: boolean, contentjson: boolean,
 *   url?: UrlPlace, spell?: string }} Directives
 * @typedef {'video_url' | 'url' | 'metadata.url' | 'metadata.video_url' | 'result_url' | 'task_result.videos.0.url' | 'data'} UrlPlace
 */

/** Where `[url=<where>]` may put the finished file's URL (`data`: a data: URL in `video_url`). */
const URL_PLACES = Object.freeze(['video_url', 'url', 'metadata.url', 'metadata.video_url', 'result_url', 'task_result.videos.0.url', 'data']);

/** @param {string} prompt @returns {Directives} */
function directivesOf(prompt) {
	const flag = (/** @type {string} */ name) => prompt.includes(`[${name}]`);
	const value = (/** @type {string} */ name) => new RegExp(`\\[${name}=([^\\]\\s]+)\\]`).exec(prompt)?.[1];
	const url = value('url');
	return {
		fail200: flag('fail200'),
		busy200: flag('busy200'),
		relay: flag('relay'),
		selfurl: flag('selfurl'),
		contentjson: flag('contentjson'),
		url: url !== undefined && URL_PLACES.includes(url) ? /** @type {UrlPlace} */ (url) : undefined,
		spell: value('spell'),
	};
}

/** Failed states in the spelling of the relay that spells completion so; others say `failed`. */
const FAILED_SPELLING = Object.freeze(/** @type {Record<string, string>} */ ({ succeed: 'fail', Success: 'Fail', SUCCESS: 'FAILURE', success: 'failure', succeeded: 'failed' }));

/**
 * A status in a relay's own spelling (`[spell=<completed>]`): waiting states become
 * `initializing`, running `in_progress`, the end states as that relay spells them.
 * @param {'unknown' | 'queued' | 'in_progress' | 'completed' | 'failed'} status @param {string} completed
 */
function spelt(status, completed) {
	if (status === 'completed') return completed;
	if (status === 'failed') return FAILED_SPELLING[completed] ?? 'failed';
	return status === 'in_progress' ? 'in_progress' : 'initializing';
}

module.exports = { URL_PLACES, directivesOf, spelt };
