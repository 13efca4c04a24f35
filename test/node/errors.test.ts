import '../harness/env';

import { MAX_REFUSALS } from '../../nodes/Yishangyun/transport/retry';
import { runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ retryAfterSeconds: 0 });
});
afterAll(async () => await sim.close());

const run = (options: VideoWorkflowOptions, apiKey?: string) => runWorkflow(videoWorkflow(options), { credentials: credentialsFor(sim, apiKey) });

describe('every documented API error surfaces with its message, code and a hint', () => {
	const cases: Array<[string, () => void, VideoWorkflowOptions, string | undefined, RegExp, RegExp]> = [
		['400 invalid size', () => {}, { parameters: { operation: 'submit', size: '999x999' } }, undefined, /size/i, /rejected a field/],
		['401 invalid_api_key', () => {}, { parameters: { operation: 'submit' } }, 'sk-wrong', /^Authorization failed - please check your credentials$/, /Check the API key in the "Yishangyun API" credential.*Invalid API key provided/],
		['403 insufficient_quota', () => sim.configure({ quota: 0 }), { parameters: { operation: 'submit' } }, undefined, /^Insufficient quota$/, /top up your account or use another key.*insufficient_quota/],
		['404 task_not_found', () => {}, { parameters: { operation: 'getStatus', taskId: 'task_doesnotexist' } }, undefined, /^Task not found$/, /unknown to this key or has expired.*task_not_found.*task_doesnotexist/],
		['429 rate_limit_exceeded', () => sim.configure({ faults: { submit429: 100 } }), { parameters: { operation: 'submit' } }, undefined, /^Rate limit exceeded$/, /lower "Submit Concurrency".*rate_limit_exceeded/],
		['500 internal_error', () => sim.configure({ faults: { submit500: 1 } }), { parameters: { operation: 'submit' } }, undefined, /^Internal server error$/, /internal fault.*internal_error/],
	];

	test.each(cases)('%s', async (_name, arrange, options, apiKey, message, description) => {
		arrange();
		try {
			const { error, run: result } = await run(options, apiKey);
			expect(result.status).toBe('error');
			const nodeError = error(NODE)! as unknown as { message: string; description: string; httpCode: string };
			expect(nodeError.message).toMatch(message);
			expect(nodeError.description).toMatch(description);
			expect(nodeError.httpCode).toBe(_name.slice(0, 3));
		} finally {
			sim.configure({ quota: Infinity, faults: { submit429: 0, submit500: 0 } });
		}
	});

	test('a 429 on submit is retried (it was not accepted) and a 500 is not (it might have been)', async () => {
		sim.configure({ faults: { submit429: 100 } });
		const before = sim.submits().length;
		await run({ parameters: { operation: 'submit' } });
		sim.configure({ faults: { submit429: 0, submit500: 1 } });
		expect(sim.submits().length - before).toBe(MAX_REFUSALS);
		const mid = sim.submits().length;
		await run({ parameters: { operation: 'submit' } });
		expect(sim.submits().length - mid).toBe(1);
	});
});

describe('bad input fails before any request, naming the field and the item', () => {
	const cases: Array<[string, VideoWorkflowOptions, RegExp]> = [
		['empty prompt', { items: prompts('ok', '   '), parameters: { prompt: '={{ $json.prompt }}' } }, /^Prompt: is empty \(item 2\)$/],
		['malformed size', { parameters: { size: '1280 by 720' } }, /^Size: "1280 by 720" is not WIDTHxHEIGHT \(item 1\)$/],
		['non-numeric seconds', { parameters: { seconds: 'ten' } }, /^Duration \(Seconds\): "ten" is not a number of seconds \(item 1\)$/],
		['bad reference URL', { parameters: { referenceUrls: 'ftp://x/y.png' } }, /^Reference Image URLs: "ftp:\/\/x\/y.png" is not an http\(s\) URL \(item 1\)$/],
		['missing binary property', { parameters: { referenceBinaryProperty: 'photo' } }, /^Reference Image Binary Fields: the input item has no binary field "photo" \(item 1\)$/],
		['empty task id', { parameters: { operation: 'getStatus', taskId: '={{ $json.missing }}' } }, /^Task ID: is empty \(item 1\)$/],
	];

	test.each(cases)('%s', async (_name, options, message) => {
		const before = sim.requests.length;
		const { error } = await run(options);
		expect(error(NODE)!.message).toMatch(message);
		expect(error(NODE)!.description).toBeTruthy();
		expect(sim.requests.length).toBe(before);
	});

	test.each(['submit', 'submitAndWait'])('%s: a bad row among good ones sends nothing at all', async (operation) => {
		const before = sim.requests.length;
		const { error } = await run({ items: prompts('one', 'two', ''), parameters: { operation, prompt: '={{ $json.prompt }}' } });
		expect(error(NODE)!.message).toBe('Prompt: is empty (item 3)');
		expect(sim.requests.length).toBe(before);
	});
});

describe('continue on fail keeps order and pairing with good and bad items mixed', () => {
	test.each(['submit', 'submitAndWait'])('%s', async (operation) => {
		sim.configure({ jobSeconds: 0.3, queueSeconds: 0.05 });
		const { output, run: result } = await run({
			continueOnFail: true,
			items: prompts('first', '', 'third', 'bad size'),
			parameters: { operation, prompt: '={{ $json.prompt }}', size: '={{ $json.prompt === "bad size" ? "huge" : "" }}', options: { pollIntervalSeconds: 0.1 } },
		});
		expect(result.status).toBe('success');
		const items = output(NODE);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.task_id).toMatch(/^task_/);
		expect(items[1].json.error).toMatchObject({ message: 'Prompt: is empty (item 2)' });
		expect(items[2].json.task_id).toMatch(/^task_/);
		expect(items[3].json.error).toMatchObject({ message: 'Size: "huge" is not WIDTHxHEIGHT (item 4)' });
		if (operation === 'submitAndWait') {
			expect(items[0].json.status).toBe('completed');
			expect(items[0].binary?.data).toBeDefined();
		}
	});

	test('API errors come out as items with the API’s code, after the good ones were still paid for', async () => {
		sim.configure({ quota: Infinity });
		const { output } = await run({ continueOnFail: true, parameters: { operation: 'getStatus', taskId: '={{ $json.prompt }}' }, items: prompts('task_nope') });
		expect(output(NODE)[0].json).toMatchObject({ task_id: 'task_nope', error: { message: 'Task not found', type: 'not_found_error', code: 'task_not_found' } });
	});
});
