// @ts-check
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');

const FIXTURES = path.join(__dirname, 'fixtures');
const CHUNK = 64 * 1024;
const FREE_HEADER = 8;
const FREE_HEADER_64 = 16;

/** The fixtures are read (and the thumbnail hashed) once per process; every simulator serves the same bytes. */
/** @type {{ video: Buffer, thumbnail: Buffer, thumbnailSha256: string } | undefined} */
let fixtures;
function loadFixtures() {
	if (!fixtures) {
		const thumbnail = readFileSync(path.join(FIXTURES, 'thumbnail.jpg'));
		fixtures = { video: readFileSync(path.join(FIXTURES, 'video.mp4')), thumbnail, thumbnailSha256: createHash('sha256').update(thumbnail).digest('hex') };
	}
	return fixtures;
}

/**
 * sha256 of the served video by its size, which alone decides its bytes: hashed on first use,
 * once per process, so neither every start nor every simulator of the same size pays for 512 MB.
 * @type {Map<number, string>}
 */
const videoHashes = new Map();

/**
 * A pseudo-random 64 KiB block. Each padding chunk is this block stamped with its own index, so
 * a client that repeats, skips or reorders chunks gets a different sha256 — constant filler would
 * hide exactly the bugs a resumable download can have.
 */
const FILLER = (() => {
	const block = Buffer.alloc(CHUNK);
	let state = 0x9e3779b9;
	for (let i = 0; i < CHUNK; i += 4) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		block.writeUInt32BE(state >>> 0, i);
	}
	return block;
})();

/** @param {number} index */
function fillerChunk(index) {
	const chunk = Buffer.from(FILLER);
	chunk.writeBigUInt64BE(BigInt(index), 0);
	return chunk;
}

/** An MP4 `free` box header; sizes past 4 GiB need the 64-bit form. @param {number} boxSize */
function freeBoxHeader(boxSize) {
	if (boxSize <= 0xffffffff) {
		const header = Buffer.alloc(FREE_HEADER);
		header.writeUInt32BE(boxSize, 0);
		header.write('free', 4, 'latin1');
		return header;
	}
	const header = Buffer.alloc(FREE_HEADER_64);
	header.writeUInt32BE(1, 0);
	header.write('free', 4, 'latin1');
	header.writeBigUInt64BE(BigInt(boxSize), 8);
	return header;
}

/**
 * The served video: the fixture MP4, optionally followed by one `free` box that pads it to exactly
 * `videoBytes` (players skip `free` boxes, so it stays valid). Padding is produced while
 * streaming, so a 512 MB video costs no memory.
 * @param {number | undefined} videoBytes
 */
function createMedia(videoBytes) {
	const { video, thumbnail, thumbnailSha256 } = loadFixtures();
	const size = videoBytes ?? video.length;
	if (!Number.isSafeInteger(size) || (size !== video.length && size < video.length + FREE_HEADER)) {
		throw new RangeError(`videoBytes must be ${video.length} (the fixture) or at least ${video.length + FREE_HEADER}, got ${videoBytes}`);
	}
	const padding = size - video.length;
	const header = padding > 0 ? freeBoxHeader(padding) : Buffer.alloc(0);
	const fillerStart = video.length + header.length;

	/**
	 * Bytes [start, end) of the served file, in chunks of at most 64 KiB.
	 * @param {number} start @param {number} end
	 */
	function* bytes(start, end) {
		for (const [offset, part] of /** @type {const} */ ([[0, video], [video.length, header]])) {
			const from = Math.max(start, offset);
			const to = Math.min(end, offset + part.length);
			for (let at = from; at < to; at += CHUNK) yield part.subarray(at - offset, Math.min(to, at + CHUNK) - offset);
		}
		let at = Math.max(start, fillerStart);
		while (at < end) {
			const index = Math.floor((at - fillerStart) / CHUNK);
			const chunkStart = fillerStart + index * CHUNK;
			const chunk = fillerChunk(index);
			const to = Math.min(end, chunkStart + CHUNK);
			yield chunk.subarray(at - chunkStart, to - chunkStart);
			at = to;
		}
	}

	return {
		videoSize: size,
		videoSha256() {
			let hex = videoHashes.get(size);
			if (hex === undefined) {
				const hash = createHash('sha256');
				for (const chunk of bytes(0, size)) hash.update(chunk);
				hex = hash.digest('hex');
				videoHashes.set(size, hex);
			}
			return hex;
		},
		thumbnailSha256,
		/** The whole served video in memory, for answers that inline it (a data: URL). */
		videoBytes: () => Buffer.concat([...bytes(0, size)]),
		/**
		 * What sendStream needs to serve the video or the thumbnail, from either host. `cut` sends
		 * half the video under the full Content-Length; `head` sends headers only.
		 * @param {'video' | 'thumbnail'} which @param {{ cut?: boolean, head?: boolean }} [how]
		 */
		file(which, { cut = false, head = false } = {}) {
			if (which === 'thumbnail') return { type: 'image/jpeg', size: thumbnail.length, stream: Readable.from(head ? [] : [thumbnail]) };
			const stream = head ? Readable.from([]) : Readable.from(bytes(0, cut ? Math.floor(size / 2) : size), { objectMode: false });
			return { type: 'video/mp4', size, stream, cut: cut && !head };
		},
	};
}

module.exports = { createMedia };
