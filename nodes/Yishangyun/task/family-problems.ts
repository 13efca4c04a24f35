import { modelSpec, type ModelSpec, type ReferenceFields } from './families';
import { ratioOf, resolutionInSize, shortSide, type FamilyInput } from './family-fields';
import { GENERATIONS } from './generations';
import { renamed } from './model-name';

/**
 * What a model cannot take of an item's input, found before anything is sent: a refused or
 * ignored field costs the user a paid or awaited job. Each problem says what to enter or which
 * model to pick instead.
 */

/** The node's fields, as family problems name them (input.ts turns them into display names). */
export type InputField = 'seconds' | 'size' | 'referenceUrls' | 'referenceBinaryProperty' | 'referenceVideoUrls' | 'referenceAudioUrls';

export interface FamilyProblem {
	field: InputField;
	problem: string;
	fix: string;
}

type Problem = FamilyProblem | undefined;

const who = (spec: ModelSpec) => `${spec.model} (${spec.label})`;

// The resolutions a size's shorter side names; other sizes say only a ratio.
const RESOLUTIONS = [360, 480, 540, 720, 1080, 1440, 2160];

function durationProblem(spec: ModelSpec, seconds: string | undefined): Problem {
	const { duration, says, model } = spec;
	if (seconds === undefined) return undefined;
	if (duration.as === 'integer' && !/^\d+$/.test(seconds)) {
		return { field: 'seconds', problem: `${who(spec)} takes whole seconds (${duration.path} is an integer), not "${seconds}"`, fix: 'Enter a whole number such as 5 or 10.' };
	}
	const asked = Number(seconds);
	const rule = spec.names?.find((name) => name.setting === 'seconds');
	if (rule && says.seconds !== undefined && asked !== says.seconds) {
		const fix = duration.only?.includes(asked) === false
			? `${spec.label} makes ${duration.only.join(', ')} seconds: pick one of ${duration.only.map((n) => renamed(model, rule, n)).join(', ')}, or leave Duration empty.`
			: `Pick ${renamed(model, rule, asked)} for ${asked} seconds (if your gateway serves it), or leave Duration empty to get ${says.seconds}.`;
		return { field: 'seconds', problem: `${who(spec)} makes ${says.seconds}-second videos (its name says so), not ${asked}`, fix };
	}
	if (duration.only && !duration.only.includes(asked)) {
		return { field: 'seconds', problem: `${who(spec)} makes ${duration.only.join(' or ')}-second videos, not ${asked}`, fix: `Enter ${duration.only.join(' or ')}, or leave Duration empty.` };
	}
	return undefined;
}

const SIZE_EXAMPLES: Record<string, string> = { '512P': '912x512', '720P': '1280x720', '768P': '1366x768', '1080P': '1920x1080' };

function sizeProblem(spec: ModelSpec, size: string | undefined): Problem {
	const { shape, says, sends, model } = spec;
	if (size === undefined) return undefined;
	if (shape.as === 'ratio' && !ratioOf(size, shape.ratios)) {
		return {
			field: 'size',
			problem: `${who(spec)} takes an aspect ratio (${shape.path}: ${shape.ratios.join(', ')}), and ${size} is none of them`,
			fix: `Use a size of one of these ratios, e.g. 1280x720 (16:9) or 720x1280 (9:16), or leave Size empty and set ${shape.path} in Options › Additional Body Fields.`,
		};
	}
	if (shape.as === 'resolution' && !shape.resolutions.includes(`${shortSide(size)}p`)) {
		return {
			field: 'size',
			problem: `${who(spec)} takes a resolution (${shape.path}: ${shape.resolutions.join(', ')}), and ${size} is ${shortSide(size)}p`,
			fix: 'Use a size whose shorter side is one of these, e.g. 1280x720 (720p) or 1920x1080 (1080p).',
		};
	}
	const read = shape.as === 'size' && shape.resolutions && resolutionInSize(size);
	if (shape.as === 'size' && shape.resolutions && !(read && shape.resolutions.includes(read))) {
		return {
			field: 'size',
			problem: `${who(spec)} makes ${shape.resolutions.join(', ')} videos (read out of size), and ${size} is ${read ?? 'none of them'}`,
			fix: `Use a size of one of these, e.g. ${shape.resolutions.map((resolution) => SIZE_EXAMPLES[resolution]).join(' or ')}, or leave Size empty.`,
		};
	}
	const named = Number.parseInt(says.resolution ?? '', 10);
	const short = shortSide(size);
	if (sends?.resolution && named && RESOLUTIONS.includes(short) && short !== named) {
		const rule = spec.names!.find((name) => name.setting === 'resolution')!;
		return {
			field: 'size',
			problem: `${who(spec)} makes ${says.resolution} videos (its name says so), and ${size} is ${short}p`,
			fix: `Pick ${renamed(model, rule, `${short}p`)} for ${short}p (if your gateway serves it), or give a ${says.resolution} size (e.g. ${Math.round((named * 16) / 9 / 2) * 2}x${named}), or leave Size empty.`,
		};
	}
	return undefined;
}

