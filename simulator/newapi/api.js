// @ts-check
const { unknownRoute } = require('../errors');
const { drop, sendError, sendJson, sendStream, sendText } = require('../http');
const { modelsFor } = require('../options');
const { billingEndpoint, createBilling } = require('./billing');
const { directivesOf } = require('./directives');
const { MESSAGES, middlewareError, proxyError, taskError } = require('./errors');
const { familyFor, listedModel } = require('./families');
const { createPoller } = require('./poller');
const { refusal } = require('./requests');
const { contentJson, internalStatus, statusBody, submitted } = require('./responses');

/**
 * The `newapi` dialect: the video routes as new-api (QuantumNous/new-api) answers them, the
 * provider's real gateway. Routing, request limits, proxy faults and the chat model are shared
 * with the other dialects (../api.js hands them in).
 *
 * @typedef {import('../context').Context} Context
 * @typedef {import('../request-log').LoggedRequest} LoggedRequest
 * @typedef {import('../tasks').Task} Task
 * @typedef {import('./errors').NewApiError} NewApiError
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {{ name: 'models' | 'submit' | 'chat' } | { name: 'status' | 'content', taskId: string }} Target
 * @typedef {{
 *   chat: (req: IncomingMessage, res: ServerResponse, entry: LoggedRequest) => Promise<void>,
 *   limited: (res: ServerResponse, entry: LoggedRequest, endpoint: 'status' | 'submit', key: string) => boolean,
 *   proxyFault: (res: ServerResponse, entry: LoggedRequest) => boolean,
 *   ownTask: (key: string, taskId: string) => Task | undefined,
 *   receiveSubmit: (req: IncomingMessage, res: ServerResponse, entry: LoggedRequest, key: string,
 *     badBody: (answer: import('../errors').ErrorAnswer) => void) => Promise<{ fields: Record<string, unknown>, files: import('../tasks').UploadedFile[] } | undefined>,
 * }} Shared
 */

/** What new-api serves outside `/v1`: its dashboard, a single-page app. */
const DASHBOARD =
	'<!doctype html><html lang="zh"><head><meta charset="UTF-8" /><link rel="icon" href="/logo.png" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>New API</title><script type="module" crossorigin src="/assets/index.js"></script></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>';

