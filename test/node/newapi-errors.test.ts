import '../harness/env';

import { MAX_REFUSALS } from '../../nodes/Yishangyun/transport/retry';
import { runWorkflow } from '../harness/engine';
import { frontGateway } from '../harness/front-gateway';
import { credentialsFor, startSimulator, storedSha256, until, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

/** new-api's keys are 48 characters after `sk-`. */
const USED_UP_KEY = `sk-${'q'.repeat(48)}`;
const FAST = { pollIntervalSeconds: 0.3 };

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.2, jobSeconds: 2 });
});
afterAll(async () => await sim.close());
afterEach(() => sim.configure({ apiKeys: [sim.apiKey], exhaustedKeys: [], faults: { submitSaturated: 0, pollSaturated: 0, pollUpstreamError: 0 } }));

const run = (options: VideoWorkflowOptions, credentials = credentialsFor(sim)) => runWorkflow(videoWorkflow(options), { credentials });

interface ShownError {
	message: string;
	description: string;
	httpCode?: string;
}
const REQUEST_ID = /\(request id: \d{14}\w+\)/;

describe("new-api's errors end with a message in English, the gateway's own words and what to do", () => {
	test('an id unknown to this key (400 task_not_exist) names the task and says to check id and credential', async () => {
		const { error, run: result } = await run({ parameters: { operation: 'getStatus', taskId: 'task_fromanotherkey' } });
		expect(result.status).toBe('error');
		const shown = error(NODE) as unknown as ShownError;
		expect(shown.message).toBe('The task is unknown to this API key');
		expect(shown.httpCode).toBe('400');
		expect(shown.description).toMatch(/^Check the Task ID, and that the same credential \(API key\) submitted it/);
		expect(shown.description).toMatch(/HTTP 400 \(task_not_exist\): task_not_exist\./);
		expect(shown.description).toMatch(/Task ID: task_fromanotherkey\./);
	});

	test('a model no channel serves (503 model_not_found, 无可用渠道): pick another model; submitted once', async () => {
		const before = sim.submits().length;
		const { error } = await run({ parameters: { operation: 'submit', model: 'kling-v9-pro' } });
		const shown = error(NODE) as unknown as ShownError;
		expect(shown.message).toBe('No channel serves model "kling-v9-pro" for the key\'s group "default"');
		expect(shown.description).toMatch(/^Pick another model, or ask the provider to enable this one/);
		expect(shown.description).toMatch(/\(new_api_error \/ model_not_found\): 当前分组 default 下对于模型 kling-v9-pro 无可用渠道 /);
		expect(shown.description).toMatch(REQUEST_ID);
		expect(shown.message).not.toMatch(/request id/);
		expect(sim.submits().length - before).toBe(1);
	});

	test('a refused key (401 无效的令牌): n8n’s own words, the gateway’s in the description', async () => {
		const { error } = await run({ parameters: { operation: 'submit' } }, credentialsFor(sim, 'sk-wrong'));
		const shown = error(NODE) as unknown as ShownError;
		expect(shown.message).toBe('Authorization failed - please check your credentials');
		expect(shown.description).toMatch(/^Check the API key in the "Yishangyun API" credential\./);
		expect(shown.description).toMatch(/HTTP 401 \(new_api_error\): 无效的令牌 \(request id: /);
	});

	test('a used-up key (401 too) is not told to check the key: it needs a top-up', async () => {
		sim.configure({ apiKeys: [sim.apiKey, USED_UP_KEY], exhaustedKeys: [USED_UP_KEY] });
		const { error } = await run({ parameters: { operation: 'submit' } }, credentialsFor(sim, USED_UP_KEY));
		const shown = error(NODE) as unknown as ShownError;
		expect(shown.message).toBe("The API key's quota is used up");
		expect(shown.httpCode).toBe('401');
		expect(shown.description).toMatch(/^The key itself is fine: top up its quota/);
		expect(shown.description).toMatch(/该令牌额度已用尽/);
		expect(shown.description).not.toMatch(/Check the API key/);
		expect(JSON.stringify(shown)).not.toContain(USED_UP_KEY);
	});

	test("an upstream's refusal relayed on submit (fail_to_fetch_task, its JSON error inside) reads as the upstream's", async () => {
		const upstream = { error: { message: 'Your request was blocked by our moderation system.', type: 'invalid_request_error', code: 'moderation_blocked' } };
		const body = JSON.stringify({ code: 'fail_to_fetch_task', message: JSON.stringify(upstream), data: null });
		const front = await frontGateway(sim.url, (method, path) => (method === 'POST' && path === '/v1/videos' ? { status: 400, type: 'application/json', body } : undefined));
		try {
			const { error } = await runWorkflow(videoWorkflow({ parameters: { operation: 'submit' } }), { credentials: { yishangyunApi: { apiKey: sim.apiKey, baseUrl: front.url } } });
			const shown = error(NODE) as unknown as ShownError;
			expect(shown.message).toBe('Your request was blocked by our moderation system.');
			expect(shown.description).toMatch(/^The prompt or a reference image was refused by the content policy/);
			expect(shown.description).toMatch(/\(invalid_request_error \/ fail_to_fetch_task \/ moderation_blocked\)/);
			expect(front.answered).toEqual(['POST /v1/videos']);
		} finally {
			await front.close();
		}
	});

	test('upstream saturation (429 负载已饱和, no Retry-After): a submit is retried within the budget, then says so', async () => {
		sim.configure({ faults: { submitSaturated: 2 } });
		const before = sim.submits().length;
		const accepted = await run({ parameters: { operation: 'submit' } });
		expect(accepted.output(NODE)[0].json.task_id).toMatch(/^task_/);
		expect(sim.submits().slice(before).map((request) => request.status)).toEqual([429, 429, 200]);

		sim.configure({ faults: { submitSaturated: 100 } });
		const { error } = await run({ parameters: { operation: 'submit' } });
		const shown = error(NODE) as unknown as ShownError;
		expect(shown.message).toBe('The upstream service for this model is saturated');
		expect(shown.description).toMatch(/at capacity \(HTTP 429\)/);
		expect(shown.description).toMatch(/当前分组上游负载已饱和，请稍后再试/);
		expect(sim.submits().length - before).toBe(3 + MAX_REFUSALS);
	});

	test('saturation and an upstream fault while waiting are read through: the videos arrive', async () => {
		sim.configure({ faults: { pollSaturated: 2, pollUpstreamError: 2 } });
		const { output, run: result } = await run({ items: prompts('calm sea', 'windy sea'), parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', options: FAST } });
		expect(result.data.resultData.error).toBeUndefined();
		for (const item of output(NODE)) expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(item.json.task_id as string));
		const statuses = sim.requests.filter((request) => request.path.startsWith('/v1/videos/task_') && !request.path.endsWith('/content')).map((request) => request.status);
		expect(statuses.filter((status) => status === 429)).toHaveLength(2);
		expect(statuses.filter((status) => status === 500)).toHaveLength(2);
	});
});

describe('a key running out of quota mid-wait', () => {
	async function submitThenExhaust(options: VideoWorkflowOptions) {
		const before = sim.submits().length;
		const texts = ['dawn', 'noon', 'dusk'];
		const running = run({ items: prompts(...texts), ...options, parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', options: FAST } });
		await until(() => sim.submits().slice(before).filter((request) => request.status === 200).length === texts.length);
		sim.configure({ exhaustedKeys: [sim.apiKey] });
		const result = await running;
		const ids = sim.submits().slice(before).map((request) => request.taskId!);
		return { result, ids, before };
	}

	test('each item names its own task; the tasks go on and are picked up later by id, paying nothing', async () => {
		const { result, ids, before } = await submitThenExhaust({ continueOnFail: true });
		const items = result.output(NODE);
		expect(items.map((item) => item.json.task_id)).toEqual(ids);
		for (const [index, item] of items.entries()) {
			const error = item.json.error as { message: string; description: string; code: string };
			expect(error.message).toBe("The API key's quota is used up");
			expect(error.code).toBe('401');
			expect(error.description).toMatch(/^The key itself is fine: top up/);
			expect(error.description).toContain(`Task ID: ${ids[index]}.`);
			expect(error.description).not.toMatch(/Check the API key/);
		}
		// Topped up: Get Status with Wait for Completion fetches every video, without a new submit.
		sim.configure({ exhaustedKeys: [] });
		const later = await run({ items: ids.map((id) => ({ json: { id } })), parameters: { operation: 'getStatus', taskId: '={{ $json.id }}', waitForCompletion: true, options: FAST } });
		const videos = later.output(NODE);
		expect(videos.map((item) => item.json.status)).toEqual(['completed', 'completed', 'completed']);
		for (const item of videos) expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(item.json.task_id as string));
		expect(sim.submits().length - before).toBe(3);
	});

	test('without continue-on-fail the error names its task and every other task of the run', async () => {
		const { result, ids } = await submitThenExhaust({});
		expect(result.run.status).toBe('error');
		const shown = result.error(NODE) as unknown as ShownError;
		expect(shown.message).toBe("The API key's quota is used up");
		for (const id of ids) expect(shown.description).toContain(id);
		expect(shown.description).toMatch(/Tasks of this run, already paid for/);
	});
});