type Medium = 'images' | 'videos' | 'audios';

const maxImages = (references: ReferenceFields) => ('frames' in references ? references.frames.length : (references.max ?? Infinity));
const most = (spec: ModelSpec, medium: Medium) => (medium === 'images' ? maxImages(spec.references) : (spec[medium]?.max ?? 0));

/** Which model to pick for `count` of `medium`: the model's own sibling, else the generations that take them. */
function pickInstead(spec: ModelSpec, medium: Medium, count: number): string {
	const sibling = spec.instead?.(spec.model);
	if (sibling && most(modelSpec(sibling), medium) >= count) return `, or pick ${sibling}, which takes them`;
	const takers = Object.values(GENERATIONS)
		.flat()
		.map((row) => ({ row, max: most(modelSpec(row.example), medium) }))
		.filter(({ max }) => max >= count)
		.map(({ row, max }) => `${row.example} (${row.label}, up to ${max})`);
	return takers.length ? `, or pick a model that takes them, such as ${takers.join(', ')}` : '';
}

function countProblem(spec: ModelSpec, medium: Medium, count: number, field: InputField): Problem {
	const max = most(spec, medium);
	const noun = medium === 'images' ? 'reference images' : `reference ${medium}`;
	if (count > 0 && max === 0) {
		return { field, problem: `${who(spec)} takes no ${noun}, and this item has ${count}`, fix: `Leave the field empty${pickInstead(spec, medium, count)}.` };
	}
	if (count <= max) return undefined;
	const { references } = spec;
	const what =
		medium !== 'images' ? `up to ${max} (${spec[medium]!.path})` : 'frames' in references ? `a first and a last frame (${references.frames.join(' and ')})` : `up to ${max} (${references.list})`;
	return { field, problem: `${who(spec)} takes ${what}, and this item has ${count} ${noun}`, fix: `Give at most ${max} ${noun}${pickInstead(spec, medium, count)}.` };
}

function filesProblem(spec: ModelSpec, fileCount: number): Problem {
	const { references } = spec;
	if (fileCount === 0 || (!('frames' in references) && references.files)) return undefined;
	return {
		field: 'referenceBinaryProperty',
		problem: `${who(spec)} takes reference images as URLs only (${'frames' in references ? references.frames.join(' and ') : references.list}), not as files`,
		fix: 'Give the images as public URLs in Reference Image URLs (upload them somewhere first), and leave this field empty.',
	};
}

function missingVideoProblem(spec: ModelSpec, videoCount: number): Problem {
	if (!spec.videos?.min || videoCount >= spec.videos.min) return undefined;
	return {
		field: 'referenceVideoUrls',
		problem: `${who(spec)} restyles or extends a reference video, and this item has none`,
		fix: `Give the video to restyle in this field, or pick ${spec.instead?.(spec.model) ?? 'a model without -video in its name'} to generate without one.`,
	};
}

/** What the model cannot take of the item's input, found before anything is sent. */
export function familyProblem(model: string, input: FamilyInput): FamilyProblem | undefined {
	const spec = modelSpec(model);
	const videoCount = input.referenceVideoUrls?.length ?? 0;
	return (
		durationProblem(spec, input.seconds) ??
		sizeProblem(spec, input.size) ??
		filesProblem(spec, input.referenceFileCount) ??
		countProblem(spec, 'images', input.referenceUrls.length + input.referenceFileCount, input.referenceFileCount > 0 ? 'referenceBinaryProperty' : 'referenceUrls') ??
		missingVideoProblem(spec, videoCount) ??
		countProblem(spec, 'videos', videoCount, 'referenceVideoUrls') ??
		countProblem(spec, 'audios', input.referenceAudioUrls?.length ?? 0, 'referenceAudioUrls')
	);
}
