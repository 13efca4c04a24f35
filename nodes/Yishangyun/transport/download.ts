import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { sleep } from '../task/clock';
import { NetworkError, type YishangyunClient } from './client';
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

type Attempt = { stored: IBinaryData } | { expired: number } | { failed: Outcome; message: string };

function drain(body: unknown) {
	(body as { destroy?: () => void } | undefined)?.destroy?.();
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
	// The body streams straight into n8n's binary store: memory stays flat whatever the size.
	const stored = await ctx.helpers.prepareBinaryData(response.body as Buffer, fileName, mimeType).then(
		(data) => data,
		(error: Error & { code?: string }) => {
			drain(response.body);
			return new NetworkError(error.code ?? 'ESTREAM', true, error.message);
		},
	);
	if (stored instanceof NetworkError) return { failed: { kind: 'network', code: stored.code, requestSent: true }, message: stored.message };
	// A body that ends early without a socket error would otherwise be stored as a short file.
	const expected = Number(response.headers['content-length']);
	if (Number.isFinite(expected) && stored.bytes !== undefined && stored.bytes !== expected) {
		return { failed: { kind: 'network', code: 'ETRUNCATED', requestSent: true }, message: `Download ended after ${stored.bytes} of ${expected} bytes` };
	}
	return { stored };
}

/**
 * Streams a file into n8n's binary store, retrying cut transfers and server faults. Expired links
 * are not retried here: only a fresh status read can give a new one.
 */
export async function downloadToBinary(ctx: IExecuteFunctions, client: YishangyunClient, url: string, fileName: string, mimeType: string): Promise<IBinaryData> {
	for (let attempt = 1; ; attempt++) {
		const result = await downloadOnce(ctx, client, url, fileName, mimeType);
		if ('stored' in result) return result.stored;
		if ('expired' in result) throw new ExpiredLinkError(result.expired);
		const decision = decideRetry('download', result.failed, attempt);
		if (!decision.retry) throw new DownloadFailedError(result.message);
		ctx.logger.warn(`Yishangyun: download of ${fileName} failed (${result.message}); retrying`);
		await sleep(decision.delayMs, client.signal);
	}
}
