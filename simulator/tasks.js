// @ts-check
const { randomBytes } = require('node:crypto');

/**
 * @typedef {{ field: string, filename: string, contentType: string, size: number, sha256: string }} UploadedFile
 * @typedef {{
 *   id: string, key: string, model: string, prompt: string, seconds?: string, size?: string,
 *   inputReference: string[], files: UploadedFile[], createdAt: number, startsAt: number,
 *   jobMs: number, fate: 'complete' | 'fail' | 'never', completedAt?: number, failsAt?: number,
 *   sig: number, status: () => TaskState,
 * }} Task
 * @typedef {{ status: 'queued' | 'processing' | 'completed' | 'failed', progress: number }} TaskState
 */

const CONTENT_POLICY = {
	message: 'The prompt was flagged by the content policy',
	type: 'invalid_request_error',
	code: 'content_policy_violation',
};

/** @param {string} prompt @param {string} name */
function directive(prompt, name) {
	const match = new RegExp(`\\[${name}=([\\d.]+)\\]`).exec(prompt);
	return match ? Number(match[1]) : undefined;
}

/**
 * Tasks whose state is a pure function of the (possibly compressed) clock: progress rises
 * linearly, so a client can predict the finish exactly as it could with a real steady job.
 * @param {() => number} now simulated milliseconds
 */
function createTaskStore(now) {
	/** @type {Map<string, Task>} */
	const tasks = new Map();

	/**
	 * @param {{ key: string, model: string, prompt: string, seconds?: string, size?: string,
	 *   inputReference: string[], files: UploadedFile[], idPrefix: string,
	 *   queueSeconds: number, jobSeconds: number }} input
	 */
	function create(input) {
		const createdAt = now();
		const queueMs = (directive(input.prompt, 'queue') ?? input.queueSeconds) * 1000;
		const jobMs = (directive(input.prompt, 'seconds') ?? input.jobSeconds) * 1000;
		const fate = input.prompt.includes('[never]') ? 'never' : input.prompt.includes('[fail]') ? 'fail' : 'complete';
		const startsAt = createdAt + queueMs;
		/** @type {Task} */
		const task = {
			id: `${input.idPrefix}${randomBytes(9).toString('hex')}`,
			key: input.key,
			model: input.model,
			prompt: input.prompt,
			seconds: input.seconds,
			size: input.size,
			inputReference: input.inputReference,
			files: input.files,
			createdAt,
			startsAt,
			jobMs,
			fate,
			completedAt: fate === 'complete' ? startsAt + jobMs : undefined,
			failsAt: fate === 'fail' ? startsAt + jobMs / 2 : undefined,
			sig: 1,
			status: () => stateOf(task),
		};
		tasks.set(task.id, task);
		return task;
	}

	/** @param {Task} task @returns {TaskState} */
	function stateOf(task) {
		const at = now();
		if (at < task.startsAt) return { status: 'queued', progress: 0 };
		const progress = Math.floor(Math.min(1, (at - task.startsAt) / task.jobMs) * 99);
		if (task.completedAt !== undefined && at >= task.completedAt) return { status: 'completed', progress: 100 };
		if (task.failsAt !== undefined && at >= task.failsAt) return { status: 'failed', progress: Math.floor(49.5) };
		return { status: 'processing', progress: task.fate === 'never' ? Math.min(progress, 95) : progress };
	}

	return { tasks, create };
}

module.exports = { createTaskStore, CONTENT_POLICY };
