import type { Task, TaskError, TaskStatus } from './types';

type Json = Record<string, unknown>;

// Relays in front of Sora/Veo spell the same four states many ways (SPEC.md, "What real gateways
// also do"); anything unknown is treated as still running so the waiter keeps watching it.
const STATUS_SPELLINGS: Record<string, TaskStatus> = {
	queued: 'queued',
	pending: 'queued',
	submitted: 'queued',
	not_start: 'queued',
	not_started: 'queued',
	waiting: 'queued',
	created: 'queued',
	processing: 'processing',
	in_progress: 'processing',
	running: 'processing',
	generating: 'processing',
	started: 'processing',
	completed: 'completed',
	complete: 'completed',
	succeeded: 'completed',
	success: 'completed',
	done: 'completed',
	finished: 'completed',
	failed: 'failed',
	failure: 'failed',
	error: 'failed',
	cancelled: 'failed',
	canceled: 'failed',
	expired: 'failed',
	rejected: 'failed',
};

export function normalizeStatus(raw: unknown): TaskStatus {
	if (typeof raw !== 'string') return 'processing';
	return STATUS_SPELLINGS[raw.trim().toLowerCase()] ?? 'processing';
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function num(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string') {
		const parsed = parseFloat(value.replace('%', ''));
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

/** ISO strings pass through; Unix seconds (OpenAI dialect) or milliseconds become ISO. */
export function toIsoTime(value: unknown): string | null {
	const asNumber = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
	if (typeof asNumber === 'number' && Number.isFinite(asNumber) && asNumber > 0) {
		const ms = asNumber > 1e12 ? asNumber : asNumber * 1000;
		return new Date(ms).toISOString();
	}
	if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
		return new Date(value).toISOString();
	}
	return null;
}

/** Some relays wrap the task in `{ code, data: {...} }`; unwrap when the top level has no id. */
function unwrap(body: Json): Json {
	if (body.task_id === undefined && body.id === undefined && isObject(body.data)) return body.data;
	return body;
}

export function taskIdOf(body: unknown): string | null {
	if (!isObject(body)) return null;
	const task = unwrap(body);
	return text(task.task_id) ?? text(task.id) ?? text(task.taskId);
}

function parseSize(size: unknown): { width: number | null; height: number | null } {
	const match = typeof size === 'string' ? /^(\d+)\s*[x*×]\s*(\d+)$/i.exec(size.trim()) : null;
	return match ? { width: Number(match[1]), height: Number(match[2]) } : { width: null, height: null };
}

function errorOf(task: Json): TaskError {
	const error = task.error;
	if (isObject(error)) {
		return {
			message: text(error.message) ?? text(task.message) ?? 'The task failed without a reason',
			type: text(error.type),
			code: text(error.code),
		};
	}
	const reason =
		text(error) ?? text(task.fail_reason) ?? text(task.failure_reason) ?? text(task.message);
	return { message: reason ?? 'The task failed without a reason', type: null, code: null };
}

/**
 * Turns any dialect's task body into the contract's shape. `contentUrl` is where a gateway
 * without `video_url` (OpenAI's shape) serves the file: the API's own `/content` endpoint.
 */
export function normalizeTask(
	body: unknown,
	contentUrl?: (taskId: string, variant?: 'thumbnail') => string,
): Task {
	const task = isObject(body) ? unwrap(body) : {};
	const taskId = taskIdOf(task) ?? '';
	const status = normalizeStatus(task.status ?? task.state);
	const size = parseSize(task.size ?? task.resolution);
	const reportedProgress = num(task.progress);
	const progress =
		status === 'completed' ? 100 : Math.min(100, Math.max(0, reportedProgress ?? 0));

	let videoUrl = text(task.video_url) ?? text(task.videoUrl) ?? text(task.url);
	let thumbnailUrl = text(task.thumbnail_url) ?? text(task.thumbnailUrl);
	if (status === 'completed' && !videoUrl && contentUrl && taskId) {
		videoUrl = contentUrl(taskId);
		thumbnailUrl = thumbnailUrl ?? contentUrl(taskId, 'thumbnail');
	}

	const normalized: Task = {
		task_id: taskId,
		status,
		progress,
		video_url: videoUrl,
		thumbnail_url: thumbnailUrl,
		seconds: num(task.seconds ?? task.duration),
		width: num(task.width) ?? size.width,
		height: num(task.height) ?? size.height,
		file_size: num(task.file_size),
		created_at: toIsoTime(task.created_at),
		completed_at: toIsoTime(task.completed_at),
		expires_at: toIsoTime(task.expires_at),
		message: text(task.message),
	};
	if (status === 'failed') normalized.error = errorOf(task);
	return normalized;
}
