import type { IBinaryData } from 'n8n-workflow';

import { runWorkflow } from '../../test/harness/engine';
import { createTask, startSimulator, until, type Simulator } from '../../test/harness/simulator';
import { NODE } from '../../test/harness/workflow';
import { defaultsWorkflow, nodeSpan, streamedSha256 } from '../lib';

/** What a bench child needs to fetch one finished video from the parent's simulator. */
export interface VideoSource {
	url: string;
	apiKey: string;
	taskId: string;
	videoUrl: string;
	bytes: number;
	sha256: string;
}

/**
 * A simulator serving a video of exactly `bytes`, with one task already completed. It runs in
 * the bench's parent process, so a child measuring memory or speed carries only the client side.
 */
export async function simulatorWithFinishedVideo(bytes: number): Promise<{ sim: Simulator; source: VideoSource }> {
	const sim = await startSimulator({ videoBytes: bytes, queueSeconds: 0, jobSeconds: 0 });
	const taskId = await createTask(sim, 'A finished video');
	await until(() => sim.tasks.get(taskId)!.status().status === 'completed');
	const response = await fetch(`${sim.url}/v1/videos/${taskId}`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
	const { video_url: videoUrl } = (await response.json()) as { video_url: string };
	return { sim, source: { url: sim.url, apiKey: sim.apiKey, taskId, videoUrl, bytes, sha256: sim.videoSha256() } };
}

/** Get Status with download, at defaults, through the engine; checks the stored bytes. */
export async function downloadThroughNode(source: VideoSource): Promise<{ ms: number; binary: IBinaryData }> {
	const workflow = defaultsWorkflow([{ json: { task_id: source.taskId } }], { operation: 'getStatus', taskId: '={{ $json.task_id }}' });
	const result = await runWorkflow(workflow, { credentials: { yishangyunApi: { apiKey: source.apiKey, baseUrl: source.url } }, mode: 'trigger' });
	const { ms } = nodeSpan(result);
	const binary = result.output(NODE)[0]?.binary?.data;
	if (binary?.bytes !== source.bytes) throw new Error(`Stored ${binary?.bytes} bytes, served ${source.bytes}`);
	return { ms, binary };
}

export async function verifyStored(binary: IBinaryData, source: VideoSource): Promise<void> {
	if ((await streamedSha256(binary)) !== source.sha256) throw new Error('The stored video differs from the one served');
}
