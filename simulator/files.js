// @ts-check
const { sendStream, sendText } = require('./http');

/**
 * @typedef {import('./context').Context} Context
 * @typedef {import('./request-log').LoggedRequest} LoggedRequest
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

/** What an object store answers to a bad or expired signature. */
const ACCESS_DENIED =
	'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired or the signature does not match</Message></Error>';

/**
 * The CDN-like second host: signed links, no key. It never sees an Authorization header from a
 * correct client, which is what tests check in the request log.
 * @param {Context} ctx
 */
function createFileHandler(ctx) {
	/** @param {IncomingMessage} req @param {ServerResponse} res @param {LoggedRequest} entry */
	return function handleFiles(req, res, entry) {
		const url = new URL(req.url ?? '/', 'http://files');
		const match = /^\/files\/([^/]+)\.(mp4|jpg)$/.exec(url.pathname);
		const forbidden = () => sendText(res, entry, 403, 'application/xml', ACCESS_DENIED);
		if (!match) return sendText(res, entry, 404, 'application/xml', '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code></Error>');
		const [, taskId, extension] = match;
		entry.taskId = taskId;
		if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, entry, 405, 'text/plain', 'Method Not Allowed');
		const task = ctx.store.tasks.get(taskId);
		if (!task || task.status().status !== 'completed' || !ctx.links.verify(taskId, `${taskId}.${extension}`, url.searchParams.get('sig'))) return forbidden();
		const head = req.method === 'HEAD';
		if (extension === 'jpg') return sendStream(res, entry, ctx.media.file('thumbnail', { head }));
		if (ctx.fault('downloadExpired')) {
			ctx.links.expire(taskId);
			return forbidden();
		}
		return sendStream(res, entry, ctx.media.file('video', { head, cut: !head && ctx.fault('downloadTruncate') }));
	};
}

module.exports = { createFileHandler };
