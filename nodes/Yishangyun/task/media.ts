import { NodeApiError, type IBinaryKeyData, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import type { YishangyunClient } from '../transport/client';
import { downloadToBinary, ExpiredLinkError, StoreRefusedError } from '../transport/download';
import { resumeHint } from '../transport/errors';
import { readTask } from './api';
import type { Task } from './types';

/** What to attach to a completed task's item. */
export interface MediaOptions {
	download: boolean;
	downloadThumbnail: boolean;
	binaryPropertyName: string;
}

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
			throw downloadError(ctx, current, url, error as Error, itemIndex);
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

function downloadError(ctx: IExecuteFunctions, task: Task, url: string, cause: Error, itemIndex: number) {
	// The store's refusal repeats on every try: say how to get past it instead of "try again".
	const refused = cause instanceof StoreRefusedError;
	const error = new NodeApiError(ctx.getNode(), { message: cause.message } as JsonObject, {
		message: refused ? `The video is ready but n8n refused to store it: ${cause.reason}` : `The video is ready but could not be downloaded: ${cause.message}`,
		description: refused
			? `Task ID: ${task.task_id}; video URL: ${url}. The file was downloaded once and not fetched again. Either raise N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (binary data in the database, as in queue mode; at most 1024 MiB), or turn off Options › Download Video and pass video_url on to a node that stores it elsewhere.`
			: `Task ID: ${task.task_id}; video URL: ${url}. ${resumeHint([task.task_id])}`,
		itemIndex,
	});
	error.context.taskId = task.task_id;
	return error;
}

/** Attaches the finished video (and thumbnail, if asked) as binary, per the node's options. */
export async function attachMedia(ctx: IExecuteFunctions, client: YishangyunClient, task: Task, options: MediaOptions, itemIndex: number): Promise<MediaResult> {
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
