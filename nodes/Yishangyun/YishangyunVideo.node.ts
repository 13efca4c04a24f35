import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from './actions/router';
import { properties } from './descriptions/fields';
import { getModels } from './methods/models';

export class YishangyunVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yishangyun Video',
		name: 'yishangyunVideo',
		icon: { light: 'file:yishangyun.svg', dark: 'file:yishangyun.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { submitAndWait: "Generate video", submit: "Submit task", getStatus: "Get status", getBalance: "Get balance" }[$parameter["operation"]] + (["getStatus", "getBalance"].includes($parameter["operation"]) ? "" : ": " + $parameter["model"]) }}',
		description:
			'Generate videos from text or images with the video models your gateway serves (Kling, Seedance, Wan, Veo, Sora, Grok, …) through the Yishangyun API, wait for them, and read the key balance',
		defaults: { name: 'Yishangyun Video' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yishangyunApi', required: true }],
		properties,
	};

	methods = { loadOptions: { getModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
