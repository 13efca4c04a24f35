/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import '../harness/env';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

const png = readFileSync(path.join(__dirname, '../fixtures/red.png'));
const FIRST = 'https://img.example.com/first.png';
const LAST = 'https://img.example.com/last.png';
const PROMPT = 'A cat playing piano in the garden';

// One model of each family, as the provider names them.
const MODELS = {
	sora: 'sora-2',
	veo: 'veo3.1',
	grok: 'grok-video-3-10s',
	kling: 'kling-v2-6-pro',
	seedance: 'doubao-seedance-1-5-pro_10s_720p',
	wan: 'wan2.6-r2v-720P-10s',
	happyhorse: 'happyhorse-1.0-r2v-720P-10s',
};

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, jobSeconds: 0.3, queueSeconds: 0.05, models: [...Object.values(MODELS), 'gpt-4o-mini'] });
});
afterAll(async () => await sim.close());
afterEach(() => sim.configure({ inputReferenceArray: true }));

const run = (options: VideoWorkflowOptions) => runWorkflow(videoWorkflow(options), { credentials: credentialsFor(sim) });
const submit = (parameters: IDataObject, items?: VideoWorkflowOptions['items']) => run({ items, parameters: { operation: 'submit', ...parameters } });
const lastBody = () => sim.submits().at(-1)!.body as IDataObject;

describe('Duration, Size and reference images arrive in each family’s own fields, and nowhere else', () => {
	const asked = { seconds: '10', size: '1280x720', referenceUrls: `${FIRST}, ${LAST}` };
	const openai = { seconds: '10', size: '1280x720', input_reference: [FIRST, LAST] };
	// Issue 21 changed these deliberately, to what the provider's own clients send: Grok no seconds
	// (its name is the duration) and size as a ratio; Kling the name's mode and sound; Seedance,
	// Wan and HappyHorse the name's resolution in metadata.
	const metadata = (resolution: string) => ({ metadata: { duration: 10, ratio: '16:9', resolution }, images: [FIRST, LAST] });
	// Grok takes one image (the provider's client sends one): it is asked with one.
	const cases: Array<[keyof typeof MODELS, IDataObject, IDataObject?]> = [
		['sora', openai],
		['veo', openai],
		['grok', { size: '16:9', input_reference: [FIRST] }, { referenceUrls: FIRST }],
		['kling', { duration: 10, aspect_ratio: '16:9', mode: 'pro', sound: 'off', image: FIRST, image_tail: LAST }],
		['seedance', metadata('720p')],
		['wan', metadata('720P')],
		['happyhorse', metadata('720P')],
	];

	test.each(cases)('%s', async (family, fields, overrides = {}) => {
		const before = sim.submits().length;
		const { output } = await submit({ model: MODELS[family], ...asked, ...overrides });
		expect(sim.submits()).toHaveLength(before + 1);
		expect(lastBody()).toEqual({ model: MODELS[family], prompt: PROMPT, ...fields });
		expect(output(NODE)[0].json).toMatchObject({ task_id: expect.any(String), model: MODELS[family] });
	});

	test('portrait and square sizes become 9:16 and 1:1; one Kling image is the first frame only', async () => {
		await submit({ model: MODELS.kling, size: '720x1280', referenceUrls: FIRST });
		expect(lastBody()).toEqual({ model: MODELS.kling, prompt: PROMPT, duration: 5, aspect_ratio: '9:16', mode: 'pro', sound: 'off', image: FIRST });
		// Issue 21: a 720p model is given a 720p square (1080x1080 contradicts its name), and an empty Duration is the name's 10 s.
		await submit({ model: MODELS.seedance, size: '720x720', seconds: '' });
		expect(lastBody()).toEqual({ model: MODELS.seedance, prompt: PROMPT, metadata: { duration: 10, ratio: '1:1', resolution: '720p' } });
	});

	test('Submit and Wait: every family comes out with the duration and shape asked for (Kling: not 5 s and square)', async () => {
		const families = Object.keys(MODELS) as Array<keyof typeof MODELS>;
		const items = families.map((family) => ({ json: { prompt: `A ${family} at dusk`, model: MODELS[family] } }));
		const { output } = await run({ items, parameters: { model: '={{ $json.model }}', prompt: '={{ $json.prompt }}', seconds: '10', size: '1280x720' } });
		expect(output(NODE).map((item) => [item.json.model, item.json.status, item.json.seconds, item.json.width, item.json.height])).toEqual(
			families.map((family) => [MODELS[family], 'completed', 10, 1280, 720]),
		);
		for (const item of output(NODE)) expect(item.binary?.data).toBeDefined();
	});

	test('left empty, Duration and Size are the model’s to choose: Kling’s 5 s and square', async () => {
		const { output } = await run({ parameters: { model: MODELS.kling, seconds: '', size: '' } });
		expect(lastBody()).toEqual({ model: MODELS.kling, prompt: PROMPT, mode: 'pro', sound: 'off' });
		expect(output(NODE)[0].json).toMatchObject({ status: 'completed', seconds: 5, width: 720, height: 720 });
	});

	test('Sora’s upstream refuses a field it does not know: the item fails with its message, sent once', async () => {
		const before = sim.submits().length;
		const { error } = await submit({ model: MODELS.sora, options: { additionalBodyFields: '{"mode": "pro"}' } });
		expect(sim.submits()).toHaveLength(before + 1);
		expect(lastBody()).toMatchObject({ mode: 'pro' });
		expect(error(NODE)!.message).toMatch(/Unknown parameter: 'mode'/);
	});
});

