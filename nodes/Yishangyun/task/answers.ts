import { isObject, pageText, textOf, type Json } from '../transport/json';
import { STATUS_PLACES, TASK_ID_PLACES, type Place } from './answer-places';

/**
 * What a 200 answer to a status read is. Only a body with a status is a task; new-api answers
 * a task its poller marked failed with the upstream's error body and no status, and a relay in
 * trouble may answer anything at all, none of which may be read as "still processing".
 */
export type Answer =
	/** A task body: it has a `status` or `state`, even `""`. */
	| { kind: 'task'; body: Json }
	/** An `error` object and no status: the task failed with that reason (new-api, `[fail200]`). */
	| { kind: 'failed'; body: Json }
	/** Anything else: `{"code":503,"msg":"upstream busy"}`, plain text, HTML, an empty body. */
	| { kind: 'not-a-task'; excerpt: string };

export function valueAt(body: Json, place: Place): unknown {
	let current: unknown = body;
	for (const step of place) {
		if (typeof step === 'number' ? !Array.isArray(current) : !isObject(current)) return undefined;
		current = (current as Record<string | number, unknown>)[step];
	}
	return current;
}

const hasStatus = (body: Json) => STATUS_PLACES.some((place) => typeof valueAt(body, place) === 'string');

/** A task id's text at its first place that has one (`task_id`, else `id`). */
export function idIn(body: Json): string | null {
	for (const place of TASK_ID_PLACES) {
		const id = textOf(valueAt(body, place));
		if (id !== null) return id;
	}
	return null;
}

/**
 * Some relays wrap what they answer in `{ code, data: {...} }`. The one place that decides what
 * is inside: a body with a status is the task itself; otherwise `data` is, when it has a status
 * or the body has no id of its own (a bare envelope around an id, a URL or an error).
 */
export function unwrap(body: Json): Json {
	if (hasStatus(body) || !isObject(body.data)) return body;
	return hasStatus(body.data) || idIn(body) === null ? body.data : body;
}

/** A short, single-line quote of an answer for an error message. */
export function excerptOf(raw: unknown): string {
	const line = raw === undefined || raw === null ? '' : pageText(typeof raw === 'string' ? raw : JSON.stringify(raw));
	return line || '(an empty body)';
}

export function classifyAnswer(raw: unknown): Answer {
	if (!isObject(raw)) return { kind: 'not-a-task', excerpt: excerptOf(raw) };
	const body = unwrap(raw);
	if (hasStatus(body)) return { kind: 'task', body };
	if (isObject(body.error)) return { kind: 'failed', body };
	return { kind: 'not-a-task', excerpt: excerptOf(raw) };
}
