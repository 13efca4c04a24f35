import '../harness/env';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, type Simulator } from '../harness/simulator';
import { NODE, videoWorkflow, type VideoWorkflowOptions } from '../harness/workflow';

// Each generation's body, as the provider's own clients send it (SPEC.md › "Reference media beyond
// images…", "What a model's name says", "new-api's other native video adaptors"), and each thing a
// model cannot take refused before any request, with the model to pick instead.

const media = (kind: string, count: number, extension: string) => Array.from({ length: count }, (_, index) => `https://media.example.com/${kind}-${index + 1}.${extension}`);
const images = (count: number) => media('image', count, 'png');
const videos = (count: number) => media('video', count, 'mp4');
const audios = (count: number) => media('audio', count, 'mp3');
const joined = (urls: string[]) => urls.join(', ');

const MODELS = {
	seedance2: 'doubao-seedance-2-0-720p',
	seedance1: 'doubao-seedance-1-5-pro_10s_720p',
	wanR2v: 'wan2.6-r2v-720P-5s',
	wanT2v: 'wan2.7-t2v-1080P_15s',
	klingOmniVideo: 'kling-v3-omni-std-video',
	klingOmni: 'kling-v3-omni-pro-sound',
	kling: 'kling-v3-pro',
	grok: 'grok-video-3-15s',
	grokPlain: 'grok-video-3',
	hailuo: 'MiniMax-Hailuo-02',
	vidu: 'viduq2',
	jimeng: 'jimeng_vgfm_t2v_l20',
	sora: 'sora-2',
};

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ dialect: 'newapi', gatewayPollSeconds: 0, jobSeconds: 0.3, queueSeconds: 0.05, models: Object.values(MODELS) });
});
afterAll(async () => await sim.close());

/** Every submit field from the item, so each item of a batch can ask for its own. */
const FROM_ITEM = {
	model: '={{ $json.model }}',
	prompt: '={{ $json.prompt }}',
	seconds: '={{ $json.seconds || "" }}',
	size: '={{ $json.size || "" }}',
	referenceUrls: '={{ $json.images || "" }}',
	referenceVideoUrls: '={{ $json.videos || "" }}',
	referenceAudioUrls: '={{ $json.audios || "" }}',
};

const run = (items: IDataObject[], options: Omit<VideoWorkflowOptions, 'items'> = {}) =>
	runWorkflow(videoWorkflow({ ...options, items: items.map((json) => ({ json })), parameters: { operation: 'submit', ...FROM_ITEM, ...options.parameters } }), {
		credentials: credentialsFor(sim),
	});

describe('each generation gets exactly the body the provider’s clients send', () => {
	const PROMPT = 'A lighthouse in a storm';
	const cases: Array<[string, IDataObject, IDataObject]> = [
		[
			'Seedance 2.0 omni reference: 9 images, 3 videos, 3 audios, the name’s resolution',
			{ model: MODELS.seedance2, seconds: '8', size: '1280x720', images: joined(images(9)), videos: joined(videos(3)), audios: joined(audios(3)) },
			{ metadata: { duration: 8, ratio: '16:9', resolution: '720p' }, images: images(9), videos: videos(3), audios: audios(3) },
		],
		[
			'Seedance 1.x, Duration empty: the name’s 10 s and 720p',
			{ model: MODELS.seedance1, size: '720x1280', images: joined(images(2)) },
			{ metadata: { duration: 10, ratio: '9:16', resolution: '720p' }, images: images(2) },
		],
		[
			'Wan reference-to-video: images and a video, the name’s 5 s',
			{ model: MODELS.wanR2v, size: '1280x720', images: joined(images(2)), videos: joined(videos(1)) },
			{ metadata: { duration: 5, ratio: '16:9', resolution: '720P' }, images: images(2), videos: videos(1) },
		],
		['Wan text-to-video: text only, the name’s 15 s and 1080P', { model: MODELS.wanT2v, size: '1920x1080' }, { metadata: { duration: 15, ratio: '16:9', resolution: '1080P' } }],
		[
			'Kling omni with a reference video: one video, video_list, the name’s mode',
			{ model: MODELS.klingOmniVideo, seconds: '5', size: '1280x720', images: joined(images(1)), videos: joined(videos(1)) },
			{ duration: 5, aspect_ratio: '16:9', mode: 'std', image: images(1)[0], videos: videos(1), metadata: { video_list: [{ refer_type: 'feature', keep_original_sound: 'no' }] } },
		],
		['Kling omni with sound: the mode, no sound field', { model: MODELS.klingOmni, seconds: '10', size: '720x1280' }, { duration: 10, aspect_ratio: '9:16', mode: 'pro' }],
		['Kling v3: the name’s mode, sound off', { model: MODELS.kling, seconds: '10', size: '1080x1080' }, { duration: 10, aspect_ratio: '1:1', mode: 'pro', sound: 'off' }],
		['Grok: size as a ratio, no seconds (the name is 15 s)', { model: MODELS.grok, seconds: '15', size: '1920x1280', images: joined(images(1)) }, { size: '3:2', input_reference: images(1) }],
		[
			'Hailuo: duration, size as given, first and last frame in metadata',
			{ model: MODELS.hailuo, seconds: '10', size: '1920x1080', images: joined(images(2)) },
			{ duration: 10, size: '1920x1080', metadata: { first_frame_image: images(2)[0], last_frame_image: images(2)[1] } },
		],
		['Vidu: duration, the resolution word, images', { model: MODELS.vidu, seconds: '5', size: '720x1280', images: joined(images(3)) }, { duration: 5, size: '720p', images: images(3) }],
		['Jimeng: 10 s, the ratio in metadata, images', { model: MODELS.jimeng, seconds: '10', size: '1280x720', images: joined(images(1)) }, { duration: 10, metadata: { aspect_ratio: '16:9' }, images: images(1) }],
	];

	test.each(cases)('%s', async (_name, item, fields) => {
		const before = sim.submits().length;
		const { output } = await run([{ prompt: PROMPT, ...item }]);
		const sent = sim.submits().slice(before);
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({ model: item.model, prompt: PROMPT, ...fields });
		expect(output(NODE)[0].json).toMatchObject({ task_id: expect.any(String), model: item.model });
	});
});

