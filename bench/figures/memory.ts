/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark code: runs on Node beside n8n-core, never inside n8n */
import { loadPackage } from '../../test/harness/engine';
import { megabytes, runChild, type Figure, type FigureContext } from '../lib';
import { downloadThroughNode, simulatorWithFinishedVideo, verifyStored, type VideoSource } from './finished-video';

const MB = 2 ** 20;

interface MemoryResult {
	/** Peak RSS (bytes) once n8n-core and the package are loaded, before the run. */
	loadedPeak: number;
	/** Peak RSS (bytes) of the whole process, after the run. */
	peak: number;
	ms: number;
}

/** Child side: one Get Status run that downloads the video, in a process of its own. */
export async function measureMemory(source: VideoSource): Promise<MemoryResult> {
	await loadPackage();
	const loadedPeak = process.resourceUsage().maxRSS * 1024;
	const { ms, binary } = await downloadThroughNode(source);
	const peak = process.resourceUsage().maxRSS * 1024;
	// Checked after the peak is read: hashing is the bench's work, not the node's.
	await verifyStored(binary, source);
	return { loadedPeak, peak, ms };
}

/**
 * Figure 3: peak RSS of an n8n process downloading a small and a large video with binary data
 * in filesystem mode. Each size runs in a fresh process, so the peaks compare like for like.
 */
export async function memory(ctx: FigureContext): Promise<Figure[]> {
	const [small, large] = ctx.quick ? [16, 64] : [16, 512];
	const results: MemoryResult[] = [];
	for (const size of [small, large]) {
		const { sim, source } = await simulatorWithFinishedVideo(size * MB);
		try {
			const result = await runChild<MemoryResult>('memory', source);
			ctx.log(`memory · ${size} MB video: peak RSS ${megabytes(result.peak)} (${megabytes(result.loadedPeak)} before the run), downloaded in ${(result.ms / 1000).toFixed(2)} s`);
			results.push(result);
		} finally {
			await sim.close();
		}
	}
	const growth = results[1].peak - results[0].peak;
	return [
		{
			name: `Peak RSS growth, ${large} MB vs ${small} MB video`,
			measured: `${megabytes(growth)} (${megabytes(results[0].peak)} → ${megabytes(results[1].peak)})`,
			goal: '≤ 64 MB',
			met: ctx.quick ? undefined : growth <= 64 * MB,
		},
	];
}
