'use strict';
/*
 * The chat front door (examples/chat-to-video.json) used the way its users use it: n8n's hosted
 * chat protocol (../chat-client.js) through nginx (proxy_read_timeout 90 s), on renders of 150 s
 * and more. Proven, per simulator dialect (the document's, and new-api with a Kling model):
 *   - no password, a wrong one: 401/403 and no task; a prompt over the cap: refused, no task;
 *   - a prompt: the POST is answered within 10 s and the first reply, naming the task, comes within
 *     10 s; the execution is parked in the database by the Wait; the link comes in the same chat
 *     session after the render (longer than nginx's read timeout) and serves the byte-exact video;
 *     one submit; no worker held over 65 s at a stretch; n8n closes the chat when it succeeded;
 *   - `/status <task ID>` later gets the link again, without a submit.
 * With storage s3 the link is the bucket's (a real S3-compatible server). new-api serving Sora
 * gives only its keyed /content: the chat says there is no link rather than show it.
 * And a user who leaves mid-render: a chat that stops answering heartbeats is dropped by n8n
 * (after 60 s); the paid task goes on and `/status <task ID>` from a new chat gets its video.
 */
const crypto = require('crypto');
const { HostedChat } = require('../chat-client');
const { basicAuthCredential, heldStretches, prepare, publish, watchExecution, PARKS_FROM_SECONDS } = require('../chat-workflow');
const { startS3, createS3Credential, bindS3 } = require('../s3');
const { sleep, until } = require('../../wait');

const FIRST_REPLY_MS = 10_000;
const RENDER_MS = 480_000;
const LINK = /ready: (\S+)/;

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function check(what) {
	const failures = [];
	const details = [];
	return { what, failures, details, expect: (ok, message) => ok || failures.push(message), note: (d) => details.push(d), result: () => ({ what, details: details.join('; '), failures }) };
}

/** Whether `url` serves the simulator's video byte for byte (no key sent: it is the user's link). */
async function servesVideo(url, sim) {
	const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
	const bytes = Buffer.from(await res.arrayBuffer());
	const sha = crypto.createHash('sha256').update(bytes).digest('hex');
	return { ok: res.ok && sha === (await sim.videoSha256()), status: res.status, bytes: bytes.length };
}

/** The submits the simulator took for `prompt`. */
const submitsOf = (sim, prompt) => sim.submits().filter((s) => s.body && s.body.prompt === prompt);

/**
 * One published copy of the example on its own simulator and chat URL; `s3` (a ../s3.js server)
 * turns its storage on: the link must then be the bucket's.
 */
async function openDoor(stack, label, simOptions, { settings = {}, s3 = null } = {}) {
	const { sim, credential } = await stack.simulator(simOptions);
	const auth = await basicAuthCredential(stack.rest, `Chat login (${label})`);
	let bind;
	let linkPrefix = '';
	if (s3) {
		const ref = { id: await createS3Credential(stack.rest, s3, `S3 (${label})`), name: `S3 (${label})` };
		bind = (wf) => bindS3(wf, ref, s3.bucket);
		linkPrefix = `${s3.endpoint}/${s3.bucket}/`;
		settings = { ...settings, storage: 's3', s3Bucket: s3.bucket, publicBaseUrl: `${s3.endpoint}/${s3.bucket}` };
	}
	const { wf, webhookId } = prepare({ credential, auth, settings, bind });
	await publish(stack.rest, wf, webhookId);
	return { label, sim, auth, webhookId, linkPrefix, chat: (options = {}) => new HostedChat({ url: stack.proxy.url, webhookId, auth, ...options }) };
}

/** Sends `text` and opens the session's socket; { sent, socket, postedAt }. */
async function say(chat, text) {
	const postedAt = Date.now();
	const sent = await chat.send(text);
	if (sent.status !== 200 || !sent.body || !sent.body.executionStarted) throw new Error(`POST ${JSON.stringify(text).slice(0, 60)}: HTTP ${sent.status} ${JSON.stringify(sent.body).slice(0, 300)}`);
	const socket = chat.open(sent.body);
	await socket.ready;
	return { sent, socket, postedAt };
}

async function refusesStrangers(door) {
	const c = check(`chat (${door.label}): no password → 401, a wrong one → 403, no task`);
	const chat = door.chat();
	const none = await chat.send('A red fox [stranger]', { auth: null });
	const wrong = await chat.send('A red fox [stranger]', { auth: { user: door.auth.user, password: 'not-the-password' } });
	const page = await fetch(`${chat.url}/webhook/${door.webhookId}/chat`);
	c.expect(none.status === 401, `no credentials: HTTP ${none.status}, expected 401`);
	c.expect(wrong.status === 403, `a wrong password: HTTP ${wrong.status}, expected 403`);
	c.expect(page.status === 401, `the chat page without credentials: HTTP ${page.status}, expected 401`);
	await sleep(3_000);
	c.expect(door.sim.submits().length === 0, `${door.sim.submits().length} submits after calls without the password`);
	c.note(`${none.status} / ${wrong.status} / page ${page.status}, 0 submits`);
	return c.result();
}

