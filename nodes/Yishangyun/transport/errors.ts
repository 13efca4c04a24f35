import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import type { ApiResponse, NetworkError } from './client';
import { parseErrorBody, type ApiErrorBody } from './error-body';
import { adviceFor, hintFor, isQuotaUsedUp, noChannelHeadline } from './hints';
import { isTransientStatus, wasCertainlyNotAccepted } from './retry';

export { hintFor };

export type NodeError = NodeApiError | NodeOperationError;

/** Anything thrown while working on an item, as the node error n8n shows for that item. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

export interface ErrorPlace {
	itemIndex: number;
	taskId?: string;
	/** What the node was doing, e.g. "submitting the task". */
	doing: string;
}

/**
 * Every message about a task that goes on at the provider ends with the way to get it back:
 * Get Status with Wait for Completion reads tasks by id, so a rerun pays nothing.
 */
export function resumeHint(taskIds: string[]): string {
	if (taskIds.length === 0) return '';
	const them = taskIds.length === 1 ? 'it' : 'them';
	return `To pick ${them} up without paying again, run "Get Status" with "Wait for Completion" on for ${taskIds.length === 1 ? 'task ID' : 'task IDs'} ${taskIds.join(', ')}.`;
}

function taskNote(taskId?: string): string {
	return taskId ? ` Task ID: ${taskId}. ${resumeHint([taskId])}` : '';
}

/** Chinese, the gateway's own language: such words go to the description, under an English headline. */
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** The error's headline; undefined leaves n8n's own wording for the HTTP status. */
function headlineOf(api: ApiErrorBody, status: number): string | undefined {
	const advice = adviceFor(api, status);
	// A used-up key answers 401 like a wrong one, but the key is fine: not "check your credentials".
	if (isQuotaUsedUp(api)) return advice?.headline;
	// For a plainly refused key n8n's own wording is what users already recognise; an expired or
	// disabled key (new-api's words) has a headline of its own.
	if (status === 401) return advice?.headline && advice !== adviceFor({}, 401) ? advice.headline : undefined;
	// new-api's task routes give the code as the message ("task_not_exist").
	const ownWords = CJK.test(api.message) || api.message === api.code;
	if (!ownWords) return api.message;
	return noChannelHeadline(api.message) ?? advice?.headline ?? `The gateway answered HTTP ${status}`;
}

export function apiError(node: INode, response: ApiResponse, place: ErrorPlace): NodeApiError {
	const api = parseErrorBody(response);
	const codes = [api.type, api.gatewayCode, api.code].filter(Boolean).join(' / ');
	const description = [
		hintFor(api.code, response.status, api.message),
		`While ${place.doing} for item ${place.itemIndex + 1}, the API answered HTTP ${response.status}` + (codes ? ` (${codes})` : '') + `: ${api.original}.`,
		taskNote(place.taskId).trim(),
	]
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(node, { message: api.message, type: api.type, code: api.code, httpCode: String(response.status) } as JsonObject, {
		message: headlineOf(api, response.status),
		description,
		httpCode: String(response.status),
		itemIndex: place.itemIndex,
	});
	error.context.apiError = { message: api.message, type: api.type, code: api.code };
	if (api.requestId) error.context.requestId = api.requestId;
	error.context.retryable = isTransientStatus(response.status);
	// Read by Retry On Fail's memory (task/paid.ts): an answer like this to a submit means nothing was paid.
	error.context.certainlyNotAccepted = wasCertainlyNotAccepted({ kind: 'http', status: response.status });
	if (place.taskId) error.context.taskId = place.taskId;
	return error;
}

export function networkError(node: INode, failure: NetworkError, place: ErrorPlace & { submit?: boolean }): NodeApiError {
	const notAccepted = wasCertainlyNotAccepted({ kind: 'network', code: failure.code, requestSent: failure.requestSent });
	const unsure = place.submit && !notAccepted;
	const message = unsure
		? 'The connection broke while submitting: the task may have been created (and billed)'
		: `No answer from the API while ${place.doing} (${failure.code})`;
	const description = unsure
		? `Item ${place.itemIndex + 1} was not re-sent, to avoid paying twice. Check your task list at the provider before running it again: if the task is there, "Get Status" with "Wait for Completion" on picks it up by its task ID without paying again. Cause: ${failure.message}`
		: `Item ${place.itemIndex + 1}: ${failure.message}. Check the Base URL in the credential and your network or proxy.${taskNote(place.taskId)}`;
	// The socket's code stays out of the wrapped response: NodeApiError would swap our message
	// for its generic one for that code, and the "may have been billed" warning would be lost.
	const error = new NodeApiError(node, { message: failure.message } as JsonObject, {
		message,
		description,
		itemIndex: place.itemIndex,
	});
	error.context.apiError = { message: failure.message, type: 'network_error', code: failure.code };
	error.context.retryable = !place.submit;
	error.context.certainlyNotAccepted = notAccepted;
	if (place.taskId) error.context.taskId = place.taskId;
	return error;
}

export function invalidField(node: INode, itemIndex: number, field: string, problem: string, fix: string): NodeOperationError {
	return new NodeOperationError(node, `${field}: ${problem} (item ${itemIndex + 1})`, {
		description: fix,
		itemIndex,
	});
}
