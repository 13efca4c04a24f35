// @ts-check
const { createHash } = require('node:crypto');

/**
 * Parses a multipart/form-data body kept as raw bytes, so uploaded files arrive intact.
 * @param {Buffer} body
 * @param {string} contentType
 */
function parseMultipart(body, contentType) {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!match) throw new Error('multipart body without boundary');
	const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
	/** @type {Record<string, string | string[]>} */
	const fields = {};
	/** @type {Array<{field: string, filename: string, contentType: string, size: number, sha256: string}>} */
	const files = [];
	let start = body.indexOf(boundary);
	while (start !== -1) {
		const partStart = start + boundary.length;
		if (body.subarray(partStart, partStart + 2).toString() === '--') break;
		const next = body.indexOf(boundary, partStart);
		if (next === -1) break;
		const part = body.subarray(partStart + 2, next - 2); // skip CRLF after boundary and before next
		const headerEnd = part.indexOf('\r\n\r\n');
		const headers = part.subarray(0, headerEnd).toString('utf8');
		const content = part.subarray(headerEnd + 4);
		const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
		const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
		if (filename !== undefined) {
			files.push({
				field: name,
				filename,
				contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream',
				size: content.length,
				sha256: createHash('sha256').update(content).digest('hex'),
			});
		} else {
			const value = content.toString('utf8');
			const existing = fields[name];
			fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
		}
		start = next;
	}
	return { fields, files };
}

module.exports = { parseMultipart };
