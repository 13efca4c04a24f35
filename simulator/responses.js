// @ts-check
const { CONTENT_POLICY } = require('./tasks');

/** @typedef {import('./tasks').Task} Task */

/** @param {string | undefined} size */
function dimensions(size) {
	const [width, height] = (size ?? '1280x720').split('x').map(Number);
	return { width, height };
}

/**
 * The task as the provider's document shows it.
 * @param {Task} task @param {{ fileUrl: string, videoSize: number }} host
 */
function yishangyunTask(task, host) {
	const { status, progress } = task.status();
	const base = { task_id: task.id, status, progress };
	if (status === 'queued') return { ...base, message: '任务排队中' };
	if (status === 'processing') return { ...base, message: `视频生成中,已完成${progress}%` };
	if (status === 'failed') return { ...base, error: CONTENT_POLICY, message: `视频生成失败: ${CONTENT_POLICY.message}` };
	return {
		...base,
		video_url: `${host.fileUrl}/files/${task.id}.mp4?sig=${task.sig}`,
		thumbnail_url: `${host.fileUrl}/files/${task.id}.jpg?sig=${task.sig}`,
		seconds: task.seconds ? Number(task.seconds) : 5.2,
		...dimensions(task.size),
		file_size: host.videoSize,
		created_at: new Date(task.createdAt).toISOString(),
		completed_at: new Date(/** @type {number} */ (task.completedAt)).toISOString(),
	};
}

const unix = (/** @type {number} */ ms) => Math.floor(ms / 1000);

/**
 * OpenAI's shape for the same endpoints: `id`, `in_progress`, Unix times, no `video_url`.
 * @param {Task} task
 */
function openaiTask(task) {
	const { status, progress } = task.status();
	/** @type {Record<string, unknown>} */
	const body = {
		id: task.id,
		object: 'video',
		model: task.model,
		status: status === 'processing' ? 'in_progress' : status,
		progress,
		created_at: unix(task.createdAt),
		size: task.size ?? '1280x720',
		seconds: task.seconds ?? '4',
	};
	if (status === 'completed') {
		body.completed_at = unix(/** @type {number} */ (task.completedAt));
		body.expires_at = unix(/** @type {number} */ (task.completedAt)) + 86400;
	}
	if (status === 'failed') body.error = { code: CONTENT_POLICY.code, message: CONTENT_POLICY.message };
	return body;
}

module.exports = { yishangyunTask, openaiTask };
