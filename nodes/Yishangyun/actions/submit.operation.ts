import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { submitTask } from '../task/api';
import { runPool } from '../task/pool';
import type { Task } from '../task/types';
import type { YishangyunClient } from '../transport/client';
import { readAllSubmitRequests, readOptions } from './input';
import { asNodeError, errorItem, resultItem, taskFacts, withAcceptedTasks, type NodeError } from './items';

/** Submit: one task per item, output at once with its task_id for a later Get Status. */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	const requests = await readAllSubmitRequests(ctx);
	const { submitConcurrency } = readOptions(ctx, 0);
	const output: INodeExecutionData[] = [];
	const accepted: Array<{ itemIndex: number; task?: Task }> = [];
	let firstError: NodeError | undefined;

	await runPool(
		requests.length,
		submitConcurrency,
		async (itemIndex) => {
			const request = requests[itemIndex];
			try {
				if (request instanceof Error) throw request;
				const task = await submitTask(ctx, client, request, itemIndex);
				accepted.push({ itemIndex, task });
				output[itemIndex] = resultItem(itemIndex, taskFacts(task, { model: request.model, prompt: request.prompt }));
			} catch (error) {
				const nodeError = asNodeError(ctx, error, itemIndex);
				const facts = request instanceof Error ? {} : { model: request.model, prompt: request.prompt };
				if (ctx.continueOnFail()) output[itemIndex] = errorItem(ctx, nodeError, itemIndex, facts);
				else firstError ??= nodeError;
			}
		},
		() => firstError !== undefined,
	);
	if (firstError) throw withAcceptedTasks(firstError, accepted);
	return output;
}
