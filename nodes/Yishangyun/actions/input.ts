import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { properties } from '../descriptions/fields';
import { familyProblem, type InputField } from '../task/family-problems';
import type { MediaOptions } from '../task/media';
import type { ReferenceFile, SubmitRequest } from '../task/types';
import { invalidField } from '../transport/errors';
import { readEveryItem } from './items';

/** Options of the collection, read once per item with their defaults applied. */
export interface NodeOptions extends MediaOptions {
	pollIntervalSeconds: number;
	timeoutSeconds: number;
	submitConcurrency: number;
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): NodeOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	const positive = (name: string, fallback: number) => {
		const value = options[name] === undefined || options[name] === '' ? fallback : Number(options[name]);
		if (!Number.isFinite(value) || value <= 0) {
			throw invalidField(ctx.getNode(), itemIndex, `Options › ${name}`, `"${options[name]}" is not a positive number`, 'Enter a number greater than 0.');
		}
		return value;
	};
	if (!binaryPropertyName) {
		throw invalidField(ctx.getNode(), itemIndex, 'Put Video in Field', 'is empty', 'Enter a binary field name such as "data".');
	}
	return {
		binaryPropertyName,
		download: options.download !== false,
		downloadThumbnail: options.downloadThumbnail === true,
		pollIntervalSeconds: positive('pollIntervalSeconds', 5),
		timeoutSeconds: positive('timeoutSeconds', 1800),
		submitConcurrency: Math.floor(positive('submitConcurrency', 5)),
	};
}

function list(value: unknown): string[] {
	const values = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\n,]/);
	return values.map((entry) => entry.trim()).filter(Boolean);
}

function readReferenceFiles(ctx: IExecuteFunctions, itemIndex: number): ReferenceFile[] {
	const names = list(ctx.getNodeParameter('referenceBinaryProperty', itemIndex, ''));
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	return names.map((property) => {
		if (!binary[property]) {
			const present = Object.keys(binary);
			throw invalidField(
				ctx.getNode(),
				itemIndex,
				'Reference Image Binary Fields',
				`the input item has no binary field "${property}"`,
				present.length
					? `Its binary fields are: ${present.join(', ')}.`
					: 'The input item has no binary data at all: add a node that reads or downloads the image first.',
			);
		}
		const { fileName, mimeType } = binary[property];
		return { property, fileName: fileName ?? `${property}.png`, mimeType: mimeType || 'application/octet-stream', data: Buffer.alloc(0) };
	});
}

/** A field as the editor shows it, for errors that name it. */
const shownName = (field: InputField) => properties.find((property) => property.name === field)?.displayName ?? field;

/** Options › Additional Body Fields: a JSON object (typed, or from an expression), empty = none. */
function readAdditionalBodyFields(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const raw: unknown = options.additionalBodyFields;
	const field = 'Options › Additional Body Fields';
	let value = raw;
	if (typeof raw === 'string') {
		if (!raw.trim()) return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw invalidField(ctx.getNode(), itemIndex, field, `is not valid JSON (${(error as Error).message})`, 'Enter a JSON object such as {"mode": "pro"}, with double quotes around names and strings.');
		}
	}
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw invalidField(ctx.getNode(), itemIndex, field, `is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not a JSON object`, 'Enter a JSON object such as {"mode": "pro"}: its fields are added to the request body.');
	}
	return value as Record<string, unknown>;
}

