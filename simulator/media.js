// @ts-check
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');

const FIXTURES = path.join(__dirname, 'fixtures');
const CHUNK = 64 * 1024;

/**
 * The served video: the fixture MP4, optionally followed by an MP4 `free` box that pads it to an
 * exact size (players skip `free` boxes, so it stays a valid file). Padding is generated while
 * streaming, so a 512 MB video costs no memory.
 * @param {number | undefined} videoBytes
 */
function createMedia(videoBytes) {
	const video = readFileSync(path.join(FIXTURES, 'video.mp4'));
	const thumbnail = readFileSync(path.join(FIXTURES, 'thumbnail.jpg'));
	const size = videoBytes && videoBytes > video.length + 8 ? videoBytes : video.length;
	const padding = size - video.length;
	const boxHeader = Buffer.alloc(8);
	if (padding > 0) {
		boxHeader.writeUInt32BE(padding, 0);
		boxHeader.write('free', 4, 'latin1');
	}
	const filler = Buffer.alloc(CHUNK, 0x2e);

	/** @param {number} [limit] bytes to send before stopping (for cut transfers) */
	function* chunks(limit = size) {
		let sent = 0;
		const emit = function* (/** @type {Buffer} */ buffer) {
			const take = Math.min(buffer.length, limit - sent);
			if (take > 0) {
				sent += take;
				yield buffer.subarray(0, take);
			}
		};
		yield* emit(video);
		if (padding > 0) {
			yield* emit(boxHeader);
			let left = padding - 8;
			while (left > 0 && sent < limit) {
				const piece = filler.subarray(0, Math.min(CHUNK, left));
				left -= piece.length;
				yield* emit(piece);
			}
		}
	}

	const hash = createHash('sha256');
	for (const chunk of chunks()) hash.update(chunk);
	const videoSha256 = hash.digest('hex');

	return {
		videoSize: size,
		videoSha256,
		thumbnail,
		thumbnailSha256: createHash('sha256').update(thumbnail).digest('hex'),
		/** @param {number} [limit] */
		videoStream: (limit) => Readable.from(chunks(limit), { objectMode: false }),
	};
}

module.exports = { createMedia };
