// @ts-check

/**
 * @typedef {{ host: 'api' | 'files', method: string, path: string, headers: Record<string, string>,
 *   time: number, status?: number | 'dropped', taskId?: string, body?: unknown }} LoggedRequest
 */

const STATUS_PATH = /^\/v1\/videos\/[^/]+$/;

/**
 * Every request on both listeners, logged when it arrives, so tests can check what a client sent
 * (and where: the key must never reach the file host) and when.
 * @param {() => number} sinceStart real ms since the simulator started
 */
function createRequestLog(sinceStart) {
	/** @type {LoggedRequest[]} */
	const requests = [];

	/** @param {import('node:http').IncomingMessage} req @param {'api' | 'files'} host */
	function record(req, host) {
		/** @type {Record<string, string>} */
		const headers = {};
		for (const [name, value] of Object.entries(req.headers)) {
			if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
		}
		/** @type {LoggedRequest} */
		const entry = { host, method: req.method ?? 'GET', path: req.url ?? '/', headers, time: sinceStart() };
		requests.push(entry);
		return entry;
	}

	/** @param {LoggedRequest} request */
	const pathname = (request) => new URL(request.path, 'http://simulator').pathname;

	return {
		requests,
		record,
		submits: () => requests.filter((request) => request.host === 'api' && request.method === 'POST' && pathname(request) === '/v1/videos'),
		/** @param {string} [taskId] */
		polls: (taskId) =>
			requests.filter(
				(request) =>
					request.host === 'api' &&
					request.method === 'GET' &&
					STATUS_PATH.test(pathname(request)) &&
					(taskId === undefined || request.taskId === taskId),
			),
	};
}

module.exports = { createRequestLog };
