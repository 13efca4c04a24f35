import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { NodeOptions } from '../actions/input';
import { asNodeError, type NodeError } from '../actions/items';
import type { YishangyunClient } from '../transport/client';
import { hintFor } from '../transport/errors';
import { readTask, submitTask } from './api';
import { CancelledError, realClock, type Clock } from './clock';
import { attachMedia } from './media';
import { Limiter, runPool } from './pool';
import { nextPollDelay, recordReading, type PollHistory, type PollPlan } from './schedule';
import type { SubmitRequest, Task } from './types';

export interface WaitJob {
	itemIndex: number;
	request: SubmitRequest;
	/** Last known state; set as soon as the submit is accepted, so the id is never lost. */
	task?: Task;
	binary?: Awaited<ReturnType<typeof attachMedia>>['binary'];
	error?: NodeError;
}

export interface WaitSettings {
	plan: PollPlan;
	timeoutMs: number;
	submitConcurrency: number;
	media: Pick<NodeOptions, 'download' | 'downloadThumbnail' | 'binaryPropertyName'>;
	/** Without continue-on-fail the first failure ends the wait for everyone. */
	failFast: boolean;
}

const DOWNLOAD_CONCURRENCY = 3;

function taskFailedError(ctx: IExecuteFunctions, task: Task, itemIndex: number): NodeApiError {
	const reason = task.error ?? { message: 'The task failed without a reason', type: null, code: null };
	const error = new NodeApiError(ctx.getNode(), reason as unknown as JsonObject, {
		message: `The video task failed: ${reason.message}`,
		description: `${hintFor(reason.code)} Task ID: ${task.task_id}.`.trim(),
		itemIndex,
	});
	error.context.apiError = reason;
	error.context.taskId = task.task_id;
	return error;
}

function timeoutError(ctx: IExecuteFunctions, task: Task, itemIndex: number, timeoutMs: number): NodeOperationError {
	const seconds = Math.round(timeoutMs / 1000);
	const error = new NodeOperationError(ctx.getNode(), `Still ${task.status} (${task.progress}%) after waiting ${seconds} s`, {
		description: `Task ID: ${task.task_id}. The task goes on at the provider and is paid for: read it later with the "Get Status" operation, or raise Options › Timeout.`,
		itemIndex,
	});
	error.context.apiError = { message: error.message, type: 'timeout', code: 'wait_timeout' };
	error.context.taskId = task.task_id;
	return error;
}

/**
 * Submits every job and watches all of them at once: each task is read on its own schedule
 * (see schedule.ts), finished videos download while the others still run, and the whole wait
 * is bounded by one deadline. Fills in `task`, `binary` or `error` on each job.
 */
export async function submitAndWaitAll(
	ctx: IExecuteFunctions,
	client: YishangyunClient,
	jobs: WaitJob[],
	settings: WaitSettings,
	clock: Clock = realClock,
): Promise<void> {
	const deadline = clock.now() + settings.timeoutMs;
	const stopAll = new AbortController();
	const executionSignal = client.signal;
	const signal = executionSignal ? AbortSignal.any([executionSignal, stopAll.signal]) : stopAll.signal;
	const downloads = new Limiter(DOWNLOAD_CONCURRENCY);
	const manual = ctx.getMode() === 'manual';

	const report = (job: WaitJob, previous?: Task) => {
		const task = job.task!;
		if (previous && previous.status === task.status && previous.progress === task.progress) return;
		const line = `Item ${job.itemIndex + 1} · ${task.task_id}: ${task.status}${task.status === 'processing' ? ` ${task.progress}%` : ''}`;
		ctx.logger.info(`Yishangyun: ${line}`);
		if (manual) ctx.sendMessageToUI(line);
	};

	const fail = (job: WaitJob, error: NodeError) => {
		job.error = error;
		if (settings.failFast) stopAll.abort();
	};

	const watch = async (job: WaitJob, history: PollHistory) => {
		for (;;) {
			const wakeAt = Math.min(clock.now() + nextPollDelay(history, clock.now(), settings.plan), deadline);
			await clock.sleep(wakeAt - clock.now(), signal);
			const previous = job.task!;
			const readAt = clock.now();
			const read = await readTask(ctx, client, previous.task_id, job.itemIndex).then(
				(task) => ({ task }),
				(error: unknown) => ({ error }),
			);
			if ('task' in read) {
				job.task = read.task;
				recordReading(history, read.task, readAt, clock.now());
			} else if (read.error instanceof CancelledError || !asNodeError(ctx, read.error, job.itemIndex).context.retryable) throw read.error;
			// Proxies flap and connections drop during long jobs: keep watching until the deadline.
			else ctx.logger.warn(`Yishangyun: reading ${previous.task_id} failed (${(read.error as Error).message}); will retry`);
			history.polls++;
			const task = job.task!;
			report(job, previous);
			if (task.status === 'completed') {
				const media = await downloads.run(() => attachMedia(ctx, client, task, settings.media, job.itemIndex));
				job.task = media.task;
				job.binary = media.binary;
				return;
			}
			if (task.status === 'failed') return fail(job, taskFailedError(ctx, task, job.itemIndex));
			if (clock.now() >= deadline) return fail(job, timeoutError(ctx, task, job.itemIndex, settings.timeoutMs));
		}
	};

	const settle = (job: WaitJob) => (error: unknown) => {
		if (!(error instanceof CancelledError)) fail(job, asNodeError(ctx, error, job.itemIndex));
	};

	// Submits are paced by the pool; each accepted task is then watched on its own, so the
	// batch takes about as long as its slowest job.
	const watching: Array<Promise<void>> = [];
	await runPool(
		jobs.length,
		settings.submitConcurrency,
		async (index) => {
			const job = jobs[index];
			// Taken before sending: the task cannot have started earlier than its submit.
			const history: PollHistory = { polls: 0, samples: [], notStartedAt: clock.now() };
			try {
				job.task = await submitTask(ctx, client, job.request, job.itemIndex);
			} catch (error) {
				return settle(job)(error);
			}
			report(job);
			watching.push(watch(job, history).catch(settle(job)));
		},
		() => signal.aborted,
	);
	await Promise.all(watching);
	if (executionSignal?.aborted) throw new CancelledError();
}
