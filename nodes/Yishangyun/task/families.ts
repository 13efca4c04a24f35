import { isObject } from '../transport/json';

/**
 * Model families: how one item's Duration, Size and reference images become request fields.
 *
 * The provider's gateway (new-api) hands each family's body to a different upstream, and each
 * upstream reads only its own fields: Kling ignores `seconds` (and comes out 5 s) and is square
 * without `aspect_ratio`; Seedance and Wan read `metadata.duration` / `metadata.ratio`, and Wan
 * refuses a `size`; Sora's OpenAI upstream refuses any field it does not know. So each family
 * gets its own fields and never another's. The rows follow the provider's own clients
 * (SPEC.md › "Request bodies each family takes"). Adding a family is adding a row (and a test).
 */

export type FamilyName = 'sora' | 'veo' | 'grok' | 'kling' | 'seedance' | 'wan' | 'happyhorse';

/** Where reference images go: one list field, or one field per frame in order (first, last). */
export type ReferenceFields = { list: string; max?: number; files: boolean } | { frames: string[] };

export interface Family {
	name: FamilyName;
	/** How the family is named in messages and in the Model list. */
	label: string;
	/** Model ids of this family, e.g. `kling-v2-6-pro`, `doubao-seedance-1-5-pro_10s_720p`. */
	pattern: RegExp;
	/** Duration's field (a dotted path) and its type: OpenAI's `seconds` is a string. */
	duration: { path: string; as: 'string' | 'integer' };
	/** Size's field: as `WxH`, or as the nearest of the ratios the family takes. */
	shape: { path: string; as: 'size' } | { path: string; as: 'ratio'; ratios: string[] };
	references: ReferenceFields;
	/** The Model list's description of the family's models. */
	summary: string;
}

// The document's shape: OpenAI's video API, which the gateway relays to Sora, Veo and Grok.
const OPENAI_SHAPE = {
	duration: { path: 'seconds', as: 'string' },
	shape: { path: 'size', as: 'size' },
	references: { list: 'input_reference', files: true },
} as const satisfies Pick<Family, 'duration' | 'shape' | 'references'>;

const WAN_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];

