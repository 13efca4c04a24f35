/**
 * What a file answer is, judged before a byte is stored: a file that is not a video is never
 * stored as one (gateways answer `/content` with JSON or an error page on a 200), and new-api
 * answers `?variant=thumbnail` with the MP4, which is no thumbnail.
 */
export type FileKind = 'video' | 'image';

/** 'store' the body; 'json' to read it for a URL; 'other' is not the file asked for. */
export type ContentVerdict = 'store' | 'json' | 'other';

const GENERIC_BINARY = ['application/octet-stream', 'binary/octet-stream'];

export function mediaType(contentType: string | undefined): string {
	return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function judgeContent(contentType: string | undefined, want: FileKind): ContentVerdict {
	const type = mediaType(contentType);
	if (type === 'application/json' || type.endsWith('+json')) return 'json';
	if (want === 'image') return type.startsWith('image/') ? 'store' : 'other';
	// A file host that names no type sends bytes (RFC 9110 §8.3: treat it as octet-stream).
	return type === '' || type.startsWith('video/') || GENERIC_BINARY.includes(type) ? 'store' : 'other';
}

/** A link the download can follow: the web, or a `data:` URL it decodes. */
export function isFetchable(url: string): boolean {
	return /^(https?:|data:)/i.test(url);
}

/** A `data:<type>;base64,<bytes>` URL, decoded; undefined for anything else. */
export function decodeDataUrl(url: string): { mimeType: string; data: Buffer } | undefined {
	const match = /^data:([^;,]*)((?:;[^;,]*)*?);base64,(.*)$/is.exec(url.trim());
	if (!match) return undefined;
	return { mimeType: match[1].trim().toLowerCase() || 'application/octet-stream', data: Buffer.from(match[3], 'base64') };
}

function safeDecode(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

/**
 * The gateway's own file proxy, `/v1/videos/<taskId>/content`, as new-api writes it into results:
 * with its configured address (by default `http://localhost:3000`), which need not be the one the
 * node reaches it at. Returns the path and query to read from the credential's Base URL. Another
 * task's id names another relay's proxy, not this gateway's.
 */
export function gatewayContentPath(url: string, taskId: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	if (!/^https?:$/.test(parsed.protocol)) return undefined;
	const match = /\/v1\/videos\/([^/]+)\/content\/?$/.exec(parsed.pathname);
	if (!match || safeDecode(match[1]) !== taskId) return undefined;
	return `/v1/videos/${match[1]}/content${parsed.search}`;
}

const IMAGE_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

export function imageExtension(type: string): string {
	return IMAGE_EXTENSIONS[type] ?? 'jpg';
}