describe('Additional Body Fields', () => {
	test('merge into the body last, into metadata key by key', async () => {
		await submit({ model: MODELS.kling, options: { additionalBodyFields: '{"mode": "pro", "sound": "on"}' } });
		expect(lastBody()).toEqual({ model: MODELS.kling, prompt: PROMPT, duration: 5, aspect_ratio: '9:16', mode: 'pro', sound: 'on' });
		await submit({ model: MODELS.seedance, seconds: '10', options: { additionalBodyFields: '{"metadata": {"resolution": "1080p", "ratio": "adaptive"}}' } });
		expect(lastBody()).toEqual({ model: MODELS.seedance, prompt: PROMPT, metadata: { duration: 10, ratio: 'adaptive', resolution: '1080p' } });
	});

	test('from an expression, per item (an object as well as JSON text)', async () => {
		const items = [
			{ json: { prompt: 'one', extra: { metadata: { resolution: '1080P' } } } },
			{ json: { prompt: 'two', extra: '{"metadata": {"resolution": "720P"}}' } },
		];
		const before = sim.submits().length;
		await submit({ model: MODELS.wan, seconds: '10', prompt: '={{ $json.prompt }}', options: { additionalBodyFields: '={{ $json.extra }}' } }, items);
		const bodies = sim.submits().slice(before).map((request) => request.body as IDataObject);
		expect(bodies.map((body) => [body.prompt, (body.metadata as IDataObject).resolution]).sort()).toEqual([
			['one', '1080P'],
			['two', '720P'],
		]);
		for (const body of bodies) expect(body.metadata).toMatchObject({ duration: 10, ratio: '9:16' });
	});

	test('in a multipart submit, values that are not strings go as JSON text', async () => {
		const items = [{ json: { prompt: 'From a file' }, binary: { image: { base64: png.toString('base64'), fileName: 'red.png', mimeType: 'image/png' } } }];
		await submit(
			{ model: MODELS.veo, prompt: '={{ $json.prompt }}', referenceBinaryProperty: 'image', options: { additionalBodyFields: '{"metadata": {"generateAudio": true}, "seed": 7}' } },
			items,
		);
		const body = lastBody() as { fields: IDataObject; files: IDataObject[] };
		expect(body.fields).toEqual({ model: MODELS.veo, prompt: 'From a file', seconds: '5', size: '720x1280', metadata: '{"generateAudio":true}', seed: '7' });
		expect(body.files).toEqual([expect.objectContaining({ field: 'input_reference', filename: 'red.png', size: png.length })]);
	});

	test.each([
		['invalid JSON', '{"mode": pro}', /^Options › Additional Body Fields: is not valid JSON \(.+\) \(item 2\)$/],
		['an array', '[{"mode": "pro"}]', /^Options › Additional Body Fields: is an array, not a JSON object \(item 2\)$/],
		['a number', '42', /^Options › Additional Body Fields: is a number, not a JSON object \(item 2\)$/],
	])('%s on one item sends nothing for any item', async (_name, bad, message) => {
		const items = [
			{ json: { prompt: 'good', extra: '{"mode": "pro"}' } },
			{ json: { prompt: 'bad', extra: bad } },
		];
		const before = sim.requests.length;
		const { error } = await submit({ model: MODELS.kling, prompt: '={{ $json.prompt }}', options: { additionalBodyFields: '={{ $json.extra }}' } }, items);
		expect(error(NODE)!.message).toMatch(message);
		expect(error(NODE)!.description).toMatch(/JSON object/);
		expect(sim.requests.length).toBe(before);
	});
});

