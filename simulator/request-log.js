// @ts-check
const { route } = require('./api');

/**
 * @typedef {{ host: 'api' | 'files', method: string, path: string, headers: Record<string, string>,
 *   time: number, status?: number | 'dropped', taskId?: string, body?: unknown, limited?: boolean }} LoggedRequest
 */

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

	/** The API endpoint a logged request was for, by the same rules the API routes by. @param {LoggedRequest} request */
	const endpoint = (request) => (request.host === 'api' ? route(request.method, new URL(request.path, 'http://api').pathname)?.name : undefined);

	return {
		requests,
		record,
		submits: () => requests.filter((request) => endpoint(request) === 'submit'),
		/** @param {string} [taskId] */
		polls: (taskId) => requests.filter((request) => endpoint(request) === 'status' && (taskId === undefined || request.taskId === taskId)),
		/** Requests the per-key limit refused, of one endpoint or all. @param {'status' | 'submit'} [name] */
		refused: (name) => requests.filter((request) => request.limited && (name === undefined || endpoint(request) === name)),
	};
}

module.exports = { createRequestLog };
