/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { sleep } from 'n8n-workflow';

import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';

export interface Answer {
	status: number;
	headers: Headers;
	/** Parsed JSON when the body is JSON, else the text. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of whatever shape the simulator answered; tests read fields off it
	body: any;
}

export { sleep };

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A request to the simulator's API with its key (or another, or none with `key: null`). */
export async function call(sim: Simulator, path: string, init: RequestInit & { key?: string | null } = {}): Promise<Answer> {
	const key = init.key === undefined ? sim.apiKey : init.key;
	const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
	if (key) headers.authorization = `Bearer ${key}`;
	if (typeof init.body === 'string') headers['content-type'] ??= 'application/json';
	const response = await fetch(`${sim.url}${path}`, { ...init, headers });
	const text = await response.text();
	const json = (response.headers.get('content-type') ?? '').includes('application/json');
	return { status: response.status, headers: response.headers, body: json ? JSON.parse(text) : text };
}

export const submit = (sim: Simulator, body: Record<string, unknown>, key?: string | null) =>
	call(sim, '/v1/videos', { method: 'POST', body: JSON.stringify(body), key });

export const poll = (sim: Simulator, taskId: string, key?: string | null) => call(sim, `/v1/videos/${taskId}`, { key });

/** Submits a valid task and returns its id, whichever dialect answers. */
export async function createTask(sim: Simulator, prompt = 'A lighthouse at dusk', extra: Record<string, unknown> = {}): Promise<string> {
	const answer = await submit(sim, { model: 'sora-2', prompt, ...extra });
	if (answer.status !== 200) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return answer.body.task_id ?? answer.body.id;
}

/** Polls until the task reports `status`, returning that answer's body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of whatever shape the simulator answered; tests read fields off it
export async function pollUntil(sim: Simulator, taskId: string, status: string, timeoutMs = 10_000): Promise<any> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const answer = await poll(sim, taskId);
		if (answer.body?.status === status) return answer.body;
		if (Date.now() > end) throw new Error(`task ${taskId} still ${JSON.stringify(answer.body)} after ${timeoutMs} ms`);
		await sleep(25);
	}
}

export async function download(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
	const response = await fetch(url, init);
	return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

export interface RawAnswer {
	status?: number;
	headers: IncomingHttpHeaders;
	/** Body bytes that arrived. */
	received: number;
	/** sha256 hex of those bytes. */
	sha256: string;
	/** The first MiB or so of them. */
	head: Buffer;
	/** Set when the connection failed or was cut before the body ended. */
	error?: string;
}

/**
 * A GET over node:http that hashes the body as it streams instead of buffering it, and reports
 * what arrived even when the connection is cut. With `stopAfter` it hangs up after that many bytes.
 */
export function rawGet(url: string, stopAfter?: number): Promise<RawAnswer> {
	return new Promise((resolve) => {
		const hash = createHash('sha256');
		const head: Buffer[] = [];
		let received = 0;
		let status: number | undefined;
		let headers: IncomingHttpHeaders = {};
		let settled = false;
		const done = (error?: Error) => {
			if (settled) return;
			settled = true;
			resolve({ status, headers, received, sha256: hash.digest('hex'), head: Buffer.concat(head), error: error?.message });
		};
		const req = request(url, (res) => {
			({ statusCode: status, headers } = res);
			res.on('data', (chunk: Buffer) => {
				if (received < 1 << 20) head.push(chunk);
				hash.update(chunk);
				received += chunk.length;
				if (stopAfter !== undefined && received >= stopAfter) {
					done();
					req.destroy();
				}
			});
			res.on('end', () => done());
			res.on('error', done);
		});
		req.on('error', done);
		req.end();
	});
}

export interface Box {
	type: string;
	offset: number;
	size: number;
}

/** The MP4 boxes in `bytes[start, end)`, checking that they tile the range exactly. */
export function boxes(bytes: Buffer, start = 0, end = bytes.length): Box[] {
	const found: Box[] = [];
	let offset = start;
	while (offset < end) {
		let size = bytes.readUInt32BE(offset);
		const type = bytes.subarray(offset + 4, offset + 8).toString('latin1');
		if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
		if (size === 0) size = end - offset;
		if (size < 8 || offset + size > end) throw new Error(`box ${type} at ${offset} has a bad size ${size}`);
		found.push({ type, offset, size });
		offset += size;
	}
	return found;
}

/** Runs `body` with a simulator of its own, closing it even when the test fails. */
export async function withSimulator<T>(options: SimulatorOptions, body: (sim: Simulator) => Promise<T>): Promise<T> {
	const sim = await startSimulator(options);
	try {
		return await body(sim);
	} finally {
		await sim.close();
	}
}
