/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import '../harness/env';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { credentialsFor, sha256, startSimulator, type Simulator } from '../harness/simulator';
import { NODE, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

const png = readFileSync(path.join(__dirname, '../fixtures/red.png'));
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());

const submit = (parameters: IDataObject, items?: VideoWorkflowOptions['items']) =>
	runWorkflow(videoWorkflow({ items, parameters: { operation: 'submit', ...parameters } }), { credentials: credentialsFor(sim) });

test('text-to-video sends the documented JSON body, seconds as a string', async () => {
	const before = sim.submits().length;
	const { output } = await submit({ model: 'sora-2-pro', seconds: '10', size: '1280x720' });
	const [item] = output(NODE);
	expect(sim.submits()).toHaveLength(before + 1);
	expect(sim.submits().at(-1)!.body).toEqual({
		model: 'sora-2-pro',
		prompt: 'A cat playing piano in the garden',
		seconds: '10',
		size: '1280x720',
	});
	expect(item.json).toMatchObject({ task_id: expect.stringMatching(/^task_/), status: 'queued', progress: 0, model: 'sora-2-pro', prompt: 'A cat playing piano in the garden' });
	expect(item.json.message).toBeTruthy();
	expect(item.pairedItem).toEqual({ item: 0 });
});

test('empty duration and size are left for the API to choose', async () => {
	await submit({ seconds: '', size: '' });
	expect(sim.submits().at(-1)!.body).toEqual({ model: 'sora-2', prompt: 'A cat playing piano in the garden' });
});

test('a model name from an expression is passed through', async () => {
	await submit({ model: '={{ "veo3.1-" + "fast" }}' });
	expect(sim.submits().at(-1)!.body.model).toBe('veo3.1-fast');
});

test('reference image URLs become the input_reference array', async () => {
	const { output } = await submit({ referenceUrls: 'https://img.example.com/a.jpg,\n https://img.example.com/b.png ' });
	expect(sim.submits().at(-1)!.body.input_reference).toEqual(['https://img.example.com/a.jpg', 'https://img.example.com/b.png']);
	expect(sim.tasks.get(output(NODE)[0].json.task_id as string)!.inputReference).toEqual(['https://img.example.com/a.jpg', 'https://img.example.com/b.png']);
});

test('binary reference images upload as multipart files, names and types intact', async () => {
	const items = [
		{
			json: { prompt: 'The red square comes alive' },
			binary: {
				image: { base64: png.toString('base64'), fileName: 'red.png', mimeType: 'image/png' },
				second: { base64: Buffer.from('second image').toString('base64'), fileName: 'second.jpg', mimeType: 'image/jpeg' },
			},
		},
	];
	const { output, run } = await submit({ referenceBinaryProperty: 'image, second', prompt: '={{ $json.prompt }}' }, items);
	expect(run.data.resultData.error).toBeUndefined();
	const request = sim.submits().at(-1)!;
	expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
	expect(request.body.fields).toMatchObject({ model: 'sora-2', prompt: 'The red square comes alive', seconds: '5', size: '720x1280' });
	expect(request.body.files).toEqual([
		{ field: 'input_reference', filename: 'red.png', contentType: 'image/png', size: png.length, sha256: sha256(png) },
		{ field: 'input_reference', filename: 'second.jpg', contentType: 'image/jpeg', size: 12, sha256: sha256(Buffer.from('second image')) },
	]);
	expect(sim.tasks.get(output(NODE)[0].json.task_id as string)!.files).toHaveLength(2);
});

test('many items are submitted once each, output in input order with pairing', async () => {
	const before = sim.submits().length;
	const items = Array.from({ length: 7 }, (_, index) => ({ json: { prompt: `Scene ${index + 1}` } }));
	const { output } = await submit({}, items);
	expect(sim.submits()).toHaveLength(before + 7);
	expect(output(NODE).map((item) => item.json.prompt)).toEqual(items.map((item) => item.json.prompt));
	expect(output(NODE).map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
	expect(new Set(output(NODE).map((item) => item.json.task_id)).size).toBe(7);
});
