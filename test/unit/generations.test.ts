import { FAMILIES, modelSpec } from '../../nodes/Yishangyun/task/families';
import { familyFields, type FamilyInput } from '../../nodes/Yishangyun/task/family-fields';
import { familyProblem } from '../../nodes/Yishangyun/task/family-problems';
import { GENERATIONS } from '../../nodes/Yishangyun/task/generations';
import { GROK_SECONDS, KLING_MODE, KLING_SOUND, KLING_VIDEO, readName, renamed, RESOLUTION, SECONDS } from '../../nodes/Yishangyun/task/model-name';
import { modelSummary } from '../../nodes/Yishangyun/task/model-summary';

const urls = (kind: string, count: number) => Array.from({ length: count }, (_, index) => `https://media.example.com/${kind}-${index}`);
const input = (overrides: Partial<FamilyInput> = {}): FamilyInput => ({ referenceUrls: [], referenceFileCount: 0, ...overrides });
const fields = (model: string, overrides: Partial<FamilyInput> = {}) => familyFields(modelSpec(model), input(overrides));

describe('what a model’s name says', () => {
	test.each([
		['doubao-seedance-1-5-pro_10s_720p', [SECONDS, RESOLUTION], { seconds: 10, resolution: '720p' }],
		['doubao-seedance-2-0-fast-1080p', [SECONDS, RESOLUTION], { resolution: '1080p' }],
		['wan2.7-t2v-1080P_15s', [SECONDS, RESOLUTION], { seconds: 15, resolution: '1080P' }],
		['wan2.6-r2v-720P-5s', [SECONDS, RESOLUTION], { seconds: 5, resolution: '720P' }],
		['grok-video-3', [GROK_SECONDS], { seconds: 6 }],
		['grok-video-3-15s', [GROK_SECONDS], { seconds: 15 }],
		['kling-v3-pro-sound', [KLING_MODE, KLING_SOUND], { mode: 'pro', sound: true }],
		['kling-v2-6-std', [KLING_MODE, KLING_SOUND], { mode: 'std' }],
		['kling-v3-omni-4k-video', [KLING_MODE, KLING_VIDEO], { mode: '4k', video: true }],
		['kling-v2', [KLING_MODE, KLING_SOUND], {}],
	])('%s', (model, rules, says) => {
		expect(readName(model, rules)).toEqual(says);
	});

	test('every rule reads its own example', () => {
		for (const rule of [SECONDS, GROK_SECONDS, RESOLUTION, KLING_MODE, KLING_SOUND, KLING_VIDEO]) expect(rule.pattern.test(rule.example)).toBe(true);
	});

	test('a setting changed in the name: the variant to pick', () => {
		expect(renamed('doubao-seedance-1-5-pro_10s_720p', SECONDS, 5)).toBe('doubao-seedance-1-5-pro_5s_720p');
		expect(renamed('wan2.7-t2v-1080P_15s', RESOLUTION, '720p')).toBe('wan2.7-t2v-720P_15s');
		expect(renamed('doubao-seedance-2-0-720p', RESOLUTION, '1080p')).toBe('doubao-seedance-2-0-1080p');
		expect(renamed('grok-video-3', GROK_SECONDS, 15)).toBe('grok-video-3-15s');
		expect(renamed('grok-video-3-10s', GROK_SECONDS, 20)).toBe('grok-video-3-20s');
		expect(renamed('grok-video-3-10s', GROK_SECONDS, 6)).toBe('grok-video-3');
	});
});

