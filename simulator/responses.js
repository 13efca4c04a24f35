// @ts-check
const { CONTENT_POLICY } = require('./errors');
const { isoSeconds, unixSeconds } = require('./clock');

/** @typedef {import('./tasks').Task} Task @typedef {import('./tasks').TaskState} TaskState */

const DEFAULT_SIZE = '1280x720';
/** The document's example duration, reported when the submit named none. */
const DEFAULT_SECONDS = 5.2;

/** @param {string | undefined} size */
function dimensions(size) {
	const [width, height] = (size ?? DEFAULT_SIZE).split('x').map(Number);
	return { width, height };
}

const SUBMITTED = '视频生成任务已提交,正在处理中';

/** The document's submit answer. @param {Task} task */
const yishangyunSubmitted = (task) => ({ task_id: task.id, status: 'queued', message: SUBMITTED });

/**
 * The task as the provider's document shows it, plus the `queued` and `failed` states every
 * real gateway has.
 * @param {Task} task @param {TaskState} state
 * @param {{ videoUrl: string, thumbnailUrl: string, videoSize: number }} files
 */
function yishangyunTask(task, state, files) {
	const { status, progress } = state;
	const base = { task_id: task.id, status, progress };
	if (status === 'queued') return { ...base, message: '任务排队中,请稍候' };
	if (status === 'processing') return { ...base, message: `视频生成中,已完成${progress}%` };
	if (status === 'failed') return { ...base, error: { ...CONTENT_POLICY }, message: `视频生成失败: ${CONTENT_POLICY.message}` };
	return {
		...base,
		video_url: files.videoUrl,
		thumbnail_url: files.thumbnailUrl,
		seconds: task.seconds === undefined ? DEFAULT_SECONDS : Number(task.seconds),
		...dimensions(task.size),
		file_size: files.videoSize,
		created_at: isoSeconds(task.createdAt),
		completed_at: isoSeconds(/** @type {number} */ (task.completedAt)),
	};
}

/**
 * OpenAI's shape for the same endpoints: `id`, `in_progress`, Unix seconds, and no `video_url`
 * (the file comes from `/v1/videos/{id}/content` with the key).
 * @param {Task} task @param {TaskState} state
 */
function openaiTask(task, state) {
	const { status, progress } = state;
	/** @type {Record<string, unknown>} */
	const body = {
		id: task.id,
		object: 'video',
		model: task.model,
		status: status === 'processing' ? 'in_progress' : status,
		progress,
		created_at: unixSeconds(task.createdAt),
		size: task.size ?? DEFAULT_SIZE,
		seconds: task.seconds ?? '4',
	};
	if (status === 'completed') {
		const completedAt = unixSeconds(/** @type {number} */ (task.completedAt));
		Object.assign(body, { completed_at: completedAt, expires_at: completedAt + 86400 });
	}
	if (status === 'failed') body.error = { code: CONTENT_POLICY.code, message: CONTENT_POLICY.message };
	return body;
}

/** A submit is always answered as queued, even when the queue time is zero. @param {Task} task */
const openaiSubmitted = (task) => openaiTask(task, { status: 'queued', progress: 0 });

module.exports = { yishangyunSubmitted, yishangyunTask, openaiSubmitted, openaiTask };
