import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { type RequestControl, type YishangyunClient, NetworkError } from '../transport/client';
import { apiError, apiErrorBody, networkError } from '../transport/errors';
import { familyFields, familyOf, fileField, mergeBodyFields } from './families';
import { normalizeTask, taskIdOf } from './normalize';
import type { SubmitRequest, Task } from './types';

/**
 * The submit body: model and prompt, the family's own fields for Duration, Size and references
 * (families.ts), then Additional Body Fields over them. `referenceAsString` sends a single
 * reference URL as a plain string (stock new-api's `input_reference`, see submitTask).
 */
export function submitBody(request: SubmitRequest, referenceAsString = false): FormData | Record<string, unknown> {
	const family = familyOf(request.model);
	const input = { ...request, referenceFileCount: request.referenceFiles.length };
	const fields = familyFields(family, input);
	const list = fileField(family);
	if (referenceAsString && list && Array.isArray(fields[list])) fields[list] = (fields[list] as string[])[0];
	const body = mergeBodyFields({ model: request.model, prompt: request.prompt, ...fields }, request.additionalBodyFields);
	if (request.referenceFiles.length === 0) return body;
	// Files need multipart (only families with a file field get here: input.ts refuses the others);
	// Node's own FormData keeps the package free of runtime dependencies.
	const form = new FormData();
	for (const [name, value] of Object.entries(body)) {
		if (value === undefined) continue;
		if (name === list && Array.isArray(value)) for (const url of value) form.append(name, String(url));
		else form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
	}
	for (const file of request.referenceFiles) {
		form.append(list!, new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
	}
	return form;
}

/** How many references go in `input_reference` (a JSON array or multipart fields). */
function inputReferenceCount(request: SubmitRequest): number {
	return fileField(familyOf(request.model)) ? request.referenceUrls.length + request.referenceFiles.length : 0;
}

/** new-api's task-route error shape (`{code, message}`) or the document's (`{error:{code}}`). */
function errorCodeOf(body: unknown): unknown {
	const object = (body ?? {}) as { code?: unknown; error?: { code?: unknown } };
	return object.code ?? object.error?.code;
}

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
	// Stock new-api takes `input_reference` as one string and refuses the document's array with 400
	// invalid_json, before anything is accepted or billed: one reference is re-sent as a string,
	// once; several cannot be sent at all. (Accepted work never comes here: this is a 400.)
	const references = inputReferenceCount(request);
	if (references > 0 && !(response instanceof NetworkError) && response.status === 400 && errorCodeOf(response.body) === 'invalid_json') {
		if (references > 1) {
			throw new NodeOperationError(ctx.getNode(), `This gateway takes one reference image, and item ${itemIndex + 1} has ${references}`, {
				description: `The gateway refused the list of reference images (HTTP 400 invalid_json: "${apiErrorBody(response).message}"; nothing was created or billed): it takes input_reference as a single image. Give one image in Reference Image URLs or Reference Image Binary Fields.`,
				itemIndex,
			});
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
