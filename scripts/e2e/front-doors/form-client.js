'use strict';
/*
 * A browser on an n8n form, doing what n8n 2.41.1's own pages do (templates/form-trigger and
 * form-trigger-completion.handlebars), over plain HTTP through the proxy:
 *
 *   1. GET /form/<path> (Basic Auth, as the browser asks once) → the page, its field ids
 *      (`field-N`, by label) and the `x-auth-token` its script sends with the submit;
 *   2. POST the answers as multipart/form-data with that token (a sandboxed page sends no
 *      Authorization header) → `{ formWaitingUrl }` at once, the execution running on;
 *   3. poll `<formWaitingUrl>/n8n-execution-status?signature=…`, 1 s then ×1.1 each time, until it
 *      says `form-waiting` (a Form page is ready), then GET the waiting URL → that page;
 *   4. an ending page POSTs itself (resuming the execution to its end) and polls until `success`.
 *
 * n8n builds the waiting URL from its own base URL (WEBHOOK_URL when set): the client keeps its
 * path and query and asks the proxy, as a browser does when WEBHOOK_URL is the public address.
 * Every request's duration is recorded: none may be held while the workflow works.
 */
const { sleep } = require('../wait');

const MAX_INTERVAL_MS = 120_000;

class FormClient {
	/** `baseUrl`: where the browser reaches n8n (the proxy); `auth`: { user, password } or null. */
	constructor(baseUrl, { auth = null } = {}) {
		this.baseUrl = baseUrl;
		this.auth = auth;
		this.requests = [];
	}

	async request(method, url, { headers = {}, body, basic = false } = {}) {
		const started = Date.now();
		const auth = basic && this.auth ? { authorization: `Basic ${Buffer.from(`${this.auth.user}:${this.auth.password}`).toString('base64')}` } : {};
		const res = await fetch(url, { method, headers: { ...auth, ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
		const text = await res.text();
		const ms = Date.now() - started;
		this.requests.push({ method, path: new URL(url).pathname, status: res.status, ms, at: Date.now() });
		return { status: res.status, text, ms };
	}

	/** The proxy's address for a URL n8n built (its path and query kept). */
	viaProxy(url) {
		const u = new URL(url);
		return `${this.baseUrl}${u.pathname}${u.search}`;
	}

	/** GET the form: { status, html, fields: { label: id }, authToken }. */
	async open(formPath) {
		const page = await this.request('GET', `${this.baseUrl}/form/${formPath}`, { basic: true });
		const fields = {};
		for (const m of page.text.matchAll(/<label class='form-label[^']*' for='(field-\d+)'>([^<]*)<\/label>/g)) fields[m[2].trim()] = m[1];
		const token = /const authToken = '([^']*)'/.exec(page.text);
		return { status: page.status, html: page.text, fields, authToken: token ? token[1] : '' };
	}

	/**
	 * Submits `answers` ({ label: value }) as the page's script does; resolves to
	 * { status, waitingUrl, text } (waitingUrl through the proxy, null when n8n gave none).
	 */
	async submit(formPath, answers, { form, withToken = true } = {}) {
		const opened = form || (await this.open(formPath));
		const body = new FormData();
		for (const [label, value] of Object.entries(answers)) {
			const id = opened.fields[label];
			if (!id) throw new Error(`the form has no field "${label}" (fields: ${Object.keys(opened.fields).join(', ')})`);
			body.append(id, value);
		}
		const headers = withToken && opened.authToken ? { 'x-auth-token': opened.authToken } : {};
		const res = await this.request('POST', `${this.baseUrl}/form/${formPath}`, { headers, body });
		let json = null;
		try {
			json = JSON.parse(res.text);
		} catch {
			/* not JSON: an error page */
		}
		return { status: res.status, text: res.text, ms: res.ms, waitingUrl: json && json.formWaitingUrl ? this.viaProxy(json.formWaitingUrl) : null, rawWaitingUrl: json && json.formWaitingUrl };
	}

	/** The execution's status as the waiting page reads it ('running', 'waiting', 'form-waiting', 'success', …). */
	async status(waitingUrl) {
		const u = new URL(waitingUrl);
		u.pathname += '/n8n-execution-status';
		return (await this.request('GET', u.toString())).text.trim();
	}

	/**
	 * Polls like the waiting page (1 s, ×1.1 each time) until the status is one of `until`;
	 * throws on a final status that is not wanted, or after `timeoutMs`. Resolves to { status, polls }.
	 */
	async pollStatus(waitingUrl, { until = ['form-waiting'], timeoutMs = 600_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let interval = 1000;
		let polls = 0;
		for (;;) {
			const status = await this.status(waitingUrl);
			polls++;
			if (until.includes(status)) return { status, polls };
			if (['canceled', 'crashed', 'error', 'success', 'null'].includes(status)) throw new Error(`the execution ended "${status}" while the page waited for ${until.join(' or ')}`);
			if (Date.now() > deadline) throw new Error(`still "${status}" after ${timeoutMs / 1000} s of polling`);
			await sleep(interval);
			interval = Math.min(MAX_INTERVAL_MS, Math.round(interval * 1.1));
		}
	}

	/**
	 * From a submit to the page the workflow shows next, and (an ending page) on to the
	 * execution's end: { page, polls, endStatus }.
	 */
	async followToPage(waitingUrl, { timeoutMs } = {}) {
		const { polls } = await this.pollStatus(waitingUrl, { timeoutMs });
		const page = await this.request('GET', waitingUrl);
		// The ending page's own script: an empty POST that lets the execution finish, then polls.
		const u = new URL(waitingUrl);
		const resumed = await this.request('POST', `${this.baseUrl}${u.pathname}?signature=${encodeURIComponent(u.searchParams.get('signature') || '')}`, { body: '[object Object]' });
		const end = await this.pollStatus(waitingUrl, { until: ['success'], timeoutMs: 60_000 }).catch((e) => ({ status: e.message }));
		return { page, polls, resumedStatus: resumed.status, endStatus: end.status };
	}

	/** The longest request this client made, in ms. */
	longestRequestMs() {
		return Math.max(0, ...this.requests.map((r) => r.ms));
	}
}

/** The links an ending page shows (`<a href>`), entities decoded. */
function linksIn(html) {
	const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
	return [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => decode(m[1]));
}

module.exports = { FormClient, linksIn };
