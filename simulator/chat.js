// @ts-check
const { randomBytes } = require('node:crypto');
const { invalidRequest } = require('./errors');
const { readBody, sendError, sendJson } = require('./http');

/**
 * A scripted OpenAI-compatible chat model (`POST /v1/chat/completions`), so an AI Agent workflow
 * with this package as its tool runs end to end with no model provider and no network. Its whole
 * script: while no tool result is in the conversation it calls the FIRST tool offered, with
 * arguments of its own made from the tool's JSON schema; once a tool result is there it answers
 * in text quoting that result (so a task id the tool returned reaches the agent's answer).
 * It answers plainly or as a server-sent event stream (`stream: true`), as LangChain's ChatOpenAI
 * may ask for either.
 *
 * @typedef {import('./context').Context} Context
 * @typedef {import('./request-log').LoggedRequest} LoggedRequest
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {{ toolCall: { id: string, name: string, arguments: Record<string, unknown> } } | { text: string }} ChatReply
 * @typedef {{ role?: unknown, content?: unknown }} Message
 * @typedef {{ type?: unknown, enum?: unknown, default?: unknown, minimum?: unknown,
 *   properties?: Record<string, Schema>, items?: Schema, anyOf?: Schema[] }} Schema
 */

const MAX_BODY = 4 * 1024 * 1024;

/** A message's text, whether `content` is a string or a list of parts. @param {Message | undefined} message */
function textOf(message) {
	const content = message?.content;
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content.map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : '')).join('');
}

/**
 * The model's own video prompt: the user's words staged as a shot. It carries them unchanged, so
 * prompt directives such as `[fail]` or `[seconds=N]` still reach the video API.
 * @param {Message[]} messages
 */
function promptFor(messages) {
	const request = textOf(messages.filter((m) => m.role === 'user').at(-1)).trim().replace(/\s+/g, ' ');
	return `Cinematic shot, slow dolly in, soft evening light: ${request || 'a paper boat drifting down a rainy street'}`;
}

/**
 * A value for `schema` of the scripted model's choosing: what the schema offers (an enum's first
 * value, a default) before anything made up, so a parameter with a default (`$fromAI(…, default)`)
 * gets a value the tool accepts; strings get the model's prompt.
 * @param {Schema | undefined} schema @param {string} prompt @returns {unknown}
 */
function valueFor(schema, prompt) {
	if (!schema || typeof schema !== 'object') return prompt;
	if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
	if (schema.default !== undefined) return schema.default;
	if (Array.isArray(schema.anyOf) && schema.anyOf.length) return valueFor(schema.anyOf[0], prompt);
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	switch (type) {
		case 'object':
			return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, valueFor(property, prompt)]));
		case 'array':
			return [valueFor(schema.items, prompt)];
		case 'number':
		case 'integer':
			return typeof schema.minimum === 'number' ? schema.minimum : 1;
		case 'boolean':
			return false;
		case 'null':
			return null;
		default:
			return prompt;
	}
}

/**
 * What the script says next.
 * @param {{ messages: Message[], tools?: unknown }} body @returns {ChatReply}
 */
function replyTo({ messages, tools }) {
	const toolResult = messages.filter((m) => m.role === 'tool').at(-1);
	if (toolResult) return { text: `Done. The video tool answered: ${textOf(toolResult)}` };
	const first = Array.isArray(tools) ? tools[0] : undefined;
	const fn = first?.function;
	if (!fn || typeof fn.name !== 'string') return { text: 'I make videos with a tool, and none was offered.' };
	const args = valueFor({ type: 'object', ...fn.parameters }, promptFor(messages));
	return {
		toolCall: { id: `call_${randomBytes(8).toString('hex')}`, name: fn.name, arguments: /** @type {Record<string, unknown>} */ (args) },
	};
}

/** A rough token count: usage must be present, not exact. @param {string} text */
const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));

/** @param {unknown} body @returns {string | undefined} why the request is not a chat request */
function invalid(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The request body must be a JSON object.';
	const { model, messages } = /** @type {Record<string, unknown>} */ (body);
	if (typeof model !== 'string' || !model) return 'you must provide a model parameter';
	if (!Array.isArray(messages) || messages.length === 0) return "'messages' must be a non-empty array";
	return undefined;
}

/** @param {Context} ctx */
function createChatHandler(ctx) {
	/** @param {IncomingMessage} req @param {ServerResponse} res @param {LoggedRequest} entry */
	return async function chat(req, res, entry) {
		const raw = await readBody(req, MAX_BODY);
		if (!raw) return sendError(res, entry, invalidRequest('Request body too large', 'request_too_large'));
		/** @type {any} */
		let body;
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			entry.body = raw.toString('utf8');
			return sendError(res, entry, invalidRequest('We could not parse the JSON body of your request.', 'invalid_json'));
		}
		entry.body = body;
		const problem = invalid(body);
		if (problem) return sendError(res, entry, invalidRequest(problem, 'invalid_value'));

		const reply = replyTo(body);
		entry.reply = reply;
		const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
		const created = Math.floor(ctx.clock.now() / 1000);
		const usage = {
			prompt_tokens: tokens(raw.toString('utf8')),
			completion_tokens: tokens('text' in reply ? reply.text : JSON.stringify(reply.toolCall.arguments)),
			total_tokens: 0,
		};
		usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
		const head = { id, created, model: body.model, system_fingerprint: 'fp_yishangyun_sim' };
		if (body.stream === true) return stream(res, entry, head, reply, body.stream_options?.include_usage === true ? usage : undefined);
		const toolCall = 'toolCall' in reply ? reply.toolCall : undefined;
		const message = toolCall
			? { role: 'assistant', content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) } }], refusal: null }
			: { role: 'assistant', content: 'text' in reply ? reply.text : '', refusal: null };
		return sendJson(res, entry, 200, {
			...head,
			object: 'chat.completion',
			choices: [{ index: 0, message, logprobs: null, finish_reason: toolCall ? 'tool_calls' : 'stop' }],
			usage,
		});
	};
}

/** Splits `text` into a few pieces, as a model streams it. @param {string} text */
function pieces(text) {
	const out = [];
	for (let i = 0; i < text.length; i += 24) out.push(text.slice(i, i + 24));
	return out.length ? out : [''];
}

/**
 * The reply as OpenAI streams it: a role delta, the content or the tool call's arguments in
 * pieces, the finish reason, the usage chunk when asked for, then `[DONE]`.
 * @param {ServerResponse} res @param {LoggedRequest} entry @param {Record<string, unknown>} head @param {ChatReply} reply
 * @param {Record<string, number> | undefined} usage
 */
function stream(res, entry, head, reply, usage) {
	entry.status = 200;
	res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
	/** @param {Record<string, unknown>} delta @param {string | null} [finish] */
	const chunk = (delta, finish = null) => ({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
	const chunks = [];
	if ('toolCall' in reply) {
		const { id, name, arguments: args } = reply.toolCall;
		chunks.push(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }] }));
		for (const part of pieces(JSON.stringify(args))) chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }));
		chunks.push(chunk({}, 'tool_calls'));
	} else {
		chunks.push(chunk({ role: 'assistant', content: '' }));
		for (const part of pieces(reply.text)) chunks.push(chunk({ content: part }));
		chunks.push(chunk({}, 'stop'));
	}
	if (usage) chunks.push({ ...head, object: 'chat.completion.chunk', choices: [], usage });
	res.end(`${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`);
}

module.exports = { createChatHandler, replyTo };
