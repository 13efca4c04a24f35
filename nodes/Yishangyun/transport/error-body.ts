import type { ApiResponse } from './client';
import { isObject, pageText, textOf, type Json } from './json';

/** An error answer of the API, whichever shape it came in. */
export interface ApiErrorBody {
	/** The answer's message without new-api's "(request id: …)": the headline when no advice has better words. */
	message: string;
	type: string | null;
	code: string | null;
	/** new-api's request id: support asks for it. */
	requestId?: string;
	/** The gateway's own code when `message` carried the upstream's error (new-api's `fail_to_fetch_task`). */
	gatewayCode?: string;
	/** The answer's words as they came (request id included), for the description. */
	original: string;
}

const REQUEST_ID = /\s*\(request id: ([^)]*)\)\s*$/i;
const MAX_ORIGINAL = 500;

export interface ErrorFields {
	message: string | null;
	type: string | null;
	code: string | null;
}

/** The document's and OpenAI's `{message, type, code}` error object, also a failed task's `error`. */
export function errorObjectFields(error: Json): ErrorFields {
	return { message: textOf(error.message), type: textOf(error.type), code: textOf(error.code) };
}

/**
 * The message, type and code of an error answer. Three shapes come back:
 * - the document's and OpenAI's `{error: {message, type, code}}`, which new-api's middleware
 *   also uses (`type: "new_api_error"`, `code: ""`, the message ending in "(request id: …)");
 * - new-api's task routes, `{code: "task_not_exist", message: "…", data: null}`;
 * - relays' `{code, msg}` and dashboards' `{success: false, message}`.
 */
function fieldsOf(body: Json): ErrorFields | null {
	const error = body.error;
	if (isObject(error)) return errorObjectFields(error);
	if (typeof error === 'string' && error.trim()) return { message: error.trim(), type: null, code: textOf(body.code) };
	const message = textOf(body.message) ?? textOf(body.msg);
	if (message === null && textOf(body.code) === null) return null;
	return { message, type: textOf(body.type), code: textOf(body.code) };
}

/** new-api's `fail_to_fetch_task` puts the upstream's whole JSON error into `message` as a string. */
function upstreamError(message: string | null): ReturnType<typeof fieldsOf> {
	if (!message || !/^\s*[[{]/.test(message)) return null;
	try {
		const inner: unknown = JSON.parse(message);
		return isObject(inner) ? fieldsOf(inner) : null;
	} catch {
		return null;
	}
}

/** Reads any error answer: JSON in any of the gateway's shapes, or a proxy's HTML/text page. */
export function parseErrorBody(response: Pick<ApiResponse, 'status' | 'body'>): ApiErrorBody {
	const fallback = `HTTP ${response.status}`;
	let body = response.body;
	// A body read as text (or from a stream) may still be JSON.
	if (typeof body === 'string' && /^\s*\{/.test(body)) {
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			// A page that only starts like JSON: read it as text.
		}
	}
	if (!isObject(body)) {
		const page = typeof body === 'string' ? pageText(body) : '';
		return { message: page || fallback, type: null, code: null, original: page || fallback };
	}
	const outer = fieldsOf(body) ?? { message: null, type: null, code: null };
	const original = (outer.message ?? JSON.stringify(body)).slice(0, MAX_ORIGINAL);
	const inner = upstreamError(outer.message);
	const chosen = inner?.message ? inner : outer;
	const message = chosen.message ?? outer.message ?? fallback;
	const requestId = REQUEST_ID.exec(outer.message ?? '')?.[1] ?? REQUEST_ID.exec(message)?.[1];
	const parsed: ApiErrorBody = {
		message: message.replace(REQUEST_ID, '').trim() || fallback,
		type: chosen.type ?? outer.type,
		code: chosen.code ?? outer.code,
		original,
	};
	if (requestId) parsed.requestId = requestId;
	if (inner?.message && outer.code) parsed.gatewayCode = outer.code;
	return parsed;
}
