import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readTask } from '../task/api';
import { attachMedia } from '../task/media';
import { runPool } from '../task/pool';
import type { YishangyunClient } from '../transport/client';
import { readOptions, readTaskId } from './input';
import { asNodeError, errorItem, resultItem, taskFacts, type NodeError } from './items';

const READ_CONCURRENCY = 5;

/**
 * Get Status: reads each item's task. A failed task is an answer, not an error: the workflow
 * decides what to do with it. A completed one brings its video as binary.
 */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	// Validate every item first: a typo in row 7 should not surface after six downloads.
	const taskIds = Array.from({ length: count }, (_, itemIndex) => {
		try {
			return readTaskId(ctx, itemIndex);
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex);
			return error as Error;
		}
	});
	const output: INodeExecutionData[] = [];
	let firstError: NodeError | undefined;

	await runPool(
		count,
		READ_CONCURRENCY,
		async (itemIndex) => {
			const taskId = taskIds[itemIndex];
			try {
				if (taskId instanceof Error) throw taskId;
				const options = readOptions(ctx, itemIndex);
				const task = await readTask(ctx, client, taskId, itemIndex);
				const media = await attachMedia(ctx, client, task, options, itemIndex);
				output[itemIndex] = resultItem(itemIndex, taskFacts(media.task), media.binary);
			} catch (error) {
				const nodeError = asNodeError(ctx, error, itemIndex);
				const facts = taskId instanceof Error ? {} : { task_id: taskId };
				if (ctx.continueOnFail()) output[itemIndex] = errorItem(ctx, nodeError, itemIndex, facts);
				else firstError ??= nodeError;
			}
		},
		() => firstError !== undefined,
	);
	if (firstError) throw firstError;
	return output;
}
