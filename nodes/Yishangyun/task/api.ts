import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { type RequestControl, type YishangyunClient, NetworkError } from '../transport/client';
import { apiError, networkError } from '../transport/errors';
import { normalizeTask, taskIdOf } from './normalize';
import type { SubmitRequest, Task } from './types';

function submitBody(request: SubmitRequest): FormData | Record<string, unknown> {
	const fields: Record<string, string | undefined> = {
		model: request.model,
		prompt: request.prompt,
		seconds: request.seconds,
		size: request.size,
	};
	if (request.referenceFiles.length === 0) {
		const json: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
		if (request.referenceUrls.length) json.input_reference = request.referenceUrls;
		return json;
	}
	// Files need multipart; Node's own FormData keeps the package free of runtime dependencies.
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
	for (const url of request.referenceUrls) form.append('input_reference', url);
	for (const file of request.referenceFiles) {
		form.append('input_reference', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
	}
	return form;
}

export async function submitTask(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	request: SubmitRequest,
	itemIndex: number,
): Promise<Task> {
	const place = { itemIndex, doing: 'submitting the task' };
	const response = await client.request(
		'submit',
		{ method: 'POST', path: '/v1/videos', body: submitBody(request) as JsonObject, timeoutMs: 120_000 },
		{
			onRetry: (outcome, attempt, delayMs) =>
				ctx.logger.info(`Yishangyun: submit of item ${itemIndex + 1} not accepted (${outcome.kind === 'http' ? outcome.status : outcome.code}), retry ${attempt} in ${delayMs} ms`),
		},
	);
	if (response instanceof NetworkError) throw networkError(ctx.getNode(), response, { ...place, submit: true });
	if (response.status >= 300) throw apiError(ctx.getNode(), response, place);
	if (!taskIdOf(response.body)) {
		// Accepted but unidentifiable: the job may be running and billed, so say so rather than retry.
		const answer = JSON.stringify(response.body ?? null);
		throw new NodeApiError(ctx.getNode(), { body: answer.slice(0, 500) } as JsonObject, {
			message: 'The API accepted the submit but returned no task ID',
			description: `Item ${itemIndex + 1}: the task may have been created and billed; check your task list at the provider. The API answered: ${answer.slice(0, 300)}`,
			itemIndex,
		});
	}
	return normalizeTask(response.body, client.contentUrl);
}

export async function readTask(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	taskId: string,
	itemIndex: number,
	control?: RequestControl,
): Promise<Task> {
	const place = { itemIndex, taskId, doing: 'reading the task status' };
	const response = await client.request('status', { method: 'GET', path: `/v1/videos/${encodeURIComponent(taskId)}`, timeoutMs: 30_000 }, control);
	if (response instanceof NetworkError) throw networkError(ctx.getNode(), response, place);
	if (response.status >= 300) throw apiError(ctx.getNode(), response, place);
	const task = normalizeTask(response.body, client.contentUrl);
	// Some relays omit the id in status answers; the one we asked for is the one we have.
	return { ...task, task_id: task.task_id || taskId };
}
