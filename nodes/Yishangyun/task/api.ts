import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { inputReferenceCount, refusesReferenceList, submitBody } from './submit-body';
import { type RequestControl, type YishangyunClient, NetworkError } from '../transport/client';
import { apiError, networkError } from '../transport/errors';
import { normalizeTask, taskIdOf } from './normalize';
import type { SubmitRequest, Task } from './types';

export async function submitTask(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	request: SubmitRequest,
	itemIndex: number,
): Promise<Task> {
	const place = { itemIndex, doing: 'submitting the task' };
	const send = async (referenceAsString: boolean) =>
		await client.request(
			'submit',
			{ method: 'POST', path: '/v1/videos', body: submitBody(request, referenceAsString) as JsonObject, timeoutMs: 120_000 },
			{
				onRetry: (outcome, attempt, delayMs) =>
					ctx.logger.info(`Yishangyun: submit of item ${itemIndex + 1} not accepted (${outcome.kind === 'http' ? outcome.status : outcome.code}), retry ${attempt} in ${delayMs} ms`),
			},
		);
	let response = await send(false);
	// Stock new-api takes `input_reference` as one string and refuses the document's list with 400
	// invalid_json, before anything is accepted or billed: one reference is re-sent as a string,
	// once; several cannot be sent at all. (Accepted work never comes here: this is a 400.)
	const references = inputReferenceCount(request);
	if (references > 1 && refusesReferenceList(response)) {
		const error = apiError(ctx.getNode(), response, place);
		error.message = `This gateway takes one reference image, and item ${itemIndex + 1} has ${references}`;
		error.description = `It refused the list of reference images (nothing was created or billed): it takes input_reference as a single image. Give one image in Reference Image URLs or Reference Image Binary Fields. ${error.description ?? ''}`.trim();
		throw error;
	}
	if (request.referenceUrls.length === 1 && references === 1 && refusesReferenceList(response)) response = await send(true);
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
