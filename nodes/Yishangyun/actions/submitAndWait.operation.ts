import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CancelledError } from '../task/clock';
import { pollPlanFor } from '../task/schedule';
import { submitAndWaitAll, type WaitJob } from '../task/waiter';
import type { YishangyunClient } from '../transport/client';
import { readAllSubmitRequests, readOptions } from './input';
import { asNodeError, errorItem, resultItem, taskFacts, withAcceptedTasks } from './items';

/** Submit and Wait: every item in flight together; each comes out with its video, in input order. */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	const requests = await readAllSubmitRequests(ctx);
	// Batch-wide settings come from the first item: one wait serves the whole batch.
	const options = readOptions(ctx, 0);
	const continueOnFail = ctx.continueOnFail();
	const output: INodeExecutionData[] = [];
	const jobs: WaitJob[] = [];
	requests.forEach((request, itemIndex) => {
		if (request instanceof Error) output[itemIndex] = errorItem(ctx, asNodeError(ctx, request, itemIndex), itemIndex);
		else jobs.push({ itemIndex, request });
	});

	try {
		await submitAndWaitAll(ctx, client, jobs, {
			plan: pollPlanFor(options.pollIntervalSeconds),
			timeoutMs: options.timeoutSeconds * 1000,
			submitConcurrency: options.submitConcurrency,
			media: options,
			failFast: !continueOnFail,
		});
	} catch (error) {
		if (!(error instanceof CancelledError)) throw asNodeError(ctx, error, 0);
		const cancelled = new NodeOperationError(ctx.getNode(), 'The execution was cancelled while waiting for the videos', {
			description: 'The tasks go on at the provider.',
		});
		throw withAcceptedTasks(cancelled, jobs);
	}

	for (const job of jobs) {
		const facts = { ...(job.task ? taskFacts(job.task) : {}), model: job.request.model, prompt: job.request.prompt };
		if (job.error) {
			if (!continueOnFail) throw withAcceptedTasks(job.error, jobs.filter((other) => other !== job));
			output[job.itemIndex] = errorItem(ctx, job.error, job.itemIndex, facts);
		} else {
			output[job.itemIndex] = resultItem(job.itemIndex, facts, job.binary);
		}
	}
	return output;
}
