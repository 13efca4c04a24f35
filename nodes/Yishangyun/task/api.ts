import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { type RequestControl, type YishangyunClient, NetworkError } from '../transport/client';
import { realClock } from '../transport/clock';
import { apiError, networkError, resumeHint } from '../transport/errors';
import { readAnswer, readSubmitAnswer, taskIdOf, type Reading } from './normalize';
import { inputReferenceCount, refusesReferenceList, submitBody } from './submit-body';
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
	if (references > 0 && refusesReferenceList(response)) {
		if (references > 1) {
			const error = apiError(ctx.getNode(), response, place);
			error.message = `This gateway takes one reference image, and item ${itemIndex + 1} has ${references}`;
			error.description = `It refused the list of reference images (nothing was created or billed): it takes input_reference as a single image. Give one image in Reference Image URLs or Reference Image Binary Fields. ${error.description ?? ''}`.trim();
			throw error;
		}
		if (request.referenceUrls.length === 1) response = await send(true);
	}
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
	return readSubmitAnswer(response.body as Record<string, unknown>, client.contentUrl);
}

/**
 * One status read. The id asked for is the id of the answer: a relay's body may carry its own
 * `task_id`, which the gateway does not know. A 200 body that is not a task comes back as such.
 */
export async function readStatus(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	taskId: string,
	itemIndex: number,
	control?: RequestControl,
): Promise<Reading> {
	const place = { itemIndex, taskId, doing: 'reading the task status' };
	const response = await client.request('status', { method: 'GET', path: `/v1/videos/${encodeURIComponent(taskId)}`, timeoutMs: 30_000 }, control);
	if (response instanceof NetworkError) throw networkError(ctx.getNode(), response, place);
	if (response.status >= 300) {
		const error = apiError(ctx.getNode(), response, place);
		// new-api's saturated upstream answers 429 without Retry-After: the waiter backs off itself.
		if (response.status === 429 && !response.headers['retry-after']) error.context.saturated = true;
		throw error;
	}
	return readAnswer(response.body, { taskId, contentUrl: client.contentUrl });
}

/**
 * Answers that are not a task (`{"code":503,"msg":"upstream busy"}`, an HTML page) are failed
 * reads: this many in a row fail the task, read this far apart, and never later than the
 * window after the first, so a gateway that keeps answering so never holds an item to Timeout.
 */
export const NOT_A_TASK_READS = 3;
export const NOT_A_TASK_GAP_MS = 5_000;
export const NOT_A_TASK_WINDOW_MS = 30_000;

/** The error for answers that are not a task, quoting the last one. */
export function notATaskError(ctx: IExecuteFunctions, taskId: string, excerpt: string, itemIndex: number, reads: number): NodeApiError {
	const times = reads === 1 ? '' : ` ${reads} times in a row`;
	const error = new NodeApiError(ctx.getNode(), { message: excerpt } as JsonObject, {
		message: `The API answered the status read${times} with something that is not a task`,
		description: `Task ID: ${taskId}. It answered: ${excerpt}. The gateway or a proxy in front of it is in trouble, or this task's upstream lost it. ${resumeHint([taskId])}`,
		itemIndex,
	});
	error.context.apiError = { message: excerpt, type: 'invalid_response', code: 'not_a_task' };
	error.context.taskId = taskId;
	return error;
}

/**
 * A status read that must be a task, with the gateway's last update time when it gives one.
 * One answer that is not a task is a failed read, not the task's end: it is read again, as the
 * waiter does, before the item fails.
 */
export async function readTaskAnswer(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	taskId: string,
	itemIndex: number,
	control?: RequestControl,
): Promise<Extract<Reading, { kind: 'task' }>> {
	for (let reads = 1; ; reads++) {
		const reading = await readStatus(ctx, client, taskId, itemIndex, control);
		if (reading.kind !== 'not-a-task') return reading;
		if (reads >= NOT_A_TASK_READS) throw notATaskError(ctx, taskId, reading.excerpt, itemIndex, reads);
		ctx.logger.warn(`Yishangyun: reading ${taskId} answered something that is not a task: ${reading.excerpt}`);
		await realClock.sleep(NOT_A_TASK_GAP_MS, client.signal);
	}
}

/** One status read that must be a task (a fresh link for a download). */
export async function readTask(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	taskId: string,
	itemIndex: number,
	control?: RequestControl,
): Promise<Task> {
	return (await readTaskAnswer(ctx, client, taskId, itemIndex, control)).task;
}
