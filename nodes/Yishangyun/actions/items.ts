import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { runPool } from '../task/pool';
import type { Task } from '../task/types';
import { taskIdOfJob, type WaitJob } from '../task/waiter';
import { asNodeError, resumeHint, type NodeError } from '../transport/errors';

/**
 * Reads every item before anything is sent, so a bad row never leaves a half-done (and
 * half-paid) batch behind. Without continue-on-fail the first problem is thrown; with it, the
 * problem stands in that item's place.
 */
export function readEveryItem<T>(ctx: IExecuteFunctions, read: (itemIndex: number) => T): Array<T | Error> {
	return ctx.getInputData().map((_, itemIndex) => {
		try {
			return read(itemIndex);
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndex);
			return error as Error;
		}
	});
}

/**
 * Runs `work` for every item, at most `limit` at a time, each result in its input place. Under
 * continue-on-fail a failing item becomes an error item with `factsOf` its facts; otherwise
 * the first failure stops further items and is returned for the caller to throw.
 */
export async function workEachItem(
	ctx: IExecuteFunctions,
	limit: number,
	work: (itemIndex: number) => Promise<INodeExecutionData>,
	factsOf: (itemIndex: number) => IDataObject,
): Promise<{ output: INodeExecutionData[]; firstError?: NodeError }> {
	const output: INodeExecutionData[] = [];
	let firstError: NodeError | undefined;
	await runPool(
		ctx.getInputData().length,
		limit,
		async (itemIndex) => {
			try {
				output[itemIndex] = await work(itemIndex);
			} catch (error) {
				const nodeError = asNodeError(ctx.getNode(), error, itemIndex);
				if (ctx.continueOnFail()) output[itemIndex] = errorItem(ctx, nodeError, itemIndex, factsOf(itemIndex));
				else firstError ??= nodeError;
			}
		},
		() => firstError !== undefined,
	);
	return { output, firstError };
}

export function resultItem(itemIndex: number, json: IDataObject, binary?: INodeExecutionData['binary']): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (binary && Object.keys(binary).length) item.binary = binary;
	return item;
}

/**
 * The continue-on-fail item. n8n replaces the json of any item carrying `item.error` with just
 * the message, which would drop the task id, so the error travels in json only: with the task's
 * facts beside it on the regular output, or, for "continue using error output", inside `error`
 * as `error.details`: n8n 1.x routes an item to the error output only when its json holds
 * nothing but `error` (n8n 2.x also allows `message` and `details` beside it).
 */
export function errorItem(ctx: IExecuteFunctions, error: NodeError, itemIndex: number, facts: IDataObject = {}): INodeExecutionData {
	const api = (error.context?.apiError as IDataObject | undefined) ?? {};
	const taskId = (facts.task_id as string | undefined) ?? (error.context?.taskId as string | undefined);
	const details = { ...facts, ...(taskId ? { task_id: taskId } : {}) };
	const errorJson = {
		message: error.message,
		type: (api.type as string | null | undefined) ?? null,
		code: (api.code as string | null | undefined) ?? (error instanceof NodeApiError && error.httpCode ? String(error.httpCode) : null),
		description: error.description ?? null,
	};
	const json = ctx.getNode().onError === 'continueErrorOutput' ? { error: { ...errorJson, details } } : { ...details, error: errorJson };
	return { json, pairedItem: { item: itemIndex } };
}

export function taskFacts(task: Task, extra: IDataObject = {}): IDataObject {
	return { ...task, ...extra } as unknown as IDataObject;
}

/** When the node throws, the ids of the run's other tasks go with the error: they are paid for. */
export function withAcceptedTasks(error: NodeError, jobs: Array<Pick<WaitJob, 'itemIndex' | 'task' | 'taskId'>>): NodeError {
	const known = jobs.flatMap((job) => {
		const id = taskIdOfJob(job);
		return id ? [{ itemIndex: job.itemIndex, id, status: job.task?.status ?? 'unknown', progress: job.task?.progress ?? 0 }] : [];
	});
	if (known.length === 0) return error;
	const lines = known.map(({ itemIndex, id, status, progress }) => `item ${itemIndex + 1}: ${id} (${status}${status === 'processing' ? ` ${progress}%` : ''})`);
	// The node outputs nothing when it throws: even completed videos must be fetched again.
	const recoverable = known.filter(({ status }) => status !== 'failed').map(({ id }) => id);
	error.description = `${error.description ?? ''}\nTasks of this run, already paid for: ${lines.join('; ')}. ${resumeHint(recoverable)}`.trim();
	error.context.acceptedTasks = known.map(({ itemIndex, id, status }) => ({ item: itemIndex, task_id: id, status }));
	return error;
}
