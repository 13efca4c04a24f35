import { NetworkError, type ApiResponse } from '../transport/client';
import { parseErrorBody } from '../transport/error-body';
import { familyOf, modelSpec } from './families';
import { familyFields, fileField, mergeBodyFields } from './family-fields';
import type { SubmitRequest } from './types';

/**
 * The submit body: model and prompt, the model's own fields for Duration, Size, reference media
 * and what its name says (families.ts, family-fields.ts), then Additional Body Fields over them.
 * `referenceAsString` sends a single reference URL as a plain string (stock new-api's
 * `input_reference`, see submitTask).
 */
export function submitBody(request: SubmitRequest, referenceAsString = false): FormData | Record<string, unknown> {
	const spec = modelSpec(request.model);
	const input = { ...request, referenceFileCount: request.referenceFiles.length };
	const fields = familyFields(spec, input);
	const list = fileField(spec);
	if (referenceAsString && list && Array.isArray(fields[list])) fields[list] = (fields[list] as string[])[0];
	const body = mergeBodyFields({ model: request.model, prompt: request.prompt, ...fields }, request.additionalBodyFields);
	if (request.referenceFiles.length === 0) return body;
	// Files need multipart (only families with a file field get here: input.ts refuses the others);
	// Node's own FormData keeps the package free of runtime dependencies.
	const form = new FormData();
	for (const [name, value] of Object.entries(body)) {
		if (value === undefined) continue;
		if (name === list && Array.isArray(value)) for (const url of value) form.append(name, String(url));
		else form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
	}
	for (const file of request.referenceFiles) {
		form.append(list!, new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
	}
	return form;
}

/** How many references go in `input_reference` (a JSON array or multipart fields). */
export function inputReferenceCount(request: SubmitRequest): number {
	return fileField(familyOf(request.model)) ? request.referenceUrls.length + request.referenceFiles.length : 0;
}

/** Stock new-api's refusal of an `input_reference` list: 400 invalid_json, in either error shape. */
export function refusesReferenceList(response: ApiResponse | NetworkError): response is ApiResponse {
	return !(response instanceof NetworkError) && response.status === 400 && parseErrorBody(response).code === 'invalid_json';
}
