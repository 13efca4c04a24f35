// @ts-check
const { createClock } = require('./clock');
const { createLimits } = require('./limits');
const { createLinks } = require('./links');
const { createMedia } = require('./media');
const { defaults, mergeOptions, takeFault } = require('./options');
const { createRequestLog } = require('./request-log');
const { createTaskStore } = require('./tasks');

/**
 * @typedef {import('./options').Options} Options
 * @typedef {ReturnType<typeof createContext>} Context
 */

/**
 * The simulator's whole state, shared by the API and file-host handlers.
 * @param {Record<string, any>} input
 */
function createContext(input) {
	const options = mergeOptions(defaults(), input, true);
	const clock = createClock(options.timeScale);
	const limits = createLimits(clock.now);
	const context = {
		options,
		clock,
		log: createRequestLog(clock.sinceStart),
		store: createTaskStore(clock.now),
		links: createLinks(),
		media: createMedia(options.videoBytes),
		/** Submits accepted (and billed) per key, for the quota. @type {Map<string, number>} */
		accepted: new Map(),
		/** Set once the file host listens. */
		fileUrl: '',
		/** @param {string} name */
		fault: (name) => takeFault(options.faults, name),
		/** Seconds to wait when `key` is over its limit for `endpoint`. @param {import('./limits').LimitedEndpoint} endpoint @param {string} key */
		overLimit: (endpoint, key) => limits.admit(options, endpoint, key),
		/** @param {Record<string, any>} changes */
		configure(changes) {
			const next = mergeOptions(options, changes);
			const media = next.videoBytes !== options.videoBytes ? createMedia(next.videoBytes) : undefined;
			if (next.timeScale !== options.timeScale) clock.setScale(next.timeScale);
			if (media) context.media = media;
			Object.assign(options, next);
		},
	};
	return context;
}

module.exports = { createContext };
