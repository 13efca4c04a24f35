// @ts-check

/**
 * The simulated clock: `now()` runs `timeScale` simulated milliseconds per real one, so a
 * benchmark can play a ten-minute job in seconds. Changing the scale re-anchors the clock at the
 * current instant, so simulated time never jumps and task timings stay consistent.
 * @param {number} timeScale
 */
function createClock(timeScale) {
	const startedReal = Date.now();
	let anchorReal = startedReal;
	let anchorSim = startedReal;
	let scale = timeScale;

	const now = () => anchorSim + (Date.now() - anchorReal) * scale;

	return {
		now,
		/** Real milliseconds since the simulator started (the request log's time base). */
		sinceStart: () => Date.now() - startedReal,
		/** @param {number} next a positive scale (mergeOptions has checked it) */
		setScale(next) {
			anchorSim = now();
			anchorReal = Date.now();
			scale = next;
		},
	};
}

/** ISO 8601 at whole seconds, as the provider's document prints its timestamps. @param {number} ms */
const isoSeconds = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** @param {number} ms */
const unixSeconds = (ms) => Math.floor(ms / 1000);

module.exports = { createClock, isoSeconds, unixSeconds };
