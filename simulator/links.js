// @ts-check
const { createHmac, randomBytes, timingSafeEqual } = require('node:crypto');

/**
 * Signed, expirable file links like a CDN's: the signature covers the task, the file and a
 * generation number; expiring a task's links bumps the generation, so the old `?sig=` stops
 * working and the next status read hands out a fresh one.
 */
function createLinks() {
	const secret = randomBytes(32);
	/** @type {Map<string, number>} */
	const generations = new Map();

	/** @param {string} taskId @param {string} file */
	const sign = (taskId, file) => createHmac('sha256', secret).update(`${taskId}/${file}/${generations.get(taskId) ?? 1}`).digest('base64url');

	return {
		/** @param {string} fileUrl @param {string} taskId */
		urlsFor(fileUrl, taskId) {
			const url = (/** @type {string} */ file) => `${fileUrl}/files/${encodeURIComponent(file)}?sig=${sign(taskId, file)}`;
			return { videoUrl: url(`${taskId}.mp4`), thumbnailUrl: url(`${taskId}.jpg`) };
		},
		/** @param {string} taskId @param {string} file @param {string | null} sig */
		verify(taskId, file, sig) {
			if (!sig) return false;
			const expected = Buffer.from(sign(taskId, file));
			const given = Buffer.from(sig);
			return given.length === expected.length && timingSafeEqual(given, expected);
		},
		/** @param {string} taskId */
		expire(taskId) {
			generations.set(taskId, (generations.get(taskId) ?? 1) + 1);
		},
	};
}

module.exports = { createLinks };
