import { DEFAULT_CADENCE_MS } from './gateway-cadence';
import { DEFAULT_POLL_PLAN, nextPollDelay, recordReading, type PollHistory } from './schedule';
import { isTerminal, type Task } from './types';

const AGE_CAP_MS = 10 * 60_000;
const PLAN_CAP_MS = 30 * 60_000;
/**
 * The durable loop's Wait takes the check-in as its amount. n8n keeps a wait under 65 s in
 * memory, holding the worker; from 65 s it parks the execution in its database (66: a wait of
 * exactly 65 s can come out a millisecond short). A check-in of this many seconds is one the
 * loop parks.
 */
export const PARKED_CHECK_IN_SECONDS = 66;
const PARKS_FROM_SECONDS = 65;
/**
 * Never sooner than the waiter's first poll: a loop reads its whole batch every round, and a
 * gateway that answers a stored state (new-api refreshes Sora's every 15 s, without saying when)
 * would only be asked the same thing again, each round counting towards the loop's cap.
 */
export const MIN_CHECK_IN_SECONDS = DEFAULT_POLL_PLAN.firstDelayMs / 1000;

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
 * read again after that long too).
 *
 * With no `created_at` (the document's answer) one read says nothing about when the task ends:
 * PARKED_CHECK_IN_SECONDS. Saying "soon" there would keep a loop reading every few seconds,
 * holding its worker, for the whole render.
 *
 * Halving the way to the finish, the waits in memory that follow a check-in under 65 s add up to
 * about twice it: a halving check-in between half that and 65 s says PARKED_CHECK_IN_SECONDS, so
 * a loop holds its worker only for about the last minute of a render, not the last two.
 *
 * new-api refreshes a task from its upstream on a timer (gateway-cadence.ts) and answers the
 * stored state in between, giving the time of that last refresh while the task runs
 * (`refreshedAt`): a read before the next refresh learns nothing new, so that is a floor.
 *
 * Whole seconds, at least MIN_CHECK_IN_SECONDS; null for a task that has completed or failed.
 */
export function nextCheckInSeconds(task: Pick<Task, 'status' | 'progress' | 'created_at'>, now: number, refreshedAt?: number): number | null {
	if (isTerminal(task)) return null;
	const createdAt = time(task.created_at);
	if (createdAt === undefined || createdAt >= now) return PARKED_CHECK_IN_SECONDS;
	const history: PollHistory = { polls: 1, samples: [], notStartedAt: createdAt };
	recordReading(history, task, now, now);
	const byAge = Math.min(AGE_CAP_MS, Math.max(DEFAULT_POLL_PLAN.firstDelayMs, now - createdAt));
	let delay = nextPollDelay(history, now, { firstDelayMs: byAge, maxDelayMs: PLAN_CAP_MS, minDelayMs: DEFAULT_POLL_PLAN.minDelayMs });
	const halving = delay < byAge;
	if (refreshedAt !== undefined && refreshedAt <= now) delay = Math.max(delay, refreshedAt + DEFAULT_CADENCE_MS - now);
	const seconds = Math.max(MIN_CHECK_IN_SECONDS, Math.ceil(delay / 1000));
	return halving && seconds < PARKS_FROM_SECONDS && seconds * 2 > PARKS_FROM_SECONDS ? PARKED_CHECK_IN_SECONDS : seconds;
}
