/* eslint-disable @n8n/community-nodes/node-usable-as-tool -- stand-ins for n8n's own nodes in the test engine, never offered to an agent */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** n8n's Manual Trigger, as far as a run from the editor needs it: one empty item. */
export class ManualTrigger implements INodeType {
	description: INodeType['description'] = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Stands for the spreadsheet or form upstream of our node: emits the items in its `items`
 * parameter; an item's `binary` entries `{ base64, fileName, mimeType }` become real binary
 * data in n8n's store, the way a Read File node's output does.
 */
export class TestItems implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Test Items',
		name: 'items',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const entries = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ json?: IDataObject; binary?: Record<string, { base64: string; fileName: string; mimeType: string }> }>;
		const output: INodeExecutionData[] = [];
		for (const entry of entries) {
			const item: INodeExecutionData = { json: entry.json ?? {} };
			if (entry.binary) {
				item.binary = {};
				for (const [name, file] of Object.entries(entry.binary)) {
					item.binary[name] = await this.helpers.prepareBinaryData(Buffer.from(file.base64, 'base64'), file.fileName, file.mimeType);
				}
			}
			output.push(item);
		}
		return [output];
	}
}

/** Counts what reaches it, so tests can check that downstream nodes get every item. */
export class NoOp implements INodeType {
	description: INodeType['description'] = {
		displayName: 'No Operation',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: '',
		defaults: { name: 'No Operation' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
