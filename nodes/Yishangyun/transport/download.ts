import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { NetworkError, type YishangyunClient } from './client';
import { realClock } from './clock';
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

type Attempt = { stored: IBinaryData } | { expired: number } | { refused: string } | { failed: Outcome; message: string };

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

async function downloadOnce(ctx: IExecuteFunctions, client: YishangyunClient, url: string, fileName: string, mimeType: string): Promise<Attempt> {
	// No timeout on the whole transfer: a large video on a slow link legitimately takes minutes.
	const response = await client.send({ method: 'GET', path: '', url, encoding: 'stream', timeoutMs: 0 });
	if (response instanceof NetworkError) {
		return { failed: { kind: 'network', code: response.code, requestSent: true }, message: response.message };
	}
	if (response.status >= 300) {
		drain(response.body);
		if ([403, 404, 410].includes(response.status)) return { expired: response.status };
		return { failed: { kind: 'http', status: response.status }, message: `The file host answered HTTP ${response.status}` };
	}
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
 * Streams a file into n8n's binary store, retrying cut transfers and server faults. Expired links
 * are not retried here (only a fresh status read can give a new one), and neither is a refusal
 * by the store.
 */
export async function downloadToBinary(ctx: IExecuteFunctions, client: YishangyunClient, url: string, fileName: string, mimeType: string): Promise<IBinaryData> {
	for (let attempt = 1; ; attempt++) {
		const result = await downloadOnce(ctx, client, url, fileName, mimeType);
		if ('stored' in result) return result.stored;
		if ('expired' in result) throw new ExpiredLinkError(result.expired);
		if ('refused' in result) throw new StoreRefusedError(result.refused);
		const decision = decideRetry('download', result.failed, attempt);
		if (!decision.retry) throw new DownloadFailedError(result.message);
		ctx.logger.warn(`Yishangyun: download of ${fileName} failed (${result.message}); retrying`);
		await realClock.sleep(decision.delayMs, client.signal);
	}
}