async function refusesLongPrompt(door) {
	const c = check(`chat (${door.label}): a prompt over maxPromptLength is refused, no task`);
	const prompt = `A very long prompt ${'x'.repeat(1_100)}`;
	const { socket, postedAt } = await say(door.chat(), prompt);
	try {
		const reply = await socket.next((m) => /limit/.test(m.text), FIRST_REPLY_MS);
		c.note(`"${reply.text.slice(0, 70)}…" after ${secs(reply.at - postedAt)}`);
	} catch (error) {
		c.expect(false, error.message);
	} finally {
		socket.close();
	}
	c.expect(submitsOf(door.sim, prompt).length === 0, 'the too-long prompt was submitted');
	return c.result();
}

/** The first reply of a started render: { socket, taskId, ... }; throws when it does not come. */
async function startRender(door, prompt, c) {
	const chat = door.chat();
	const { sent, socket, postedAt } = await say(chat, prompt);
	c.expect(sent.ms < FIRST_REPLY_MS, `the POST took ${secs(sent.ms)} through nginx`);
	const first = await socket.next((m) => /task/i.test(m.text), FIRST_REPLY_MS);
	const [submit] = submitsOf(door.sim, prompt);
	const taskId = submit && submit.taskId;
	c.expect(first.at - postedAt < FIRST_REPLY_MS, `the first reply came after ${secs(first.at - postedAt)}`);
	c.expect(taskId && first.text.includes(taskId), `the first reply does not name the task ${taskId}: ${first.text}`);
	c.expect(taskId && first.text.includes(`/status ${taskId}`), 'the first reply does not say how to get the video later');
	c.note(`POST ${secs(sent.ms)}, first reply ${secs(first.at - postedAt)}`);
	return { chat, socket, postedAt, taskId, executionId: sent.body.executionId, first };
}

/** `/status <taskId>` from `chat`: the link it answers, checked against the video. */
async function askAgain(door, chat, taskId, c) {
	const before = door.sim.submits().length;
	const { socket, postedAt } = await say(chat, `/status ${taskId}`);
	try {
		const answer = await socket.next((m) => m.text.includes(taskId), FIRST_REPLY_MS * 2);
		const link = (LINK.exec(answer.text) || [])[1];
		c.expect(link, `/status did not answer with a link: ${answer.text}`);
		if (link) {
			const served = await servesVideo(link, door.sim);
			c.expect(served.ok, `/status's link: HTTP ${served.status}, ${served.bytes} bytes, not the video`);
		}
		c.note(`/status answered in ${secs(answer.at - postedAt)}`);
	} finally {
		socket.close();
	}
	c.expect(door.sim.submits().length === before, '/status submitted a task');
}

/** When the gateway finished `taskId`, on this machine's clock. */
function finishedAt(sim, taskId) {
	const task = sim.tasks.get(taskId);
	return task && task.completedAt !== undefined ? Date.now() - (sim.now() - task.completedAt) : null;
}

async function renders(stack, door, c) {
	const prompt = `A red fox running through fresh snow at dawn (${door.label})`;
	const render = await startRender(door, prompt, c);
	const watch = watchExecution(stack.rest, render.executionId);
	try {
		const done = await render.socket.next((m) => LINK.test(m.text), RENDER_MS);
		const link = LINK.exec(done.text)[1];
		const rendered = finishedAt(door.sim, render.taskId);
		c.expect(done.at - render.postedAt > stack.proxy.readTimeoutSeconds * 1000, `the link came after ${secs(done.at - render.postedAt)}, not longer than nginx's read timeout`);
		const served = await servesVideo(link, door.sim);
		c.expect(served.ok, `the link ${link}: HTTP ${served.status}, ${served.bytes} bytes, not the video`);
		c.expect(link.startsWith(door.linkPrefix), `the link ${link} is not under ${door.linkPrefix}`);
		const closed = await render.socket.whenClosed(20_000);
		const seen = await watch.stop();
		c.expect(closed, 'n8n did not close the chat after the last message');
		c.expect(seen.parkedInWait > 0, `the execution was never seen parked in the Wait (statuses: ${seen.statuses.join(' → ')})`);
		// n8n closes the chat once it has read the execution's success; the watch may have read it a moment before.
		const ended = await until('the execution to end', async () => (await stack.rest.execution(render.executionId)).status !== 'running', 30_000, { everyMs: 500 })
			.then(() => stack.rest.execution(render.executionId))
			.catch((error) => ({ status: error.message }));
		c.expect(ended.status === 'success', `the execution ended ${ended.status}`);
		c.expect(submitsOf(door.sim, prompt).length === 1, `${submitsOf(door.sim, prompt).length} submits for one prompt`);
		c.note(`link after ${secs(done.at - render.postedAt)}${rendered ? ` (${secs(done.at - rendered)} after the render)` : ''}, ${served.bytes} bytes sha256-verified`);
		c.note(`execution ${seen.statuses.join(' → ')}, parked in Wait on ${seen.parkedInWait} reads, heartbeats ${render.socket.heartbeats}`);
		const held = heldStretches(ended);
		c.expect(held.longest <= PARKS_FROM_SECONDS, `held in memory ${held.longest.toFixed(1)} s at a stretch (waits ${held.waits.join(', ')} s)`);
		c.note(`waits ${held.waits.join(', ')} s (${held.inMemory} in memory), held ${held.stretches.map((s) => s.toFixed(1)).join(' / ')} s at a stretch`);
		await askAgain(door, render.chat, render.taskId, c);
	} finally {
		render.socket.close();
		await watch.stop();
	}
}

