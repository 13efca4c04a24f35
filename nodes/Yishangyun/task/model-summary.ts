import { knownFamilyOf, modelSpec } from './families';

/**
 * A model's line in the Model list: what it takes, then what its name says, e.g.
 * `doubao-seedance-2-0-720p` → "Seedance 2.0 video model: up to 9 images, 3 videos, 3 audios
 * (omni reference); duration + ratio in metadata; 720p". Undefined for a model no family knows.
 */
export function modelSummary(model: string): string | undefined {
	if (!knownFamilyOf(model)) return undefined;
	const { summary, says } = modelSpec(model);
	const named = [
		says.seconds !== undefined && `${says.seconds} s`,
		says.resolution,
		says.mode && `${says.mode} mode`,
		says.sound && 'with sound',
	].filter(Boolean);
	return named.length ? `${summary}; ${named.join(', ')}` : summary;
}
