// @ts-check
const http = require('node:http');

const { ERRORS, invalid } = require('./errors');
const { createMedia } = require('./media');
const { parseMultipart } = require('./multipart');
const { openaiTask, yishangyunTask } = require('./responses');
const { createTaskStore } = require('./tasks');

const DEMO_API_KEY = 'sk-yishangyun-demo';
const MODELS = ['sora-2', 'sora-2-hd', 'sora-2-pro', 'veo3', 'veo3-pro', 'veo3.1', 'veo3.1-pro'];
const SIZES = ['720x1280', '1280x720', '1792x1024', '1024x1792', '1920x1080', '1080x1920'];
const FAULTS = ['submit429', 'submit500', 'submitDropAfterAccept', 'poll502', 'poll503', 'pollDrop', 'downloadTruncate', 'downloadExpired'];

/**
 * @typedef {{ host: 'api' | 'files', method: string, path: string, headers: Record<string, string>,
 *   time: number, status?: number | 'dropped', taskId?: string, body?: unknown }} LoggedRequest
 * @typedef {import('./tasks').Task} Task
 */

/**
 * A real HTTP imitation of the Yishangyun video API (and of the OpenAI-style dialect gateways
 * speak), with the faults real gateways show switchable per test. Files are served from a second
 * address so tests can prove the API key never travels there.
 * @param {Record<string, any>} [input]
 */
