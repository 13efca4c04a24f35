// @ts-check

/**
 * Per-key request limits as gateways of this kind enforce them: a sliding window of the requests
 * let through, per endpoint; beyond it a 429 whose Retry-After says when the window has room.
 * Refused requests do not count against the window. Windows run on the simulated clock.
 * @typedef {'status' | 'submit'} LimitedEndpoint
 */
const WINDOWS = Object.freeze({
	status: { option: 'statusReadsPerSecond', ms: 1000 },
	submit: { option: 'submitsPerMinute', ms: 60_000 },
});

/** @param {() => number} now simulated ms */
function createLimits(now) {
	/** Times of the requests let through, per endpoint and key. @type {Map<string, number[]>} */
	const passed = new Map();

	return {
		/**
		 * Lets a request through (and counts it), or says how many whole seconds to wait.
		 * @param {Record<string, any>} options @param {LimitedEndpoint} endpoint @param {string} key
		 * @returns {number | undefined}
		 */
		admit(options, endpoint, key) {
			const { option, ms } = WINDOWS[endpoint];
			const limit = options[option];
			if (!(limit < Infinity)) return undefined;
			const at = now();
			const id = `${endpoint} ${key}`;
			const times = (passed.get(id) ?? []).filter((time) => time > at - ms);
			passed.set(id, times);
			if (times.length >= limit) return Math.max(1, Math.ceil(((times[0] ?? at) + ms - at) / 1000));
			times.push(at);
			return undefined;
		},
	};
}

module.exports = { createLimits };
