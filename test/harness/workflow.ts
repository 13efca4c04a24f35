import type { IDataObject, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { readWorkflowFixture } from './engine';

export const NODE = 'Yishangyun Video';
export const AFTER = 'After';

export interface VideoWorkflowOptions {
	/** Input items, as the Prompts node emits them. */
	items?: Array<{ json?: IDataObject; binary?: Record<string, { base64: string; fileName: string; mimeType: string }> }>;
	/** Parameters of our node, merged over the fixture's (options merged too). */
	parameters?: IDataObject;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

/** The fixture workflow (trigger → Prompts → Yishangyun Video → After), adjusted for one test. */
export function videoWorkflow(options: VideoWorkflowOptions = {}): IWorkflowBase {
	const workflow = readWorkflowFixture('video.json');
	const prompts = workflow.nodes.find((node) => node.name === 'Prompts')!;
	const video = workflow.nodes.find((node) => node.name === NODE)!;
	if (options.items) prompts.parameters.items = JSON.stringify(options.items);
	const { options: nodeOptions, ...rest } = options.parameters ?? {};
	video.parameters = {
		...video.parameters,
		...rest,
		options: { ...(video.parameters.options as IDataObject), ...(nodeOptions as IDataObject | undefined) },
	} as INodeParameters;
	if (options.continueOnFail) video.onError = 'continueRegularOutput';
	if (options.onError) video.onError = options.onError;
	return workflow;
}

export function prompts(...texts: string[]) {
	return texts.map((prompt) => ({ json: { prompt } }));
}

export const WAITER = 'Wait for Videos';

/**
 * The fixture with a second Yishangyun Video node between ours and After: Get Status with Wait
 * for Completion on the task ids ours outputs (the Submit → Get Status pattern).
 */
export function submitThenWaitWorkflow(options: VideoWorkflowOptions & { waiter?: IDataObject } = {}): IWorkflowBase {
	const workflow = videoWorkflow({ ...options, parameters: { operation: 'submit', ...options.parameters } });
	const submitter = workflow.nodes.find((node) => node.name === NODE)!;
	const { options: waiterOptions, ...waiterParameters } = options.waiter ?? {};
	workflow.nodes.push({
		...submitter,
		id: '0b1c3b1e-0001-4000-8000-000000000005',
		name: WAITER,
		position: [550, 0],
		parameters: {
			operation: 'getStatus',
			taskId: '={{ $json.task_id }}',
			waitForCompletion: true,
			options: { pollIntervalSeconds: 0.2, ...(waiterOptions as IDataObject | undefined) },
			...waiterParameters,
		} as INodeParameters,
	});
	workflow.connections[NODE] = { main: [[{ node: WAITER, type: 'main', index: 0 }]] } as IWorkflowBase['connections'][string];
	workflow.connections[WAITER] = { main: [[{ node: AFTER, type: 'main', index: 0 }]] } as IWorkflowBase['connections'][string];
	return workflow;
}
