import { DEFAULT_CADENCE_MS } from './gateway-cadence';
import { DEFAULT_POLL_PLAN, nextPollDelay, recordReading, type PollHistory } from './schedule';
import { isTerminal, type Task } from './types';

const AGE_CAP_MS = 10 * 60_000;
const PLAN_CAP_MS = 30 * 60_000;
/**
 * With no `created_at` (the document's answer) one read says nothing about when the task ends:
 * a minute and a bit, which a loop's Wait parks in n8n's database (n8n keeps a wait under 65 s in
 * memory, holding the worker). Saying "soon" here would keep a loop reading every few seconds,
 * holding its worker, for the whole render.
 */
export const UNKNOWN_AGE_CHECK_IN_SECONDS = 66;

function time(iso: string | null): number | undefined {
	const at = iso ? Date.parse(iso) : NaN;
	return Number.isNaN(at) ? undefined : at;
}

/**
 * When reading an unfinished task again is worth it, from one read: Get Status's
 * `next_check_in_seconds`, which a workflow that waits between reads (the durable loop:
 * Submit → Wait → Get Status → back to the Wait) uses as its Wait amount.
 *
 * One read is one progress sample; the task's `created_at` is the last moment it surely had not
 * started, which is what the poll plan's tentative prediction is made from (schedule.ts). That
 * prediction leans late (the task may have queued first), so, as in the waiter, it may only bring
 * the next read forward: to half the way to the earliest plausible completion, and never later
 * than the task's age so far (it took that long to get here; a task with no progress to go by is
 * read again after that long too). Without `created_at` there is nothing to go by: see
 * UNKNOWN_AGE_CHECK_IN_SECONDS.
 *
 * new-api refreshes a task from its upstream on a timer (gateway-cadence.ts) and answers the
 * stored state in between, giving the time of that last refresh while the task runs
 * (`refreshedAt`): a read before the next refresh learns nothing new, so that is a floor.
 *
 * Whole seconds, at least 1; null for a task that has completed or failed.
 */
export function nextCheckInSeconds(task: Pick<Task, 'status' | 'progress' | 'created_at'>, now: number, refreshedAt?: number): number | null {
	if (isTerminal(task)) return null;
	const createdAt = time(task.created_at);
	if (createdAt === undefined || createdAt >= now) return UNKNOWN_AGE_CHECK_IN_SECONDS;
	const history: PollHistory = { polls: 1, samples: [], notStartedAt: createdAt };
	recordReading(history, task, now, now);
	const byAge = Math.min(AGE_CAP_MS, Math.max(DEFAULT_POLL_PLAN.firstDelayMs, now - createdAt));
	let delay = nextPollDelay(history, now, { firstDelayMs: byAge, maxDelayMs: PLAN_CAP_MS, minDelayMs: DEFAULT_POLL_PLAN.minDelayMs });
	if (refreshedAt !== undefined && refreshedAt <= now) delay = Math.max(delay, refreshedAt + DEFAULT_CADENCE_MS - now);
	return Math.max(1, Math.ceil(delay / 1000));
}
