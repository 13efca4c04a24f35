import { familyOf, FAMILIES } from '../../nodes/Yishangyun/task/families';
import { familyFields, mergeBodyFields, ratioOf, type FamilyInput } from '../../nodes/Yishangyun/task/family-fields';
import { familyProblem } from '../../nodes/Yishangyun/task/family-problems';
import { submitBody } from '../../nodes/Yishangyun/task/submit-body';
import type { SubmitRequest } from '../../nodes/Yishangyun/task/types';

const input = (overrides: Partial<FamilyInput> = {}): FamilyInput => ({ seconds: '10', size: '1280x720', referenceUrls: [], referenceFileCount: 0, ...overrides });
const fieldsFor = (model: string, overrides: Partial<FamilyInput> = {}) => familyFields(familyOf(model), input(overrides));

describe('each model name finds its family', () => {
	test.each([
		['sora-2', 'sora'],
		['sora-2-pro', 'sora'],
		['veo3', 'veo'],
		['veo3.1-pro-4k', 'veo'],
		['grok-video-3', 'grok'],
		['grok-video-3-10s', 'grok'],
		['kling-v2-6-pro', 'kling'],
		['kling-v3-omni-std-sound', 'kling'],
		['kling-video-o1-pro', 'kling'],
		['doubao-seedance-1-5-pro_10s_720p', 'seedance'],
		['seedance-1-0-lite', 'seedance'],
		['wan2.6-t2v-1080P_5s', 'wan'],
		['wan2.7-r2v-720P-10s', 'wan'],
		['wanx2.1-i2v', 'wan'],
		['happyhorse-1.0-t2v-720P_5s', 'happyhorse'],
	])('%s → %s', (model, family) => {
		expect(familyOf(model).name).toBe(family);
	});

	test('a name no row knows gets the API document’s shape, Sora’s; chat models named like a family do not match it', () => {
		expect(familyOf('pixverse-v4').name).toBe('sora');
		expect(familyOf('grok-4').name).toBe('sora');
		expect(familyOf('qwen-max').name).toBe('sora');
		expect(fieldsFor('some-new-model', { referenceUrls: ['https://img/a.png'] })).toEqual({ seconds: '10', size: '1280x720', input_reference: ['https://img/a.png'] });
	});

	test('every family has its own name and a summary that names it', () => {
		expect(new Set(FAMILIES.map((family) => family.name)).size).toBe(FAMILIES.length);
		for (const family of FAMILIES) expect(family.summary.startsWith(`${family.label} video model`)).toBe(true);
	});
});

describe('Duration, Size and references become the family’s own fields, and no other', () => {
	const two = ['https://img.example.com/first.png', 'https://img.example.com/last.png'];

	test.each(['sora-2', 'veo3.1'])('%s: seconds as a string, size as WxH, input_reference as a list', (model) => {
		expect(fieldsFor(model, { referenceUrls: two })).toEqual({ seconds: '10', size: '1280x720', input_reference: two });
	});

	// Changed with issue 21: the provider's Grok client sends no seconds (the name is the duration) and size as a ratio.
	test('grok: no seconds, size as a ratio, input_reference as a list', () => {
		expect(fieldsFor('grok-video-3-10s', { referenceUrls: two })).toEqual({ size: '16:9', input_reference: two });
		expect(fieldsFor('grok-video-3', { size: '1080x720' })).toEqual({ size: '3:2' });
	});

	test('kling: duration as an integer, aspect_ratio, first and last frame in image and image_tail', () => {
		expect(fieldsFor('kling-v2-6-pro', { referenceUrls: two })).toEqual({ duration: 10, aspect_ratio: '16:9', image: two[0], image_tail: two[1] });
		expect(fieldsFor('kling-v3', { size: '720x1280', referenceUrls: [two[0]] })).toEqual({ duration: 10, aspect_ratio: '9:16', image: two[0] });
		expect(fieldsFor('kling-v3', { size: '1024x1024', seconds: undefined })).toEqual({ aspect_ratio: '1:1' });
	});

	test.each(['doubao-seedance-1-5-pro_10s_720p', 'wan2.6-t2v-1080P_5s', 'happyhorse-1.0'])('%s: metadata.duration and metadata.ratio, images as a list', (model) => {
		expect(fieldsFor(model, { referenceUrls: two })).toEqual({ metadata: { duration: 10, ratio: '16:9' }, images: two });
	});

	test('empty Duration and Size send nothing for them, in every family', () => {
		for (const family of FAMILIES) expect(familyFields(family, input({ seconds: undefined, size: undefined }))).toEqual({});
	});
});

describe('sizes as ratios', () => {
	test.each([
		['1280x720', '16:9'],
		['1920x1080', '16:9'],
		['854x480', '16:9'],
		['720x1280', '9:16'],
		['1080x1080', '1:1'],
		['1024x768', '4:3'],
	])('%s is %s for Seedance', (size, ratio) => {
		expect(ratioOf(size, (familyOf('seedance-1').shape as { ratios: string[] }).ratios)).toBe(ratio);
	});

	test('a size near no ratio the family takes is refused, naming the ratios', () => {
		expect(ratioOf('1024x768', ['16:9', '9:16', '1:1'])).toBeUndefined();
		expect(ratioOf('2560x1080', ['16:9', '21:9'])).toBe('21:9');
		expect(familyProblem('kling-v2-6', input({ size: '1024x768' }))).toEqual({
			field: 'size',
			problem: 'kling-v2-6 (Kling) takes an aspect ratio (aspect_ratio: 16:9, 9:16, 1:1), and 1024x768 is none of them',
			fix: expect.stringContaining('Additional Body Fields'),
		});
		expect(familyProblem('sora-2', input({ size: '1024x768' }))).toBeUndefined();
	});
});

