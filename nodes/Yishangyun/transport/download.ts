import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { NetworkError, type ApiResponse, type YishangyunClient } from './client';
import { realClock } from './clock';
import { pageText } from './json';
import { decodeDataUrl, gatewayContentPath, imageExtension, isFetchable, judgeContent, mediaType, type FileKind } from './file-kind';
import { decideRetry, type Outcome } from './retry';

/** The file host refused a link that used to work: a signed URL that expired. */
export class ExpiredLinkError extends Error {
	constructor(readonly status: number) {
		super(`The file link answered HTTP ${status}; it has probably expired`);
		this.name = 'ExpiredLinkError';
	}
}

export class DownloadFailedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DownloadFailedError';
	}
}

/**
 * n8n's own binary store refused the file (database mode's size cap, a full disk) while the
 * download itself was fine: fetching it again would only refuse again, after moving it again.
 */
export class StoreRefusedError extends Error {
	constructor(readonly reason: string) {
		super(`n8n could not store the file: ${reason}`);
		this.name = 'StoreRefusedError';
	}
}

/** What came back is not the file asked for (an HTML page, JSON without a URL, an MP4 for a thumbnail). */
export class NotTheFileError extends Error {
	constructor(
		readonly kind: FileKind,
		readonly contentType: string,
		readonly excerpt: string,
	) {
		super(`The file link answered ${contentType || 'without a content type'}, not ${kind === 'video' ? 'a video' : 'an image'}${excerpt ? `: ${excerpt}` : ''}`);
		this.name = 'NotTheFileError';
	}
}

/** The gateway itself (the API's origin, e.g. its `/content` proxy) refused: its error answer, to read like any other. */
export class GatewayAnswerError extends Error {
	constructor(readonly response: ApiResponse) {
		super(`The gateway answered HTTP ${response.status}`);
		this.name = 'GatewayAnswerError';
	}
}

/** One file to fetch for a task. */
export interface FileRequest {
	url: string;
	kind: FileKind;
	taskId: string;
	/** Where a JSON answer of the file link names the file (the task floor knows the places). */
	urlIn: (json: unknown) => string | null;
}

type Attempt =
	| { stored: IBinaryData }
	| { follow: string }
	| { expired: number }
	| { refused: string }
	| { notFile: NotTheFileError }
	| { gateway: ApiResponse }
	| { failed: Outcome; message: string };

/** Enough of a non-file answer to read a URL or an error out of it, or to quote it. */
const READ_LIMIT = 64 * 1024;
/** `/content` answering JSON that points at `/content` again must end somewhere. */
const MAX_HOPS = 3;

/** The response body as far as this file needs it: a readable stream from n8n's HTTP helper. */
type Body = { on?(event: string, listener: (error: Error) => void): unknown; destroy?(): void };

function drain(body: unknown) {
	(body as Body | undefined)?.destroy?.();
}

/** Remembers whether the body itself broke: that tells a network fault from the store's refusal. */
function watchBody(body: unknown): () => Error | undefined {
	let broke: Error | undefined;
	(body as Body).on?.('error', (error: Error) => (broke ??= error));
	(body as Body).on?.('aborted', () => (broke ??= new Error('The connection closed before the file was complete')));
	return () => broke;
}

/** The start of a body that is not the file, as text; the rest is dropped unread. */
async function readSome(body: unknown): Promise<string> {
	if (typeof body === 'string') return body.slice(0, READ_LIMIT);
	if (Buffer.isBuffer(body)) return body.subarray(0, READ_LIMIT).toString('utf8');
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			const bytes = Buffer.from(chunk);
			chunks.push(bytes);
			size += bytes.length;
			if (size >= READ_LIMIT) break;
		}
	} catch (error) {
		// A body cut short is still worth quoting as far as it came.
		chunks.push(Buffer.from(` [${(error as Error).message}]`));
	} finally {
		drain(body);
	}
	return Buffer.concat(chunks).subarray(0, READ_LIMIT).toString('utf8');
}

/** JSON from `/content`: a URL to follow, or not the file. */
function followJson(text: string, file: FileRequest, contentType: string): Attempt {
	let next: string | null = null;
	try {
		next = file.urlIn(JSON.parse(text));
	} catch {
		// Not JSON after all: quoted below like any other page.
	}
	return next && isFetchable(next) ? { follow: next } : { notFile: new NotTheFileError(file.kind, contentType, pageText(text)) };
}

async function storeBuffer(ctx: IExecuteFunctions, data: Buffer, fileName: string, mimeType: string): Promise<Attempt> {
	try {
		return { stored: await ctx.helpers.prepareBinaryData(data, fileName, mimeType) };
	} catch (error) {
		return { refused: (error as Error).message };
	}
}

/** A video is stored as the task's MP4 whatever type its host names; an image as what came back. */
function nameFor(file: FileRequest, type: string): [string, string] {
	return file.kind === 'image' ? [`${file.taskId}.${imageExtension(type)}`, type] : [`${file.taskId}.mp4`, 'video/mp4'];
}

