// @ts-check
const { createApiHandler } = require('./api');
const { createContext } = require('./context');
const { createFileHandler } = require('./files');
const { familyOf } = require('./newapi/families');
const { DEMO_API_KEY, FAULT_NAMES, MODELS, SIZES } = require('./options');
const { listen } = require('./server');

/**
 * A real HTTP imitation of the Yishangyun video API (and of the OpenAI-style dialect such
 * gateways also speak, and of new-api, the gateway the provider really runs), with the faults real gateways show switchable at runtime. Video files
 * are served from a second address so tests can prove the API key never travels there.
 * The public types are in ./index.d.ts; checking against them keeps the two in step.
 * @param {import('./index').SimulatorOptions} [input]
 * @returns {Promise<import('./index').Simulator>}
 */
async function startSimulator(input = {}) {
	const ctx = createContext(input);
	const record = ctx.log.record;
	const files = await listen({ host: ctx.options.fileHost, port: 0, name: 'files', record, handle: createFileHandler(ctx) });
	ctx.fileUrl = files.url;
	/** @type {import('./server').Listener} */
	let api;
	try {
		api = await listen({ host: ctx.options.host, port: ctx.options.port, name: 'api', record, handle: createApiHandler(ctx) });
	} catch (error) {
		await files.close();
		throw error;
	}
	/** @type {Promise<void> | undefined} */
	let closing;

	return {
		url: api.url,
		fileUrl: files.url,
		apiKey: ctx.options.apiKeys[0],
		requests: ctx.log.requests,
		tasks: ctx.store.tasks,
		submits: ctx.log.submits,
		chats: ctx.log.chats,
		polls: ctx.log.polls,
		refused: ctx.log.refused,
		/** Every task serves the same bytes; the id only reads well at the call site. @param {string} [_taskId] */
		videoSha256: (_taskId) => ctx.media.videoSha256(),
		get videoSize() {
			return ctx.media.videoSize;
		},
		get thumbnailSha256() {
			return ctx.media.thumbnailSha256;
		},
		/** Simulated ms: the clock task times (createdAt, completedAt) are on. */
		now: ctx.clock.now,
		configure: (changes) => ctx.configure(changes),
		close() {
			closing ??= Promise.all([api.close(), files.close()]).then(() => undefined);
			return closing;
		},
	};
}

module.exports = { startSimulator, familyOf, DEMO_API_KEY, MODELS, SIZES, FAULT_NAMES };
