import '../harness/env';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { frontGateway, type OwnAnswer } from '../harness/front-gateway';
import { startSimulator, storedSha256, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow } from '../harness/workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, queueSeconds: 0.1, jobSeconds: 0.8 });
});
afterAll(async () => await sim.close());

const FAST = { pollIntervalSeconds: 0.2 };

function submitAndWait(texts: string[], parameters: IDataObject = {}, baseUrl = sim.url, continueOnFail = false) {
	return runWorkflow(
		videoWorkflow({ items: prompts(...texts), continueOnFail, parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', ...parameters, options: { ...FAST, ...(parameters.options as IDataObject) } } }),
		{ credentials: { yishangyunApi: { apiKey: sim.apiKey, baseUrl } } },
	);
}

const requestsFor = (taskId: string) => sim.requests.filter((request) => request.path.includes(taskId) || request.path.includes(taskId.replace(/^task_/, '')));

describe("the video from wherever new-api's answers put it, byte for byte", () => {
	test('/content answering JSON with the file host’s URL is followed, without the key off the API host', async () => {
		const { output } = await submitAndWait(['a harbour [contentjson]'], { model: 'sora-2' });
		const [item] = output(NODE);
		const taskId = item.json.task_id as string;
		expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(taskId));
		expect(item.binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${taskId}.mp4` });
		const content = sim.requests.find((request) => request.host === 'api' && request.path === `/v1/videos/${taskId}/content`)!;
		expect(content.headers.authorization).toBe(`Bearer ${sim.apiKey}`);
		const file = sim.requests.filter((request) => request.host === 'files').at(-1)!;
		expect(file.status).toBe(200);
		expect(file.headers.authorization).toBeUndefined();
	});

	test("the gateway's own /v1/videos/<id>/content URL (written with http://localhost:3000) is read from the Base URL with the key", async () => {
		const filesBefore = sim.requests.filter((request) => request.host === 'files').length;
		const { output } = await submitAndWait(['a lighthouse [selfurl]'], { model: 'sora-2' });
		const [item] = output(NODE);
		const taskId = item.json.task_id as string;
		expect(item.json.video_url).toBe(`http://localhost:3000/v1/videos/${taskId}/content`);
		expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(taskId));
		const content = sim.requests.filter((request) => request.path === `/v1/videos/${taskId}/content`);
		expect(content.map((request) => [request.host, request.status, request.headers.authorization])).toEqual([['api', 200, `Bearer ${sim.apiKey}`]]);
		expect(sim.requests.filter((request) => request.host === 'files').length).toBe(filesBefore);
	});

	test('a data: URL is decoded into the binary, with no request for the file', async () => {
		const { output } = await submitAndWait(['a glacier [url=data]'], { model: 'kling-v2-6-std' });
		const [item] = output(NODE);
		const taskId = item.json.task_id as string;
		expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(taskId));
		expect(requestsFor(taskId).filter((request) => request.host === 'files' || request.path.endsWith('/content'))).toEqual([]);
	});
});

describe('thumbnails are images or absent', () => {
	test("new-api answers ?variant=thumbnail with the MP4: no thumbnail, thumbnail_url null, the video there", async () => {
		const { output, run } = await submitAndWait(['a forest', 'a desert'], { model: 'sora-2', options: { downloadThumbnail: true } });
		expect(run.data.resultData.error).toBeUndefined();
		for (const item of output(NODE)) {
			expect(item.json.thumbnail_url).toBeNull();
			expect(Object.keys(item.binary!)).toEqual(['data']);
			expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(item.json.task_id as string));
			const thumbnailReads = sim.requests.filter((request) => request.path === `/v1/videos/${item.json.task_id as string}/content?variant=thumbnail`);
			expect(thumbnailReads).toHaveLength(1);
		}
	});

	test('a family whose answer has no thumbnail: absent, not an error', async () => {
		const { output, run } = await submitAndWait(['a canyon'], { model: 'kling-v2-6-std', options: { downloadThumbnail: true } });
		expect(run.data.resultData.error).toBeUndefined();
		const [item] = output(NODE);
		expect(item.json.status).toBe('completed');
		expect(item.binary!.thumbnail).toBeUndefined();
		expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(item.json.task_id as string));
	});
});

describe('a /content that answers something other than a video is an error naming the task, and nothing is stored', () => {
	const cases: Array<[string, OwnAnswer, RegExp, RegExp]> = [
		['an HTML page', { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>New API</title><p>Please log in</p>' }, /\(text\/html\)$/, /answered text\/html, not a video: New API Please log in/],
		['JSON without a URL', { status: 200, type: 'application/json', body: '{"id":"x","object":"video","status":"completed"}' }, /\(application\/json\)$/, /answered application\/json, not a video: \{"id":"x","object":"video","status":"completed"\}/],
		['plain text', { status: 200, type: 'text/plain', body: 'upstream returned nothing' }, /\(text\/plain\)$/, /not a video: upstream returned nothing/],
	];

	test.each(cases)('%s', async (_label, answer, message, description) => {
		const front = await frontGateway(sim.url, (method, path) => (method === 'GET' && /^\/v1\/videos\/[^/]+\/content/.test(path) ? answer : undefined));
		try {
			const { output } = await submitAndWait(['a meadow', 'a marsh'], { model: 'sora-2' }, front.url, true);
			const items = output(NODE);
			expect(items).toHaveLength(2);
			for (const item of items) {
				const taskId = item.json.task_id as string;
				expect(taskId).toMatch(/^task_/);
				expect(item.binary).toBeUndefined();
				const error = item.json.error as { message: string; description: string };
				expect(error.message).toMatch(/^The task completed but its video link gave no video/);
				expect(error.message).toMatch(message);
				expect(error.description).toContain(`Task ID: ${taskId}`);
				expect(error.description).toMatch(description);
				expect(error.description).toMatch(/Nothing was stored/);
			}
			expect(front.answered.length).toBe(2);
		} finally {
			await front.close();
		}
	});
});

test("the gateway refusing /content (a key used up after the task completed) is its API error, naming the task", async () => {
	const quota = { error: { message: '[sk-abc***xyz] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = 0 (request id: 20261130140000123456789abcdefgh)', type: 'new_api_error', code: '' } };
	const front = await frontGateway(sim.url, (_method, path) => (/\/content$/.test(path) ? { status: 401, type: 'application/json', body: JSON.stringify(quota) } : undefined));
	try {
		const { output } = await submitAndWait(['a reef'], { model: 'sora-2' }, front.url, true);
		const [item] = output(NODE);
		const taskId = item.json.task_id as string;
		expect(item.binary).toBeUndefined();
		const error = item.json.error as { message: string; description: string; code: string };
		expect(error).toMatchObject({ message: "The API key's quota is used up", code: '401' });
		expect(error.description).toMatch(/^The key itself is fine: top up/);
		expect(error.description).toContain(`While downloading the video for item 1, the API answered HTTP 401 (new_api_error)`);
		expect(error.description).toContain(`Task ID: ${taskId}.`);
	} finally {
		await front.close();
	}
});

test('no request to the file host ever carried the key', () => {
	const files = sim.requests.filter((request) => request.host === 'files');
	expect(files.length).toBeGreaterThan(0);
	for (const request of files) expect(request.headers.authorization).toBeUndefined();
	expect(JSON.stringify(sim.requests.filter((request) => request.host === 'files'))).not.toContain(sim.apiKey);
});
