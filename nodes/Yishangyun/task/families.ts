import { GENERATIONS, type Generation } from './generations';
import { GROK_SECONDS, KLING_MODE, KLING_SOUND, readName, RESOLUTION, SECONDS, type NameRule, type NameSays } from './model-name';

/**
 * Model families: how one item's Duration, Size and reference media become request fields.
 *
 * The provider's gateway (new-api) hands each family's body to a different upstream, and each
 * upstream reads only its own fields: Kling ignores `seconds` (and comes out 5 s) and is square
 * without `aspect_ratio`; Seedance and Wan read `metadata.duration` / `metadata.ratio`, and Wan
 * refuses a `size`; Sora's OpenAI upstream refuses any field it does not know. So each family
 * gets its own fields and never another's. The rows follow the provider's own clients
 * (SPEC.md › "Request bodies each family takes"); Hailuo, Vidu and Jimeng follow new-api's own
 * adaptors (SPEC.md › "new-api's other native video adaptors"). Where a family's generations
 * differ (Seedance 2.0, Wan r2v/t2v, Kling omni), generations.ts holds the rows that differ.
 * Adding a family or a generation is adding a row (and a test).
 */

export type FamilyName = 'sora' | 'veo' | 'grok' | 'kling' | 'seedance' | 'wan' | 'happyhorse' | 'hailuo' | 'vidu' | 'jimeng';

/** Where reference images go: one list field, or one field per frame in order (first, last). */
export type ReferenceFields = { list: string; max?: number; files: boolean } | { frames: string[] };

/** Where reference videos or audios go, and how many the model takes. */
export interface MediaField {
	path: string;
	max: number;
	/** The model is made to restyle one (Kling omni `-video`): without it there is nothing to do. */
	min?: number;
	/** Fields the provider's client sends with the media, by dotted path. */
	with?: Record<string, unknown>;
}

/** What a model takes: the part of a family a generation may change. */
export interface Takes {
	references: ReferenceFields;
	videos?: MediaField;
	audios?: MediaField;
	/** The settings the family's model names carry (model-name.ts). */
	names?: readonly NameRule[];
	/** The fields the name's settings go in, where the provider's clients send them. */
	sends?: { resolution?: string; mode?: string; sound?: string };
	/** Advice for media this model lacks and a sibling model takes: the model to pick instead. */
	instead?: (model: string) => string;
	/** The Model list's description of such a model (its name's settings are added to it). */
	summary: string;
}

export interface Family extends Takes {
	name: FamilyName;
	/** How the family is named in messages and in the Model list. */
	label: string;
	/** Model ids of this family, e.g. `kling-v2-6-pro`, `doubao-seedance-1-5-pro_10s_720p`. */
	pattern: RegExp;
	/**
	 * Duration's field (a dotted path) and its type: OpenAI's `seconds` is a string. `name`: the
	 * model's name is the duration and no field carries it (Grok). `only`: the durations it makes.
	 */
	duration: { path: string; as: 'string' | 'integer'; only?: readonly number[] } | { as: 'name'; only: readonly number[] };
	/**
	 * Size's field: as `WxH` (`resolutions`: the ones the upstream reads out of it and makes), as
	 * the nearest ratio the family takes, or as a resolution word (`720p`).
	 */
	shape: { path: string; as: 'size'; resolutions?: string[] } | { path: string; as: 'ratio'; ratios: string[] } | { path: string; as: 'resolution'; resolutions: string[] };
}

/** What a generation may change of its family: what it takes, and the durations and sizes it makes. */
export type GenerationTakes = Partial<Takes & Pick<Family, 'duration' | 'shape'>>;

// The document's shape: OpenAI's video API, which the gateway relays to Sora and Veo.
const OPENAI_SHAPE = {
	duration: { path: 'seconds', as: 'string' },
	shape: { path: 'size', as: 'size' },
	references: { list: 'input_reference', files: true },
} as const satisfies Pick<Family, 'duration' | 'shape' | 'references'>;

const WAN_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];
// The provider's clients send the name's duration and resolution in metadata (seedRefV2, wanToVideo).
const METADATA_NAMES = { names: [SECONDS, RESOLUTION], sends: { resolution: 'metadata.resolution' } } as const;

