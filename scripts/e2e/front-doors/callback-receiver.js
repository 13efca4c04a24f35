'use strict';
/*
 * The caller's own endpoint that a webhook front door calls back when the video is ready: an
 * HTTP server on a free 127.0.0.1 port that answers 200 to every POST and keeps what it got.
 *
 *   const receiver = await startCallbackReceiver();
 *   post({ …, callback_url: receiver.url('/video-done') });
 *   const call = await receiver.waitFor('/video-done', 600_000);   // { at, path, headers, body, json }
 *   await receiver.close();
 */
const http = require('http');

async function startCallbackReceiver() {
	const received = [];
	const waiters = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			let json = null;
			try {
				json = JSON.parse(body);
			} catch {
				/* kept as text */
			}
			const call = { at: Date.now(), method: req.method, path: req.url, headers: req.headers, body, json };
			received.push(call);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			while (waiters.length) waiters.shift()();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${server.address().port}`;
	return {
		received,
		url: (p = '/') => `${base}${p}`,
		/** The calls to `path` so far. */
		callsTo: (p) => received.filter((c) => c.path === p),
		/** Resolves to the first call to `path` (now or when it comes); throws after `timeoutMs`. */
		async waitFor(p, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const call = received.find((c) => c.path === p);
				if (call) return call;
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`no callback to ${p} within ${timeoutMs / 1000} s`);
				await new Promise((resolve) => {
					const timer = setTimeout(resolve, Math.min(left, 5000));
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startCallbackReceiver };