/** @param {Context} ctx @param {Shared} shared */
function createNewApiHandler(ctx, { chat, limited, proxyFault, ownTask, receiveSubmit }) {
	const poller = createPoller({
		now: ctx.clock.now,
		tasks: ctx.store.tasks,
		periodMs: () => ctx.options.gatewayPollSeconds * 1000,
		polled: (task) => familyFor(task.model).body !== 'gemini',
	});
	const billing = createBilling(ctx);

	/** @param {ServerResponse} res @param {LoggedRequest} entry @param {NewApiError} error */
	const fail = (res, entry, error) => sendJson(res, entry, error.status, error.body);

	/** The finished file's URLs: signed on the file host, new-api's own proxy, or inline. @param {Task} task */
	const urlsOf = (task) => ({
		videoUrl: ctx.links.urlsFor(ctx.fileUrl, task.id).videoUrl,
		selfUrl: `${ctx.options.serverAddress}/v1/videos/${task.id}/content`,
		dataUrl: () => `data:video/mp4;base64,${ctx.media.videoBytes().toString('base64')}`,
	});

	/** @param {IncomingMessage} req @param {ServerResponse} res @param {LoggedRequest} entry @param {string} key */
	async function submit(req, res, entry, key) {
		const parsed = await receiveSubmit(req, res, entry, key, (answer) => fail(res, entry, taskError(answer.status, 'invalid_json', answer.error.message)));
		if (!parsed) return;
		const { fields, files } = parsed;
		const { model, prompt } = fields;
		if (typeof model !== 'string' || model.trim() === '') return fail(res, entry, taskError(400, 'missing_model', 'model is required'));
		if (!modelsFor(ctx.options).some((listed) => (typeof listed === 'string' ? listed : listed.id) === model)) {
			return fail(res, entry, middlewareError(503, MESSAGES.noChannel(model), 'model_not_found', ctx.clock.now()));
		}
		// Stock new-api reads input_reference as one string; several (JSON array or repeated form fields) fail to decode.
		if (!ctx.options.inputReferenceArray && Array.isArray(fields.input_reference)) return fail(res, entry, taskError(400, 'invalid_json', MESSAGES.referenceArray));
		if (typeof prompt !== 'string' || prompt.trim() === '') return fail(res, entry, taskError(400, 'invalid_request', 'field prompt is required'));
		const used = ctx.accepted.get(key) ?? 0;
		if (used >= ctx.options.quota) return fail(res, entry, taskError(403, 'insufficient_user_quota', MESSAGES.quota));
		// The upstream refused the job: new-api gives back what it had reserved, nothing is billed.
		if (ctx.fault('submitSaturated')) return fail(res, entry, taskError(429, 'fail_to_fetch_task', MESSAGES.saturated));
		// What the family's upstream (or new-api's adaptor for it) refuses: given back the same way.
		const refused = refusal(model, fields, files);
		if (refused) return fail(res, entry, refused);
		const unpaid = billing.refusal(key);
		if (unpaid) return fail(res, entry, unpaid);
		ctx.accepted.set(key, used + 1);
		billing.charge(key);
		const { seconds, size } = fields;
		const directives = directivesOf(prompt);
		const task = ctx.store.create({
			key,
			model,
			prompt,
			seconds: typeof seconds === 'string' || typeof seconds === 'number' ? String(seconds) : undefined,
			size: typeof size === 'string' ? size : undefined,
			inputReference: /** @type {string[]} */ ([fields.input_reference ?? []].flat().filter((reference) => typeof reference === 'string' && reference !== '')),
			files,
			body: fields,
			idPrefix: 'task_',
			queueSeconds: ctx.options.queueSeconds,
			jobSeconds: ctx.options.jobSeconds,
			fate: directives.fail200 || directives.busy200 ? 'fail' : undefined,
		});
		entry.taskId = task.id;
		// The task exists and is billed; only the answer is lost.
		if (ctx.fault('submitDropAfterAccept')) return drop(res, entry);
		return sendJson(res, entry, 200, submitted(task, ctx.options.submitStatus));
	}

	/** @param {ServerResponse} res @param {LoggedRequest} entry @param {string} key @param {string} taskId */
	function status(res, entry, key, taskId) {
		if (limited(res, entry, 'status', key)) return;
		if (proxyFault(res, entry)) return;
		const task = ownTask(key, taskId);
		if (!task) return fail(res, entry, taskError(400, 'task_not_exist', 'task_not_exist'));
		if (ctx.fault('pollSaturated')) return fail(res, entry, taskError(429, 'fail_to_fetch_task', MESSAGES.saturated));
		if (ctx.fault('pollUpstreamError')) return fail(res, entry, taskError(500, 'fail_to_fetch_task', MESSAGES.upstreamError));
		return sendJson(res, entry, 200, statusBody(task, poller.read(task), urlsOf(task)));
	}

	/** controller/video_proxy.go: the file from the API host with the key; the query string is never read. @param {ServerResponse} res @param {LoggedRequest} entry @param {string} key @param {string} taskId */
	function content(res, entry, key, taskId) {
		const task = ownTask(key, taskId);
		if (!task) return fail(res, entry, proxyError(404, 'Task not found'));
		const stored = poller.read(task);
		if (stored?.state.status !== 'completed') {
			return fail(res, entry, proxyError(400, `Task is not completed yet, current status: ${internalStatus(familyFor(task.model), stored)}`));
		}
		if (directivesOf(task.prompt).contentjson) return sendJson(res, entry, 200, contentJson(task, urlsOf(task).videoUrl));
		return sendStream(res, entry, ctx.media.file('video', { cut: ctx.fault('downloadTruncate') }));
	}

	/** @param {IncomingMessage} req @param {ServerResponse} res @param {LoggedRequest} entry @param {Target | undefined} target @param {URL} url */
	return async function handleNewApi(req, res, entry, target, url) {
		const method = req.method ?? 'GET';
		if (!url.pathname.startsWith('/v1/')) return sendText(res, entry, 200, 'text/html; charset=utf-8', DASHBOARD);
		const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
		const now = ctx.clock.now();
		if (!key || !ctx.options.apiKeys.includes(key)) return fail(res, entry, middlewareError(401, MESSAGES.invalidKey, '', now));
		// A used-up key is refused on every route, reads included; its paid tasks keep running.
		if (ctx.options.exhaustedKeys.includes(key) || billing.usedUp(key)) return fail(res, entry, middlewareError(401, MESSAGES.exhausted(key), '', now));
		const billed = billingEndpoint(method, url.pathname);
		if (billed) return sendJson(res, entry, 200, billing.answer(billed, key));
		if (!target) return sendError(res, entry, unknownRoute(method, url.pathname));
		switch (target.name) {
			case 'models':
				if (!ctx.options.modelsEndpoint) return sendError(res, entry, unknownRoute(method, url.pathname));
				return sendJson(res, entry, 200, { success: true, object: 'list', data: modelsFor(ctx.options).map(listedModel) });
			case 'submit':
				return submit(req, res, entry, key);
			case 'status':
				return status(res, entry, key, target.taskId);
			case 'content':
				return content(res, entry, key, target.taskId);
			case 'chat':
				return chat(req, res, entry);
		}
	};
}

module.exports = { createNewApiHandler };