export const FAMILIES: readonly Family[] = [
	{ name: 'sora', label: 'Sora', pattern: /(^|[^a-z])sora/i, ...OPENAI_SHAPE, summary: 'Sora video model: seconds + size, reference images as URLs or files' },
	{ name: 'veo', label: 'Veo', pattern: /(^|[^a-z])veo/i, ...OPENAI_SHAPE, summary: 'Veo video model: seconds + size, reference images as URLs or files' },
	{
		// Grok's chat models (grok-4, …) are not video models; its video ones say so in the name.
		// The provider's Grok client sends no seconds (the name is the duration) and size as a ratio.
		name: 'grok',
		label: 'Grok',
		pattern: /grok[\w.-]*video/i,
		duration: { as: 'name', only: [6, 10, 15, 20, 30] },
		shape: { path: 'size', as: 'ratio', ratios: ['16:9', '9:16', '1:1', '3:2', '2:3'] },
		// One image: the provider's Grok client sends only the first (ding-grokToVideo), and xAI's
		// upstream makes a video from one; a second would be paid for and ignored.
		references: { ...OPENAI_SHAPE.references, max: 1 },
		names: [GROK_SECONDS],
		summary: 'Grok video model: the duration is in the name (grok-video-3-10s); size as a ratio, one reference image as a URL or file',
	},
	{
		name: 'kling',
		label: 'Kling',
		pattern: /kling/i,
		duration: { path: 'duration', as: 'integer' },
		shape: { path: 'aspect_ratio', as: 'ratio', ratios: ['16:9', '9:16', '1:1'] },
		references: { frames: ['image', 'image_tail'] },
		// klingToVideo: `mode` as in the name, `sound` on with the `-sound` suffix, off without.
		names: [KLING_MODE, KLING_SOUND],
		sends: { mode: 'mode', sound: 'sound' },
		summary: 'Kling video model: duration + aspect ratio, first/last frame',
	},
	{
		name: 'seedance',
		label: 'Seedance',
		pattern: /seedance/i,
		duration: { path: 'metadata.duration', as: 'integer' },
		shape: { path: 'metadata.ratio', as: 'ratio', ratios: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'] },
		references: { list: 'images', max: 2, files: false },
		...METADATA_NAMES,
		summary: 'Seedance video model: duration + ratio in metadata, up to 2 reference images',
	},
	{
		name: 'wan',
		label: 'Wan',
		pattern: /(^|[^a-z])wan(x|\d|[-_.]|$)/i,
		duration: { path: 'metadata.duration', as: 'integer' },
		shape: { path: 'metadata.ratio', as: 'ratio', ratios: WAN_RATIOS },
		references: { list: 'images', max: 5, files: false },
		...METADATA_NAMES,
		summary: 'Wan video model: duration + ratio in metadata, up to 5 reference images',
	},
	{
		name: 'happyhorse',
		label: 'HappyHorse',
		pattern: /happyhorse/i,
		duration: { path: 'metadata.duration', as: 'integer' },
		shape: { path: 'metadata.ratio', as: 'ratio', ratios: WAN_RATIOS },
		references: { list: 'images', max: 5, files: false },
		...METADATA_NAMES,
		summary: 'HappyHorse video model: duration + ratio in metadata, up to 5 reference images',
	},
	{
		// new-api's hailuo adaptor: `duration` (default 6), `size` → resolution by substring, the
		// whole `metadata` laid over the request; `images` is never read (hailuo/adaptor.go).
		name: 'hailuo',
		label: 'Hailuo',
		pattern: /hailuo|(^|[^a-z])[tis]2v-01/i,
		duration: { path: 'duration', as: 'integer' },
		shape: { path: 'size', as: 'size' },
		references: { frames: ['metadata.first_frame_image', 'metadata.last_frame_image'] },
		summary: 'Hailuo video model: duration + size, first/last frame in metadata',
	},
	{
		// new-api's vidu adaptor: `duration` (default 5), `size` copied as the resolution word, the
		// image count picks the endpoint (1 image, 2 start-end, 3+ reference) (vidu/adaptor.go).
		name: 'vidu',
		label: 'Vidu',
		pattern: /(^|[^a-z])vidu/i,
		duration: { path: 'duration', as: 'integer' },
		shape: { path: 'size', as: 'resolution', resolutions: ['360p', '540p', '720p', '1080p'] },
		// platform.vidu.com: reference-to-video takes 1 to 7 images.
		references: { list: 'images', max: 7, files: false },
		summary: 'Vidu video model: duration + resolution (720p, 1080p), up to 7 images (1: first frame, 2: first and last, 3 or more: references)',
	},
	{
		// new-api's jimeng adaptor: duration 10 → 241 frames, anything else → 121 (5 s); `metadata`
		// laid over the request, so the ratio goes in metadata.aspect_ratio (jimeng/adaptor.go).
		name: 'jimeng',
		label: 'Jimeng',
		pattern: /jimeng/i,
		duration: { path: 'duration', as: 'integer', only: [5, 10] },
		shape: { path: 'metadata.aspect_ratio', as: 'ratio', ratios: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'] },
		references: { list: 'images', files: false },
		summary: 'Jimeng video model: 5 or 10 s, ratio in metadata, reference images',
	},
];

/** A model name no row knows gets the API document's shape, which is Sora's. */
const DOCUMENT_FAMILY: Family = FAMILIES[0];

export function knownFamilyOf(model: string): Family | undefined {
	return FAMILIES.find((family) => family.pattern.test(model));
}

export function familyOf(model: string): Family {
	return knownFamilyOf(model) ?? DOCUMENT_FAMILY;
}

/** One model: its family with its generation's row laid over, and what its name says. */
export interface ModelSpec extends Family {
	model: string;
	generation?: Generation;
	says: NameSays;
}

export function modelSpec(model: string): ModelSpec {
	const family = familyOf(model);
	const generation = GENERATIONS[family.name]?.find((row) => row.pattern.test(model));
	const takes: Family = { ...family, ...generation?.takes };
	return { ...takes, model, generation, says: readName(model, takes.names ?? []) };
}
