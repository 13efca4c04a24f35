/**
 * What a model's name says. The provider names many models with their settings and its own
 * clients always send a body that agrees with the name (they choose the model from the user's
 * duration), so a body that contradicts the name is at best ignored upstream, after the user
 * paid or waited (SPEC.md › "What a model's name says"). Each family's row (families.ts,
 * generations.ts) lists the rules its names follow; each rule has a model id as its example.
 */

/** The settings a name can carry. */
export interface NameSays {
	seconds?: number;
	/** As the name spells it (`720p`, `1080P`): each upstream takes its own case. */
	resolution?: string;
	/** Kling's generation mode: `std`, `pro` or `4k`. */
	mode?: string;
	/** Kling's `-sound` suffix: the video comes with sound. */
	sound?: boolean;
	/** Kling omni's `-video` suffix: the model restyles or extends a reference video. */
	video?: boolean;
}

type Setting = keyof NameSays;

export interface NameRule {
	setting: Setting;
	/** The first group is the value (for a flag, the whole match is). */
	pattern: RegExp;
	/** What the setting is when the name does not say it. */
	unnamed?: number;
	example: string;
}

/** `doubao-seedance-1-5-pro_10s_720p` → 10 s; `wan2.6-r2v-720P-5s` → 5 s. */
export const SECONDS: NameRule = { setting: 'seconds', pattern: /[_-](\d+)s(?=[_-]|$)/i, example: 'doubao-seedance-1-5-pro_10s_720p' };

/** `grok-video-3-15s` → 15 s; plain `grok-video-3` is 6 s. */
export const GROK_SECONDS: NameRule = { setting: 'seconds', pattern: /-(\d+)s$/i, unnamed: 6, example: 'grok-video-3-15s' };

/** `wan2.7-t2v-1080P_15s` → 1080P; `doubao-seedance-2-0-fast-720p` → 720p. */
export const RESOLUTION: NameRule = { setting: 'resolution', pattern: /[_-](\d{3,4}p)(?=[_-]|$)/i, example: 'wan2.7-t2v-1080P_15s' };

/** `kling-v3-pro-sound` → pro; `kling-video-o1-std-video` → std. */
export const KLING_MODE: NameRule = { setting: 'mode', pattern: /-(std|pro|4k)(?=-|$)/i, example: 'kling-v3-pro-sound' };

/** `kling-v3-pro-sound` → with sound. */
export const KLING_SOUND: NameRule = { setting: 'sound', pattern: /-sound$/i, example: 'kling-v3-pro-sound' };

/** `kling-v3-omni-std-video` → restyles a reference video. */
export const KLING_VIDEO: NameRule = { setting: 'video', pattern: /-video$/i, example: 'kling-v3-omni-std-video' };

/** What `model` says by these rules (a setting no rule finds is left out). */
export function readName(model: string, rules: readonly NameRule[]): NameSays {
	const says: Record<string, unknown> = {};
	for (const rule of rules) {
		const match = rule.pattern.exec(model);
		if (!match) {
			if (rule.unnamed !== undefined) says[rule.setting] = rule.unnamed;
		} else if (match[1] === undefined) says[rule.setting] = true;
		else says[rule.setting] = rule.setting === 'seconds' ? Number(match[1]) : rule.setting === 'mode' ? match[1].toLowerCase() : match[1];
	}
	return says as NameSays;
}

/**
 * The same model with one setting changed in its name, by the rule that reads it:
 * `doubao-seedance-1-5-pro_10s_720p` at 5 s is `doubao-seedance-1-5-pro_5s_720p`, `grok-video-3`
 * at 15 s `grok-video-3-15s`, a 1080P Wan model at 720 `…-720P_…` (the name's case kept).
 */
export function renamed(model: string, rule: NameRule, value: number | string): string {
	const match = rule.pattern.exec(model);
	if (value === rule.unnamed) return match ? model.slice(0, match.index) + model.slice(match.index + match[0].length) : model;
	if (!match) return rule.setting === 'seconds' ? `${model}-${value}s` : model;
	const old = match[1];
	const spelt = typeof value === 'string' && /P$/.test(old) ? value.toUpperCase() : String(value);
	const start = match.index + match[0].indexOf(old);
	return model.slice(0, start) + spelt + model.slice(start + old.length);
}
