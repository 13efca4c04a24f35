// @ts-check
const { createChatHandler } = require('./chat');
const { ERRORS, invalidRequest, tooLarge, unknownRoute, videoNotReady } = require('./errors');
const { drop, readBody, sendError, sendJson, sendStream, sendText } = require('./http');
const { openaiSubmitted, openaiTask, yishangyunSubmitted, yishangyunTask } = require('./responses');
const { createNewApiHandler } = require('./newapi/api');
const { modelsFor } = require('./options');
const { isErrorAnswer, parseSubmit, validateSubmit } = require('./submit');

/**
 * @typedef {import('./context').Context} Context
 * @typedef {import('./request-log').LoggedRequest} LoggedRequest
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

/** Reference uploads are images; anything near this size is a client bug worth a clear 413. */
const MAX_BODY = 64 * 1024 * 1024;

/** What a proxy in front of the gateway answers when the upstream is sick. */
const PROXY_FAULTS = /** @type {const} */ ([
	['poll502', 502, 'text/html', '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'],
	['poll503', 503, 'text/plain', 'upstream connect error or disconnect/reset before headers. reset reason: overflow'],
]);

/** The `/v1/models` answer: OpenAI's model objects, with whatever else a listed entry carries. @param {import('./options').ListedModel[]} models */
const modelList = (models) => ({
	object: 'list',
	data: models.map((model) => ({ object: 'model', created: 1735689600, owned_by: 'yishangyun', ...(typeof model === 'string' ? { id: model } : model) })),
});

/**
 * Which API endpoint a request is for (undefined: none); the request log picks out submits and
 * polls with it too.
 * @param {string} method @param {string} pathname
 * @returns {{ name: 'models' | 'submit' | 'chat' } | { name: 'status' | 'content', taskId: string } | undefined}
 */
function route(method, pathname) {
	if (pathname === '/v1/chat/completions') return method === 'POST' ? { name: 'chat' } : undefined;
	if (pathname === '/v1/models') return method === 'GET' ? { name: 'models' } : undefined;
	if (pathname === '/v1/videos') return method === 'POST' ? { name: 'submit' } : undefined;
	const match = /^\/v1\/videos\/([^/]+)(\/content)?$/.exec(pathname);
	if (!match || method !== 'GET') return undefined;
	let taskId = match[1];
	try {
		taskId = decodeURIComponent(taskId);
	} catch {
		// A malformed escape is just an id no task has.
	}
	return { name: match[2] ? 'content' : 'status', taskId };
}

