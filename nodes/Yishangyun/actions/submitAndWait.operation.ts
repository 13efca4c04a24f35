import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { submitThenWait, type WaitJob } from '../task/waiter';
import type { YishangyunClient } from '../transport/client';
import { asNodeError } from '../transport/errors';
import { readAllSubmitRequests } from './input';
import { errorItem } from './items';
import { waitAndOutput } from './waited';

/** Submit and Wait: every item in flight together; each comes out with its video, in input order. */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	const requests = await readAllSubmitRequests(ctx);
	const output: INodeExecutionData[] = [];
	const jobs: WaitJob[] = [];
	requests.forEach((request, itemIndex) => {
		if (request instanceof Error) output[itemIndex] = errorItem(ctx, asNodeError(ctx.getNode(), request, itemIndex), itemIndex);
		else jobs.push({ itemIndex, request });
	});
	return await waitAndOutput(
		ctx,
		jobs,
		output,
		async (settings) => await submitThenWait(ctx, client, jobs, settings),
		(job) => ({ model: job.request!.model, prompt: job.request!.prompt }),
	);
}
