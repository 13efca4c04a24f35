import '../harness/env';

import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { createTask, credentialsFor, startSimulator, storedSha256, until, type Simulator } from '../harness/simulator';
import { NODE, videoWorkflow } from '../harness/workflow';
import { UNKNOWN_AGE_CHECK_IN_SECONDS } from '../../nodes/Yishangyun/task/checkin';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.1, jobSeconds: 0.6 });
});
afterAll(async () => await sim.close());

const getStatus = (taskIds: string[], options: IDataObject = {}) =>
	runWorkflow(
		videoWorkflow({
			items: taskIds.map((task_id) => ({ json: { task_id } })),
			parameters: { operation: 'getStatus', taskId: '={{ $json.task_id }}', options },
		}),
		{ credentials: credentialsFor(sim) },
	);

const completed = (taskId: string) => until(() => sim.tasks.get(taskId)!.completedAt! <= Date.now() - 50 && true);

test('a running task is output with its status and numeric progress, and no binary', async () => {
	const taskId = await createTask(sim, 'Running [seconds=30]');
	await sleep(400);
	const { output } = await getStatus([taskId]);
	const [item] = output(NODE);
	expect(item.json).toMatchObject({ task_id: taskId, status: 'processing', video_url: null });
	expect(typeof item.json.progress).toBe('number');
	expect(item.binary).toBeUndefined();
});

test('next_check_in_seconds: whole seconds for an unfinished task, null once it has completed or failed', async () => {
	const running = await createTask(sim, 'Running long [seconds=30]');
	const done = await createTask(sim);
	const failed = await createTask(sim, 'A flagged prompt [fail]');
	await completed(done);
	await until(() => Date.now() - sim.tasks.get(failed)!.createdAt > 700);
	const { output } = await getStatus([running, done, failed]);
	const [first, second, third] = output(NODE).map((item) => item.json);
	expect(first.status).toBe('processing');
	expect(Number.isInteger(first.next_check_in_seconds)).toBe(true);
	expect(first.next_check_in_seconds).toBeGreaterThanOrEqual(1);
	// The document's answer has no created_at: nothing to predict from, so long enough to park a Wait.
	expect(first.next_check_in_seconds).toBe(UNKNOWN_AGE_CHECK_IN_SECONDS);
	expect(second).toMatchObject({ status: 'completed', next_check_in_seconds: null });
	expect(third).toMatchObject({ status: 'failed', next_check_in_seconds: null });
});

test("next_check_in_seconds on new-api: not before the gateway's next refresh of the task", async () => {
	// new-api answers the state of its last refresh (every 15 s), its time in completed_at.
	const gateway = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 15, jobSeconds: 100 });
	try {
		const taskId = await createTask(gateway, 'A slow render', { model: 'kling-v2-6-std' });
		await sleep(2_000);
		const readAt = Date.now();
		const { output } = await runWorkflow(
			videoWorkflow({ items: [{ json: { task_id: taskId } }], parameters: { operation: 'getStatus', taskId: '={{ $json.task_id }}' } }),
			{ credentials: credentialsFor(gateway) },
		);
		const [item] = output(NODE);
		// new-api's `unknown` until its poller first visits the task: not started.
		expect(item.json.status).toBe('queued');
		// completed_at is the last refresh while the task runs: no completion, so not output.
		expect(item.json.completed_at).toBeNull();
		const stored = (await (await fetch(`${gateway.url}/v1/videos/${taskId}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } })).json()) as { completed_at: number };
		const refreshedAt = stored.completed_at * 1000;
		// Without the floor: two seconds old, no progress yet, so the 5-second default.
		expect(item.json.next_check_in_seconds).toBeGreaterThanOrEqual(Math.floor((refreshedAt + 15_000 - readAt) / 1000) - 1);
		expect(item.json.next_check_in_seconds).toBeGreaterThan(5);
		expect(item.json.next_check_in_seconds).toBeLessThanOrEqual(16);
	} finally {
		await gateway.close();
	}
});

test('a completed task brings the video as binary, byte for byte, and its facts', async () => {
	const taskId = await createTask(sim);
	await completed(taskId);
	const { output } = await getStatus([taskId], { downloadThumbnail: true });
	const [item] = output(NODE);
	expect(item.json).toMatchObject({ task_id: taskId, status: 'completed', progress: 100, width: 1280, height: 720, seconds: 5 });
	expect(item.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
	expect(item.json.completed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
	expect(item.binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${taskId}.mp4` });
	expect(await storedSha256(item.binary!.data)).toBe(sim.videoSha256(taskId));
	expect(item.binary!.thumbnail).toMatchObject({ mimeType: 'image/jpeg', fileName: `${taskId}.jpg` });
	expect(await storedSha256(item.binary!.thumbnail)).toBe(sim.thumbnailSha256);
});

