// @ts-check
const { NEWAPI_MODELS } = require('./newapi/families');

const DEMO_API_KEY = 'sk-yishangyun-demo';
const MODELS = Object.freeze(['sora-2', 'sora-2-hd', 'sora-2-pro', 'veo3', 'veo3-pro', 'veo3.1', 'veo3.1-pro']);
const SIZES = Object.freeze(['720x1280', '1280x720', '1792x1024', '1024x1792', '1920x1080', '1080x1920']);
const DIALECTS = Object.freeze(['yishangyun', 'openai', 'newapi']);
const SUBMIT_STATUSES = Object.freeze(['', 'queued']);
const FAULT_NAMES = Object.freeze([
	'submit429',
	'submit500',
	'submitDropAfterAccept',
	'poll502',
	'poll503',
	'pollDrop',
	'downloadTruncate',
	'downloadExpired',
	'submitSaturated',
	'pollSaturated',
	'pollUpstreamError',
]);

/**
 * @typedef {'yishangyun' | 'openai' | 'newapi'} Dialect
 * @typedef {{ [name: string]: number }} Faults
 * @typedef {{
 *   host: string, port: number, fileHost: string, apiKeys: string[], quota: number,
 *   queueSeconds: number, jobSeconds: number, timeScale: number, dialect: Dialect,
 *   retryAfterSeconds: number, videoBytes: number | undefined, faults: Faults,
 *   statusReadsPerSecond: number, submitsPerMinute: number,
 *   models: ListedModel[] | undefined, modelsEndpoint: boolean,
 *   gatewayPollSeconds: number, serverAddress: string, submitStatus: '' | 'queued',
 *   inputReferenceArray: boolean, exhaustedKeys: string[],
 *   grants: Record<string, number>, submitPrice: number,
 * }} Options
 * @typedef {string | ({ id: string } & Record<string, unknown>)} ListedModel
 */

/** @returns {Options} */
const defaults = () => ({
	host: '127.0.0.1',
	port: 0,
	fileHost: '127.0.0.2',
	apiKeys: [DEMO_API_KEY],
	quota: Infinity,
	queueSeconds: 0.3,
	jobSeconds: 2,
	timeScale: 1,
	dialect: 'yishangyun',
	retryAfterSeconds: 1,
	videoBytes: undefined,
	statusReadsPerSecond: Infinity,
	submitsPerMinute: Infinity,
	// undefined: the dialect's own list (modelsFor).
	models: undefined,
	modelsEndpoint: true,
	gatewayPollSeconds: 15,
	serverAddress: 'http://localhost:3000',
	submitStatus: '',
	inputReferenceArray: true,
	exhaustedKeys: [],
	grants: {},
	submitPrice: 0.3,
	faults: Object.fromEntries(FAULT_NAMES.map((name) => [name, 0])),
});

/** The listeners are bound once; moving them at runtime would orphan clients. */
const FIXED = ['host', 'port', 'fileHost'];
/** Numbers that must be >= 0 (timeScale must be > 0). */
const NON_NEGATIVE = ['quota', 'queueSeconds', 'jobSeconds', 'retryAfterSeconds', 'statusReadsPerSecond', 'submitsPerMinute', 'gatewayPollSeconds', 'submitPrice'];
/** Options that are true or false. */
const BOOLEAN = ['modelsEndpoint', 'inputReferenceArray'];

/**
 * `options` with `changes` merged in, as a new object. Refuses what would silently do nothing or
 * break the clock, so a misspelt option or fault fails the test that set it instead of passing by
 * accident, and a refused change leaves the running simulator as it was.
 * @param {Options} options @param {Record<string, any>} changes @param {boolean} [initial]
 * @returns {Options}
 */