/** Reads and checks one item's submit fields; throws a NodeOperationError naming field and item. */
export function readSubmitRequest(ctx: IExecuteFunctions, itemIndex: number): SubmitRequest {
	const node = ctx.getNode();
	const model = String(ctx.getNodeParameter('model', itemIndex, '') ?? '').trim();
	if (!model) throw invalidField(node, itemIndex, 'Model', 'is empty', 'Choose a model, e.g. sora-2.');

	const prompt = String(ctx.getNodeParameter('prompt', itemIndex, '') ?? '').trim();
	if (!prompt) {
		throw invalidField(node, itemIndex, 'Prompt', 'is empty', 'Describe the video to generate; if the prompt comes from an expression, check that the input item has that field.');
	}

	const secondsRaw = String(ctx.getNodeParameter('seconds', itemIndex, '') ?? '').trim();
	if (secondsRaw && !(/^\d+(\.\d+)?$/.test(secondsRaw) && Number(secondsRaw) > 0)) {
		throw invalidField(node, itemIndex, 'Duration (Seconds)', `"${secondsRaw}" is not a number of seconds`, 'Enter a whole number such as 5, 10 or 15, or leave it empty.');
	}

	const sizeRaw = String(ctx.getNodeParameter('size', itemIndex, '') ?? '').trim();
	const size = /^(\d+)\s*[xX×*]\s*(\d+)$/.exec(sizeRaw);
	if (sizeRaw && !(size && Number(size[1]) > 0 && Number(size[2]) > 0)) {
		throw invalidField(node, itemIndex, 'Size', `"${sizeRaw}" is not WIDTHxHEIGHT`, 'Use a size such as 1280x720 (landscape) or 720x1280 (portrait).');
	}

	const urls = (field: InputField, kind: string, form: RegExp) => {
		const values = list(ctx.getNodeParameter(field, itemIndex, ''));
		const bad = values.find((url) => !form.test(url));
		if (bad !== undefined) {
			throw invalidField(node, itemIndex, shownName(field), `"${bad.slice(0, 80)}" is not an http(s) URL`, `Give full ${kind} URLs starting with https://, separated by commas or new lines.`);
		}
		return values;
	};
	const referenceUrls = urls('referenceUrls', 'image', /^(https?:\/\/[^\s]+|data:image\/[\w.+-]+;base64,.+)$/i);
	const referenceVideoUrls = urls('referenceVideoUrls', 'video', /^https?:\/\/[^\s]+$/i);
	const referenceAudioUrls = urls('referenceAudioUrls', 'audio', /^https?:\/\/[^\s]+$/i);

	const request: SubmitRequest = {
		model,
		prompt,
		seconds: secondsRaw || undefined,
		size: size ? `${size[1]}x${size[2]}` : undefined,
		referenceUrls,
		referenceFiles: readReferenceFiles(ctx, itemIndex),
		referenceVideoUrls,
		referenceAudioUrls,
		additionalBodyFields: readAdditionalBodyFields(ctx, itemIndex),
	};
	const refused = familyProblem(model, { ...request, referenceFileCount: request.referenceFiles.length });
	if (refused) throw invalidField(node, itemIndex, shownName(refused.field), refused.problem, refused.fix);
	return request;
}

/** File bytes are read only once the whole batch has passed validation. */
export async function loadReferenceFiles(ctx: IExecuteFunctions, itemIndex: number, request: SubmitRequest): Promise<void> {
	for (const file of request.referenceFiles) {
		file.data = await ctx.helpers.getBinaryDataBuffer(itemIndex, file.property);
	}
}

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const taskId = String(ctx.getNodeParameter('taskId', itemIndex, '') ?? '').trim();
	if (!taskId) {
		throw invalidField(ctx.getNode(), itemIndex, 'Task ID', 'is empty', 'Map the task_id output of a Submit node, e.g. {{ $json.task_id }}.');
	}
	if (/[\s/?#]/.test(taskId)) {
		throw invalidField(ctx.getNode(), itemIndex, 'Task ID', `"${taskId.slice(0, 80)}" is not a task ID`, 'A task ID has no spaces or slashes, e.g. task_123456789.');
	}
	return taskId;
}

/** Every item's submit, validated before any is sent (see readEveryItem), reference files loaded after. */
export async function readAllSubmitRequests(ctx: IExecuteFunctions): Promise<Array<SubmitRequest | Error>> {
	const requests = readEveryItem(ctx, (itemIndex) => readSubmitRequest(ctx, itemIndex));
	for (const [itemIndex, request] of requests.entries()) {
		if (!(request instanceof Error)) await loadReferenceFiles(ctx, itemIndex, request);
	}
	return requests;
}
