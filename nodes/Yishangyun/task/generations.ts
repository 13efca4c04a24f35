import type { FamilyName, GenerationTakes } from './families';
import { KLING_MODE, KLING_SOUND, KLING_VIDEO } from './model-name';

/**
 * Where a family's generations differ in what they take, the rows that differ, as the provider's
 * own clients send them (SPEC.md › "Reference media beyond images, and limits per model
 * generation": seedRefV2, klingToVideo, wanToVideo, happyHourseToVideo). A model takes its
 * family's row (families.ts) with the first generation whose pattern it matches laid over it.
 * Adding a generation is adding a row (and a test).
 */
export interface Generation {
	label: string;
	pattern: RegExp;
	/** A model id of this generation: the Model list and error advice name it. */
	example: string;
	takes: GenerationTakes;
}

const METADATA = 'duration + ratio in metadata';
const FRAMES = 'first/last frame in metadata';
const HAILUO_6_10 = { path: 'duration', as: 'integer', only: [6, 10] } as const;
const HAILUO_6 = { path: 'duration', as: 'integer', only: [6] } as const;

// wanToVideo / happyHourseToVideo pick `-r2v-` whenever there are references: images and videos.
const referenceToVideo = (family: string, example: string): Generation => ({
	label: `${family} reference-to-video`,
	pattern: /-r2v-/i,
	example,
	takes: { videos: { path: 'videos', max: 3 }, summary: `${family} reference-to-video model: up to 5 images, 3 videos; ${METADATA}` },
});

// `-t2v-` is text only; its `-r2v-` sibling (`wan2.7-t2v-720P_5s` → `wan2.7-r2v-720P-5s`) takes references.
const textToVideo = (family: string, example: string): Generation => ({
	label: `${family} text-to-video`,
	pattern: /-t2v-/i,
	example,
	takes: {
		references: { list: 'images', max: 0, files: false },
		instead: (model) => model.replace(/-t2v-/i, '-r2v-').replace(/_(\d+s)$/i, '-$1'),
		summary: `${family} text-to-video model: text only; ${METADATA}`,
	},
});

export const GENERATIONS: Partial<Record<FamilyName, readonly Generation[]>> = {
	seedance: [
		{
			// Omni reference: every medium in its own list, the resolution in the name.
			label: 'Seedance 2.0',
			pattern: /seedance-2/i,
			example: 'doubao-seedance-2-0-720p',
			takes: {
				references: { list: 'images', max: 9, files: false },
				videos: { path: 'videos', max: 3 },
				audios: { path: 'audios', max: 3 },
				summary: `Seedance 2.0 video model: up to 9 images, 3 videos, 3 audios (omni reference); ${METADATA}`,
			},
		},
		{
			label: 'Seedance 1.x',
			pattern: /seedance-1/i,
			example: 'doubao-seedance-1-5-pro_10s_720p',
			takes: { summary: `Seedance 1.x video model: up to 2 images (first and last frame); ${METADATA}` },
		},
	],
	wan: [referenceToVideo('Wan', 'wan2.6-r2v-720P-5s'), textToVideo('Wan', 'wan2.7-t2v-720P_5s')],
	happyhorse: [referenceToVideo('HappyHorse', 'happyhorse-1.0-r2v-720P-5s'), textToVideo('HappyHorse', 'happyhorse-1.0-t2v-720P_5s')],
	// hailuo/models.go GetModelConfig: the durations and resolutions each model makes (MiniMax
	// refuses others); the resolution is read out of `size` (hailuo/adaptor.go).
	hailuo: [
		{
			label: 'Hailuo 02',
			pattern: /hailuo-02/i,
			example: 'MiniMax-Hailuo-02',
			takes: { duration: HAILUO_6_10, shape: { path: 'size', as: 'size', resolutions: ['512P', '768P', '1080P'] }, summary: `Hailuo 02 video model: 6 or 10 s, 512P, 768P or 1080P; ${FRAMES}` },
		},
		{
			label: 'Hailuo 2.3',
			pattern: /hailuo/i,
			example: 'MiniMax-Hailuo-2.3',
			takes: { duration: HAILUO_6_10, shape: { path: 'size', as: 'size', resolutions: ['768P', '1080P'] }, summary: `Hailuo 2.3 video model: 6 or 10 s, 768P or 1080P; ${FRAMES}` },
		},
		{
			label: 'Hailuo I2V-01',
			pattern: /i2v-01/i,
			example: 'I2V-01',
			takes: { duration: HAILUO_6, shape: { path: 'size', as: 'size', resolutions: ['720P', '1080P'] }, summary: `Hailuo I2V-01 video model: 6 s, 720P or 1080P; ${FRAMES}` },
		},
		{
			label: 'Hailuo S2V-01',
			pattern: /s2v-01/i,
			example: 'S2V-01',
			takes: {
				duration: HAILUO_6,
				shape: { path: 'size', as: 'size', resolutions: ['720P'] },
				references: { frames: ['metadata.first_frame_image'] },
				summary: 'Hailuo S2V-01 video model: 6 s, 720P; 1 image (metadata.first_frame_image)',
			},
		},
		{
			label: 'Hailuo T2V-01',
			pattern: /t2v-01/i,
			example: 'T2V-01',
			takes: { duration: HAILUO_6, shape: { path: 'size', as: 'size', resolutions: ['720P'] }, references: { frames: [] }, summary: 'Hailuo T2V-01 video model: 6 s, 720P; text only' },
		},
	],
	kling: [
		{
			// klingToVideo: one video in `videos`, described in metadata.video_list; no `sound` field.
			label: 'Kling omni with a reference video',
			pattern: /(video-o1|v3-omni).*-video$/i,
			example: 'kling-v3-omni-std-video',
			takes: {
				videos: { path: 'videos', max: 1, min: 1, with: { 'metadata.video_list': [{ refer_type: 'feature', keep_original_sound: 'no' }] } },
				names: [KLING_MODE, KLING_VIDEO],
				sends: { mode: 'mode' },
				instead: (model) => model.replace(/-video$/i, ''),
				summary: 'Kling omni video model: restyles or extends 1 reference video; duration + aspect ratio, first/last frame',
			},
		},
		{
			// Omni takes sound or a video, not both: a video means its `-video` sibling.
			label: 'Kling omni',
			pattern: /video-o1|v3-omni/i,
			example: 'kling-v3-omni-std',
			takes: {
				names: [KLING_MODE, KLING_SOUND],
				sends: { mode: 'mode' },
				instead: (model) => `${model.replace(/-sound$/i, '')}-video`,
				summary: 'Kling omni video model: duration + aspect ratio, first/last frame; a reference video goes to its -video model',
			},
		},
	],
};
