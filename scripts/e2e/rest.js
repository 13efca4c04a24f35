'use strict';
/*
 * n8n's REST API as the editor uses it, for every script that drives a running `n8n start` (the
 * e2e's Data table runs, the editor-API check, the UI test, queue mode's main): one owner account,
 * its `n8n-auth` session cookie, JSON in and out (`data` unwrapped), routes as the editor calls
 * them (`/rest/...`).
 *
 *   const rest = new Rest(server.url, uf.install);
 *   await rest.signIn();                    // owner setup on a fresh n8n, then a login
 *   await rest.post('/rest/credentials/test', { credentials });
 */
const path = require('path');
const { credentialFor } = require('./credential');
const { until } = require('./wait');

const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd' };
/**
 * n8n ties a session to the `browser-id` header sent with the login, and then refuses that
 * session on calls without the same header: every call sends this one.
 */
const BROWSER_ID = 'yishangyun-e2e';

class Rest {
	/** `install` (from ensureN8n) is the n8n whose own copy of flatted reads its execution data. */
	constructor(url, install) {
		this.url = url;
		this.install = install;
		this.cookie = '';
	}

	/** One call; throws on a non-2xx answer. `raw` returns the body's bytes instead of its JSON. */
	async call(method, route, body, { raw = false } = {}) {
		const res = await fetch(`${this.url}${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, ...(this.cookie ? { cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
		if (raw) return Buffer.from(await res.arrayBuffer());
		const text = await res.text();
		if (!text) return null;
		const json = JSON.parse(text);
		return json.data === undefined ? json : json.data;
	}

	get(route) {
		return this.call('GET', route);
	}

	post(route, body) {
		return this.call('POST', route, body);
	}

	/** The owner account: set up on a fresh n8n (whose settings ask for it), then logged in. */
	async signIn(owner = OWNER) {
		const settings = await this.get('/rest/settings');
		if (settings.userManagement?.showSetupOnFirstLoad) await this.post('/rest/owner/setup', owner);
		// n8n 1.x reads `email`, 2.x `emailOrLdapLoginId`.
		await this.post('/rest/login', { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password });
	}

	/** The id of the owner's personal project, where credentials, workflows and tables go. */
	async projectId() {
		if (!this.personalProjectId) this.personalProjectId = (await this.get('/rest/projects/personal')).id;
		return this.personalProjectId;
	}

	/** A Yishangyun API credential for an API at `api` ({ apiKey, url }, e.g. a simulator); returns its id. */
	async credentialFor(api, name) {
		const { type, data } = credentialFor(api);
		const saved = await this.post('/rest/credentials', { name, type, data, projectId: await this.projectId() });
		return saved.id;
	}

	/** Saves a workflow as a new one of this n8n (it picks the id; meta is the e2e's, not n8n's): { id, versionId, … }. */
	saveWorkflow(wf) {
		const body = { ...wf, active: false };
		delete body.id;
		delete body.meta;
		return this.post('/rest/workflows', body);
	}

	/** Saves and publishes a webhook-triggered workflow; resolves to its id once its webhook answers. */
	async publish(wf, webhookPath) {
		const saved = await this.saveWorkflow(wf);
		await this.post(`/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
		// Activation registers the webhook a moment after the answer. A GET to a POST-only webhook
		// says so once it exists, without starting an execution.
		let last = '';
		const registered = async () => {
			last = await fetch(`${this.url}/webhook/${webhookPath}`).then((r) => r.text());
			return /not registered for GET/i.test(last);
		};
		await until(`webhook ${webhookPath} registered after activation`, registered, 30_000, { everyMs: 250 }).catch((e) => {
			throw new Error(`${e.message}: ${last.slice(0, 200)}`);
		});
		return saved.id;
	}

	/** One execution with its data parsed: { status, finished, data: { resultData: { runData, error } } }. */
	async execution(id) {
		const e = await this.get(`/rest/executions/${id}`);
		if (typeof e.data === 'string') e.data = flatted(this.install).parse(e.data);
		return e;
	}

	/** The bytes n8n stored for a binary id (`database:<fileId>`, `filesystem-v2:…`). */
	binary(id) {
		return this.call('GET', `/rest/binary-data?id=${encodeURIComponent(id)}&action=download`, undefined, { raw: true });
	}
}

/** n8n's own copy of flatted, which stores execution data. */
function flatted(install) {
	return require(require.resolve('flatted', { paths: [path.join(install.dir, 'node_modules', 'n8n')] }));
}

module.exports = { Rest, OWNER };
