import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { YishangyunClient } from '../transport/client';
import { CancelledError, realClock, type Clock } from '../transport/clock';
import { asNodeError, hintFor, resumeHint, type NodeError } from '../transport/errors';
import { backoffDelay } from '../transport/retry';
import { NOT_A_TASK_GAP_MS, NOT_A_TASK_READS, NOT_A_TASK_WINDOW_MS, notATaskError, readStatus } from './api';
import { newGatewayUpdates, nextReadAt, recordUpdate, type GatewayUpdates } from './gateway-cadence';
import { attachMedia, type MediaOptions, type MediaResult } from './media';
import { Limiter, runPool } from './pool';
import { ReadScheduler } from './scheduler';
import { submitOnce } from './paid';
import { nextPollDelay, recordReading, type PollHistory, type PollPlan } from './schedule';
import type { Reading } from './normalize';
import type { SubmitRequest, Task } from './types';

export interface WaitJob {
	itemIndex: number;
	/** Submit and Wait: what to submit first. */
	request?: SubmitRequest;
	/** Get Status: the task to wait for. */
	taskId?: string;
	/** Last known state; set as soon as a submit is accepted, so the id is never lost. */
	task?: Task;
	binary?: MediaResult['binary'];
	error?: NodeError;
}

export interface WaitSettings {
	plan: PollPlan;
	timeoutMs: number;
	submitConcurrency: number;
	media: MediaOptions;
	/** Without continue-on-fail the first failure ends the wait for everyone. */
	failFast: boolean;
}

const DOWNLOAD_CONCURRENCY = 3;

interface JobHistory extends PollHistory {
	/** Failed reads in a row (network faults, 5xx, 429). */
	faults: number;
	gateway: GatewayUpdates;
	/** Answers in a row that were not a task, and when the first came. */
	notATask?: { reads: number; since: number };
}

/** The job's task id: from the API's answer once there is one, else the id it was given. */
export function taskIdOfJob(job: Pick<WaitJob, 'task' | 'taskId'>): string | undefined {
	return job.task?.task_id ?? job.taskId;
}

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

function timeoutError(ctx: IExecuteFunctions, job: WaitJob, timeoutMs: number): NodeOperationError {
	const seconds = Math.round(timeoutMs / 1000);
	const taskId = taskIdOfJob(job)!;
	const state = job.task ? `Still ${job.task.status} (${job.task.progress}%)` : 'No answer about the task';
	const error = new NodeOperationError(ctx.getNode(), `${state} after waiting ${seconds} s`, {
		description: `Task ID: ${taskId}. The task goes on at the provider and is paid for. ${resumeHint([taskId])} Or raise Options › Timeout.`,
		itemIndex: job.itemIndex,
	});
	error.context.apiError = { message: error.message, type: 'timeout', code: 'wait_timeout' };
	error.context.taskId = taskId;
	return error;
}

/**
 * Watches a batch of tasks until each has completed (video attached), failed or timed out,
 * all under one deadline, with every status read going through one scheduler (scheduler.ts)
 * and the run's status budget. Fills in `task`, `binary` or `error` on each job.
 */