async function downloadOnce(ctx: IExecuteFunctions, client: YishangyunClient, file: FileRequest, url: string): Promise<Attempt> {
	// Gateways inline small results as data: URLs: the file is already here.
	const inline = decodeDataUrl(url);
	if (inline) {
		if (judgeContent(inline.mimeType, file.kind) !== 'store') return { notFile: new NotTheFileError(file.kind, inline.mimeType, '') };
		return await storeBuffer(ctx, inline.data, ...nameFor(file, inline.mimeType));
	}
	// The gateway's own proxy is read where the credential reaches it, with the key; any
	// other host gets no key (the client sends it to the API's origin only).
	const own = gatewayContentPath(url, file.taskId);
	const target = own ? `${client.baseUrl}${own}` : url;
	// No timeout on the whole transfer: a large video on a slow link legitimately takes minutes.
	const response = await client.send({ method: 'GET', path: '', url: target, encoding: 'stream', timeoutMs: 0 });
	if (response instanceof NetworkError) {
		return { failed: { kind: 'network', code: response.code, requestSent: true }, message: response.message };
	}
	const contentType = response.headers['content-type'] ?? '';
	if (response.status >= 300) {
		const text = await readSome(response.body);
		// A refusal by the gateway itself (a used-up key, a task it does not know) is an API error.
		if (client.isApiOrigin(target) && ![404, 410, 429].includes(response.status) && response.status < 500) {
			return { gateway: { status: response.status, headers: response.headers, body: text } };
		}
		if ([403, 404, 410].includes(response.status)) return { expired: response.status };
		const excerpt = pageText(text);
		return { failed: { kind: 'http', status: response.status, retryAfter: response.headers['retry-after'] }, message: `The file host answered HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}` };
	}
	// Judged before a byte is stored: a page or JSON on a 200 is not the video.
	const verdict = judgeContent(contentType, file.kind);
	if (verdict === 'json') return followJson(await readSome(response.body), file, mediaType(contentType));
	if (verdict === 'other') {
		// A page says what went wrong: quote it. Other bytes (an MP4 for a thumbnail) are not read.
		const readable = /^text\/|html|xml/.test(mediaType(contentType));
		const excerpt = readable ? pageText(await readSome(response.body)) : '';
		if (!readable) drain(response.body);
		return { notFile: new NotTheFileError(file.kind, mediaType(contentType), excerpt) };
	}
	const [fileName, mimeType] = nameFor(file, mediaType(contentType));
	const bodyError = watchBody(response.body);
	// The body streams straight into n8n's binary store: memory stays flat whatever the size
	// (in filesystem mode; database mode buffers the whole file inside n8n).
	let stored: IBinaryData;
	try {
		stored = await ctx.helpers.prepareBinaryData(response.body as Buffer, fileName, mimeType);
	} catch (error) {
		drain(response.body);
		const broke = bodyError();
		if (!broke) return { refused: (error as Error).message };
		const code = (broke as Error & { code?: string }).code ?? 'ESTREAM';
		return { failed: { kind: 'network', code, requestSent: true }, message: broke.message };
	}
	// A body that ends early without a socket error would otherwise be stored as a short file.
	const expected = Number(response.headers['content-length']);
	if (Number.isFinite(expected) && stored.bytes !== undefined && stored.bytes !== expected) {
		return { failed: { kind: 'network', code: 'ETRUNCATED', requestSent: true }, message: `Download ended after ${stored.bytes} of ${expected} bytes` };
	}
	return { stored };
}

/**
 * Streams a file into n8n's binary store, retrying cut transfers and server faults, and following
 * a JSON answer's URL. Expired links are not retried here (only a fresh status read can give a
 * new one), and neither is a refusal by the store or the gateway, nor an answer that is not the file.
 */
export async function downloadToBinary(ctx: IExecuteFunctions, client: YishangyunClient, file: FileRequest): Promise<IBinaryData> {
	let url = file.url;
	for (let attempt = 1, hops = 0; ; attempt++) {
		const result = await downloadOnce(ctx, client, file, url);
		if ('stored' in result) return result.stored;
		if ('follow' in result && hops < MAX_HOPS) {
			hops++;
			attempt = 0;
			url = result.follow;
			continue;
		}
		if ('follow' in result) throw new NotTheFileError(file.kind, 'application/json', `still another link after ${MAX_HOPS}`);
		if ('expired' in result) throw new ExpiredLinkError(result.expired);
		if ('refused' in result) throw new StoreRefusedError(result.refused);
		if ('notFile' in result) throw result.notFile;
		if ('gateway' in result) throw new GatewayAnswerError(result.gateway);
		const decision = decideRetry('download', result.failed, attempt);
		if (!decision.retry) throw new DownloadFailedError(result.message);
		ctx.logger.warn(`Yishangyun: download of the ${file.kind} of ${file.taskId} failed (${result.message}); retrying`);
		await realClock.sleep(decision.delayMs, client.signal);
	}
}