describe('each model finds its generation', () => {
	test.each([
		['doubao-seedance-2-0-720p', 'Seedance 2.0'],
		['doubao-seedance-2-0-mini-480p', 'Seedance 2.0'],
		['doubao-seedance-1-0-lite_5s_480p', 'Seedance 1.x'],
		['wan2.6-r2v-720P-5s', 'Wan reference-to-video'],
		['wan2.7-t2v-720P_5s', 'Wan text-to-video'],
		['happyhorse-1.0-r2v-1080P-10s', 'HappyHorse reference-to-video'],
		['kling-v3-omni-pro-video', 'Kling omni with a reference video'],
		['kling-video-o1-std', 'Kling omni'],
		['kling-v3-omni-std-sound', 'Kling omni'],
		['MiniMax-Hailuo-02', 'Hailuo 02'],
		['MiniMax-Hailuo-2.3-Fast', 'Hailuo 2.3'],
		['I2V-01', 'Hailuo I2V-01'],
		['T2V-01', 'Hailuo T2V-01'],
		['kling-v3-pro-sound', undefined],
		['wanx2.1-i2v', undefined],
		['sora-2', undefined],
	])('%s → %s', (model, label) => {
		expect(modelSpec(model).generation?.label).toBe(label);
	});

	test('every generation’s example is of it, and its summary names its family', () => {
		for (const [family, rows] of Object.entries(GENERATIONS)) {
			const label = FAMILIES.find((row) => row.name === family)!.label;
			for (const row of rows!) {
				expect(modelSpec(row.example).generation).toBe(row);
				expect(row.takes.summary ?? `${label} `).toMatch(new RegExp(`^${label} `));
			}
		}
	});
});

describe('each generation’s body: counts, ratio vs size, the name’s settings', () => {
	test('Seedance 2.0: images, videos and audios in their own lists; the name’s resolution in metadata', () => {
		const body = fields('doubao-seedance-2-0-720p', { seconds: '8', size: '1280x720', referenceUrls: urls('img', 9), referenceVideoUrls: urls('vid', 3), referenceAudioUrls: urls('aud', 3) });
		expect(body).toEqual({ metadata: { duration: 8, ratio: '16:9', resolution: '720p' }, images: urls('img', 9), videos: urls('vid', 3), audios: urls('aud', 3) });
	});

	test('an empty Duration is the name’s; its resolution is sent as the provider’s clients send it', () => {
		expect(fields('doubao-seedance-1-5-pro_10s_720p')).toEqual({ metadata: { duration: 10, resolution: '720p' } });
		expect(fields('wan2.7-t2v-1080P_15s', { size: '1920x1080' })).toEqual({ metadata: { duration: 15, ratio: '16:9', resolution: '1080P' } });
	});

	test('Grok: the name is the duration, nothing else carries it; size as a ratio', () => {
		expect(fields('grok-video-3-15s', { seconds: '15', size: '720x1280' })).toEqual({ size: '9:16' });
		expect(fields('grok-video-3')).toEqual({});
	});

	test('Kling: mode and sound as the name says; omni sends mode only, and its -video model one video with video_list', () => {
		expect(fields('kling-v3-pro-sound', { seconds: '5' })).toEqual({ duration: 5, mode: 'pro', sound: 'on' });
		expect(fields('kling-v2-6-std')).toEqual({ mode: 'std', sound: 'off' });
		expect(fields('kling-v3-omni-pro-sound')).toEqual({ mode: 'pro' });
		expect(fields('kling-v3-omni-std-video', { referenceVideoUrls: urls('vid', 1) })).toEqual({
			mode: 'std',
			videos: urls('vid', 1),
			metadata: { video_list: [{ refer_type: 'feature', keep_original_sound: 'no' }] },
		});
	});

	test('Hailuo, Vidu, Jimeng: the fields new-api’s adaptors read', () => {
		const two = urls('img', 2);
		expect(fields('MiniMax-Hailuo-02', { seconds: '10', size: '1920x1080', referenceUrls: two })).toEqual({
			duration: 10,
			size: '1920x1080',
			metadata: { first_frame_image: two[0], last_frame_image: two[1] },
		});
		expect(fields('viduq2', { seconds: '8', size: '720x1280', referenceUrls: urls('img', 3) })).toEqual({ duration: 8, size: '720p', images: urls('img', 3) });
		expect(fields('jimeng_v30_pro', { seconds: '10', size: '1280x720', referenceUrls: two })).toEqual({ duration: 10, metadata: { aspect_ratio: '16:9' }, images: two });
	});
});

