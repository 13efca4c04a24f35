import { startSimulator, type Simulator } from '../../simulator';
import { call } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());

/** Two tools the way LangChain offers them: JSON schemas from zod, `$fromAI` parameters. */
const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'Generate_video',
			description: 'Generates a short video from a text prompt',
			parameters: {
				type: 'object',
				properties: {
					prompt: { type: 'string', description: 'A vivid description of the video' },
					seconds: { type: 'string', description: 'Length in seconds', default: '5' },
					size: { type: 'string', enum: ['1280x720', '720x1280'] },
					count: { type: 'integer', minimum: 2 },
					loop: { type: 'boolean' },
					tags: { type: 'array', items: { type: 'string' } },
				},
				required: ['prompt'],
				additionalProperties: false,
				$schema: 'http://json-schema.org/draft-07/schema#',
			},
		},
	},
	{ type: 'function', function: { name: 'Other_tool', parameters: { type: 'object', properties: {} } } },
];

const chat = (body: Record<string, unknown>, key?: string | null) =>
	call(sim, '/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', ...body }), key });

interface ToolCallDelta {
	index: number;
	id?: string;
	function: { name?: string; arguments: string };
}
interface Chunk {
	id: string;
	object: string;
	choices: Array<{ delta: { role?: string; content?: string | null; tool_calls?: ToolCallDelta[] }; finish_reason: string | null }>;
	usage?: { total_tokens: number };
}

/** The `data:` payloads of a server-sent event stream, `[DONE]` included. */
const events = (text: string) =>
	text
		.split('\n\n')
		.filter((block) => block.startsWith('data: '))
		.map((block) => block.slice('data: '.length));

test('with tools and no tool result yet, it calls the first tool with arguments made from its schema', async () => {
	const before = sim.chats().length;
	const answer = await chat({ messages: [{ role: 'system', content: 'You make videos.' }, { role: 'user', content: 'A fox in the snow [seconds=1]' }], tools: TOOLS });

	expect(answer.status).toBe(200);
	expect(answer.body).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, finish_reason: 'tool_calls' }] });
	const message = answer.body.choices[0].message;
	expect(message).toMatchObject({ role: 'assistant', content: null });
	expect(message.tool_calls).toHaveLength(1);
	const [call0] = message.tool_calls;
	expect(call0).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'Generate_video' } });
	const args = JSON.parse(call0.function.arguments);
	// Strings get the model's own prompt, which carries the user's words and their directives.
	expect(args.prompt).not.toBe('A fox in the snow [seconds=1]');
	expect(args.prompt).toContain('A fox in the snow [seconds=1]');
	expect(args).toEqual({ prompt: args.prompt, seconds: '5', size: '1280x720', count: 2, loop: false, tags: [args.prompt] });
	expect(answer.body.usage.total_tokens).toBe(answer.body.usage.prompt_tokens + answer.body.usage.completion_tokens);

	const logged = sim.chats().slice(before);
	expect(logged).toHaveLength(1);
	expect(logged[0].body.messages[1].content).toBe('A fox in the snow [seconds=1]');
	expect(logged[0].reply).toEqual({ toolCall: { id: call0.id, name: 'Generate_video', arguments: args } });
});

test('user content given as parts is read as text', async () => {
	const answer = await chat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'A kite over ' }, { type: 'text', text: 'dunes' }] }], tools: TOOLS });
	expect(JSON.parse(answer.body.choices[0].message.tool_calls[0].function.arguments).prompt).toContain('A kite over dunes');
});

test('once a tool result is in the conversation, it answers in text quoting the result', async () => {
	const result = '[{"task_id":"task_abc123","status":"completed","video_url":"http://127.0.0.2/v.mp4"}]';
	const answer = await chat({
		messages: [
			{ role: 'user', content: 'A fox' },
			{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Generate_video', arguments: '{"prompt":"x"}' } }] },
			{ role: 'tool', tool_call_id: 'call_1', content: result },
		],
		tools: TOOLS,
	});
	expect(answer.status).toBe(200);
	expect(answer.body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant' } });
	expect(answer.body.choices[0].message).not.toHaveProperty('tool_calls');
	expect(answer.body.choices[0].message.content).toContain(result);
});

test('without tools it answers in text', async () => {
	const answer = await chat({ messages: [{ role: 'user', content: 'Hello' }] });
	expect(answer.body.choices[0].finish_reason).toBe('stop');
	expect(typeof answer.body.choices[0].message.content).toBe('string');
});

test('stream: the tool call arrives as deltas whose arguments join into the same call, then usage and [DONE]', async () => {
	const answer = await chat({ stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'A fox' }], tools: TOOLS });
	expect(answer.status).toBe(200);
	expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
	const data = events(answer.body);
	expect(data.at(-1)).toBe('[DONE]');
	const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
	expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
	expect(new Set(chunks.map((c) => c.id)).size).toBe(1);

	const first = chunks[0].choices[0].delta as { tool_calls: ToolCallDelta[] };
	expect(first).toMatchObject({ role: 'assistant', tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'Generate_video', arguments: '' } }] });
	const parts = chunks.flatMap((c) => c.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
	expect(parts.length).toBeGreaterThan(2);
	const args = JSON.parse(parts.map((p) => p.function.arguments).join(''));
	expect(args.prompt).toContain('A fox');
	expect(sim.chats().at(-1)!.reply).toEqual({ toolCall: { id: first.tool_calls[0].id, name: 'Generate_video', arguments: args } });

	expect(chunks.at(-2)!.choices[0].finish_reason).toBe('tool_calls');
	expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
});

test('stream: the text answer arrives as content deltas; no usage chunk unless asked', async () => {
	const result = '[{"task_id":"task_streamed1"}]';
	const answer = await chat({ stream: true, messages: [{ role: 'user', content: 'A fox' }, { role: 'tool', tool_call_id: 'c', content: result }], tools: TOOLS });
	const chunks = events(answer.body).slice(0, -1).map((d) => JSON.parse(d) as Chunk);
	expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
	expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toContain(result);
	expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
});

test('the API key is checked as on every endpoint', async () => {
	const before = sim.chats().length;
	const answer = await chat({ messages: [{ role: 'user', content: 'A fox' }], tools: TOOLS }, 'sk-wrong');
	expect(answer.status).toBe(401);
	expect(answer.body.error.code).toBe('invalid_api_key');
	expect(sim.chats().slice(before)).toEqual([expect.not.objectContaining({ reply: expect.anything() })]);
	expect((await chat({ messages: [{ role: 'user', content: 'A fox' }] }, null)).status).toBe(401);
});

test('a request that is not a chat request gets a 400 in OpenAI style', async () => {
	const noMessages = await chat({ messages: [] });
	expect(noMessages.status).toBe(400);
	expect(noMessages.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('messages') });
	const broken = await call(sim, '/v1/chat/completions', { method: 'POST', body: '{not json' });
	expect(broken.status).toBe(400);
	expect(broken.body.error.code).toBe('invalid_json');
	expect((await call(sim, '/v1/chat/completions')).status).toBe(404);
});
