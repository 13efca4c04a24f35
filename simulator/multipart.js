// @ts-check
const { createHash } = require('node:crypto');

/** @typedef {import('./tasks').UploadedFile} UploadedFile */

class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** @param {string} headers @param {string} name */
const param = (headers, name) => new RegExp(`;\\s*${name}="([^"]*)"`, 'i').exec(headers)?.[1] ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(headers)?.[1];

/**
 * Parses a multipart/form-data body held as raw bytes, cutting parts only at CRLF + delimiter so
 * uploaded files keep every byte, CRLFs and dashes included. Repeated text fields become arrays.
 * @param {Buffer} body
 * @param {string} contentType
 * @returns {{ fields: Record<string, string | string[]>, files: UploadedFile[] }}
 */
function parseMultipart(body, contentType) {
	const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!boundary) throw new MultipartError('multipart/form-data without a boundary');
	const dashBoundary = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const delimiter = Buffer.concat([CRLF, dashBoundary]);

	/** @type {Record<string, string | string[]>} */
	const fields = {};
	/** @type {UploadedFile[]} */
	const files = [];

	if (!body.subarray(0, dashBoundary.length).equals(dashBoundary)) {
		const first = body.indexOf(delimiter);
		if (first === -1) throw new MultipartError('multipart body without its boundary');
		body = body.subarray(first + CRLF.length);
	}
	let cursor = dashBoundary.length;
	for (;;) {
		if (body.subarray(cursor, cursor + 2).toString('latin1') === '--') break;
		const next = body.indexOf(delimiter, cursor);
		if (next === -1) throw new MultipartError('multipart body ends without its closing boundary');
		const part = body.subarray(cursor + CRLF.length, next);
		const split = part.indexOf(HEADER_END);
		if (split === -1) throw new MultipartError('multipart part without headers');
		const headers = part.subarray(0, split).toString('utf8');
		const content = part.subarray(split + HEADER_END.length);
		const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
		const name = param(disposition, 'name') ?? '';
		const filename = param(disposition, 'filename');
		if (filename !== undefined) {
			files.push({
				field: name,
				filename,
				contentType: /^content-type:\s*(.+?)\s*$/im.exec(headers)?.[1] ?? 'application/octet-stream',
				size: content.length,
				sha256: createHash('sha256').update(content).digest('hex'),
			});
		} else {
			const value = content.toString('utf8');
			const existing = fields[name];
			fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
		}
		cursor = next + delimiter.length;
	}
	return { fields, files };
}

module.exports = { parseMultipart, MultipartError };
