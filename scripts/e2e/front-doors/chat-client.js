'use strict';
/*
 * n8n's hosted chat as its page speaks it (n8n 2.41.1's dist/chat/chat-service.js and the chat
 * widget), for a Chat Trigger whose Response Mode is "Using Response Nodes":
 *
 *   1. POST {action: "sendMessage", sessionId, chatInput} to /webhook/<webhookId>/chat, answered at
 *      once with {executionStarted, executionId, resumeToken}: no request is held while it runs.
 *   2. A websocket to /chat?sessionId&executionId&isPublic=true&token=<resumeToken>. Every 3 s the
 *      chat server reads the execution: a Respond to Chat message parked there comes over it as a
 *      text frame, followed by `n8n|continue` (the server resumes the execution at once). n8n sends
 *      `n8n|heartbeat` every 30 s; the page answers `n8n|heartbeat-ack`. When the execution
 *      succeeds the server closes the socket.
 *
 *   const chat = new HostedChat({ url: proxy.url, webhookId, auth: { user, password } });
 *   const sent = await chat.send('A red fox…');            // { status, body, ms }
 *   const socket = chat.open(sent.body);                     // messages arrive into socket.messages
 *   const first = await socket.next((m) => m.text.includes('task'), 10_000);
 *   socket.deaf = true;                                      // stop answering heartbeats
 */
const crypto = require('crypto');
const WebSocket = require('ws');

const HEARTBEAT = 'n8n|heartbeat';
const HEARTBEAT_ACK = 'n8n|heartbeat-ack';
const CONTINUE = 'n8n|continue';

class HostedChat {
	/** `url`: where n8n is reached (the proxy); `auth`: the Chat Trigger's Basic Auth, or none. */
	constructor({ url, webhookId, auth = null, sessionId = crypto.randomUUID() }) {
		this.url = url;
		this.webhookId = webhookId;
		this.auth = auth;
		this.sessionId = sessionId;
	}

	/** POSTs one chat message; resolves to { status, body (JSON or text), ms } whatever the status. */
	async send(chatInput, { auth = this.auth } = {}) {
		const headers = { 'content-type': 'application/json' };
		if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
		const started = Date.now();
		const res = await fetch(`${this.url}/webhook/${this.webhookId}/chat`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ action: 'sendMessage', sessionId: this.sessionId, chatInput }),
			signal: AbortSignal.timeout(120_000),
		});
		const text = await res.text();
		let body = text;
		try {
			body = JSON.parse(text);
		} catch {
			// an auth refusal or a proxy's error page is text
		}
		return { status: res.status, body, ms: Date.now() - started };
	}

	/** Opens the chat page's websocket for an execution the POST started: a ChatSocket. */
	open({ executionId, resumeToken }) {
		const query = new URLSearchParams({ sessionId: this.sessionId, executionId: String(executionId), isPublic: 'true', token: resumeToken ?? '' });
		return new ChatSocket(`${this.url.replace(/^http/, 'ws')}/chat?${query}`);
	}
}

/** One chat websocket: messages (text frames other than n8n's own) with the time they came. */
class ChatSocket {
	constructor(wsUrl) {
		this.opened = Date.now();
		this.messages = [];
		this.heartbeats = 0;
		this.acks = 0;
		this.continues = 0;
		this.closed = null;
		/** true: heartbeats go unanswered, as from a laptop that went to sleep. */
		this.deaf = false;
		this.waiters = new Set();
		this.ws = new WebSocket(wsUrl);
		this.ready = new Promise((resolve, reject) => {
			this.ws.once('open', resolve);
			this.ws.once('error', reject);
		});
		this.ws.on('error', () => {});
		this.ws.on('message', (data) => this.receive(String(data)));
		this.ws.on('close', (code) => {
			this.closed = { code, at: Date.now() };
			this.notify();
		});
	}

	receive(text) {
		if (text === HEARTBEAT) {
			this.heartbeats++;
			if (!this.deaf && this.ws.readyState === WebSocket.OPEN) {
				this.ws.send(HEARTBEAT_ACK);
				this.acks++;
			}
		} else if (text === CONTINUE) {
			this.continues++;
		} else {
			this.messages.push({ text, at: Date.now() });
		}
		this.notify();
	}

	notify() {
		for (const check of this.waiters) check();
	}

	/**
	 * The first message (from index `from`) that `match(message)` accepts; rejects after
	 * `timeoutMs`, or when the socket closes without one.
	 */
	next(match, timeoutMs, { from = 0 } = {}) {
		return new Promise((resolve, reject) => {
			const done = (fn, value) => {
				clearTimeout(timer);
				this.waiters.delete(check);
				fn(value);
			};
			const check = () => {
				const found = this.messages.slice(from).find(match);
				if (found) done(resolve, found);
				else if (this.closed) done(reject, new Error(`the chat socket closed (code ${this.closed.code}) without the message; got ${JSON.stringify(this.messages.map((m) => m.text)).slice(0, 400)}`));
			};
			const timer = setTimeout(
				() => done(reject, new Error(`no such chat message within ${timeoutMs / 1000} s; got ${JSON.stringify(this.messages.map((m) => m.text)).slice(0, 400)}`)),
				timeoutMs,
			);
			this.waiters.add(check);
			check();
		});
	}

	/** Resolves when the server closes the socket (n8n does once the execution succeeded), or after `timeoutMs`. */
	async whenClosed(timeoutMs) {
		if (this.closed) return this.closed;
		await new Promise((resolve) => {
			const timer = setTimeout(resolve, timeoutMs);
			this.ws.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
		});
		return this.closed;
	}

	close() {
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
	}
}

module.exports = { HostedChat, ChatSocket };
