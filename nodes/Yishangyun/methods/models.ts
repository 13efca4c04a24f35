import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { DOCUMENTED_MODELS } from '../descriptions/fields';
import { knownFamilyOf } from '../task/families';
import { modelSummary } from '../task/model-summary';
import { apiRoot, CREDENTIAL_TYPE } from '../transport/client';

/**
 * Where OpenAI-style gateways say what a model is for. None is standard: New API lists
 * `supported_endpoint_types: ['openai-video']`, OpenRouter-style catalogues
 * `architecture.output_modalities: ['video']`, others a `type`, `category` or `mode`.
 */
const MARKERS = [
	['supported_endpoint_types'],
	['type'],
	['model_type'],
	['category'],
	['mode'],
	['task'],
	['capabilities'],
	['output_modalities'],
	['architecture', 'output_modalities'],
	['modalities', 'output'],
];

/**
 * Most gateways mark nothing (new-api tags only Sora channels `openai-video`), so video models
 * are known by name: the families the node builds requests for (task/families.ts), and others
 * it sends in the document's shape. `minimax` alone would catch MiniMax's chat models.
 */
const OTHER_VIDEO_NAMES = /pixverse|runway|luma|pika|hunyuan-?video|cogvideo|(^|[^a-z])[tir]2v|video/i;

const OTHER_VIDEO_SUMMARY = 'Video model: sent seconds + size + input_reference (the API document’s shape); its own fields go in Additional Body Fields';

function saysVideo(value: unknown): boolean {
	if (typeof value === 'string') return /video/i.test(value);
	if (Array.isArray(value)) return value.some(saysVideo);
	if (value && typeof value === 'object') return Object.entries(value).some(([key, on]) => on === true && /video/i.test(key));
	return false;
}

export function isVideoModel(model: IDataObject): boolean {
	const id = String(model.id);
	if (knownFamilyOf(id) || OTHER_VIDEO_NAMES.test(id)) return true;
	return MARKERS.some((path) => saysVideo(path.reduce<unknown>((at, key) => (at as IDataObject | undefined)?.[key], model)));
}

/**
 * A `/v1/models` answer (OpenAI's `{ data: [...] }`, new-api's `{ success, data: [...] }`, or a
 * bare list, of model objects or ids) as Model options: video models first, then the rest, each
 * group ordered by id. Each video model's description says which family's fields it gets.
 */
export function modelOptions(body: unknown): INodePropertyOptions[] {
	const entries: unknown = Array.isArray(body) ? body : (body as IDataObject | undefined)?.data;
	if (!Array.isArray(entries)) return [];
	const models = new Map<string, IDataObject>();
	for (const entry of entries) {
		const model = (typeof entry === 'string' ? { id: entry } : entry) as IDataObject | null;
		const id = typeof model?.id === 'string' ? model.id.trim() : '';
		if (id && !models.has(id)) models.set(id, model as IDataObject);
	}
	const labelled = new Map(DOCUMENTED_MODELS.map((option) => [option.value, option]));
	return [...models]
		.map(([id, model]) => ({ id, video: isVideoModel(model) }))
		.sort((a, b) => Number(b.video) - Number(a.video) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
		.map(
			({ id, video }) =>
				labelled.get(id) ?? {
					name: id,
					value: id,
					description: video ? (modelSummary(id) ?? OTHER_VIDEO_SUMMARY) : 'Listed by the gateway, but not a video model',
				},
		);
}

/**
 * The Model list in the editor: what the credential's gateway offers. `GET /v1/models` is not in
 * the API document, so a gateway without it (or one listing nothing) gets the document's seven
 * models instead of an error; the field still takes any model id by expression.
 */
export async function getModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const body: unknown = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: 'GET',
			url: `${apiRoot(credentials.baseUrl)}/v1/models`,
			json: true,
			timeout: 10_000,
			// A redirect to another host must not carry the key with it.
			sendCredentialsOnCrossOriginRedirect: false,
		});
		const options = modelOptions(body);
		if (options.length > 0) return options;
		this.logger.debug('Yishangyun: the gateway lists no models; offering the documented ones');
	} catch (error) {
		// The status or socket code only: an error's text may quote the request.
		const { httpCode, code } = error as { httpCode?: string; code?: string };
		this.logger.debug('Yishangyun: no model list from the gateway; offering the documented models', { httpCode, code });
	}
	return DOCUMENTED_MODELS;
}
