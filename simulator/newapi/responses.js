// @ts-check
const { createHash } = require('node:crypto');
const { unixSeconds } = require('../clock');
const { CONTENT_POLICY } = require('../errors');
const { openaiTask } = require('../responses');
const { directivesOf, spelt } = require('./directives');
const { familyFor } = require('./families');
const { reported } = require('./requests');

/**
 * The bodies new-api answers on `/v1/videos`, per family, from the state its poller stored.
 * @typedef {import('../tasks').Task} Task
 * @typedef {import('./poller').Stored} Stored
 * @typedef {import('./families').Family} Family
 * @typedef {{ videoUrl: string, selfUrl: string, dataUrl: () => string }} FileUrls
 * @typedef {'unknown' | 'queued' | 'in_progress' | 'completed' | 'failed'} VideoStatus
 */

/** model/task.go ToVideoStatus, from the upstream's state; `unknown` until the first update. @param {Stored | undefined} stored @returns {VideoStatus} */
function videoStatus(stored) {
	if (!stored) return 'unknown';
	const { status } = stored.state;
	return status === 'processing' ? 'in_progress' : status;
}

/** The stage values new-api stores as progress (taskcommon/helpers.go). @param {Family} family @param {Stored | undefined} stored */
function stageProgress(family, stored) {
	const status = videoStatus(stored);
	if (status === 'unknown') return 0;
	if (status === 'queued') return family.queuedProgress;
	return status === 'in_progress' ? 30 : 100;
}

/** new-api's stored task status, as `/content` names it when it refuses. @param {Family} family @param {Stored | undefined} stored */
function internalStatus(family, stored) {
	const names = { unknown: 'NOT_START', queued: family.queuedProgress === 10 ? 'SUBMITTED' : 'QUEUED', in_progress: 'IN_PROGRESS', completed: 'SUCCESS', failed: 'FAILURE' };
	return names[videoStatus(stored)];
}

/**
 * The submit answer: an OpenAI-type channel relays the upstream's own answer with new-api's id;
 * every other channel gets new-api's video object with `status` "" (newer builds: `queued`).
 * @param {Task} task @param {'' | 'queued'} submitStatus
 */
function submitted(task, submitStatus) {
	if (familyFor(task.model).body === 'upstream') return { ...openaiTask(task, { status: 'queued', progress: 0 }), ...reported(task) };
	return { id: task.id, task_id: task.id, object: 'video', model: task.model, status: submitStatus, progress: 0, created_at: unixSeconds(task.createdAt) };
}

/** The upstream's stored OpenAI body (sora/adaptor.go overwrites only `id`); before any update, its submit answer. @param {Task} task @param {Stored | undefined} stored */
const upstreamBody = (task, stored) => ({ ...openaiTask(task, stored?.state ?? { status: 'queued', progress: 0 }), ...reported(task) });

/** Another relay's id for the task: not ours, so reading it answers task_not_exist. @param {Task} task */
const relayTaskId = (task) => `relay_${createHash('sha256').update(task.id).digest('hex').slice(0, 24)}`;

const RELAY_STATUS = Object.freeze({ queued: 'queued', processing: 'processing', completed: 'succeeded', failed: 'failed' });

/** Another relay's body behind an OpenAI-type channel, with new-api's `id` set over it. @param {Task} task @param {Stored | undefined} stored */
function relayBody(task, stored) {
	const state = stored?.state ?? { status: 'queued', progress: 0 };
	/** @type {Record<string, unknown>} */
	const body = { id: task.id, task_id: relayTaskId(task), model: task.model, status: RELAY_STATUS[state.status], progress: state.progress, created_at: unixSeconds(task.createdAt), ...reported(task) };
	if (state.status === 'failed') body.fail_reason = CONTENT_POLICY.message;
	return body;
}

/** new-api's own video object (kling, doubao, ali, gemini adaptors). @param {Task} task @param {Family} family @param {Stored | undefined} stored */
function videoObject(task, family, stored) {
	const status = videoStatus(stored);
	/** @type {Record<string, unknown>} */
	const body = {
		id: task.id,
		task_id: task.id,
		object: 'video',
		model: task.model,
		status,
		progress: stageProgress(family, stored),
		created_at: unixSeconds(task.createdAt),
		// new-api fills completed_at with the task's last update time while it runs.
		completed_at: unixSeconds(stored ? (stored.finishedAt ?? stored.updatedAt) : task.createdAt),
		...reported(task),
	};
	if (family.body === 'video') body.metadata = { url: '' };
	if (status === 'failed' && family.failure) body.error = { ...family.failure };
	for (const field of family.omits ?? []) delete body[field];
	return body;
}

/** Sets `value` at a dotted path, making objects (and arrays for numeric parts) on the way. @param {Record<string, any>} target @param {string} path @param {unknown} value */
function setPath(target, path, value) {
	const parts = path.split('.');
	let at = target;
	parts.slice(0, -1).forEach((part, index) => {
		at[part] ??= /^\d+$/.test(parts[index + 1]) ? [] : {};
		at = at[part];
	});
	at[/** @type {string} */ (parts.at(-1))] = value;
}

/** Puts the finished file's URL where the family (or `[url=…]`) puts it. @param {Record<string, any>} body @param {Task} task @param {Family} family @param {FileUrls} urls */
function placeUrl(body, task, family, urls) {
	const d = directivesOf(task.prompt);
	const where = d.url ?? (family.body === 'video' ? 'metadata.url' : d.relay || d.selfurl ? 'video_url' : undefined);
	if (!where) return;
	if (where !== 'metadata.url' && body.metadata?.url === '') {
		delete body.metadata.url;
		if (Object.keys(body.metadata).length === 0) delete body.metadata;
	}
	const url = where === 'data' ? urls.dataUrl() : d.selfurl ? urls.selfUrl : urls.videoUrl;
	setPath(body, where === 'data' ? 'video_url' : where, url);
}

/**
 * The status answer (always HTTP 200) for `task` as the gateway stored it.
 * @param {Task} task @param {Stored | undefined} stored @param {FileUrls} urls
 */
function statusBody(task, stored, urls) {
	const d = directivesOf(task.prompt);
	// The upstream answered without a status: new-api marked the task failed and stores that body for good.
	if (stored?.state.status === 'failed' && d.fail200) return { error: { message: 'Video not found', type: 'invalid_request_error', param: null, code: null }, id: task.id };
	if (stored?.state.status === 'failed' && d.busy200) return { code: 503, msg: 'upstream busy', id: task.id };
	const family = familyFor(task.model);
	/** @type {Record<string, unknown>} */
	const body = family.body !== 'upstream' ? videoObject(task, family, stored) : d.relay ? relayBody(task, stored) : upstreamBody(task, stored);
	if (stored?.state.status === 'completed') placeUrl(body, task, family, urls);
	if (d.spell) body.status = spelt(videoStatus(stored), d.spell);
	return body;
}

/** `[contentjson]`: `/content` answers where the file is instead of the file. @param {Task} task @param {string} videoUrl */
const contentJson = (task, videoUrl) => ({ id: task.id, object: 'video', url: videoUrl, video_url: videoUrl });

module.exports = { submitted, statusBody, contentJson, internalStatus, relayTaskId };