describe('what a model cannot take fails before any request, naming the field, the item and the model to pick', () => {
	// The first item is fine and the second is not, so nothing at all is sent.
	const cases: Array<[string, IDataObject, RegExp, RegExp]> = [
		[
			'a third image for Seedance 1.x',
			{ model: MODELS.seedance1, images: joined(images(3)) },
			/^Reference Image URLs: doubao-seedance-1-5-pro_10s_720p \(Seedance\) takes up to 2 \(images\), and this item has 3 reference images \(item 2\)$/,
			/doubao-seedance-2-0-720p \(Seedance 2\.0, up to 9\)/,
		],
		[
			'a video for Seedance 1.x',
			{ model: MODELS.seedance1, videos: joined(videos(1)) },
			/^Reference Video URLs: .+ \(Seedance\) takes no reference videos, and this item has 1 \(item 2\)$/,
			/doubao-seedance-2-0-720p \(Seedance 2\.0, up to 3\)/,
		],
		['a tenth image for Seedance 2.0', { model: MODELS.seedance2, images: joined(images(10)) }, /takes up to 9 \(images\), and this item has 10 reference images \(item 2\)$/, /^Give at most 9/],
		['a fourth video for Seedance 2.0', { model: MODELS.seedance2, videos: joined(videos(4)) }, /^Reference Video URLs: .+ takes up to 3 \(videos\), and this item has 4 reference videos \(item 2\)$/, /^Give at most 3/],
		['a fourth audio for Seedance 2.0', { model: MODELS.seedance2, audios: joined(audios(4)) }, /^Reference Audio URLs: .+ takes up to 3 \(audios\), and this item has 4 reference audios \(item 2\)$/, /^Give at most 3/],
		['a video for Sora', { model: MODELS.sora, videos: joined(videos(1)) }, /^Reference Video URLs: sora-2 \(Sora\) takes no reference videos/, /wan2\.6-r2v-720P-5s \(Wan reference-to-video, up to 3\)/],
		['an image for Wan text-to-video', { model: MODELS.wanT2v, images: joined(images(1)) }, /^Reference Image URLs: .+ \(Wan\) takes no reference images/, /pick wan2\.7-r2v-1080P-15s, which takes them/],
		['an audio for Wan reference-to-video', { model: MODELS.wanR2v, audios: joined(audios(1)) }, /^Reference Audio URLs: .+ takes no reference audios/, /doubao-seedance-2-0-720p/],
		['a video for Kling v3', { model: MODELS.kling, videos: joined(videos(1)) }, /^Reference Video URLs: kling-v3-pro \(Kling\) takes no reference videos/, /kling-v3-omni-std-video/],
		['a video for Kling omni with sound', { model: MODELS.klingOmni, videos: joined(videos(1)) }, /takes no reference videos/, /pick kling-v3-omni-pro-video, which takes them/],
		['no video for Kling omni’s -video model', { model: MODELS.klingOmniVideo }, /^Reference Video URLs: .+ restyles or extends a reference video, and this item has none \(item 2\)$/, /pick kling-v3-omni-std to generate without one/],
		['Duration 5 for a 10-second model', { model: MODELS.seedance1, seconds: '5' }, /^Duration \(Seconds\): .+ makes 10-second videos \(its name says so\), not 5 \(item 2\)$/, /^Pick doubao-seedance-1-5-pro_5s_720p for 5 seconds/],
		['a second image for Grok', { model: MODELS.grok, images: joined(images(2)) }, /^Reference Image URLs: grok-video-3-15s \(Grok\) takes up to 1 \(input_reference\), and this item has 2 reference images \(item 2\)$/, /^Give at most 1/],
		['Duration 15 for Grok’s 6 s model', { model: MODELS.grokPlain, seconds: '15' }, /^Duration \(Seconds\): grok-video-3 \(Grok\) makes 6-second videos/, /^Pick grok-video-3-15s for 15 seconds/],
		['a 720p Size for a 1080P model', { model: MODELS.wanT2v, size: '1280x720' }, /^Size: .+ makes 1080P videos \(its name says so\), and 1280x720 is 720p \(item 2\)$/, /^Pick wan2\.7-t2v-720P_15s for 720p/],
		['Jimeng at 7 s', { model: MODELS.jimeng, seconds: '7' }, /^Duration \(Seconds\): .+ \(Jimeng\) makes 5 or 10-second videos, not 7 \(item 2\)$/, /^Enter 5 or 10/],
		['Vidu at 480p', { model: MODELS.vidu, size: '854x480' }, /^Size: viduq2 \(Vidu\) takes a resolution \(size: 360p, 540p, 720p, 1080p\), and 854x480 is 480p \(item 2\)$/, /1280x720 \(720p\)/],
		['Hailuo 02 at 720P', { model: MODELS.hailuo, size: '1280x720' }, /^Size: .+ makes 512P, 768P, 1080P videos \(read out of size\), and 1280x720 is 720P \(item 2\)$/, /1366x768/],
		['a video for Hailuo', { model: MODELS.hailuo, videos: joined(videos(1)) }, /^Reference Video URLs: .+ \(Hailuo\) takes no reference videos/, /Seedance 2\.0/],
		['a video URL that is not one', { model: MODELS.seedance2, videos: 'ftp://media.example.com/a.mp4' }, /^Reference Video URLs: "ftp:\/\/media\.example\.com\/a\.mp4" is not an http\(s\) URL \(item 2\)$/, /video URLs starting with https/],
	];

	test.each(cases)('%s', async (_name, bad, message, advice) => {
		const fine = bad.model === MODELS.klingOmniVideo ? { videos: videos(1)[0] } : {};
		const before = sim.requests.length;
		const { error } = await run([{ prompt: 'fine', model: bad.model, ...fine }, { prompt: 'not fine', ...bad }]);
		expect(error(NODE)!.message).toMatch(message);
		expect(error(NODE)!.description).toMatch(advice);
		expect(sim.requests.length).toBe(before);
	});

	test('under continue-on-fail, the refused item is an error item with its advice, and the others are sent', async () => {
		const before = sim.submits().length;
		const { output } = await run(
			[
				{ prompt: 'omni', model: MODELS.seedance2, images: joined(images(3)), audios: joined(audios(1)) },
				{ prompt: 'too many', model: MODELS.seedance1, images: joined(images(3)) },
			],
			{ continueOnFail: true },
		);
		expect(sim.submits()).toHaveLength(before + 1);
		expect(output(NODE).map((item) => [Boolean(item.json.task_id), (item.json.error as IDataObject | undefined)?.message ?? null])).toEqual([
			[true, null],
			[false, expect.stringMatching(/^Reference Image URLs: .+ \(item 2\)$/)],
		]);
	});
});

