'use strict';
// The proxy is really in the path: what the front-door cases prove holds behind nginx, not beside it.
module.exports = {
	name: 'proxy',
	versions: ['2', '1'],
	async run({ proxy, server }) {
		const failures = [];
		const res = await fetch(`${proxy.url}/healthz`);
		const via = res.headers.get('server') || '';
		if (!res.ok) failures.push(`GET /healthz through nginx: HTTP ${res.status}`);
		if (!/^nginx/i.test(via)) failures.push(`the answer's Server header is "${via}", not nginx's`);
		if (proxy.port === server.port) failures.push('nginx and n8n share a port');
		return [{ what: `nginx (read timeout ${proxy.readTimeoutSeconds} s) proxies n8n`, details: `${proxy.url} → ${server.url}`, failures }];
	},
};