function mergeOptions(options, changes, initial = false) {
	const next = { ...options, apiKeys: [...options.apiKeys], exhaustedKeys: [...options.exhaustedKeys], grants: { ...options.grants }, models: options.models && [...options.models], faults: { ...options.faults } };
	for (const [name, value] of Object.entries(changes)) {
		if (value === undefined && name !== 'videoBytes') continue;
		if (!(name in next)) throw new TypeError(`Unknown simulator option "${name}"`);
		if (!initial && FIXED.includes(name) && value !== /** @type {any} */ (options)[name]) {
			throw new TypeError(`"${name}" cannot change while the simulator runs; start another one`);
		}
		if (name === 'faults') {
			for (const [fault, count] of Object.entries(value ?? {})) {
				if (!FAULT_NAMES.includes(fault)) throw new TypeError(`Unknown fault "${fault}"; known: ${FAULT_NAMES.join(', ')}`);
				if (!(Number(count) >= 0)) throw new RangeError(`Fault "${fault}" needs a count >= 0, got ${count}`);
				next.faults[fault] = Number(count);
			}
		} else if (name === 'dialect') {
			if (!DIALECTS.includes(value)) throw new TypeError(`dialect must be one of ${DIALECTS.join(', ')}, got "${value}"`);
			next.dialect = value;
		} else if (name === 'apiKeys') {
			if (!Array.isArray(value) || value.length === 0) throw new TypeError('apiKeys must be a non-empty array of strings');
			next.apiKeys = value.map(String);
		} else if (name === 'models') {
			// Gateways list what they like, marked or not: an id, or a whole model object.
			if (!Array.isArray(value) || !value.every((m) => typeof m === 'string' || typeof m?.id === 'string')) {
				throw new TypeError('models must be an array of model ids or of objects with a string id');
			}
			next.models = [...value];
		} else if (BOOLEAN.includes(name)) {
			if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, got ${value}`);
			/** @type {any} */ (next)[name] = value;
		} else if (name === 'exhaustedKeys') {
			if (!Array.isArray(value) || !value.every((key) => typeof key === 'string')) throw new TypeError('exhaustedKeys must be an array of strings');
			next.exhaustedKeys = [...value];
		} else if (name === 'grants') {
			const grants = Object.entries(value ?? {});
			if (typeof value !== 'object' || Array.isArray(value) || !grants.every(([, grant]) => typeof grant === 'number' && grant >= 0 && Number.isFinite(grant))) {
				throw new TypeError('grants must map API keys to numbers >= 0 (a key without a grant is unlimited)');
			}
			next.grants = Object.fromEntries(grants);
		} else if (name === 'submitStatus') {
			if (!SUBMIT_STATUSES.includes(value)) throw new TypeError(`submitStatus must be "" or "queued", got "${value}"`);
			next.submitStatus = value;
		} else if (name === 'serverAddress') {
			if (typeof value !== 'string' || !/^https?:\/\/[^/]+$/.test(value)) throw new TypeError(`serverAddress must be a URL without a path, e.g. http://localhost:3000, got "${value}"`);
			next.serverAddress = value;
		} else if (name === 'timeScale') {
			if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) throw new RangeError(`timeScale must be a positive number, got ${value}`);
			next.timeScale = value;
		} else if (NON_NEGATIVE.includes(name)) {
			if (!(typeof value === 'number' && value >= 0)) throw new RangeError(`${name} must be a number >= 0, got ${value}`);
			/** @type {any} */ (next)[name] = value;
		} else {
			/** @type {any} */ (next)[name] = value;
		}
	}
	return next;
}

/** The models the gateway lists and serves: those given, else the dialect's own. @param {Options} options @returns {ListedModel[]} */
const modelsFor = (options) => options.models ?? (options.dialect === 'newapi' ? [...NEWAPI_MODELS] : [...MODELS]);

/** Takes one from a fault's counter; true when the fault happens this time. @param {Faults} faults @param {string} name */
function takeFault(faults, name) {
	if (!(faults[name] > 0)) return false;
	faults[name]--;
	return true;
}

module.exports = { DEMO_API_KEY, MODELS, SIZES, FAULT_NAMES, defaults, mergeOptions, modelsFor, takeFault };