describe('what a family cannot take is found before anything is sent', () => {
	const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://img.example.com/${index}.png`);

	test.each([
		['kling-v2-6', 2],
		['doubao-seedance-1-5-pro_10s_720p', 2],
		['wan2.6-r2v-720P-10s', 5],
		['happyhorse-1.0', 5],
	])('%s takes %i reference images, not one more', (model, max) => {
		expect(familyProblem(model, input({ referenceUrls: urls(max) }))).toBeUndefined();
		expect(familyProblem(model, input({ referenceUrls: urls(max + 1) }))).toMatchObject({ field: 'referenceUrls', problem: expect.stringContaining(`this item has ${max + 1} reference images`) });
	});

	test('files only for Sora, Veo and Grok', () => {
		for (const model of ['sora-2', 'veo3']) expect(familyProblem(model, input({ referenceFileCount: 3 }))).toBeUndefined();
		// Grok takes one image, a file as well as a URL.
		expect(familyProblem('grok-video-3-10s', input({ referenceFileCount: 1 }))).toBeUndefined();
		expect(familyProblem('grok-video-3-10s', input({ referenceFileCount: 2 }))).toMatchObject({ field: 'referenceBinaryProperty', problem: expect.stringContaining('up to 1') });
		for (const model of ['kling-v3', 'doubao-seedance-1-5-pro', 'wan2.6', 'happyhorse-1.0']) {
			expect(familyProblem(model, input({ referenceFileCount: 1 }))).toMatchObject({ field: 'referenceBinaryProperty', problem: expect.stringContaining('URLs only') });
		}
	});

	test('integer durations refuse fractions; Sora’s string takes them', () => {
		expect(familyProblem('kling-v3', input({ seconds: '5.5' }))).toMatchObject({ field: 'seconds', problem: 'kling-v3 (Kling) takes whole seconds (duration is an integer), not "5.5"' });
		expect(familyProblem('wan2.6', input({ seconds: '5.5' }))).toMatchObject({ field: 'seconds' });
		expect(familyProblem('sora-2', input({ seconds: '5.5' }))).toBeUndefined();
	});
});

describe('the submit body', () => {
	const request = (overrides: Partial<SubmitRequest> = {}): SubmitRequest => ({
		model: 'doubao-seedance-1-5-pro_10s_720p',
		prompt: 'A fox',
		seconds: '10',
		size: '720x1280',
		referenceUrls: [],
		referenceFiles: [],
		additionalBodyFields: {},
		...overrides,
	});

	test('Additional Body Fields come last, metadata merged key by key', () => {
		expect(submitBody(request({ additionalBodyFields: { metadata: { resolution: '1080p', ratio: 'adaptive' }, seed: 7 } }))).toEqual({
			model: 'doubao-seedance-1-5-pro_10s_720p',
			prompt: 'A fox',
			metadata: { duration: 10, ratio: 'adaptive', resolution: '1080p' },
			seed: 7,
		});
		expect(mergeBodyFields({ duration: 5 }, { duration: 10, mode: 'pro' })).toEqual({ duration: 10, mode: 'pro' });
		expect(mergeBodyFields({ metadata: { duration: 5 } }, { metadata: 'raw' })).toEqual({ metadata: 'raw' });
	});

	test('one reference URL as a plain string when asked (stock new-api), the list otherwise', () => {
		const sora = request({ model: 'sora-2', referenceUrls: ['https://img.example.com/a.png'] });
		expect(submitBody(sora)).toMatchObject({ input_reference: ['https://img.example.com/a.png'] });
		expect(submitBody(sora, true)).toMatchObject({ input_reference: 'https://img.example.com/a.png' });
	});

	test('multipart: files and URLs under input_reference, other values as JSON strings', () => {
		const form = submitBody(
			request({
				model: 'veo3',
				referenceUrls: ['https://img.example.com/a.png'],
				referenceFiles: [{ property: 'data', fileName: 'b.png', mimeType: 'image/png', data: Buffer.from('png') }],
				additionalBodyFields: { enhance_prompt: true, metadata: { seed: 1 }, note: 'plain' },
			}),
		) as FormData;
		expect(form).toBeInstanceOf(FormData);
		expect(form.get('seconds')).toBe('10');
		expect(form.get('size')).toBe('720x1280');
		expect(form.get('enhance_prompt')).toBe('true');
		expect(form.get('metadata')).toBe('{"seed":1}');
		expect(form.get('note')).toBe('plain');
		const references = form.getAll('input_reference');
		expect(references[0]).toBe('https://img.example.com/a.png');
		expect((references[1] as File).name).toBe('b.png');
	});
});