describe('a reference the family cannot take fails before any request, naming the field and the item', () => {
	const image = { base64: png.toString('base64'), fileName: 'red.png', mimeType: 'image/png' };
	const three = [FIRST, LAST, 'https://img.example.com/third.png'].join(',');
	const six = Array.from({ length: 6 }, (_, index) => `https://img.example.com/${index}.png`).join(',');
	const cases: Array<[string, IDataObject, VideoWorkflowOptions['items'], RegExp]> = [
		['a third image for Kling', { model: MODELS.kling, referenceUrls: three }, undefined, /^Reference Image URLs: kling-v2-6-pro \(Kling\) takes a first and a last frame \(image and image_tail\), and this item has 3 reference images \(item 2\)$/],
		['a third image for Seedance', { model: MODELS.seedance, referenceUrls: three }, undefined, /^Reference Image URLs: .+ \(Seedance\) takes up to 2 \(images\), and this item has 3 reference images \(item 2\)$/],
		['a sixth image for Wan', { model: MODELS.wan, referenceUrls: six }, undefined, /^Reference Image URLs: .+ \(Wan\) takes up to 5 \(images\), and this item has 6 reference images \(item 2\)$/],
		[
			'a file for a URL-only family',
			{ model: MODELS.happyhorse, referenceBinaryProperty: 'image' },
			[{ json: { prompt: 'one' }, binary: { image } }, { json: { prompt: 'two' }, binary: { image } }],
			/^Reference Image Binary Fields: .+ \(HappyHorse\) takes reference images as URLs only \(images\), not as files \(item 1\)$/,
		],
	];

	test.each(cases)('%s', async (_name, parameters, items, message) => {
		// The first item is fine and the second is not (files: both are), so nothing at all is sent.
		const byItem = items ?? prompts('fine', 'not fine');
		const references = parameters.referenceUrls ? { referenceUrls: `={{ $json.prompt === 'fine' ? '${FIRST}' : '${parameters.referenceUrls as string}' }}` } : {};
		const before = sim.requests.length;
		// Duration empty: the models' names carry theirs.
		const { error } = await submit({ ...parameters, ...references, seconds: '', prompt: '={{ $json.prompt }}' }, byItem);
		expect(error(NODE)!.message).toMatch(message);
		expect(sim.requests.length).toBe(before);
	});

	test('under continue-on-fail, the refused item is an error item and the others are sent', async () => {
		const before = sim.submits().length;
		const { output } = await run({
			items: prompts('fine', 'not fine'),
			continueOnFail: true,
			parameters: { operation: 'submit', model: MODELS.kling, prompt: '={{ $json.prompt }}', referenceUrls: `={{ $json.prompt === 'fine' ? '${FIRST}' : '${three}' }}` },
		});
		expect(sim.submits()).toHaveLength(before + 1);
		expect(output(NODE).map((item) => [Boolean(item.json.task_id), (item.json.error as IDataObject | undefined)?.message ?? null])).toEqual([
			[true, null],
			[false, expect.stringMatching(/^Reference Image URLs: .+ \(item 2\)$/)],
		]);
	});
});

describe('a gateway that takes one input_reference string (stock new-api)', () => {
	test('one URL: the refused array is re-sent once as a string, and the task goes on', async () => {
		sim.configure({ inputReferenceArray: false });
		const before = sim.submits().length;
		const { output } = await run({ parameters: { model: MODELS.sora, referenceUrls: FIRST } });
		const sent = sim.submits().slice(before);
		expect(sent.map((request) => [request.status, (request.body as IDataObject).input_reference])).toEqual([
			[400, [FIRST]],
			[200, FIRST],
		]);
		expect(output(NODE)[0].json).toMatchObject({ status: 'completed' });
		expect(sim.tasks.size).toBeGreaterThan(0);
	});

	test('several URLs: one refused submit, then the item fails saying the gateway takes one image', async () => {
		sim.configure({ inputReferenceArray: false });
		const before = sim.submits().length;
		const { error } = await submit({ model: MODELS.veo, referenceUrls: `${FIRST}, ${LAST}` });
		expect(sim.submits().slice(before).map((request) => request.status)).toEqual([400]);
		expect(error(NODE)!.message).toBe('This gateway takes one reference image, and item 1 has 2');
		expect(error(NODE)!.description).toMatch(/nothing was created or billed/);
	});

	test('a gateway that takes the array is sent it once', async () => {
		const before = sim.submits().length;
		await submit({ model: MODELS.sora, seconds: '', referenceUrls: `${FIRST}, ${LAST}` });
		expect(sim.submits().slice(before).map((request) => [request.status, (request.body as IDataObject).input_reference])).toEqual([[200, [FIRST, LAST]]]);
	});
});
