import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { submitOnce } from '../task/paid';
import type { Task } from '../task/types';
import type { YishangyunClient } from '../transport/client';
import { readAllSubmitRequests, readOptions } from './input';
import { resultItem, taskFacts, withAcceptedTasks, workEachItem } from './items';

/** Submit: one task per item, output at once with its task_id for a later Get Status. */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	const requests = await readAllSubmitRequests(ctx);
	const { submitConcurrency } = readOptions(ctx, 0);
	const accepted: Array<{ itemIndex: number; task?: Task }> = [];
	const sent = (itemIndex: number) => {
		const request = requests[itemIndex];
		return request instanceof Error ? {} : { model: request.model, prompt: request.prompt };
	};
	const { output, firstError } = await workEachItem(
		ctx,
		submitConcurrency,
		async (itemIndex) => {
			const request = requests[itemIndex];
			if (request instanceof Error) throw request;
			const task = await submitOnce(ctx, client, request, itemIndex);
			accepted.push({ itemIndex, task });
			return resultItem(itemIndex, taskFacts(task, sent(itemIndex)));
		},
		sent,
	);
	if (firstError) throw withAcceptedTasks(firstError, accepted);
	return output;
}
