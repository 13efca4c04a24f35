// @ts-check

/**
 * Model families as new-api treats them: which channel type serves a model decides how its status
 * answers look (relay/channel/task/<family>/adaptor.go, ConvertToOpenAIVideo). One row per family;
 * the answer builders read the row, never the model name.
 *
 * `body` is the status body's shape:
 * - 'upstream': an OpenAI-type channel; new-api stores the upstream's body and only overwrites `id`
 *   (sora/adaptor.go).
 * - 'video': new-api's own video object (kling, doubao, ali, hailuo, vidu, jimeng adaptors), file
 *   URL in `metadata.url`.
 * - 'gemini': new-api's video object without URL or failure reason, read live on every GET
 *   (relay_task.go tryRealtimeFetch).
 *
 * `omits`: fields of the video object an adaptor's ConvertToOpenAIVideo never sets (`metadata`:
 * only once there is a URL).
 *
 * @typedef {'sora' | 'grok' | 'veo' | 'kling' | 'seedance' | 'wan' | 'happyhorse' | 'hailuo' | 'vidu' | 'jimeng'} FamilyName
 * @typedef {{ name: FamilyName, pattern: RegExp, body: 'upstream' | 'video' | 'gemini',
 *   endpoints: string[], ownedBy: string, queuedProgress: number, seconds: string, size: string,
 *   failure?: { message: string, code: string }, omits?: ('task_id' | 'model' | 'metadata')[] }} Family
 */

/** @type {readonly Family[]} */
const FAMILIES = Object.freeze([
	{ name: 'sora', pattern: /^sora/i, body: 'upstream', endpoints: ['openai-video'], ownedBy: 'openai', queuedProgress: 20, seconds: '4', size: '1280x720' },
	{ name: 'grok', pattern: /^grok/i, body: 'upstream', endpoints: ['openai'], ownedBy: 'xai', queuedProgress: 20, seconds: '6', size: '1280x720' },
	{ name: 'veo', pattern: /^veo/i, body: 'gemini', endpoints: ['gemini', 'openai'], ownedBy: 'google', queuedProgress: 20, seconds: '8', size: '1280x720' },
	// Kling's own "submitted" state maps to new-api's SUBMITTED (10%); its failures carry only a message.
	{
		name: 'kling', pattern: /^kling/i, body: 'video', endpoints: ['openai'], ownedBy: 'kling', queuedProgress: 10, seconds: '5', size: '1280x720',
		failure: { message: 'Failure to pass the risk control system', code: '' },
	},
	{
		name: 'seedance', pattern: /^(doubao-)?seedance/i, body: 'video', endpoints: ['openai'], ownedBy: 'volcengine', queuedProgress: 20, seconds: '5', size: '1280x720', omits: ['task_id', 'model'],
		failure: { message: 'The request failed because the output video may contain sensitive information.', code: 'OutputVideoSensitiveContentDetected' },
	},
	{
		name: 'wan', pattern: /^wan/i, body: 'video', endpoints: ['openai'], ownedBy: 'ali', queuedProgress: 20, seconds: '5', size: '1280x720',
		failure: { message: 'Output data may contain inappropriate content.', code: 'DataInspectionFailed' },
	},
	{
		name: 'happyhorse', pattern: /^happyhorse/i, body: 'video', endpoints: ['openai'], ownedBy: 'ali', queuedProgress: 20, seconds: '5', size: '1280x720',
		failure: { message: 'Output data may contain inappropriate content.', code: 'DataInspectionFailed' },
	},
	// new-api's stock native adaptors (relay/channel/task/<name>): the provider's clients show none of
	// them, but a gateway may serve them. Hailuo's ids are MiniMax's (hailuo/constants.go); its
	// failures carry MiniMax's base_resp (1027: the output was judged sensitive).
	{
		name: 'hailuo', pattern: /^(minimax-hailuo|[tis]2v-01)/i, body: 'video', endpoints: ['openai'], ownedBy: 'minimax', queuedProgress: 20, seconds: '6', size: '1366x768', omits: ['task_id'],
		failure: { message: 'output video sensitive', code: '1027' },
	},
	// Vidu's "created"/"queueing" map to SUBMITTED (10%); a failure is its err_code, as message and code.
	{
		name: 'vidu', pattern: /^vidu/i, body: 'video', endpoints: ['openai'], ownedBy: 'vidu', queuedProgress: 10, seconds: '5', size: '1920x1080', omits: ['task_id', 'model', 'metadata'],
		failure: { message: 'CreationPolicyViolation', code: 'CreationPolicyViolation' },
	},
	{
		name: 'jimeng', pattern: /^jimeng/i, body: 'video', endpoints: ['openai'], ownedBy: 'volcengine', queuedProgress: 20, seconds: '5', size: '1280x720', omits: ['task_id', 'model'],
		failure: { message: 'Post Img Risk Not Pass', code: '50511' },
	},
]);

/** What serves a model the gateway lists but no video family claims (a chat model sent to /v1/videos): an OpenAI-type channel. */
const FALLBACK = /** @type {Family} */ (FAMILIES[0]);

/** The family a model name belongs to, or undefined for a model that is not a video model. @param {string} model */
const familyOf = (model) => FAMILIES.find((family) => family.pattern.test(model))?.name;

/** @param {string} model @returns {Family} */
const familyFor = (model) => FAMILIES.find((family) => family.pattern.test(model)) ?? FALLBACK;

/** The provider's models of every family, and chat models (served by the same gateway). */
const NEWAPI_MODELS = Object.freeze([
	'sora-2',
	'veo3',
	'veo3.1',
	'veo3.1-pro',
	'grok-video-3',
	'grok-video-3-10s',
	'grok-video-3-15s',
	'kling-v2-6-std',
	'kling-v3-pro-sound',
	'kling-v3-omni-pro-video',
	'kling-video-o1-std-video',
	'doubao-seedance-1-5-pro_10s_720p',
	'doubao-seedance-2-0-720p',
	'doubao-seedance-2-0-fast-480p',
	'wan2.6-t2v-720P_5s',
	'wan2.6-t2v-720P_10s',
	'wan2.6-r2v-720P-5s',
	'wan2.6-r2v-720P-10s',
	'happyhorse-1.0-t2v-720P_5s',
	'happyhorse-1.0-t2v-720P_10s',
	'happyhorse-1.0-r2v-720P-5s',
	'MiniMax-Hailuo-2.3',
	'MiniMax-Hailuo-2.3-Fast',
	'MiniMax-Hailuo-02',
	'T2V-01',
	'I2V-01',
	'S2V-01',
	'viduq2',
	'viduq1',
	'vidu2.0',
	'vidu1.5',
	'jimeng_vgfm_t2v_l20',
	'jimeng_v30',
	'gpt-4o-mini',
	'deepseek-chat',
]);

/** A model object of new-api's `/v1/models` (controller/model.go). @param {import('../options').ListedModel} listed */
function listedModel(listed) {
	const id = typeof listed === 'string' ? listed : listed.id;
	const family = FAMILIES.find((f) => f.pattern.test(id));
	const chatOwner = /^deepseek/i.test(id) ? 'deepseek' : 'openai';
	return {
		id,
		object: 'model',
		created: 1626777600,
		owned_by: family?.ownedBy ?? chatOwner,
		supported_endpoint_types: family?.endpoints ?? ['openai'],
		...(typeof listed === 'string' ? {} : listed),
	};
}

module.exports = { FAMILIES, NEWAPI_MODELS, familyOf, familyFor, listedModel };