class BatchWait {
	private readonly deadline: number;
	private readonly stopAll = new AbortController();
	readonly signal: AbortSignal;
	private readonly downloads = new Limiter(DOWNLOAD_CONCURRENCY);
	private readonly histories = new Map<WaitJob, JobHistory>();
	private readonly scheduler: ReadScheduler<WaitJob>;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: YishangyunClient,
		private readonly settings: WaitSettings,
		private readonly clock: Clock,
	) {
		this.deadline = clock.now() + settings.timeoutMs;
		const execution = client.signal;
		this.signal = execution ? AbortSignal.any([execution, this.stopAll.signal]) : this.stopAll.signal;
		this.scheduler = new ReadScheduler({ clock, budget: client.budgets.status, signal: this.signal, read: async (job) => await this.read(job) });
	}

	/** Starts watching `job`: its first read at `firstReadAt`. */
	watch(job: WaitJob, firstReadAt: number, notStartedAt?: number): void {
		this.histories.set(job, { polls: 0, samples: [], notStartedAt, faults: 0, gateway: newGatewayUpdates(notStartedAt) });
		this.scheduler.schedule(job, Math.min(firstReadAt, this.deadline));
	}

	report(job: WaitJob, previous?: Task): void {
		const task = job.task!;
		if (previous && previous.status === task.status && previous.progress === task.progress) return;
		const line = `Item ${job.itemIndex + 1} · ${task.task_id}: ${task.status}${task.status === 'processing' ? ` ${task.progress}%` : ''}`;
		this.ctx.logger.info(`Yishangyun: ${line}`);
		if (this.ctx.getMode() === 'manual') this.ctx.sendMessageToUI(line);
	}

	fail(job: WaitJob, error: NodeError): void {
		job.error = error;
		if (this.settings.failFast) this.stopAll.abort();
	}

	/** Reads again at `at`, unless the deadline has passed: then the task is out of time. */
	private again(job: WaitJob, at: number): void {
		if (this.clock.now() >= this.deadline) return this.fail(job, timeoutError(this.ctx, job, this.settings.timeoutMs));
		this.scheduler.schedule(job, Math.min(at, this.deadline));
	}

	private async read(job: WaitJob): Promise<void> {
		const { ctx, client, clock } = this;
		const history = this.histories.get(job)!;
		const previous = job.task;
		const sentAt = clock.now();
		let reading: Reading;
		try {
			reading = await readStatus(ctx, client, taskIdOfJob(job)!, job.itemIndex, { retry: false });
		} catch (error) {
			if (error instanceof CancelledError) return;
			const nodeError = asNodeError(ctx.getNode(), error, job.itemIndex);
			// A 404 or 401 will not change by asking again; the item fails, not the batch.
			if (!nodeError.context.retryable) return this.fail(job, nodeError);
			// Proxies flap and connections drop during long jobs: keep watching until the deadline,
			// with the retry policy's backoff; the poll plan takes over again at the next answer.
			// Every 429 has paused the whole budget already (for its Retry-After, or a default), so
			// a rate-limit refusal needs no delay of its own; a saturated upstream (new-api's 429
			// without Retry-After) is a fault of this task's upstream and backs off on top.
			history.faults++;
			ctx.logger.warn(`Yishangyun: reading ${taskIdOfJob(job)} failed (${nodeError.message}); will read it again`);
			const refusal = nodeError instanceof NodeApiError && nodeError.httpCode === '429' && !nodeError.context.saturated;
			return this.again(job, clock.now() + (refusal ? 0 : backoffDelay(history.faults)));
		}
		history.faults = 0;
		if (reading.kind === 'not-a-task') return this.notATask(job, history, reading.excerpt);
		history.notATask = undefined;
		const task = reading.task;
		history.polls++;
		// A task known only by id has not started before the API says it was created.
		const createdAt = task.created_at ? Date.parse(task.created_at) : NaN;
		if (history.notStartedAt === undefined && createdAt <= sentAt) history.notStartedAt = createdAt;
		recordReading(history, task, sentAt, clock.now());
		recordUpdate(history.gateway, { updatedAt: reading.updatedAt, createdAt }, sentAt, clock.now());
		job.task = task;
		this.report(job, previous);
		if (task.status === 'completed') {
			try {
				const media = await this.downloads.run(() => attachMedia(ctx, client, task, this.settings.media, job.itemIndex));
				job.task = media.task;
				job.binary = media.binary;
			} catch (error) {
				if (!(error instanceof CancelledError)) this.fail(job, asNodeError(ctx.getNode(), error, job.itemIndex));
			}
			return;
		}
		if (task.status === 'failed') return this.fail(job, taskFailedError(ctx, task, job.itemIndex));
		// At the gateway's pace when its answers tell it (gateway-cadence.ts), else by progress.
		this.again(job, nextReadAt(history.gateway, clock.now()) ?? clock.now() + nextPollDelay(history, clock.now(), this.settings.plan));
	}

	/** A failed read of a different kind: a few in a row, close together, fail the task. */
	private notATask(job: WaitJob, history: JobHistory, excerpt: string): void {
		const now = this.clock.now();
		const run = (history.notATask ??= { reads: 0, since: now });
		run.reads++;
		this.ctx.logger.warn(`Yishangyun: reading ${taskIdOfJob(job)} answered something that is not a task: ${excerpt}`);
		if (run.reads >= NOT_A_TASK_READS || now - run.since >= NOT_A_TASK_WINDOW_MS) {
			return this.fail(job, notATaskError(this.ctx, taskIdOfJob(job)!, excerpt, job.itemIndex, run.reads));
		}
		this.again(job, Math.min(now + NOT_A_TASK_GAP_MS, run.since + NOT_A_TASK_WINDOW_MS));
	}

	/** Ends the wait; throws CancelledError when the execution was stopped. */
	async finish(feeding: Promise<void>): Promise<void> {
		await Promise.all([feeding.finally(() => this.scheduler.close()), this.scheduler.run()]);
		if (this.client.signal?.aborted) throw new CancelledError();
	}
}

/**
 * Submit and Wait: submits every job (paced by the pool and the run's submit budget), and
 * watches each accepted task from then on, so the batch takes about as long as its slowest job.
 */
export async function submitThenWait(ctx: IExecuteFunctions, client: YishangyunClient, jobs: WaitJob[], settings: WaitSettings, clock: Clock = realClock): Promise<void> {
	const wait = new BatchWait(ctx, client, settings, clock);
	const submitting = runPool(
		jobs.length,
		settings.submitConcurrency,
		async (index) => {
			const job = jobs[index];
			// Accepted on an earlier try of this node (Retry On Fail, paid.ts): watched, not paid again.
			if (job.task) return wait.watch(job, clock.now());
			// Taken before sending: the task cannot have started earlier than its submit.
			const notStartedAt = clock.now();
			try {
				job.task = await submitOnce(ctx, client, job.request!, job.itemIndex);
			} catch (error) {
				if (!(error instanceof CancelledError)) wait.fail(job, asNodeError(ctx.getNode(), error, job.itemIndex));
				return;
			}
			wait.report(job);
			wait.watch(job, clock.now() + settings.plan.firstDelayMs, notStartedAt);
		},
		() => wait.signal.aborted,
	);
	await wait.finish(submitting);
}

/**
 * Get Status with Wait for Completion: the same wait for tasks known by id. The first read is
 * at once, so a task that has already completed comes out without delay.
 */
export async function waitForTasks(ctx: IExecuteFunctions, client: YishangyunClient, jobs: WaitJob[], settings: WaitSettings, clock: Clock = realClock): Promise<void> {
	const wait = new BatchWait(ctx, client, settings, clock);
	for (const job of jobs) wait.watch(job, clock.now());
	await wait.finish(Promise.resolve());
}
