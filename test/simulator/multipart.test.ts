import { randomBytes } from 'node:crypto';

import { startSimulator, type Simulator } from '../../simulator';
import { call, sha256 } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());

const postForm = (form: FormData) => call(sim, '/v1/videos', { method: 'POST', body: form });

/** A PNG-looking file full of bytes a naive parser mangles: CRLFs, dashes, NULs, high bytes. */
const tricky = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\r\n--\r\n\r\n--x--\r\n'), randomBytes(4096), Buffer.from([0, 255, 13, 10])]);

test('a multipart submit records every file byte for byte, and the text fields', async () => {
	const second = randomBytes(10_000);
	const form = new FormData();
	form.append('model', 'veo3');
	form.append('prompt', '从图片生成 ✨');
	form.append('seconds', '8');
	form.append('size', '1280x720');
	form.append('input_reference', new Blob([tricky], { type: 'image/png' }), 'first frame.png');
	form.append('input_reference', new Blob([second], { type: 'image/jpeg' }), 'second.jpg');
	const response = await postForm(form);
	expect(response.status).toBe(200);
	const { task_id } = response.body as { task_id: string };

	const files = [
		{ field: 'input_reference', filename: 'first frame.png', contentType: 'image/png', size: tricky.length, sha256: sha256(tricky) },
		{ field: 'input_reference', filename: 'second.jpg', contentType: 'image/jpeg', size: second.length, sha256: sha256(second) },
	];
	expect(sim.tasks.get(task_id)).toMatchObject({ model: 'veo3', prompt: '从图片生成 ✨', seconds: '8', size: '1280x720', inputReference: [], files });
	expect(sim.submits().at(-1)!.body).toEqual({ fields: { model: 'veo3', prompt: '从图片生成 ✨', seconds: '8', size: '1280x720' }, files });
	expect(sim.submits().at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
});

test('URL references sent as text parts are input_reference URLs', async () => {
	const form = new FormData();
	form.append('model', 'sora-2');
	form.append('prompt', 'two references');
	form.append('input_reference', 'https://img.example.com/a.jpg');
	form.append('input_reference', 'https://img.example.com/b.jpg');
	const { task_id } = (await postForm(form)).body as { task_id: string };
	expect(sim.tasks.get(task_id)).toMatchObject({ inputReference: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'], files: [] });
});

test('a hand-written body: quoted boundary, preamble, a part without a content type', async () => {
	const boundary = 'simple boundary';
	const body = Buffer.concat([
		Buffer.from(`preamble to ignore\r\n--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nsora-2-pro\r\n`),
		Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nline one\r\nline two\r\n`),
		Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="input_reference"; filename="raw.bin"\r\n\r\n`),
		tricky,
		Buffer.from(`\r\n--${boundary}--\r\nepilogue`),
	]);
	const answer = await call(sim, '/v1/videos', { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` } });
	expect(answer.status).toBe(200);
	expect(sim.tasks.get(answer.body.task_id)).toMatchObject({
		model: 'sora-2-pro',
		prompt: 'line one\r\nline two',
		files: [{ field: 'input_reference', filename: 'raw.bin', contentType: 'application/octet-stream', size: tricky.length, sha256: sha256(tricky) }],
	});
});

test('multipart submits are validated like JSON ones', async () => {
	const form = new FormData();
	form.append('model', 'sora-2');
	form.append('input_reference', new Blob([tricky], { type: 'image/png' }), 'a.png');
	const response = await postForm(form);
	expect(response.status).toBe(400);
	expect(response.body).toEqual({ error: { message: 'prompt field is required', type: 'invalid_request_error', code: 'missing_parameter' } });
});

test('a broken multipart body is a 400, not a crash', async () => {
	const answer = await call(sim, '/v1/videos', {
		method: 'POST',
		body: Buffer.from('--b\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nno end'),
		headers: { 'content-type': 'multipart/form-data; boundary=b' },
	});
	expect(answer.status).toBe(400);
	expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_multipart' });
	const noBoundary = await call(sim, '/v1/videos', { method: 'POST', body: Buffer.from('x'), headers: { 'content-type': 'multipart/form-data' } });
	expect(noBoundary.status).toBe(400);
});
