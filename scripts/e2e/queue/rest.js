'use strict';
// n8n main's REST API as the editor uses it: owner, credentials, data tables, workflows,
// executions and stored binaries (served by main whichever worker stored them).
const path = require('path');

const OWNER = { email: 'owner@example.com', firstName: 'Queue', lastName: 'Owner', password: 'Queue-e2e-Passw0rd' };

/** n8n's own copy of flatted, which stores execution data. */
function flatted(install) {
	return require(require.resolve('flatted', { paths: [path.join(install.dir, 'node_modules', 'n8n')] }));
}

class Rest {
	constructor(main, install) {
		this.url = main.url;
		this.install = install;
		this.cookie = '';
	}

	async call(method, route, body, { raw = false } = {}) {
		const res = await fetch(`${this.url}/rest${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': 'queue-e2e', cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const setCookie = res.headers.get('set-cookie');
		if (setCookie && /n8n-auth=/.test(setCookie)) this.cookie = /n8n-auth=[^;]*/.exec(setCookie)[0];
		if (!res.ok) throw new Error(`${method} /rest${route}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
		if (raw) return Buffer.from(await res.arrayBuffer());
		const json = await res.json();
		return json.data === undefined ? json : json.data;
	}

	async signIn() {
		await this.call('POST', '/owner/setup', OWNER);
		await this.call('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		this.projectId = (await this.call('GET', '/projects/personal')).id;
	}

	/** A Yishangyun API credential pointing at a simulator; returns its id. */
	async credentialFor(sim, name) {
		const c = await this.call('POST', '/credentials', {
			name,
			type: 'yishangyunApi',
			data: { apiKey: sim.apiKey, baseUrl: sim.url },
			projectId: this.projectId,
		});
		return c.id;
	}

	/** GET/POST by full path (`/rest/...`), as scripts/e2e/data-table.js calls them. */
	get(route) {
		return this.call('GET', route.replace(/^\/rest/, ''));
	}

	post(route, body) {
		return this.call('POST', route.replace(/^\/rest/, ''), body);
	}

	/** Saves and publishes a webhook-triggered workflow; resolves once its webhook answers. */
	async publish(workflow, webhookPath) {
		const saved = await this.call('POST', '/workflows', { ...workflow, active: false });
		await this.call('POST', `/workflows/${saved.id}/activate`, { versionId: saved.versionId });
		// Activation registers the webhook a moment after the answer. A GET to a POST-only webhook
		// says so once it exists, without starting an execution.
		const deadline = Date.now() + 30_000;
		for (;;) {
			const res = await fetch(`${this.url}/webhook/${webhookPath}`);
			const text = await res.text();
			if (/not registered for GET/i.test(text)) return saved.id;
			if (Date.now() > deadline) throw new Error(`webhook ${webhookPath} not registered 30 s after activation: ${text.slice(0, 200)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** One execution with its data parsed: { status, finished, data: { resultData: { runData, error } } }. */
	async execution(id) {
		const e = await this.call('GET', `/executions/${id}`);
		if (typeof e.data === 'string') e.data = flatted(this.install).parse(e.data);
		return e;
	}

	/** The bytes n8n stored for a binary id (`database:<fileId>`). */
	binary(id) {
		return this.call('GET', `/binary-data?id=${encodeURIComponent(id)}&action=download`, undefined, { raw: true });
	}
}

module.exports = { Rest };