test('the API key never reaches the video host', async () => {
	const taskId = await createTask(sim);
	await completed(taskId);
	const { output } = await getStatus([taskId], { downloadThumbnail: true });
	expect(output(NODE)[0].binary!.data).toBeDefined();
	const fileRequests = sim.requests.filter((request) => request.host === 'files');
	expect(fileRequests.length).toBeGreaterThan(0);
	for (const request of fileRequests) {
		expect(request.headers.authorization).toBeUndefined();
		expect(JSON.stringify(request.headers)).not.toContain(sim.apiKey);
	}
});

test('options pick the binary field, or leave the download out', async () => {
	const taskId = await createTask(sim);
	await completed(taskId);
	const named = await getStatus([taskId], { binaryPropertyName: 'video' });
	expect(Object.keys(named.output(NODE)[0].binary!)).toEqual(['video']);
	const none = await getStatus([taskId], { download: false });
	expect(none.output(NODE)[0].binary).toBeUndefined();
	expect(none.output(NODE)[0].json.video_url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/files\//);
});

test('a failed task is an answer with its reason, not an error', async () => {
	const taskId = await createTask(sim, 'A flagged prompt [fail]');
	await until(() => sim.polls().length >= 0 && Date.now() - sim.tasks.get(taskId)!.createdAt > 700);
	const { output, run } = await getStatus([taskId]);
	expect(run.data.resultData.error).toBeUndefined();
	expect(output(NODE)[0].json).toMatchObject({
		task_id: taskId,
		status: 'failed',
		error: { message: 'The prompt was flagged by the content policy', type: 'invalid_request_error', code: 'content_policy_violation' },
	});
});

test('an expired video link is renewed by one fresh status read', async () => {
	const taskId = await createTask(sim);
	await completed(taskId);
	sim.configure({ faults: { downloadExpired: 1 } });
	const pollsBefore = sim.polls(taskId).length;
	const { output } = await getStatus([taskId]);
	expect(await storedSha256(output(NODE)[0].binary!.data)).toBe(sim.videoSha256(taskId));
	expect(sim.polls(taskId).length).toBe(pollsBefore + 2);
});

describe('OpenAI-style gateway', () => {
	let openai: Simulator;
	beforeAll(async () => {
		openai = await startSimulator({ dialect: 'openai', queueSeconds: 0.1, jobSeconds: 0.5 });
	});
	afterAll(async () => await openai.close());

	test('id, in_progress, Unix times and the /content endpoint are normalised; the video downloads with the key', async () => {
		const taskId = await createTask(openai);
		expect(taskId).toMatch(/^video_/);
		const run = (options: IDataObject = {}) =>
			runWorkflow(videoWorkflow({ items: [{ json: { task_id: taskId } }], parameters: { operation: 'getStatus', taskId: '={{ $json.task_id }}', options } }), {
				credentials: credentialsFor(openai),
			});
		await sleep(250);
		const running = (await run()).output(NODE)[0];
		expect(running.json).toMatchObject({ task_id: taskId, status: 'processing' });
		await until(() => openai.tasks.get(taskId)!.completedAt! <= Date.now() - 50);
		const done = (await run({ downloadThumbnail: true })).output(NODE)[0];
		expect(done.json).toMatchObject({ task_id: taskId, status: 'completed', progress: 100 });
		expect(done.json.video_url).toBe(`${openai.url}/v1/videos/${taskId}/content`);
		expect(done.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(done.json.expires_at).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(await storedSha256(done.binary!.data)).toBe(openai.videoSha256(taskId));
		expect(await storedSha256(done.binary!.thumbnail)).toBe(openai.thumbnailSha256);
		const contentRequest = openai.requests.find((request) => request.path.startsWith(`/v1/videos/${taskId}/content`))!;
		expect(contentRequest.headers.authorization).toBe(`Bearer ${openai.apiKey}`);
	});
});

test('passing 502s and dropped connections are retried on a status read', async () => {
	const taskId = await createTask(sim);
	await completed(taskId);
	sim.configure({ faults: { poll502: 1, pollDrop: 1 } });
	const { output, run } = await getStatus([taskId]);
	expect(run.data.resultData.error).toBeUndefined();
	expect(output(NODE)[0].json.status).toBe('completed');
	expect(sim.polls(taskId).slice(-3).map((request) => request.status)).toEqual(['dropped', 502, 200]);
});
