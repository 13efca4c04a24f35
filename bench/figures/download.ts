/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmark code: runs on Node beside n8n-core, never inside n8n */
import { Container } from '@n8n/di';
import { createWriteStream, rmSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BinaryDataService } from 'n8n-core';

import { binaryStoragePath, loadPackage } from '../../test/harness/engine';
import { megabytes, runChild, type Figure, type FigureContext } from '../lib';
import { downloadThroughNode, simulatorWithFinishedVideo, verifyStored, type VideoSource } from './finished-video';

const MB = 2 ** 20;

interface RateResult {
	plainMs: number[];
	nodeMs: number[];
}

/** The plain client: Node's own http.get piped to a file, nothing else. */
async function plainDownload(url: string, file: string): Promise<number> {
	const started = Date.now();
	const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => get(url, resolve).on('error', reject));
	if (response.statusCode !== 200) throw new Error(`The file host answered ${response.statusCode}`);
	await pipeline(response, createWriteStream(file));
	return Date.now() - started;
}

/** Child side: alternates plain and node downloads of the same video, emptying the disk between. */
export async function measureRate(input: VideoSource & { rounds: number }): Promise<RateResult> {
	await loadPackage();
	const result: RateResult = { plainMs: [], nodeMs: [] };
	for (let round = 0; round < input.rounds; round++) {
		const file = path.join(binaryStoragePath, 'plain.mp4');
		result.plainMs.push(await plainDownload(input.videoUrl, file));
		rmSync(file);
		const { ms, binary } = await downloadThroughNode(input);
		if (round === 0) await verifyStored(binary, input);
		result.nodeMs.push(ms);
		rmSync(Container.get(BinaryDataService).getPath(binary.id!));
	}
	return result;
}

/** Figure 4: download rate through the node against a plain HTTP client, in one process. */
export async function download(ctx: FigureContext): Promise<Figure[]> {
	const size = ctx.quick ? 64 : 512;
	const { sim, source } = await simulatorWithFinishedVideo(size * MB);
	try {
		const result = await runChild<RateResult>('download', { ...source, rounds: ctx.quick ? 1 : 3 });
		// Best of the rounds: the machine is shared, and the fastest run is the least disturbed.
		const rate = (ms: number[]) => (size * MB) / (Math.min(...ms) / 1000);
		const [plain, node] = [rate(result.plainMs), rate(result.nodeMs)];
		ctx.log(`download · ${size} MB: plain http.get ${megabytes(plain)}/s, node ${megabytes(node)}/s (runs: plain ${result.plainMs.join(', ')} ms; node ${result.nodeMs.join(', ')} ms)`);
		return [
			{
				name: `Download rate, node ÷ plain client (${size} MB)`,
				measured: `${(node / plain).toFixed(2)} (${megabytes(node)}/s vs ${megabytes(plain)}/s)`,
				goal: '≥ 0.8',
				met: ctx.quick ? undefined : node / plain >= 0.8,
			},
		];
	} finally {
		await sim.close();
	}
}
