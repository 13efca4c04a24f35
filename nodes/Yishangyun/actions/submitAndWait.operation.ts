import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { paidEarlier } from '../task/paid';
import { submitThenWait } from '../task/waiter';
import type { YishangyunClient } from '../transport/client';
import { readAllSubmitRequests } from './input';
import { waitForItems } from './waited';

/** Submit and Wait: every item in flight together; each comes out with its video, in input order. */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	return await waitForItems(
		ctx,
		await readAllSubmitRequests(ctx),
		(request, itemIndex) => ({ itemIndex, request, task: paidEarlier(ctx, itemIndex, request) }),
		async (jobs, settings) => await submitThenWait(ctx, client, jobs, settings),
		(job) => ({ model: job.request!.model, prompt: job.request!.prompt }),
	);
}