async function startSimulator(input = {}) {
	const options = {
		host: '127.0.0.1',
		port: 0,
		fileHost: '127.0.0.2',
		apiKeys: [DEMO_API_KEY],
		quota: Infinity,
		queueSeconds: 0.3,
		jobSeconds: 2,
		timeScale: 1,
		dialect: 'yishangyun',
		retryAfterSeconds: 1,
		videoBytes: undefined,
		...input,
		faults: Object.fromEntries(FAULTS.map((name) => [name, input.faults?.[name] ?? 0])),
	};
	const started = Date.now();
	const now = () => started + (Date.now() - started) * options.timeScale;
	const store = createTaskStore(now);
	const media = createMedia(options.videoBytes);
	/** @type {LoggedRequest[]} */
	const requests = [];
	/** @type {Map<string, number>} */
	const submitsByKey = new Map();

	/** Takes one from a fault counter; true when the fault should happen now. @param {string} name */
	const fault = (name) => {
		if (options.faults[name] > 0) {
			options.faults[name]--;
			return true;
		}
		return false;
	};

	/** @param {http.ServerResponse} res @param {LoggedRequest} entry @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
	const json = (res, entry, status, body, headers = {}) => {
		entry.status = status;
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
		res.end(JSON.stringify(body));
	};
	/** @param {http.ServerResponse} res @param {LoggedRequest} entry @param {[number, object]} error @param {Record<string, string>} [headers] */
	const fail = (res, entry, [status, error], headers) => json(res, entry, status, { error }, headers);
	/** @param {http.ServerResponse} res @param {LoggedRequest} entry */
	const drop = (res, entry) => {
		entry.status = 'dropped';
		res.socket?.destroy();
	};

	/** @param {http.IncomingMessage} req @returns {Promise<Buffer>} */
	const readBody = (req) =>
		new Promise((resolve, reject) => {
			/** @type {Buffer[]} */
			const chunks = [];
			req.on('data', (chunk) => chunks.push(chunk));
			req.on('end', () => resolve(Buffer.concat(chunks)));
			req.on('error', reject);
		});

	/** Streams the video, or half of it before cutting the connection. @param {http.ServerResponse} res @param {LoggedRequest} entry */
	const sendVideo = (res, entry) => {
		const truncate = fault('downloadTruncate');
		entry.status = 200;
		res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(media.videoSize) });
		const stream = media.videoStream(truncate ? Math.floor(media.videoSize / 2) : undefined);
		stream.pipe(res, { end: !truncate });
		if (truncate) stream.on('end', () => setTimeout(() => drop(res, entry), 20));
	};
	/** @param {http.ServerResponse} res @param {LoggedRequest} entry */
	const sendThumbnail = (res, entry) => {
		entry.status = 200;
		res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(media.thumbnail.length) });
		res.end(media.thumbnail);
	};

	/** @param {http.IncomingMessage} req @param {'api' | 'files'} host */
	const log = (req, host) => {
		/** @type {LoggedRequest} */
		const entry = {
			host,
			method: req.method ?? 'GET',
			path: req.url ?? '/',
			headers: /** @type {Record<string, string>} */ (Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))),
			time: Date.now() - started,
		};
		requests.push(entry);
		return entry;
	};

	/** @param {http.IncomingMessage} req @param {LoggedRequest} entry @param {string} key */
	async function submit(req, entry, key) {
		const raw = await readBody(req);
		const type = req.headers['content-type'] ?? '';
		/** @type {Record<string, any>} */
		let fields;
		/** @type {import('./tasks').UploadedFile[]} */
		let files = [];
		if (type.startsWith('multipart/form-data')) {
			const parsed = parseMultipart(raw, type);
			entry.body = parsed;
			fields = parsed.fields;
			files = parsed.files;
		} else {
			try {
				fields = JSON.parse(raw.toString('utf8') || '{}');
			} catch {
				return invalid(400, 'The body is not valid JSON', 'invalid_json');
			}
			entry.body = fields;
		}
		if (fault('submit429')) return [...ERRORS.rateLimit, { 'retry-after': String(options.retryAfterSeconds) }];
		if (fault('submit500')) return ERRORS.internal;
		if (!fields.model) return ERRORS.missingModel;
		if (typeof fields.prompt !== 'string' || !fields.prompt.trim()) return ERRORS.missingPrompt;
		if (fields.size !== undefined && !SIZES.includes(fields.size)) {
			return invalid(400, `Invalid size '${fields.size}': supported sizes are ${SIZES.join(', ')}`, 'invalid_size');
		}
		if (fields.seconds !== undefined && !/^\d+(\.\d+)?$/.test(String(fields.seconds))) {
			return invalid(400, `Invalid seconds '${fields.seconds}': must be a number of seconds`, 'invalid_parameter');
		}
		const used = submitsByKey.get(key) ?? 0;
		if (used >= options.quota) return ERRORS.quota;
		submitsByKey.set(key, used + 1);
		const references = fields.input_reference === undefined ? [] : [fields.input_reference].flat().map(String);
		const task = store.create({
			key,
			model: String(fields.model),
			prompt: fields.prompt,
			seconds: fields.seconds,
			size: fields.size,
			inputReference: references,
			files,
			idPrefix: options.dialect === 'openai' ? 'video_' : 'task_',
			queueSeconds: options.queueSeconds,
			jobSeconds: options.jobSeconds,
		});
		entry.taskId = task.id;
		return task;
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function api(req, res) {
		const entry = log(req, 'api');
		const url = new URL(req.url ?? '/', 'http://simulator');
		const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (!url.pathname.startsWith('/v1/')) {
			return json(res, entry, 404, { error: { message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error', code: 'not_found' } });
		}
		if (!key || !options.apiKeys.includes(key)) return fail(res, entry, ERRORS.invalidKey);

		if (req.method === 'GET' && url.pathname === '/v1/models') {
			return json(res, entry, 200, { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', owned_by: 'yishangyun' })) });
		}
		if (req.method === 'POST' && url.pathname === '/v1/videos') {
			const outcome = await submit(req, entry, key);
			if (Array.isArray(outcome)) return fail(res, entry, /** @type {[number, object]} */ (outcome), outcome[2]);
			if (fault('submitDropAfterAccept')) return drop(res, entry);
			const body =
				options.dialect === 'openai'
					? openaiTask(outcome)
					: { task_id: outcome.id, status: 'queued', message: '视频生成任务已提交,正在处理中' };
			return json(res, entry, 200, body);
		}
		const match = /^\/v1\/videos\/([^/]+)(\/content)?$/.exec(url.pathname);
		if (req.method === 'GET' && match) {
			const task = store.tasks.get(decodeURIComponent(match[1]));
			entry.taskId = task?.id;
			if (!task || task.key !== key) return fail(res, entry, ERRORS.notFound);
			if (match[2]) {
				if (task.status().status !== 'completed') {
					return json(res, entry, 404, { error: { message: 'Video is not ready yet', type: 'invalid_request_error', code: 'video_not_ready' } });
				}
				return url.searchParams.get('variant') === 'thumbnail' ? sendThumbnail(res, entry) : sendVideo(res, entry);
			}
			if (fault('pollDrop')) return drop(res, entry);
			for (const status of [502, 503]) {
				if (fault(`poll${status}`)) {
					entry.status = status;
					res.writeHead(status, { 'content-type': 'text/html' });
					return res.end(`<html><head><title>${status}</title></head><body><center><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Temporarily Unavailable'}</h1></center><hr><center>nginx</center></body></html>`);
				}
			}
			const host = { fileUrl: files.url, videoSize: media.videoSize };
			return json(res, entry, 200, options.dialect === 'openai' ? openaiTask(task) : yishangyunTask(task, host));
		}
		return json(res, entry, 404, { error: { message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error', code: 'not_found' } });
	}

	/** Signed CDN-style links; no key needed, and an expired signature answers 403. @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	function fileHost(req, res) {
		const entry = log(req, 'files');
		const url = new URL(req.url ?? '/', 'http://files');
		const match = /^\/files\/([^/]+)\.(mp4|jpg)$/.exec(url.pathname);
		const task = match ? store.tasks.get(match[1]) : undefined;
		if (task) entry.taskId = task.id;
		const forbidden = () => {
			entry.status = 403;
			res.writeHead(403, { 'content-type': 'application/xml' });
			res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
		};
		if (!task || !match || task.status().status !== 'completed' || url.searchParams.get('sig') !== String(task.sig)) return forbidden();
		if (match[2] === 'mp4' && fault('downloadExpired')) {
			task.sig++;
			return forbidden();
		}
		return match[2] === 'mp4' ? sendVideo(res, entry) : sendThumbnail(res, entry);
	}

	/** @param {(req: http.IncomingMessage, res: http.ServerResponse) => unknown} handler @param {string} host @param {number} port */
	const listen = async (handler, host, port) => {
		const server = http.createServer((req, res) => {
			Promise.resolve(handler(req, res)).catch((error) => {
				if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: String(error), type: 'server_error', code: 'internal_error' } }));
			});
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => resolve(undefined));
		});
		const address = /** @type {import('node:net').AddressInfo} */ (server.address());
		return { server, url: `http://${host}:${address.port}` };
	};

	const files = await listen(fileHost, options.fileHost, 0);
	const main = await listen(api, options.host, options.port);

	return {
		url: main.url,
		fileUrl: files.url,
		apiKey: options.apiKeys[0],
		requests,
		tasks: store.tasks,
		submits: () => requests.filter((request) => request.host === 'api' && request.method === 'POST' && request.path.startsWith('/v1/videos')),
		/** @param {string} [taskId] */
		polls: (taskId) =>
			requests.filter((request) => request.host === 'api' && request.method === 'GET' && /^\/v1\/videos\/[^/?]+$/.test(request.path) && (!taskId || request.taskId === taskId)),
		/** Every task serves the same bytes; the id is accepted for readability. @param {string} [_taskId] */
		videoSha256: (_taskId) => media.videoSha256,
		videoSize: media.videoSize,
		thumbnailSha256: media.thumbnailSha256,
		/** @param {Record<string, any>} changes */
		configure(changes) {
			const { faults, ...rest } = changes;
			Object.assign(options, rest);
			Object.assign(options.faults, faults ?? {});
		},
		async close() {
			for (const { server } of [main, files]) {
				server.closeAllConnections();
				await new Promise((resolve) => server.close(() => resolve(undefined)));
			}
		},
	};
}

module.exports = { startSimulator, DEMO_API_KEY, MODELS };