describe('Submit and Wait: every generation comes out as long and as large as asked, or as its name says', () => {
	test('one item each, one submit each, every video downloaded', async () => {
		const items = [
			{ model: MODELS.seedance2, seconds: '8', size: '1280x720', images: joined(images(2)), videos: joined(videos(1)), audios: joined(audios(1)) },
			{ model: MODELS.wanR2v, size: '720x1280', images: joined(images(1)), videos: joined(videos(2)) },
			{ model: MODELS.klingOmniVideo, seconds: '10', size: '1280x720', videos: joined(videos(1)) },
			{ model: MODELS.grok, size: '720x1280', images: joined(images(1)) },
			{ model: MODELS.hailuo, seconds: '10', size: '1920x1080', images: joined(images(1)) },
			{ model: MODELS.vidu, seconds: '8', size: '1280x720', images: joined(images(3)) },
			{ model: MODELS.jimeng, seconds: '10', size: '1280x720' },
		].map((item, index) => ({ prompt: `Generation ${index + 1}`, ...item }));
		const before = sim.submits().length;
		const { output } = await run(items, { parameters: { operation: 'submitAndWait' } });
		expect(sim.submits()).toHaveLength(before + items.length);
		expect(output(NODE).map((item) => [item.json.model, item.json.status, item.json.seconds, item.json.width, item.json.height])).toEqual([
			[MODELS.seedance2, 'completed', 8, 1280, 720],
			[MODELS.wanR2v, 'completed', 5, 720, 1280],
			[MODELS.klingOmniVideo, 'completed', 10, 1280, 720],
			[MODELS.grok, 'completed', 15, 720, 1280],
			[MODELS.hailuo, 'completed', 10, 1920, 1080],
			[MODELS.vidu, 'completed', 8, 1280, 720],
			[MODELS.jimeng, 'completed', 10, 1280, 720],
		]);
		for (const item of output(NODE)) expect(item.binary?.data).toBeDefined();
	});
});
