import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { sleep } from '../task/clock';
import { decideRetry, type Outcome } from './retry';
import { NetworkError, type YishangyunClient } from './client';

/** The file host refused a link that used to work: a signed URL that expired. */
export class ExpiredLinkError extends Error {
	constructor(readonly status: number) {
		super(`The file link answered HTTP ${status}; it has probably expired`);
		this.name = 'ExpiredLinkError';
	}
}

export class DownloadFailedError extends Error {
	constructor(message: string, readonly status?: number) {
		super(message);
		this.name = 'DownloadFailedError';
	}
}

/** Fails the stream when the body ends short of Content-Length, so a cut file is never stored. */
class LengthCheck extends Transform {
	private received = 0;

	constructor(private readonly expected: number | undefined) {
		super();
	}

	_transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
		this.received += chunk.length;
		done(null, chunk);
	}

	_flush(done: TransformCallback) {
		if (this.expected !== undefined && this.received !== this.expected) {
			done(new NetworkError('ETRUNCATED', true, `Download ended after ${this.received} of ${this.expected} bytes`));
		} else done();
	}
}

function drain(body: unknown) {
	(body as Readable | undefined)?.destroy?.();
}

async function downloadOnce(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	url: string,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	// No timeout on the whole transfer: a large video on a slow link legitimately takes minutes.
	const response = await client.send({ method: 'GET', path: '', url, encoding: 'stream', timeoutMs: 0 });
	const body = response.body as Readable;
	if (response.status === 403 || response.status === 404 || response.status === 410) {
		drain(body);
		throw new ExpiredLinkError(response.status);
	}
	if (response.status >= 300) {
		drain(body);
		throw new DownloadFailedError(`The file host answered HTTP ${response.status}`, response.status);
	}
	const length = Number(response.headers['content-length']);
	const checked = body.pipe(new LengthCheck(Number.isFinite(length) ? length : undefined));
	body.on('error', (error) => checked.destroy(error));
	try {
		return await ctx.helpers.prepareBinaryData(checked, fileName, mimeType);
	} catch (error) {
		drain(body);
		if (error instanceof NetworkError) throw error;
		throw new NetworkError((error as { code?: string }).code ?? 'ESTREAM', true, (error as Error).message);
	}
}

/**
 * Streams a file into n8n's binary store, retrying cut transfers and server faults. Expired links
 * are not retried here: only a fresh status read can give a new one.
 */
export async function downloadToBinary(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	url: string,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	for (let attempt = 1; ; attempt++) {
		let outcome: Outcome;
		let failure: Error;
		try {
			return await downloadOnce(ctx, client, url, fileName, mimeType);
		} catch (error) {
			if (error instanceof ExpiredLinkError) throw error;
			if (error instanceof NetworkError) {
				outcome = { kind: 'network', code: error.code, requestSent: true };
			} else if (error instanceof DownloadFailedError && error.status) {
				outcome = { kind: 'http', status: error.status };
			} else throw error;
			failure = error;
		}
		const decision = decideRetry('download', outcome, attempt);
		if (!decision.retry) throw failure;
		ctx.logger.warn(`Yishangyun: download of ${fileName} failed (${failure.message}); retrying`);
		await sleep(decision.delayMs, client.signal);
	}
}
