// @ts-check
const { randomBytes } = require('node:crypto');

/**
 * @typedef {{ field: string, filename: string, contentType: string, size: number, sha256: string }} UploadedFile
 * @typedef {'queued' | 'processing' | 'completed' | 'failed'} TaskStatus
 * @typedef {{ status: TaskStatus, progress: number }} TaskState
 * @typedef {'complete' | 'fail' | 'never'} Fate
 * @typedef {{
 *   id: string, key: string, model: string, prompt: string, seconds?: string, size?: string,
 *   inputReference: string[], files: UploadedFile[], fate: Fate, body: Record<string, unknown>,
 *   createdAt: number, startedAt: number, jobMs: number,
 *   completedAt?: number, failedAt?: number, status: () => TaskState,
 * }} Task
 * @typedef {{ key: string, model: string, prompt: string, seconds?: string, size?: string,
 *   inputReference: string[], files: UploadedFile[], idPrefix: string,
 *   queueSeconds: number, jobSeconds: number, body: Record<string, unknown>, fate?: Fate }} NewTask
 */

/** Progress a `[never]` job creeps up to and then sits at, like a real stuck job. */
const NEVER_CAP = 95;

/** `[name=N]` in a prompt, so one batch can mix fates. @param {string} prompt @param {string} name */
function directive(prompt, name) {
	const match = new RegExp(`\\[${name}=(\\d+(?:\\.\\d+)?)\\]`).exec(prompt);
	return match ? Number(match[1]) : undefined;
}

/** @param {string} prompt @returns {Fate} */
const fateOf = (prompt) => (prompt.includes('[never]') ? 'never' : prompt.includes('[fail]') ? 'fail' : 'complete');

/**
 * State as a pure function of the clock: progress rises linearly from 0 to 99 over the job, so a
 * client that measures the rate can predict the finish, as it could with a steady real job.
 * @param {Task} task @param {number} at simulated ms
 * @returns {TaskState}
 */
function stateAt(task, at) {
	if (at < task.startedAt) return { status: 'queued', progress: 0 };
	if (task.completedAt !== undefined && at >= task.completedAt) return { status: 'completed', progress: 100 };
	const progressAt = (/** @type {number} */ t) => (task.jobMs > 0 ? Math.floor(Math.min(1, (t - task.startedAt) / task.jobMs) * 99) : 99);
	if (task.failedAt !== undefined && at >= task.failedAt) return { status: 'failed', progress: progressAt(task.failedAt) };
	const progress = progressAt(at);
	return { status: 'processing', progress: task.fate === 'never' ? Math.min(progress, NEVER_CAP) : progress };
}

/** @param {() => number} now simulated ms */
function createTaskStore(now) {
	/** @type {Map<string, Task>} */
	const tasks = new Map();

	/** @param {NewTask} input */
	function create(input) {
		const createdAt = now();
		const startedAt = createdAt + (directive(input.prompt, 'queue') ?? input.queueSeconds) * 1000;
		const jobMs = (directive(input.prompt, 'seconds') ?? input.jobSeconds) * 1000;
		const fate = input.fate ?? fateOf(input.prompt);
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
			body: input.body,
			fate,
			createdAt,
			startedAt,
			jobMs,
			completedAt: fate === 'complete' ? startedAt + jobMs : undefined,
			failedAt: fate === 'fail' ? startedAt + jobMs / 2 : undefined,
			status: () => stateAt(task, now()),
		};
		tasks.set(task.id, task);
		return task;
	}

	return { tasks, create };
}

module.exports = { createTaskStore, stateAt };
