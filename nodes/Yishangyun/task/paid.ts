import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { YishangyunClient } from '../transport/client';
import { submitTask } from './api';
import type { SubmitRequest, Task } from './types';

/**
 * What this node has already paid for in this run of it, so that n8n's "Retry On Fail" never
 * pays twice. That setting runs the whole node again after a thrown error (and, in n8n 2.x,
 * after an output whose first item carries `json.error`, which is how On Error: Continue reports
 * a failed item): every prompt would be submitted again. n8n keeps a node's context
 * (`getContext('node')`) in the execution's own data, the same object for every try of one
 * run, so an accepted task is remembered there, keyed by the run, the item and a fingerprint of
 * the request, and a retry takes it up instead of submitting again.
 *
 * A submit that ended without a clear answer (no answer, a 5xx, no task id) may have been
 * accepted and billed: the node itself never re-sends it (transport/retry.ts), and neither
 * does a retry.
 */
type Paid = Task | typeof UNSURE;
const UNSURE = 'unsure';

interface PaidRecord {
	/** The node's run index in the execution: a loop's next run is a new batch, not a retry. */
	run: number;
	tasks: Record<string, Paid>;
}

function record(ctx: IExecuteFunctions): PaidRecord {
	const context = ctx.getContext('node');
	const run = Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0);
	const stored = context.paidSubmits as PaidRecord | undefined;
	if (stored?.run !== run) context.paidSubmits = { run, tasks: {} };
	return context.paidSubmits as PaidRecord;
}

/** The item and everything sent for it; file bytes by their hash. */
function keyOf(itemIndex: number, request: SubmitRequest): string {
	const hash = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
	const json = JSON.stringify(request, function (this: Record<string, unknown>, key, value: unknown) {
		const raw = this[key];
		return raw instanceof Uint8Array ? hash(raw) : value;
	});
	return `${itemIndex}:${hash(json)}`;
}

/** transport/errors.ts judges each answer when it makes the error (the one rule, transport/retry.ts). */
const surelyNotAccepted = (error: unknown) => error instanceof NodeApiError && error.context.certainlyNotAccepted === true;

/** The task an earlier try of this run accepted for this item and request, if any. */
export function paidEarlier(ctx: IExecuteFunctions, itemIndex: number, request: SubmitRequest): Task | undefined {
	const paid = record(ctx).tasks[keyOf(itemIndex, request)];
	return paid === UNSURE ? undefined : paid;
}

/** Submits once per run, item and request: remembers what was accepted and what may have been. */
export async function submitOnce(ctx: IExecuteFunctions, client: YishangyunClient, request: SubmitRequest, itemIndex: number): Promise<Task> {
	const { tasks } = record(ctx);
	const key = keyOf(itemIndex, request);
	const earlier = tasks[key];
	if (earlier === UNSURE) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex + 1} is not submitted again: an earlier try may have created (and billed) its task`, {
			description:
				'"Retry On Fail" ran this node again, but on the earlier try the submit of this item got no clear answer, so the task may exist and be paid for. Check your task list at the provider; if it is there, "Get Status" with "Wait for Completion" on picks it up by its task ID without paying again. The node itself already retries every submit that certainly did not reach the API.',
			itemIndex,
		});
	}
	if (earlier) return earlier;
	// The error goes on as it is (a cancellation must stay a CancelledError for the waiter).
	return await submitTask(ctx, client, request, itemIndex).then(
		(task) => (tasks[key] = task),
		async (error: unknown) => {
			if (!surelyNotAccepted(error)) tasks[key] = UNSURE;
			return await Promise.reject(error);
		},
	);
}