export const FAMILIES: readonly Family[] = [
	{
		name: 'sora',
		label: 'Sora',
		pattern: /(^|[^a-z])sora/i,
		...OPENAI_SHAPE,
		summary: 'Sora video model: seconds + size, reference images as URLs or files',
	},
	{
		name: 'veo',
		label: 'Veo',
		pattern: /(^|[^a-z])veo/i,
		...OPENAI_SHAPE,
		summary: 'Veo video model: seconds + size, reference images as URLs or files',
	},
	{
		// Grok's chat models (grok-4, …) are not video models; its video ones say so in the name.
		name: 'grok',
		label: 'Grok',
		pattern: /grok[\w.-]*video/i,
		...OPENAI_SHAPE,
		summary: 'Grok video model: the duration is in the name (grok-video-3-10s); size, reference images as URLs or files',
	},
	{
		name: 'kling',
		label: 'Kling',
		pattern: /kling/i,
		duration: { path: 'duration', as: 'integer' },
		shape: { path: 'aspect_ratio', as: 'ratio', ratios: ['16:9', '9:16', '1:1'] },
		references: { frames: ['image', 'image_tail'] },
		summary: 'Kling video model: duration + aspect ratio, first/last frame',
	},
	{
		name: 'seedance',
		label: 'Seedance',
		pattern: /seedance/i,
		duration: { path: 'metadata.duration', as: 'integer' },
		shape: { path: 'metadata.ratio', as: 'ratio', ratios: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'] },
		references: { list: 'images', max: 2, files: false },
		summary: 'Seedance video model: duration + ratio in metadata, up to 2 reference images',
	},
	{
		name: 'wan',
		label: 'Wan',
		pattern: /(^|[^a-z])wan(x|\d|[-_.]|$)/i,
		duration: { path: 'metadata.duration', as: 'integer' },
		shape: { path: 'metadata.ratio', as: 'ratio', ratios: WAN_RATIOS },
		references: { list: 'images', max: 5, files: false },
		summary: 'Wan video model: duration + ratio in metadata, up to 5 reference images',
	},
	{
		name: 'happyhorse',
		label: 'HappyHorse',
		pattern: /happyhorse/i,
		duration: { path: 'metadata.duration', as: 'integer' },
		shape: { path: 'metadata.ratio', as: 'ratio', ratios: WAN_RATIOS },
		references: { list: 'images', max: 5, files: false },
		summary: 'HappyHorse video model: duration + ratio in metadata, up to 5 reference images',
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

/** The Duration, Size and references of one item, already checked for form (input.ts). */
export interface FamilyInput {
	seconds?: string;
	/** `WxH`. */
	size?: string;
	referenceUrls: string[];
	referenceFileCount: number;
}

/** The node's fields, as family problems name them (input.ts turns them into display names). */
export type InputField = 'seconds' | 'size' | 'referenceUrls' | 'referenceBinaryProperty';

export interface FamilyProblem {
	field: InputField;
	problem: string;
	fix: string;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

// A size within this of a ratio is that ratio: 854x480 is 16:9, 2560x1080 is 21:9.
const RATIO_TOLERANCE = 0.05;

/** `WxH` as the nearest ratio the family takes, or undefined when none is close. */
export function ratioOf(size: string, ratios: readonly string[]): string | undefined {
	const [width, height] = size.split('x').map(Number);
	const divisor = gcd(width, height);
	const exact = `${width / divisor}:${height / divisor}`;
	if (ratios.includes(exact)) return exact;
	const distance = (ratio: string) => {
		const [w, h] = ratio.split(':').map(Number);
		return Math.abs(Math.log(width / height / (w / h)));
	};
	const nearest = [...ratios].sort((a, b) => distance(a) - distance(b))[0];
	return nearest && distance(nearest) <= Math.log(1 + RATIO_TOLERANCE) ? nearest : undefined;
}

function maxReferences(references: ReferenceFields): number {
	return 'frames' in references ? references.frames.length : (references.max ?? Infinity);
}

function referenceFieldNames(references: ReferenceFields): string {
	return 'frames' in references ? references.frames.join(' and ') : references.list;
}

/** What the model's family cannot take of the item's input, found before anything is sent. */
export function familyProblem(model: string, input: FamilyInput): FamilyProblem | undefined {
	const family = familyOf(model);
	const { duration, shape, references } = family;
	const who = `${model} (${family.label})`;
	if (input.seconds !== undefined && duration.as === 'integer' && !/^\d+$/.test(input.seconds)) {
		return {
			field: 'seconds',
			problem: `${who} takes whole seconds (${duration.path} is an integer), not "${input.seconds}"`,
			fix: 'Enter a whole number such as 5 or 10.',
		};
	}
	if (input.size !== undefined && shape.as === 'ratio' && !ratioOf(input.size, shape.ratios)) {
		return {
			field: 'size',
			problem: `${who} takes an aspect ratio (${shape.path}: ${shape.ratios.join(', ')}), and ${input.size} is none of them`,
			fix: `Use a size of one of these ratios, e.g. 1280x720 (16:9) or 720x1280 (9:16), or leave Size empty and set ${shape.path} in Options › Additional Body Fields.`,
		};
	}
	const filesTaken = !('frames' in references) && references.files;
	if (input.referenceFileCount > 0 && !filesTaken) {
		return {
			field: 'referenceBinaryProperty',
			problem: `${who} takes reference images as URLs only (${referenceFieldNames(references)}), not as files`,
			fix: 'Give the images as public URLs in Reference Image URLs (upload them somewhere first), and leave this field empty.',
		};
	}
	const max = maxReferences(references);
	const count = input.referenceUrls.length + input.referenceFileCount;
	if (count > max) {
		const what = 'frames' in references ? `a first and a last frame (${referenceFieldNames(references)})` : `up to ${max} (${references.list})`;
		return {
			field: input.referenceFileCount > 0 ? 'referenceBinaryProperty' : 'referenceUrls',
			problem: `${who} takes ${what}, and this item has ${count} reference images`,
			fix: `Give at most ${max} reference images.`,
		};
	}
	return undefined;
}

function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
	const keys = path.split('.');
	let at = body;
	for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
	at[keys.at(-1)!] = value;
}

/**
 * The family's fields for one item (model and prompt aside; reference files aside: they go in
 * multipart under the list field). Assumes `familyProblem` found nothing.
 */
export function familyFields(family: Family, input: FamilyInput): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	const { duration, shape, references } = family;
	if (input.seconds !== undefined) setPath(fields, duration.path, duration.as === 'integer' ? Number(input.seconds) : input.seconds);
	if (input.size !== undefined) setPath(fields, shape.path, shape.as === 'ratio' ? ratioOf(input.size, shape.ratios) : input.size);
	if ('frames' in references) input.referenceUrls.forEach((url, index) => setPath(fields, references.frames[index], url));
	else if (input.referenceUrls.length) setPath(fields, references.list, input.referenceUrls);
	return fields;
}

/** The list field a family's reference files go in (multipart), for the families that take files. */
export function fileField(family: Family): string | undefined {
	return 'frames' in family.references || !family.references.files ? undefined : family.references.list;
}

/** Additional Body Fields over the family's: the user's win, `metadata` merged key by key. */
export function mergeBodyFields(fields: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
	const merged = { ...fields, ...extra };
	if (isObject(fields.metadata) && isObject(extra.metadata)) merged.metadata = { ...fields.metadata, ...extra.metadata };
	return merged;
}