describe('refused before anything is sent, with the model to pick', () => {
	test.each([
		['a Duration against the name', 'doubao-seedance-1-5-pro_10s_720p', { seconds: '5' }, 'seconds', /makes 10-second videos \(its name says so\), not 5$/, /Pick doubao-seedance-1-5-pro_5s_720p for 5 seconds/],
		['Grok asked for 15 s of a 6 s model', 'grok-video-3', { seconds: '15' }, 'seconds', /makes 6-second videos/, /Pick grok-video-3-15s for 15 seconds/],
		['Grok asked for a duration it never makes', 'grok-video-3-10s', { seconds: '12' }, 'seconds', /not 12$/, /pick one of grok-video-3, grok-video-3-10s, grok-video-3-15s, grok-video-3-20s, grok-video-3-30s/],
		['a Size against the name’s resolution', 'wan2.7-t2v-1080P_15s', { size: '1280x720' }, 'size', /makes 1080P videos \(its name says so\), and 1280x720 is 720p$/, /Pick wan2.7-t2v-720P_15s for 720p/],
		['Jimeng’s 5-or-10 rule', 'jimeng_v30', { seconds: '7' }, 'seconds', /makes 5 or 10-second videos, not 7$/, /Enter 5 or 10/],
		['Vidu’s resolution words', 'viduq1', { size: '854x480' }, 'size', /takes a resolution \(size: 360p, 540p, 720p, 1080p\), and 854x480 is 480p$/, /e.g. 1280x720 \(720p\)/],
		['Vidu, a size of no resolution', 'viduq1', { size: '1024x1024' }, 'size', /1024x1024 is 1024p$/, /1280x720/],
		['an image for Wan text-to-video', 'wan2.7-t2v-720P_5s', { referenceUrls: urls('img', 1) }, 'referenceUrls', /takes no reference images, and this item has 1$/, /pick wan2.7-r2v-720P-5s, which takes them/],
		['a third image for Seedance 1.x', 'doubao-seedance-1-5-pro_10s_720p', { referenceUrls: urls('img', 3) }, 'referenceUrls', /takes up to 2 \(images\)/, /doubao-seedance-2-0-720p \(Seedance 2.0, up to 9\)/],
		['a tenth image for Seedance 2.0', 'doubao-seedance-2-0-720p', { referenceUrls: urls('img', 10) }, 'referenceUrls', /takes up to 9 \(images\), and this item has 10 reference images$/, /^Give at most 9 reference images\.$/],
		['a video for Sora', 'sora-2', { referenceVideoUrls: urls('vid', 1) }, 'referenceVideoUrls', /^sora-2 \(Sora\) takes no reference videos, and this item has 1$/, /doubao-seedance-2-0-720p \(Seedance 2.0, up to 3\), wan2.6-r2v-720P-5s/],
		['a video for Seedance 1.x', 'doubao-seedance-1-5-pro_10s_720p', { referenceVideoUrls: urls('vid', 1) }, 'referenceVideoUrls', /takes no reference videos/, /Seedance 2.0/],
		['a fourth video for Wan r2v', 'wan2.6-r2v-720P-5s', { referenceVideoUrls: urls('vid', 4) }, 'referenceVideoUrls', /takes up to 3 \(videos\), and this item has 4 reference videos$/, /Give at most 3/],
		['a video for Kling omni with sound', 'kling-v3-omni-pro-sound', { referenceVideoUrls: urls('vid', 1) }, 'referenceVideoUrls', /takes no reference videos/, /pick kling-v3-omni-pro-video, which takes them/],
		['a video for Kling v3', 'kling-v3-pro', { referenceVideoUrls: urls('vid', 1) }, 'referenceVideoUrls', /takes no reference videos/, /kling-v3-omni-std-video \(Kling omni with a reference video, up to 1\)/],
		['two videos for Kling omni', 'kling-video-o1-std-video', { referenceVideoUrls: urls('vid', 2) }, 'referenceVideoUrls', /takes up to 1 \(videos\)/, /Give at most 1/],
		['no video for a Kling -video model', 'kling-video-o1-std-video', {}, 'referenceVideoUrls', /restyles or extends a reference video, and this item has none$/, /or pick kling-video-o1-std to generate without one/],
		['an audio for Wan r2v', 'wan2.6-r2v-720P-5s', { referenceAudioUrls: urls('aud', 1) }, 'referenceAudioUrls', /takes no reference audios/, /doubao-seedance-2-0-720p \(Seedance 2.0, up to 3\)\.$/],
		['Hailuo 02 at 7 s', 'MiniMax-Hailuo-02', { seconds: '7' }, 'seconds', /makes 6 or 10-second videos, not 7$/, /Enter 6 or 10/],
		['Hailuo 02 at 720P', 'MiniMax-Hailuo-02', { size: '1280x720' }, 'size', /makes 512P, 768P, 1080P videos \(read out of size\), and 1280x720 is 720P$/, /912x512 or 1366x768 or 1920x1080/],
		['Hailuo 2.3, a size it reads nothing from', 'MiniMax-Hailuo-2.3', { size: '1024x1024' }, 'size', /and 1024x1024 is none of them$/, /1366x768/],
		['an image for Hailuo T2V-01', 'T2V-01', { referenceUrls: urls('img', 1) }, 'referenceUrls', /takes no reference images/, /such as/],
		['an eighth image for Vidu', 'viduq2', { referenceUrls: urls('img', 8) }, 'referenceUrls', /takes up to 7 \(images\)/, /Seedance 2.0, up to 9/],
		['a video for Hailuo', 'MiniMax-Hailuo-2.3', { referenceVideoUrls: urls('vid', 1) }, 'referenceVideoUrls', /\(Hailuo\) takes no reference videos/, /Seedance 2.0/],
	])('%s', (_name, model, overrides, field, problem, fix) => {
		const found = familyProblem(model, input(overrides as Partial<FamilyInput>));
		expect(found).toMatchObject({ field, problem: expect.stringMatching(problem), fix: expect.stringMatching(fix) });
	});

	test('what agrees with the name passes', () => {
		expect(familyProblem('doubao-seedance-1-5-pro_10s_720p', input({ seconds: '10', size: '720x1280' }))).toBeUndefined();
		expect(familyProblem('grok-video-3', input({ seconds: '6', size: '1280x720' }))).toBeUndefined();
		expect(familyProblem('wan2.7-t2v-1080P_15s', input({ size: '1024x1024' }))).toBeUndefined();
		expect(familyProblem('MiniMax-Hailuo-02', input({ seconds: '10', size: '1366x768', referenceUrls: urls('img', 2) }))).toBeUndefined();
		expect(familyProblem('jimeng_v30', input({ seconds: '10', size: '1280x720', referenceUrls: urls('img', 4) }))).toBeUndefined();
		expect(familyProblem('doubao-seedance-2-0-720p', input({ referenceUrls: urls('img', 9), referenceVideoUrls: urls('vid', 3), referenceAudioUrls: urls('aud', 3) }))).toBeUndefined();
	});
});

describe('the Model list says what each model takes and what its name says', () => {
	test.each([
		['doubao-seedance-2-0-720p', 'Seedance 2.0 video model: up to 9 images, 3 videos, 3 audios (omni reference); duration + ratio in metadata; 720p'],
		['doubao-seedance-1-5-pro_10s_720p', 'Seedance 1.x video model: up to 2 images (first and last frame); duration + ratio in metadata; 10 s, 720p'],
		['wan2.6-r2v-720P-5s', 'Wan reference-to-video model: up to 5 images, 3 videos; duration + ratio in metadata; 5 s, 720P'],
		['grok-video-3', expect.stringMatching(/^Grok video model: .+; 6 s$/)],
		['kling-v3-pro-sound', 'Kling video model: duration + aspect ratio, first/last frame; pro mode, with sound'],
		['kling-v2', 'Kling video model: duration + aspect ratio, first/last frame'],
		['gpt-4o', undefined],
	])('%s', (model, summary) => {
		expect(modelSummary(model)).toEqual(summary);
	});
});
