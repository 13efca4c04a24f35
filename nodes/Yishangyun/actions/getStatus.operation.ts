import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readTaskAnswer } from '../task/api';
import { nextCheckInSeconds } from '../task/checkin';
import { attachMedia } from '../task/media';
import { waitForTasks } from '../task/waiter';
import type { YishangyunClient } from '../transport/client';
import { realClock } from '../transport/clock';
import { readOptions, readTaskId } from './input';
import { readEveryItem, resultItem, taskFacts, workEachItem } from './items';
import { waitForItems } from './waited';

const READ_CONCURRENCY = 5;

/**
 * Get Status: reads each item's task. A failed task is an answer, not an error: the workflow
 * decides what to do with it. A completed one brings its video as binary. With Wait for
 * Completion, each task is waited for exactly as Submit and Wait waits after its submits.
 * A single read also says when reading again is worth it (checkin.ts), for a workflow that
 * waits between reads itself (examples/long-render-loop.json).
 */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	// Validate every item first: a typo in row 7 should not surface after six downloads.
	const taskIds = readEveryItem(ctx, (itemIndex) => readTaskId(ctx, itemIndex));
	if (ctx.getNodeParameter('waitForCompletion', 0, false) === true) {
		return await waitForItems(
			ctx,
			taskIds,
			(taskId, itemIndex) => ({ itemIndex, taskId }),
			async (jobs, settings) => await waitForTasks(ctx, client, jobs, settings),
			() => ({}),
		);
	}
	const { output, firstError } = await workEachItem(
		ctx,
		READ_CONCURRENCY,
		async (itemIndex) => {
			const taskId = taskIds[itemIndex];
			if (taskId instanceof Error) throw taskId;
			const options = readOptions(ctx, itemIndex);
			const { task, updatedAt } = await readTaskAnswer(ctx, client, taskId, itemIndex);
			const media = await attachMedia(ctx, client, task, options, itemIndex);
			return resultItem(itemIndex, taskFacts(media.task, { next_check_in_seconds: nextCheckInSeconds(task, realClock.now(), updatedAt) }), media.binary);
		},
		(itemIndex) => (taskIds[itemIndex] instanceof Error ? {} : { task_id: taskIds[itemIndex] }),
	);
	if (firstError) throw firstError;
	return output;
}

