import '../harness/env';

import { runWorkflow } from '../harness/engine';
import { FAMILY_MODELS, newApiBatch, startNewApi, type NewApiGateway } from '../harness/newapi';
import { credentialsFor, storedSha256 } from '../harness/simulator';
import { NODE } from '../harness/workflow';

let gateway: NewApiGateway;
beforeAll(async () => {
	gateway = await startNewApi();
});
afterAll(async () => await gateway.close());

const sim = () => gateway.sim;

/** Runs the batch and checks what every run must give: one paid submit per prompt, pairing, no key off the API host. */
async function runBatch(items: Array<{ prompt: string; model: string }>, options: Parameters<typeof newApiBatch>[1] = {}) {
	const submitsBefore = sim().submits().length;
	const requestsBefore = sim().requests.length;
	const result = await runWorkflow(newApiBatch(items, options), { credentials: credentialsFor(sim()) });
	const output = result.output(NODE);
	expect(output).toHaveLength(items.length);
	expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
	const submits = sim().submits().slice(submitsBefore);
	expect(submits).toHaveLength(items.length);
	expect(submits.map((submit) => submit.body.prompt).sort()).toEqual(items.map((item) => item.prompt).sort());
	const fileRequests = sim().requests.slice(requestsBefore).filter((request) => request.host === 'files');
	for (const request of fileRequests) expect(request.headers.authorization).toBeUndefined();
	return { result, output, fileRequests };
}

async function expectVideo(item: { json: Record<string, unknown>; binary?: Record<string, unknown> }) {
	expect(item.json.status).toBe('completed');
	expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${String(item.json.task_id)}.mp4` });
	expect(await storedSha256(item.binary!.data as never)).toBe(sim().videoSha256(String(item.json.task_id)));
}

test('every family: the exact video, one submit each, the id the gateway gave, at the gateway poller pace', async () => {
	const items = Object.entries(FAMILY_MODELS).map(([family, model]) => ({ prompt: `A ${family} clip [seconds=60]`, model }));
	const { output, fileRequests } = await runBatch(items);
	for (const [index, item] of output.entries()) {
		await expectVideo(item);
		const task = sim().tasks.get(String(item.json.task_id))!;
		expect(task.model).toBe(items[index].model);
		expect(item.json).toMatchObject({ task_id: task.id, status: 'completed', progress: 100, video_url: expect.any(String) });
		// Reading more often than the gateway updates learns nothing: about one read per 15 s tick.
		expect(sim().polls(task.id).length).toBeLessThanOrEqual(15);
	}
	// Kling, Seedance, Wan and HappyHorse hand out signed file-host links, fetched without the key.
	expect(fileRequests.length).toBeGreaterThanOrEqual(4);
});

test('a relay behind the gateway answering with its own task_id: the node keeps reading and outputting ours', async () => {
	const items = [FAMILY_MODELS.sora, FAMILY_MODELS.grok].map((model) => ({ prompt: `Relayed [relay] [seconds=30]`, model }));
	const { output } = await runBatch(items);
	for (const item of output) {
		await expectVideo(item);
		const id = String(item.json.task_id);
		expect(sim().tasks.has(id)).toBe(true);
		expect(sim().polls(id).length).toBeGreaterThan(0);
	}
	// Every read went to an id the gateway knows: none to the relay's.
	expect(sim().requests.filter((request) => request.path.includes('relay_'))).toEqual([]);
	expect(sim().polls().every((poll) => poll.status === 200)).toBe(true);
});

test.each([['video_url'], ['url'], ['metadata.url'], ['metadata.video_url'], ['result_url'], ['task_result.videos.0.url']])('the finished URL at %s is found and fetched without the key', async (place) => {
	const { output, fileRequests } = await runBatch([FAMILY_MODELS.kling, FAMILY_MODELS.sora].map((model) => ({ prompt: `URL at ${place} [url=${place}] [seconds=20]`, model })));
	for (const item of output) {
		await expectVideo(item);
		expect(String(item.json.video_url)).toContain(new URL(sim().fileUrl).host);
	}
	expect(fileRequests.filter((request) => request.method === 'GET')).toHaveLength(2);
});

test.each([['succeed'], ['Success'], ['SUCCESS'], ['success'], ['succeeded'], ['completed']])('a relay spelling completion %p', async (spelling) => {
	const { output } = await runBatch([{ prompt: `Spelt [spell=${spelling}] [seconds=20]`, model: FAMILY_MODELS.wan }]);
	await expectVideo(output[0]);
});

test('a relay spelling failure (fail, Fail, FAILURE, failure) ends the item at once with the reason and our id', async () => {
	const spellings = ['succeed', 'Success', 'SUCCESS', 'success'];
	const items = spellings.map((spelling) => ({ prompt: `Spelt [spell=${spelling}] [fail] [seconds=20]`, model: FAMILY_MODELS.seedance }));
	const { output } = await runBatch(items, { continueOnFail: true, nodeOptions: { timeoutSeconds: 3600 } });
	for (const item of output) {
		expect(item.json).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('sensitive information') } });
		expect(sim().tasks.has(String(item.json.task_id))).toBe(true);
	}
});

test('a data: URL in the answer is the video itself: nothing is fetched for it, the bytes are exact', async () => {
	const { output, fileRequests } = await runBatch([{ prompt: 'Inline [url=data] [seconds=20]', model: FAMILY_MODELS.kling }]);
	await expectVideo(output[0]);
	expect(String(output[0].json.video_url)).toMatch(/^data:video\/mp4;base64,/);
	expect(fileRequests).toEqual([]);
});
