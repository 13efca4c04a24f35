import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The seven models of the API document: the Model list when the gateway lists none. */
export const DOCUMENTED_MODELS: INodePropertyOptions[] = [
	{ name: 'Sora 2', value: 'sora-2', description: 'Sora 2: fast, good for drafts' },
	{ name: 'Sora 2 HD', value: 'sora-2-hd', description: 'Sora 2 at higher resolution' },
	{ name: 'Sora 2 Pro', value: 'sora-2-pro', description: 'Sora 2 Pro: best quality, slowest' },
	{ name: 'Veo 3', value: 'veo3', description: 'Google Veo 3, with sound' },
	{ name: 'Veo 3 Pro', value: 'veo3-pro', description: 'Veo 3 at higher quality' },
	{ name: 'Veo 3.1', value: 'veo3.1', description: 'Google Veo 3.1' },
	{ name: 'Veo 3.1 Pro', value: 'veo3.1-pro', description: 'Veo 3.1 at higher quality' },
];

const SUBMITTING = { show: { operation: ['submit', 'submitAndWait'] } };
// Inside the Options collection, n8n resolves `operation` relative to the collection; the leading
// slash points at the node's top-level parameter.
const SUBMITTING_OPTION = { show: { '/operation': ['submit', 'submitAndWait'] } };
const DOWNLOADING_OPTION = { show: { '/operation': ['getStatus', 'submitAndWait'] } };

/**
 * Waiting happens in Submit and Wait, and in Get Status with Wait for Completion on. One
 * displayOptions cannot say "this or that" across two parameters (n8n checks them against every
 * parameter's default, shown or not), so a waiting option is declared once per case, under the
 * same name: n8n shows and reads whichever matches.
 */
function waitingOption(option: INodeProperties): INodeProperties[] {
	return [
		{ ...option, displayOptions: { show: { '/operation': ['submitAndWait'] } } },
		{ ...option, displayOptions: { show: { '/operation': ['getStatus'], '/waitForCompletion': [true] } } },
	];
}

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Submit and Wait',
			value: 'submitAndWait',
			action: 'Generate a video and wait for it',
			description:
				'Submit every input item as a video task, wait for all of them together, and output each finished video as binary',
		},
		{
			name: 'Submit',
			value: 'submit',
			action: 'Submit a video task',
			description: 'Submit a video task and output its task ID at once, without waiting',
		},
		{
			name: 'Get Status',
			value: 'getStatus',
			action: 'Get the status of a video task',
			description: 'Read a task by its ID; when it has completed, download the video as binary',
		},
		{
			name: 'Get Balance',
			value: 'getBalance',
			action: 'Get the API key balance',
			description: "Read the API key's remaining, used and total quota, in the gateway's own unit (new-api gateways)",
		},
	],
	default: 'submitAndWait',
};

// Still an `options` parameter holding a plain model id, so saved workflows and expressions keep
// working; only where the list comes from changed (methods/models.ts). Label and description are
// n8n's wording for a list loaded from the service.
const modelField: INodeProperties = {
	displayName: 'Model Name or ID',
	name: 'model',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getModels' },
	default: 'sora-2',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: 'Video models of your gateway come first. Any other model ID the API accepts can be set by expression.',
	displayOptions: SUBMITTING,
};

const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	placeholder: 'e.g. A cat playing piano in a sunlit garden, slow dolly shot',
	description: 'What the video shows: subject, action, setting, camera and style',
	displayOptions: SUBMITTING,
};

const secondsField: INodeProperties = {
	displayName: 'Duration (Seconds)',
	name: 'seconds',
	type: 'string',
	default: '',
	placeholder: 'e.g. 10',
	description:
		'Length of the video in seconds, e.g. 5, 10 or 15, sent in the field the model takes (seconds, duration or metadata.duration). A model whose name carries a duration (doubao-seedance-1-5-pro_10s_720p, grok-video-3-15s) makes that one. Leave empty to let the model choose.',
	displayOptions: SUBMITTING,
};

// A free string, as the contract stores it: the two sizes every model takes are offered in the
// hint, any other WIDTHxHEIGHT a model supports can be typed or mapped.
const sizeField: INodeProperties = {
	displayName: 'Size',
	name: 'size',
	type: 'string',
	default: '1280x720',
	placeholder: 'e.g. 1280x720',
	description:
		'Width x height of the video in pixels, as WIDTHxHEIGHT. Models that take an aspect ratio instead (Kling, Seedance, Wan, Grok, Jimeng) get the ratio of this size, e.g. 16:9; Vidu its resolution, e.g. 720p. Leave empty to let the model choose.',
	hint: '1280x720 is landscape, 720x1280 portrait',
	displayOptions: SUBMITTING,
};

