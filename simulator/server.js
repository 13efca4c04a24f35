// @ts-check
const http = require('node:http');

const { ERRORS } = require('./errors');
const { sendError } = require('./http');

/**
 * @typedef {import('./request-log').LoggedRequest} LoggedRequest
 * @typedef {(req: http.IncomingMessage, res: http.ServerResponse, entry: LoggedRequest) => unknown} Handler
 * @typedef {{ url: string, close: () => Promise<void> }} Listener
 */

/**
 * One HTTP listener whose every request is logged on arrival; a handler bug answers with the
 * documented 500 rather than hanging the client.
 * @param {{ host: string, port: number, name: 'api' | 'files', record: (req: http.IncomingMessage, host: 'api' | 'files') => LoggedRequest, handle: Handler }} spec
 * @returns {Promise<Listener>}
 */
async function listen({ host, port, name, record, handle }) {
	const server = http.createServer((req, res) => {
		const entry = record(req, name);
		Promise.resolve()
			.then(() => handle(req, res, entry))
			.catch((error) => {
				if (!res.headersSent) return sendError(res, entry, ERRORS.internal);
				entry.status = 'dropped';
				res.destroy(error instanceof Error ? error : undefined);
			});
	});
	// Clients keep connections alive; a short timeout would drop a slow benchmark download.
	server.requestTimeout = 0;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		url: `http://${shownHost}:${address.port}`,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				// Open keep-alive sockets and half-sent downloads would otherwise hold close() (and jest) open.
				server.closeAllConnections();
			}),
	};
}

module.exports = { listen };
