import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import type { ApiResponse, NetworkError } from './client';
import { isTransientStatus } from './retry';

export type NodeError = NodeApiError | NodeOperationError;

/** Anything thrown while working on an item, as the node error n8n shows for that item. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

export interface ApiErrorBody {
	message: string;
	type: string | null;
	code: string | null;
}

// What to do next, for each documented error code (and the likely ones of real gateways).
const HINTS: Record<string, string> = {
	missing_parameter: 'A required field is missing: check Prompt and Model.',
	invalid_request_error: 'The API rejected a field: check Model, Duration, Size and the reference images.',
	invalid_api_key: 'Check the API key in the "Yishangyun API" credential.',
	insufficient_quota: 'The key has no quota left or no permission for this model: top up your account or use another key.',
	task_not_found: 'The task id is unknown to this key or has expired: check the Task ID and that the same credential submitted it.',
	rate_limit_exceeded: 'Too many requests: lower "Submit Concurrency", or spread the items out with a Wait node.',
	internal_error: 'The provider had an internal fault: try again in a few minutes.',
	content_policy_violation: 'The prompt or a reference image was refused by the content policy: rephrase it.',
};

const STATUS_HINTS: Record<number, string> = {
	400: HINTS.invalid_request_error,
	401: HINTS.invalid_api_key,
	403: HINTS.insufficient_quota,
	404: 'Nothing answered at this path: check the Base URL in the credential (the API root, without /v1).',
	429: HINTS.rate_limit_exceeded,
};

export function hintFor(code: string | null, status?: number): string {
	if (code && HINTS[code]) return HINTS[code];
	if (status && STATUS_HINTS[status]) return STATUS_HINTS[status];
	if (status && status >= 500) return 'The API or a proxy in front of it failed: try again later.';
	return '';
}

/** The API's `{error:{message,type,code}}`, or what a proxy's HTML/text page amounts to. */
export function apiErrorBody(response: ApiResponse): ApiErrorBody {
	const body = response.body;
	if (body && typeof body === 'object') {
		const error = (body as { error?: unknown }).error;
		if (error && typeof error === 'object') {
			const { message, type, code } = error as Record<string, unknown>;
			return {
				message: typeof message === 'string' ? message : `HTTP ${response.status}`,
				type: typeof type === 'string' ? type : null,
				code: typeof code === 'string' || typeof code === 'number' ? String(code) : null,
			};
		}
		const message = (body as { message?: unknown }).message;
		if (typeof message === 'string') return { message, type: null, code: null };
	}
	const snippet = typeof body === 'string' ? body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200) : '';
	return { message: snippet || `HTTP ${response.status}`, type: null, code: null };
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

export function apiError(node: INode, response: ApiResponse, place: ErrorPlace): NodeApiError {
	const api = apiErrorBody(response);
	const description = [
		hintFor(api.code, response.status),
		`While ${place.doing} for item ${place.itemIndex + 1}, the API answered HTTP ${response.status}` +
			(api.code ? ` (${[api.type, api.code].filter(Boolean).join(' / ')})` : '') +
			`: ${api.message}.`,
		taskNote(place.taskId).trim(),
	]
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(node, { ...api, httpCode: String(response.status) } as JsonObject, {
		// n8n's own wording for a refused key is what users already recognise.
		message: response.status === 401 ? undefined : api.message,
		description,
		httpCode: String(response.status),
		itemIndex: place.itemIndex,
	});
	error.context.apiError = api;
	error.context.retryable = isTransientStatus(response.status);
	if (place.taskId) error.context.taskId = place.taskId;
	return error;
}

export function networkError(node: INode, failure: NetworkError, place: ErrorPlace & { submit?: boolean }): NodeApiError {
	const unsure = place.submit && failure.requestSent;
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
	if (place.taskId) error.context.taskId = place.taskId;
	return error;
}

export function invalidField(node: INode, itemIndex: number, field: string, problem: string, fix: string): NodeOperationError {
	return new NodeOperationError(node, `${field}: ${problem} (item ${itemIndex + 1})`, {
		description: fix,
		itemIndex,
	});
}
