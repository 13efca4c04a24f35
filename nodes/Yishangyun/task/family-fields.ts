import { isObject } from '../transport/json';
import type { Family, MediaField, ModelSpec } from './families';

/** The Duration, Size and references of one item, already checked for form (input.ts). */
export interface FamilyInput {
	seconds?: string;
	/** `WxH`. */
	size?: string;
	referenceUrls: string[];
	referenceFileCount: number;
	referenceVideoUrls?: string[];
	referenceAudioUrls?: string[];
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

/** The shorter side of `WxH`: what a resolution word (`720p`) names. */
export function shortSide(size: string): number {
	return Math.min(...size.split('x').map(Number));
}

// new-api's hailuo adaptor reads the resolution out of `size` by the first of these it contains.
const SIZE_RESOLUTIONS = ['1080', '768', '720', '512'];

/** The resolution an upstream reads out of `WxH` (`1366x768` → `768P`), or undefined (its default). */
export function resolutionInSize(size: string): string | undefined {
	const found = SIZE_RESOLUTIONS.find((number) => size.includes(number));
	return found && `${found}P`;
}

function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
	const keys = path.split('.');
	let at = body;
	for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
	at[keys.at(-1)!] = value;
}

function setMedia(fields: Record<string, unknown>, media: MediaField | undefined, urls: string[] | undefined): void {
	if (!media || !urls?.length) return;
	setPath(fields, media.path, urls);
	for (const [path, value] of Object.entries(media.with ?? {})) setPath(fields, path, value);
}

/**
 * The model's fields for one item (model and prompt aside; reference files aside: they go in
 * multipart under the list field). Given a model (modelSpec), what its name says is sent where
 * the provider's clients send it: an empty Duration becomes the name's. Assumes `familyProblem`
 * found nothing.
 */
export function familyFields(spec: Family | ModelSpec, input: FamilyInput): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	const { duration, shape, references, sends = {} } = spec;
	const says = 'says' in spec ? spec.says : {};
	const seconds = input.seconds ?? (says.seconds === undefined ? undefined : String(says.seconds));
	if (seconds !== undefined && duration.as !== 'name') setPath(fields, duration.path, duration.as === 'integer' ? Number(seconds) : seconds);
	if (input.size !== undefined) {
		const value = shape.as === 'ratio' ? ratioOf(input.size, shape.ratios) : shape.as === 'resolution' ? `${shortSide(input.size)}p` : input.size;
		setPath(fields, shape.path, value);
	}
	if (sends.resolution && says.resolution) setPath(fields, sends.resolution, says.resolution);
	if (sends.mode && says.mode) setPath(fields, sends.mode, says.mode);
	if (sends.sound && says.mode) setPath(fields, sends.sound, says.sound ? 'on' : 'off');
	if ('frames' in references) input.referenceUrls.forEach((url, index) => setPath(fields, references.frames[index], url));
	else if (input.referenceUrls.length) setPath(fields, references.list, input.referenceUrls);
	setMedia(fields, spec.videos, input.referenceVideoUrls);
	setMedia(fields, spec.audios, input.referenceAudioUrls);
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
