'use strict';
/*
 * The webhook front door (examples/webhook-to-video.json) set up as its sticky note says, and what
 * one of its calls must hold, for the one-process case (cases/webhook.js) and for queue mode
 * (queue/cases/front-door.js):
 *   - a Header Auth credential with a secret, a Yishangyun credential, and with storage `s3` an
 *     S3 credential, bucket and public base URL in Settings; published;
 *   - a caller without the header, and one whose prompt is too long or lists prompts, is refused
 *     before any task exists;
 *   - an accepted call is answered 202 with its task id within seconds; its callback brings
 *     `video_url`, a link that serves the video byte for byte (and, stored, the same bytes in the
 *     bucket), one paid submit.
 */
const crypto = require('crypto');
const { post } = require('../queue/checks');
const { createS3Credential } = require('./s3');
const { bindCredentials, loadExample, publish, saveCredential, triggerPath, withSettings } = require('./setup');

const EXAMPLE = 'webhook-to-video.json';
const HEADER = 'X-API-Key';
/** The bound for a 202 in one process; queue mode adds a hop through Redis to a worker. */
const ANSWER_WITHIN_MS = 5000;
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Publishes the example on `rest`: the Yishangyun credential `credential` ({ id, name }), a fresh
 * header secret, and the bucket of `s3` (../s3.js) when given. Returns { workflowId, path, secret, headers, storage, url }.
 */
async function setUpWebhookDoor(rest, { credential, s3 = null, baseUrl }) {
	const secret = crypto.randomBytes(24).toString('hex');
	const key = await saveCredential(rest, 'httpHeaderAuth', `Video webhook key ${secret.slice(0, 6)}`, { name: HEADER, value: secret });
	const refs = { yishangyunApi: credential, httpHeaderAuth: key };
	let settings = { storage: 'none' };
	if (s3) {
		const id = await createS3Credential(rest, s3, `S3 (s3rver ${s3.bucket})`);
		refs.s3 = { id, name: `S3 (s3rver ${s3.bucket})` };
		settings = { storage: 's3', s3Bucket: s3.bucket, publicBaseUrl: `${s3.endpoint}/${s3.bucket}` };
	}
	const wf = withSettings(bindCredentials(loadExample(EXAMPLE), refs), settings);
	const path = triggerPath(wf);
	// A POST-only webhook answers a GET with "not registered for GET" once it exists.
	const workflowId = await publish(rest, wf, async () => /not registered for GET/i.test(await fetch(`${baseUrl}/webhook/${path}`).then((r) => r.text())));
	return { workflowId, path, secret, headers: { [HEADER]: secret }, storage: settings.storage, url: `${baseUrl}/webhook/${path}` };
}

/** Calls that must be refused before a task exists: [{ what, status, body }]; `failures` filled. */
async function refusedCalls(door, callbackUrl, failures) {
	const good = { prompt: 'refused call: a paper boat', callback_url: callbackUrl };
	const calls = [
		{ what: 'no credentials', body: good, headers: {}, want: [401, 403] },
		{ what: 'a wrong key', body: good, headers: { [HEADER]: 'not-the-secret' }, want: [401, 403] },
		{ what: 'a 1001-character prompt', body: { ...good, prompt: 'x'.repeat(1001) }, headers: door.headers, want: [400] },
		{ what: 'a list of prompts', body: { ...good, prompts: ['one', 'two'] }, headers: door.headers, want: [400] },
		{ what: 'no callback_url', body: { prompt: good.prompt }, headers: door.headers, want: [400] },
	];
	const results = [];
	for (const c of calls) {
		const res = await post(door.url, c.body, 30_000, c.headers);
		results.push(`${c.what} → ${res.status}`);
		if (!c.want.includes(res.status)) failures.push(`${c.what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}, expected ${c.want.join(' or ')}`);
		if (c.want.includes(400) && !(res.body && typeof res.body.error === 'string')) failures.push(`${c.what}: no JSON error in ${JSON.stringify(res.body).slice(0, 200)}`);
	}
	return results;
}

/** One accepted call: { res, taskId }; fails when it is not answered 202 with a task id within `withinMs`. */
async function acceptedCall(door, body, failures, { withinMs = ANSWER_WITHIN_MS } = {}) {
	const res = await post(door.url, body, 60_000, door.headers);
	if (res.status !== 202) failures.push(`accepted call: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
	if (res.ms > withinMs) failures.push(`accepted call answered in ${(res.ms / 1000).toFixed(1)} s, more than ${withinMs / 1000} s`);
	const taskId = res.body && res.body.task_id;
	if (!taskId) failures.push(`accepted call: no task_id in ${JSON.stringify(res.body).slice(0, 300)}`);
	return { res, taskId };
}

/**
 * The callback of an accepted call: status completed, its task, a video_url that serves the
 * video byte for byte, and (stored) the object in the bucket. Returns { bytes, latencySeconds }.
 */
async function checkCallback({ call, taskId, sim, s3 = null }, failures) {
	const json = call.json || {};
	if (json.task_id !== taskId) failures.push(`callback for task ${json.task_id}, the 202 said ${taskId}`);
	if (json.status !== 'completed') failures.push(`callback status ${JSON.stringify(json.status)}: ${JSON.stringify(json).slice(0, 300)}`);
	const want = sim.videoSha256(taskId);
	let bytes = 0;
	if (json.video_url) {
		const res = await fetch(json.video_url);
		const body = Buffer.from(await res.arrayBuffer());
		bytes = body.length;
		if (!res.ok) failures.push(`video_url ${json.video_url}: HTTP ${res.status}`);
		else if (sha256(body) !== want) failures.push(`video_url serves ${body.length} bytes that differ from the video`);
		if (s3 && !json.video_url.startsWith(`${s3.endpoint}/${s3.bucket}/`)) failures.push(`video_url ${json.video_url} is not in the bucket`);
	} else failures.push('callback without video_url');
	if (s3) {
		const stored = await s3.readObject(`${taskId}.mp4`);
		if (!stored) failures.push(`no object ${taskId}.mp4 in the bucket (keys: ${(await s3.listKeys()).join(', ') || 'none'})`);
		else if (sha256(stored) !== want) failures.push(`object ${taskId}.mp4 (${stored.length} bytes) differs from the video`);
	}
	const task = sim.tasks.get(taskId);
	const latencySeconds = task && task.completedAt ? (call.at - task.completedAt) / 1000 : NaN;
	return { bytes, latencySeconds };
}

module.exports = { setUpWebhookDoor, refusedCalls, acceptedCall, checkCallback };
