import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pollPlanFor } from '../task/schedule';
import { taskIdOfJob, type WaitJob, type WaitSettings } from '../task/waiter';
import { CancelledError } from '../transport/clock';
import { asNodeError } from '../transport/errors';
import { readOptions } from './input';
import { errorItem, resultItem, taskFacts, withAcceptedTasks } from './items';

/**
 * Both ways into the waiter (Submit and Wait, Get Status with Wait for Completion): makes a job
 * of each validated item (an invalid one is already its error item), runs `wait` on them with
 * the node's options, and turns each job into its item, in input order.
 */
export async function waitForItems<T>(
	ctx: IExecuteFunctions,
	inputs: Array<T | Error>,
	jobOf: (input: T, itemIndex: number) => WaitJob,
	wait: (jobs: WaitJob[], settings: WaitSettings) => Promise<void>,
	factsOf: (job: WaitJob) => IDataObject,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const jobs: WaitJob[] = [];
	inputs.forEach((input, itemIndex) => {
		if (input instanceof Error) output[itemIndex] = errorItem(ctx, asNodeError(ctx.getNode(), input, itemIndex), itemIndex);
		else jobs.push(jobOf(input, itemIndex));
	});
	// Batch-wide settings come from the first item: one wait serves the whole batch.
	const options = readOptions(ctx, 0);
	const continueOnFail = ctx.continueOnFail();
	try {
		await wait(jobs, {
			plan: pollPlanFor(options.pollIntervalSeconds),
			timeoutMs: options.timeoutSeconds * 1000,
			submitConcurrency: options.submitConcurrency,
			media: options,
			failFast: !continueOnFail,
		});
	} catch (error) {
		if (!(error instanceof CancelledError)) throw asNodeError(ctx.getNode(), error, 0);
		const cancelled = new NodeOperationError(ctx.getNode(), 'The execution was cancelled while waiting for the videos', {
			description: 'The tasks go on at the provider.',
		});
		throw withAcceptedTasks(cancelled, jobs);
	}

	for (const job of jobs) {
		const facts = { ...(job.task ? taskFacts(job.task) : { task_id: taskIdOfJob(job) }), ...factsOf(job) };
		if (job.error) {
			if (!continueOnFail) throw withAcceptedTasks(job.error, jobs.filter((other) => other !== job));
			output[job.itemIndex] = errorItem(ctx, job.error, job.itemIndex, facts);
		} else {
			output[job.itemIndex] = resultItem(job.itemIndex, facts, job.binary);
		}
	}
	return output;
}