const referenceUrlsField: INodeProperties = {
	displayName: 'Reference Image URLs',
	name: 'referenceUrls',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/first-frame.jpg',
	description:
		'Image-to-video: public image URLs, separated by commas or new lines. Kling and Hailuo take a first and a last frame, Seedance 1.x up to 2 images, Seedance 2.0 up to 9, Wan and HappyHorse reference-to-video (-r2v-) up to 5. Some models need the image size to match Size.',
	displayOptions: SUBMITTING,
};

const referenceBinaryField: INodeProperties = {
	displayName: 'Reference Image Binary Fields',
	name: 'referenceBinaryProperty',
	type: 'string',
	default: '',
	placeholder: 'e.g. data',
	description:
		'Image-to-video from files: names of binary fields of the input item to upload as reference images, separated by commas. Sora, Veo and Grok take files; other models take image URLs only.',
	hint: 'Leave empty for text-to-video',
	displayOptions: SUBMITTING,
};

const referenceVideoUrlsField: INodeProperties = {
	displayName: 'Reference Video URLs',
	name: 'referenceVideoUrls',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/reference.mp4',
	description:
		'Public video URLs to follow or restyle, separated by commas or new lines. Seedance 2.0 takes up to 3, Wan and HappyHorse reference-to-video (-r2v-) up to 3, Kling omni one (with its -video model, e.g. kling-v3-omni-std-video).',
	hint: 'Leave empty unless the model takes reference videos',
	displayOptions: SUBMITTING,
};

const referenceAudioUrlsField: INodeProperties = {
	displayName: 'Reference Audio URLs',
	name: 'referenceAudioUrls',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/voice.mp3',
	description: 'Public audio URLs for the soundtrack, separated by commas or new lines. Seedance 2.0 takes up to 3.',
	hint: 'Leave empty unless the model takes reference audios',
	displayOptions: SUBMITTING,
};

const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. task_123456789',
	description: 'The task_id returned by Submit',
	displayOptions: { show: { operation: ['getStatus'] } },
};

const waitForCompletionField: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: false,
	description:
		'Whether to wait until each task has completed (then download it) or failed, as Submit and Wait does. Picks up tasks submitted earlier, timed out or left by a crashed run, without paying again.',
	displayOptions: { show: { operation: ['getStatus'] } },
};

const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	// Get Balance has no options: an empty "Add Option" would be a stray field.
	displayOptions: { hide: { operation: ['getBalance'] } },
	options: [
		{
			displayName: 'Additional Body Fields',
			name: 'additionalBodyFields',
			type: 'json',
			default: '',
			placeholder: 'e.g. {"metadata": {"ratio": "adaptive"}}',
			description:
				'A JSON object of fields to add to the request body, for what a model takes beyond Duration, Size, the references and what its name says: Seedance {"metadata": {"ratio": "adaptive"}}, Hailuo {"metadata": {"prompt_optimizer": false}}. Added last: a field here wins, and "metadata" is merged key by key with the one Duration and Size make.',
			displayOptions: SUBMITTING_OPTION,
		},
		{
			displayName: 'Download Thumbnail',
			name: 'downloadThumbnail',
			type: 'boolean',
			default: false,
			description: 'Whether to also attach the thumbnail image, as binary field "thumbnail"',
			displayOptions: DOWNLOADING_OPTION,
		},
		{
			displayName: 'Download Video',
			name: 'download',
			type: 'boolean',
			default: true,
			description: 'Whether to attach the finished video as binary data (otherwise only its URL is output)',
			displayOptions: DOWNLOADING_OPTION,
		},
		...waitingOption({
			displayName: 'First Check After (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0.05 },
			default: 5,
			description:
				'When to first check a task after submitting it (Get Status reads at once, then checks again after this). Later checks adapt: sparse while the job is far from done, every second around its predicted finish.',
		}),
		{
			displayName: 'Put Video in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary field the video is written to',
			displayOptions: DOWNLOADING_OPTION,
		},
		{
			displayName: 'Submit Concurrency',
			name: 'submitConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description: 'How many tasks to submit at the same time',
			displayOptions: SUBMITTING_OPTION,
		},
		...waitingOption({
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1800,
			description:
				'Stop waiting after this long. Tasks still running are output (or fail) with their task ID, so nothing paid for is lost.',
		}),
	],
};

export const properties: INodeProperties[] = [
	operationField,
	modelField,
	promptField,
	secondsField,
	sizeField,
	referenceUrlsField,
	referenceBinaryField,
	referenceVideoUrlsField,
	referenceAudioUrlsField,
	taskIdField,
	waitForCompletionField,
	optionsField,
];
