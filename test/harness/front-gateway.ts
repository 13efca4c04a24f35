/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OwnAnswer {
	status: number;
	type: string;
	body: string;
}

export interface FrontGateway {
	url: string;
	/** Requests it answered itself, as `METHOD path`. */
	answered: string[];
	close(): Promise<void>;
}

/**
 * A gateway in front of the simulator (127.0.0.1, a free port) that passes every request on as it
 * came, key included, except those `answer` takes over: for answers the simulator has no directive
 * for, such as an upstream's refusal relayed on submit or a `/content` that answers a page.
 */
export async function frontGateway(upstream: string, answer: (method: string, path: string) => OwnAnswer | undefined): Promise<FrontGateway> {
	const answered: string[] = [];
	const target = new URL(upstream);
	const server = http.createServer((req, res) => {
		const own = answer(req.method ?? 'GET', req.url ?? '/');
		if (own) {
			answered.push(`${req.method} ${req.url}`);
			req.resume();
			res.writeHead(own.status, { 'content-type': own.type, 'content-length': String(Buffer.byteLength(own.body)) });
			res.end(own.body);
			return;
		}
		const forward = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
			(reply) => {
				res.writeHead(reply.statusCode ?? 502, reply.headers);
				reply.pipe(res);
			},
		);
		forward.on('error', () => res.destroy());
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		answered,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