/** @param {Context} ctx */
function createApiHandler(ctx) {
	const chat = createChatHandler(ctx);
	/** The task, if it exists and `key` created it; other keys must not learn it exists. @param {string} key @param {string} taskId */
	function ownTask(key, taskId) {
		const task = ctx.store.tasks.get(taskId);
		return task?.key === key ? task : undefined;
	}

	/**
	 * Answers 429 when `key` is over its limit for `endpoint` (options statusReadsPerSecond,
	 * submitsPerMinute); the log marks such refusals.
	 * @param {ServerResponse} res @param {LoggedRequest} entry @param {import('./limits').LimitedEndpoint} endpoint @param {string} key
	 */
	function limited(res, entry, endpoint, key) {
		const wait = ctx.overLimit(endpoint, key);
		if (wait === undefined) return false;
		entry.limited = true;
		sendError(res, entry, { ...ERRORS.rateLimit, headers: { 'retry-after': String(wait) } });
		return true;
	}

	/** A status read cut or answered by a sick proxy in front of the gateway (faults pollDrop, poll502, poll503). @param {ServerResponse} res @param {LoggedRequest} entry */
	function proxyFault(res, entry) {
		if (ctx.fault('pollDrop')) {
			drop(res, entry);
			return true;
		}
		for (const [fault, code, type, text] of PROXY_FAULTS) {
			if (!ctx.fault(fault)) continue;
			sendText(res, entry, code, type, text);
			return true;
		}
		return false;
	}

	/**
	 * A submit's body, read, parsed and logged, once the proxy in front let it through (request
	 * limit, faults submit429 and submit500); undefined when it has been answered already.
	 * `badBody` answers a body that does not parse, in the dialect's own shape.
	 * @param {IncomingMessage} req @param {ServerResponse} res @param {LoggedRequest} entry @param {string} key
	 * @param {(answer: import('./errors').ErrorAnswer) => void} badBody
	 */
	async function receiveSubmit(req, res, entry, key, badBody) {
		const raw = await readBody(req, MAX_BODY);
		if (!raw) return void sendError(res, entry, tooLarge);
		const parsed = parseSubmit(raw, req.headers['content-type'] ?? '');
		if (isErrorAnswer(parsed)) {
			entry.body = raw.toString('utf8');
			return void badBody(parsed);
		}
		entry.body = parsed.logged;
		if (limited(res, entry, 'submit', key)) return undefined;
		if (ctx.fault('submit429')) return void sendError(res, entry, { ...ERRORS.rateLimit, headers: { 'retry-after': String(ctx.options.retryAfterSeconds) } });
		if (ctx.fault('submit500')) return void sendError(res, entry, ERRORS.internal);
		return parsed;
	}

	/** @param {IncomingMessage} req @param {ServerResponse} res @param {LoggedRequest} entry @param {string} key */
	async function submit(req, res, entry, key) {
		const parsed = await receiveSubmit(req, res, entry, key, (answer) => sendError(res, entry, answer));
		if (!parsed) return;
		const request = validateSubmit(parsed.fields, parsed.files);
		if (isErrorAnswer(request)) return sendError(res, entry, request);
		const used = ctx.accepted.get(key) ?? 0;
		if (used >= ctx.options.quota) return sendError(res, entry, ERRORS.quota);
		ctx.accepted.set(key, used + 1);
		const { dialect, queueSeconds, jobSeconds } = ctx.options;
		const task = ctx.store.create({ ...request, body: parsed.fields, key, idPrefix: dialect === 'openai' ? 'video_' : 'task_', queueSeconds, jobSeconds });
		entry.taskId = task.id;
		// The task exists and is billed; only the answer is lost — the case a client must not resubmit blindly.
		if (ctx.fault('submitDropAfterAccept')) return drop(res, entry);
		return sendJson(res, entry, 200, dialect === 'openai' ? openaiSubmitted(task) : yishangyunSubmitted(task));
	}

	/** @param {ServerResponse} res @param {LoggedRequest} entry @param {string} key @param {string} taskId */
	function status(res, entry, key, taskId) {
		if (limited(res, entry, 'status', key)) return;
		if (proxyFault(res, entry)) return;
		const task = ownTask(key, taskId);
		if (!task) return sendError(res, entry, ERRORS.notFound);
		const state = task.status();
		if (ctx.options.dialect === 'openai') return sendJson(res, entry, 200, openaiTask(task, state));
		const files = { ...ctx.links.urlsFor(ctx.fileUrl, task.id), videoSize: ctx.media.videoSize };
		return sendJson(res, entry, 200, yishangyunTask(task, state, files));
	}

	/** OpenAI's way to the file: same host, same key. @param {ServerResponse} res @param {LoggedRequest} entry @param {string} key @param {string} taskId @param {URLSearchParams} query */
	function content(res, entry, key, taskId, query) {
		const task = ownTask(key, taskId);
		if (!task) return sendError(res, entry, ERRORS.notFound);
		if (task.status().status !== 'completed') return sendError(res, entry, videoNotReady);
		const variant = query.get('variant') ?? 'video';
		if (variant === 'thumbnail') return sendStream(res, entry, ctx.media.file('thumbnail'));
		if (variant !== 'video') return sendError(res, entry, invalidRequest(`Invalid variant '${variant}': use video or thumbnail`, 'invalid_parameter'));
		return sendStream(res, entry, ctx.media.file('video', { cut: ctx.fault('downloadTruncate') }));
	}

	const newapi = createNewApiHandler(ctx, { chat, limited, proxyFault, ownTask, receiveSubmit });

	/** @param {IncomingMessage} req @param {ServerResponse} res @param {LoggedRequest} entry */
	return async function handleApi(req, res, entry) {
		const method = req.method ?? 'GET';
		const url = new URL(req.url ?? '/', 'http://api');
		const target = route(method, url.pathname);
		if (target && 'taskId' in target) entry.taskId = target.taskId;
		if (ctx.options.dialect === 'newapi') return newapi(req, res, entry, target, url);
		if (!url.pathname.startsWith('/v1/')) return sendError(res, entry, unknownRoute(method, url.pathname));
		const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
		if (!key || !ctx.options.apiKeys.includes(key)) return sendError(res, entry, ERRORS.invalidKey);
		if (!target) return sendError(res, entry, unknownRoute(method, url.pathname));
		switch (target.name) {
			case 'models':
				// The API document has no model list; a gateway without one answers as for any unknown path.
				if (!ctx.options.modelsEndpoint) return sendError(res, entry, unknownRoute(method, url.pathname));
				return sendJson(res, entry, 200, modelList(modelsFor(ctx.options)));
			case 'submit':
				return submit(req, res, entry, key);
			case 'status':
				return status(res, entry, key, target.taskId);
			case 'content':
				return content(res, entry, key, target.taskId, url.searchParams);
			case 'chat':
				return chat(req, res, entry);
		}
	};
}

module.exports = { createApiHandler, route };