/** A user whose laptop sleeps after the first reply: the socket stays open, heartbeats go unanswered. */
async function leavesMidRender(stack, door, c) {
	const prompt = `Waves rolling onto a black sand beach at sunset (${door.label}, user leaves)`;
	const render = await startRender(door, prompt, c);
	render.socket.deaf = true;
	const deafAt = Date.now();
	const closed = await render.socket.whenClosed(150_000);
	c.expect(closed, 'n8n kept a chat that stopped answering heartbeats');
	if (closed) c.note(`n8n dropped the silent chat after ${secs(closed.at - deafAt)}`);
	stack.log(`chat (${door.label}): the user left; waiting for task ${render.taskId} to finish at the gateway`);
	while (!finishedAt(door.sim, render.taskId) || finishedAt(door.sim, render.taskId) > Date.now()) await sleep(2_000);
	await sleep(5_000);
	const execution = await stack.rest.execution(render.executionId);
	c.note(`its execution: ${execution.status} at ${execution.data.resultData.lastNodeExecuted}`);
	await askAgain(door, door.chat(), render.taskId, c);
	c.expect(submitsOf(door.sim, prompt).length === 1, 'the task was paid more than once');
}

/** new-api serving Sora gives no public link, only its own keyed /content: the chat says so and shows no keyed URL. */
async function saysWhenNoLink(door, c) {
	const prompt = `A paper boat on a rainy street (${door.label})`;
	const render = await startRender(door, prompt, c);
	try {
		const done = await render.socket.next((m) => m.text.startsWith('Your video is ready'), RENDER_MS);
		c.expect(/no link/.test(done.text) && done.text.includes(render.taskId), `the message does not say there is no link for ${render.taskId}: ${done.text}`);
		c.expect(!/https?:\/\//.test(done.text), `the message shows a URL that needs the API key: ${done.text}`);
		c.note(`"${done.text.slice(0, 80)}…"`);
		const again = await say(render.chat, `/status ${render.taskId}`);
		const answer = await again.socket.next((m) => m.text.includes(render.taskId), FIRST_REPLY_MS * 2).finally(() => again.socket.close());
		c.expect(/no link/.test(answer.text) && !/https?:\/\//.test(answer.text), `/status shows a keyed URL or no word of it: ${answer.text}`);
	} finally {
		render.socket.close();
	}
}

async function run(stack, fn, what) {
	const c = check(what);
	try {
		await fn(c);
	} catch (error) {
		c.expect(false, error.stack || error.message);
	}
	return c.result();
}

module.exports = {
	name: 'chat',
	versions: ['2', '1'],
	async run(stack) {
		const s3 = await startS3({ runDir: stack.runDir });
		try {
			const [doc, newapi, stored, keyed] = await Promise.all([
				openDoor(stack, 'document', { jobSeconds: 150, queueSeconds: 0.5 }),
				openDoor(stack, 'new-api', { dialect: 'newapi', jobSeconds: 170, queueSeconds: 0.5 }, { settings: { model: 'kling-v2-6-std' } }),
				openDoor(stack, 'document, storage s3', { jobSeconds: 160, queueSeconds: 0.5 }, { s3 }),
				openDoor(stack, 'new-api, Sora', { dialect: 'newapi', jobSeconds: 20, queueSeconds: 0.5 }, { settings: { model: 'sora-2' } }),
			]);
			const results = [await refusesStrangers(doc), await refusesLongPrompt(doc)];
			const rendering = (door) => `chat (${door.label}): first reply ≤ 10 s through nginx, the link after the render in the same session`;
			results.push(
				...(await Promise.all([
					run(stack, (c) => renders(stack, doc, c), rendering(doc)),
					run(stack, (c) => renders(stack, newapi, c), rendering(newapi)),
					run(stack, (c) => renders(stack, stored, c), rendering(stored)),
					run(stack, (c) => leavesMidRender(stack, doc, c), 'chat (document): a user who stops answering heartbeats mid-render still gets the video with /status'),
					run(stack, (c) => saysWhenNoLink(keyed, c), `chat (${keyed.label}, storage off): the gateway's keyed /content is not shown; the chat says there is no link`),
				])),
			);
			return results;
		} finally {
			await s3.stop();
		}
	},
};
