import { NodeApiError, type IBinaryKeyData, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import type { YishangyunClient } from '../transport/client';
import { downloadToBinary, ExpiredLinkError } from '../transport/download';
import type { NodeOptions } from '../actions/input';
import { readTask } from './api';
import type { Task } from './types';

export interface MediaResult {
	task: Task;
	binary?: IBinaryKeyData;
}

async function fetchFile(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	task: Task,
	which: 'video_url' | 'thumbnail_url',
	itemIndex: number,
): Promise<{ task: Task; data: Awaited<ReturnType<typeof downloadToBinary>> }> {
	const [fileName, mimeType] = which === 'video_url' ? [`${task.task_id}.mp4`, 'video/mp4'] : [`${task.task_id}.jpg`, 'image/jpeg'];
	let current = task;
	for (let refreshed = false; ; refreshed = true) {
		const url = current[which];
		if (!url) throw missingFile(ctx, current, which, itemIndex);
		try {
			return { task: current, data: await downloadToBinary(ctx, client, url, fileName, mimeType) };
		} catch (error) {
			// Signed links expire; a fresh status read hands out a new one, once.
			if (error instanceof ExpiredLinkError && !refreshed) {
				ctx.logger.info(`Yishangyun: link for ${task.task_id} expired, reading the task again for a fresh one`);
				current = await readTask(ctx, client, task.task_id, itemIndex);
				continue;
			}
			throw downloadError(ctx, current, error as Error, itemIndex);
		}
	}
}

function missingFile(ctx: IExecuteFunctions, task: Task, which: string, itemIndex: number) {
	return new NodeApiError(ctx.getNode(), { task_id: task.task_id } as JsonObject, {
		message: `The task completed but the API gave no ${which}`,
		description: `Task ID: ${task.task_id}. Turn off "Download Video" to output the task without the file, or read it later with "Get Status".`,
		itemIndex,
	});
}

function downloadError(ctx: IExecuteFunctions, task: Task, cause: Error, itemIndex: number) {
	const error = new NodeApiError(ctx.getNode(), { message: cause.message } as JsonObject, {
		message: `The video is ready but could not be downloaded: ${cause.message}`,
		description: `Task ID: ${task.task_id}; video URL: ${task.video_url}. Run "Get Status" with this task ID to try the download again.`,
		itemIndex,
	});
	error.context.taskId = task.task_id;
	return error;
}

/** Attaches the finished video (and thumbnail, if asked) as binary, per the node's options. */
export async function attachMedia(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	task: Task,
	options: Pick<NodeOptions, 'download' | 'downloadThumbnail' | 'binaryPropertyName'>,
	itemIndex: number,
): Promise<MediaResult> {
	if (task.status !== 'completed' || (!options.download && !options.downloadThumbnail)) return { task };
	const binary: IBinaryKeyData = {};
	let current = task;
	if (options.download) {
		const video = await fetchFile(ctx, client, current, 'video_url', itemIndex);
		current = video.task;
		binary[options.binaryPropertyName] = video.data;
	}
	if (options.downloadThumbnail) {
		const thumbnail = await fetchFile(ctx, client, current, 'thumbnail_url', itemIndex);
		current = thumbnail.task;
		binary.thumbnail = thumbnail.data;
	}
	return { task: current, binary };
}
