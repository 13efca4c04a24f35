import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { YishangyunClient } from '../transport/client';
import * as getBalance from './getBalance.operation';
import * as getStatus from './getStatus.operation';
import * as submit from './submit.operation';
import * as submitAndWait from './submitAndWait.operation';

const operations = { submit, getStatus, submitAndWait, getBalance };

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as keyof typeof operations;
	const handler = operations[operation];
	if (!handler) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
	if (this.getInputData().length === 0) return [[]];
	const client = await YishangyunClient.create(this);
	return [await handler.execute(this, client)];
}
