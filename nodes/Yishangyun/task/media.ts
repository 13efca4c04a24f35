import { NodeApiError, type IBinaryData, type IBinaryKeyData, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import type { YishangyunClient } from '../transport/client';
import { downloadToBinary, ExpiredLinkError, GatewayAnswerError, NotTheFileError, StoreRefusedError } from '../transport/download';
import { apiError, resumeHint } from '../transport/errors';
import { readTask } from './api';
import { fileUrlReader } from './normalize';
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

/**
 * The task's video or thumbnail as binary. A thumbnail that is not an image is no thumbnail
 * (new-api's `/content` ignores `?variant=thumbnail` and answers the MP4): the item goes on without
 * one, `thumbnail_url` null.
 */
async function fetchFile(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	task: Task,
	which: 'video_url' | 'thumbnail_url',
	itemIndex: number,
): Promise<{ task: Task; data?: IBinaryData }> {
	const kind = which === 'video_url' ? 'video' : 'image';
	let current = task;
	for (let refreshed = false; ; refreshed = true) {
		const url = current[which];
		if (!url && kind === 'image') return { task: { ...current, thumbnail_url: null } };
		if (!url) throw missingFile(ctx, current, which, itemIndex);
		try {
			const file = { url, kind, taskId: task.task_id, urlIn: fileUrlReader(which) } as const;
			return { task: current, data: await downloadToBinary(ctx, client, file) };
		} catch (error) {
			// Signed links expire; a fresh status read hands out a new one, once.
			if (error instanceof ExpiredLinkError && !refreshed) {
				ctx.logger.info(`Yishangyun: link for ${task.task_id} expired, reading the task again for a fresh one`);
				current = await readTask(ctx, client, task.task_id, itemIndex);
				continue;
			}
			if (error instanceof NotTheFileError && kind === 'image') return { task: { ...current, thumbnail_url: null } };
			if (error instanceof GatewayAnswerError) {
				throw apiError(ctx.getNode(), error.response, { itemIndex, taskId: task.task_id, doing: `downloading the ${kind}` });
			}
			throw downloadError(ctx, current, url, error as Error, itemIndex);
		}
	}
}

function missingFile(ctx: IExecuteFunctions, task: Task, which: string, itemIndex: number) {
	const error = new NodeApiError(ctx.getNode(), { task_id: task.task_id } as JsonObject, {
		message: `The task completed but the API gave no ${which}`,
		description: `Task ID: ${task.task_id}. Turn off "Download Video" to output the task without the file, or read it later with "Get Status".`,
		itemIndex,
	});
	error.context.taskId = task.task_id;
	return error;
}

/** A URL fit for a message: a data: URL is megabytes of base64. */
function shown(url: string): string {
	return url.startsWith('data:') ? `${url.slice(0, url.indexOf(',') + 1)}… (${url.length} characters)` : url;
}

function downloadError(ctx: IExecuteFunctions, task: Task, url: string, cause: Error, itemIndex: number) {
	// The store's refusal repeats on every try: say how to get past it instead of "try again".
	const refused = cause instanceof StoreRefusedError;
	const [message, advice] = refused
		? [
				`The video is ready but n8n refused to store it: ${cause.reason}`,
				'The file was downloaded once and not fetched again. Either raise N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (binary data in the database, as in queue mode; at most 1024 MiB), or turn off Options › Download Video and pass video_url on to a node that stores it elsewhere.',
			]
		: cause instanceof NotTheFileError
			? [`The task completed but its video link gave no video (${cause.contentType || 'no content type'})`, `${cause.message}. Nothing was stored. ${resumeHint([task.task_id])}`]
			: [`The video is ready but could not be downloaded: ${cause.message}`, resumeHint([task.task_id])];
	const description = `Task ID: ${task.task_id}; video URL: ${shown(url)}. ${advice}`;
	const error = new NodeApiError(ctx.getNode(), { message: cause.message } as JsonObject, { message, description, itemIndex });
	error.context.apiError = { message: cause.message, type: null, code: null };
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
		binary[options.binaryPropertyName] = video.data!;
	}
	if (options.downloadThumbnail) {
		const thumbnail = await fetchFile(ctx, client, current, 'thumbnail_url', itemIndex);
		current = thumbnail.task;
		if (thumbnail.data) binary.thumbnail = thumbnail.data;
	}
	return { task: current, binary };
}
