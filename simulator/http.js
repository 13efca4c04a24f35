// @ts-check

/**
 * @typedef {import('./request-log').LoggedRequest} LoggedRequest
 * @typedef {import('./errors').ErrorAnswer} ErrorAnswer
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

/**
 * @param {ServerResponse} res @param {LoggedRequest} entry @param {number} status @param {string} type @param {string} text
 * @param {Record<string, string>} [headers]
 */
function sendText(res, entry, status, type, text, headers = {}) {
	entry.status = status;
	res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...headers });
	res.end(text);
}

/** @param {ServerResponse} res @param {LoggedRequest} entry @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
const sendJson = (res, entry, status, body, headers) => sendText(res, entry, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);

/** @param {ServerResponse} res @param {LoggedRequest} entry @param {ErrorAnswer} answer */
const sendError = (res, entry, answer) => sendJson(res, entry, answer.status, { error: answer.error }, answer.headers);

/** The connection dies with no answer at all, as behind a crashing proxy. @param {ServerResponse} res @param {LoggedRequest} entry */
function drop(res, entry) {
	entry.status = 'dropped';
	res.socket?.destroy();
}

/**
 * Streams a body under a Content-Length for `size` bytes. With `cut`, the stream holds fewer bytes
 * and the connection is closed after them, so the client sees a short body, not a clean end.
 * @param {ServerResponse} res @param {LoggedRequest} entry
 * @param {{ type: string, size: number, stream: import('node:stream').Readable, cut?: boolean }} body
 */
function sendStream(res, entry, { type, size, stream, cut = false }) {
	entry.status = 200;
	res.writeHead(200, { 'content-type': type, 'content-length': String(size), 'cache-control': 'private, max-age=86400' });
	res.on('close', () => {
		if (!res.writableFinished) stream.destroy();
	});
	if (!cut) {
		stream.pipe(res);
		return;
	}
	stream.pipe(res, { end: false });
	stream.on('end', () => {
		entry.status = 'dropped';
		// end() flushes what was written before closing, so the client gets exactly the short body.
		const socket = res.socket;
		socket?.end(() => socket.destroy());
	});
}

/**
 * The whole request body, or undefined when it passes `limit` bytes.
 * @param {IncomingMessage} req @param {number} limit
 * @returns {Promise<Buffer | undefined>}
 */
function readBody(req, limit) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let length = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			length += chunk.length;
			if (length <= limit) chunks.push(chunk);
		});
		req.on('end', () => resolve(length <= limit ? Buffer.concat(chunks) : undefined));
		req.on('error', reject);
	});
}

module.exports = { sendJson, sendError, sendText, sendStream, drop, readBody };
