import { errorObjectFields } from '../transport/error-body';
import { isObject, textOf, type Json } from '../transport/json';
import {
	STATUS_PLACES,
	STATUS_SPELLINGS,
	THUMBNAIL_URL_PLACES,
	UPDATE_TIME_PLACES,
	VIDEO_URL_PLACES,
	type PlaceRow,
} from './answer-places';
import { classifyAnswer, idIn, unwrap, valueAt } from './answers';
import { isTerminal, type Task, type TaskError, type TaskStatus } from './types';

/** Where a gateway without a URL in its answers (OpenAI's shape, new-api's Veo) serves the file. */
export type ContentUrl = (taskId: string, variant?: 'thumbnail') => string;

export interface AnswerContext {
	/** The id the node submitted or was given: always the id it outputs, whatever the body says. */
	taskId?: string;
	contentUrl?: ContentUrl;
}

/** One status read, understood. */
export type Reading =
	/** `updatedAt`: the gateway's last update of a running task (its clock, ms), for the schedule. */
	| { kind: 'task'; task: Task; updatedAt?: number }
	| { kind: 'not-a-task'; excerpt: string };

/** Status of a body that is a task; an unknown spelling there means it is still running. */
export function normalizeStatus(raw: unknown): TaskStatus {
	if (typeof raw !== 'string') return 'processing';
	return STATUS_SPELLINGS[raw.trim().toLowerCase()] ?? 'processing';
}

function num(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string') {
		const parsed = parseFloat(value.replace('%', ''));
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

const firstText = (body: Json, rows: readonly PlaceRow[]) => rows.reduce<string | null>((found, row) => found ?? textOf(valueAt(body, row.at)), null);

/** ISO strings, Unix seconds (OpenAI, new-api) or milliseconds, as ms; null when unreadable. */
function toMs(value: unknown): number | null {
	const asNumber = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
	if (typeof asNumber === 'number' && Number.isFinite(asNumber) && asNumber > 0) return asNumber > 1e12 ? asNumber : asNumber * 1000;
	if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
	return null;
}

export function toIsoTime(value: unknown): string | null {
	const ms = toMs(value);
	return ms === null ? null : new Date(ms).toISOString();
}

/** The id in a submit answer: `task_id`, else `id`; inside a `{ code, data }` envelope too. */
export function taskIdOf(body: unknown): string | null {
	return isObject(body) ? (idIn(unwrap(body)) ?? idIn(body)) : null;
}

/**
 * Reads a file's URL out of a JSON answer to `/content` (`{id, object, url, video_url}`) where a
 * task answer puts it: a thumbnail only where one is named, never the video's URL.
 */
export function fileUrlReader(which: 'video_url' | 'thumbnail_url'): (body: unknown) => string | null {
	const rows = which === 'video_url' ? VIDEO_URL_PLACES : THUMBNAIL_URL_PLACES;
	return (body) => (isObject(body) ? firstText(unwrap(body), rows) : null);
}

function parseSize(size: unknown): { width: number | null; height: number | null } {
	const match = typeof size === 'string' ? /^(\d+)\s*[x*×]\s*(\d+)$/i.exec(size.trim()) : null;
	return match ? { width: Number(match[1]), height: Number(match[2]) } : { width: null, height: null };
}

function errorOf(task: Json): TaskError {
	const error = task.error;
	if (isObject(error)) {
		const fields = errorObjectFields(error);
		return { ...fields, message: fields.message ?? textOf(task.message) ?? 'The task failed without a reason' };
	}
	const reason = textOf(error) ?? textOf(task.fail_reason) ?? textOf(task.failure_reason) ?? textOf(task.message);
	return { message: reason ?? 'The task failed without a reason', type: null, code: null };
}

/**
 * OpenAI's own video object: `object: "video"` without new-api's `metadata` or `task_id`. Only
 * OpenAI serves a thumbnail at `/content?variant=thumbnail`; new-api ignores the variant.
 */
const isOpenAiShape = (body: Json) => body.object === 'video' && !('metadata' in body) && !('task_id' in body);

function taskOf(body: Json, status: TaskStatus, context: AnswerContext): { task: Task; updatedAt?: number } {
	const taskId = context.taskId ?? taskIdOf(body) ?? '';
	const size = parseSize(body.size ?? body.resolution);
	const progress = status === 'completed' ? 100 : Math.min(100, Math.max(0, num(body.progress) ?? 0));
	let videoUrl = firstText(body, VIDEO_URL_PLACES);
	let thumbnailUrl = firstText(body, THUMBNAIL_URL_PLACES);
	if (status === 'completed' && !videoUrl && context.contentUrl && taskId) {
		videoUrl = context.contentUrl(taskId);
		if (isOpenAiShape(body)) thumbnailUrl ??= context.contentUrl(taskId, 'thumbnail');
	}
	const finished = isTerminal({ status });
	const task: Task = {
		task_id: taskId,
		status,
		progress,
		video_url: videoUrl,
		thumbnail_url: thumbnailUrl,
		seconds: num(body.seconds ?? body.duration),
		width: num(body.width) ?? size.width,
		height: num(body.height) ?? size.height,
		file_size: num(body.file_size),
		created_at: toIsoTime(body.created_at),
		// new-api fills completed_at with the last update time while the task still runs.
		completed_at: finished ? toIsoTime(body.completed_at) : null,
		expires_at: toIsoTime(body.expires_at),
		message: textOf(body.message),
	};
	if (status === 'failed') task.error = errorOf(body);
	const updatedAt = finished ? null : UPDATE_TIME_PLACES.reduce<number | null>((found, row) => found ?? toMs(valueAt(body, row.at)), null);
	return updatedAt === null ? { task } : { task, updatedAt };
}

/** A status read's 200 answer, in the contract's shape, or why it is not a task. */
export function readAnswer(raw: unknown, context: AnswerContext = {}): Reading {
	const answer = classifyAnswer(raw);
	if (answer.kind === 'not-a-task') return answer;
	if (answer.kind === 'failed') return { kind: 'task', ...taskOf(answer.body, 'failed', context) };
	const status = normalizeStatus(STATUS_PLACES.map((place) => valueAt(answer.body, place)).find((value) => typeof value === 'string'));
	return { kind: 'task', ...taskOf(answer.body, status, context) };
}

/**
 * A submit's accepted answer (it has an id: the caller checked). The task is paid for, so an
 * answer without a status is taken as queued rather than refused.
 */
export function readSubmitAnswer(raw: Json, contentUrl?: ContentUrl): Task {
	const context = { taskId: taskIdOf(raw)!, contentUrl };
	const reading = readAnswer(raw, context);
	if (reading.kind === 'task') return reading.task;
	return taskOf(unwrap(raw), 'queued', context).task;
}
