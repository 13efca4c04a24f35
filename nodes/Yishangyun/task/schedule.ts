/**
 * When to look at a running task next. Pure: the waiter feeds it what it has seen.
 *
 * Two goals pull against each other: few polls over a ten-minute job (every poll is a request
 * against the user's rate limit) and noticing completion within a second. Progress reports make
 * both possible: a steady progress rate predicts the finish, so polls are sparse while it is far
 * and close together around it. Without progress it is a gentle backoff towards a cap.
 */
export interface PollPlan {
	/** Delay before the first status read, and the base of the backoff. */
	firstDelayMs: number;
	/** Longest gap between two reads of one task. */
	maxDelayMs: number;
	/** Shortest gap, used right around the predicted finish. */
	minDelayMs: number;
}

export interface ProgressSample {
	at: number;
	progress: number;
}

export interface PollHistory {
	/** Status reads answered so far. */
	polls: number;
	/** Progress readings in time order (ms clock), only while processing. */
	samples: ProgressSample[];
}

const BACKOFF_FACTOR = 1.5;

export const DEFAULT_POLL_PLAN: PollPlan = { firstDelayMs: 5_000, maxDelayMs: 30_000, minDelayMs: 1_000 };

export function pollPlanFor(pollIntervalSeconds: number): PollPlan {
	const firstDelayMs = Math.max(50, pollIntervalSeconds * 1000);
	return {
		firstDelayMs,
		maxDelayMs: Math.max(firstDelayMs, DEFAULT_POLL_PLAN.maxDelayMs),
		minDelayMs: Math.min(firstDelayMs, DEFAULT_POLL_PLAN.minDelayMs),
	};
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}

/** Predicted time at which progress reaches 100, from the first and last rising samples. */
export function predictFinish(samples: ProgressSample[]): number | undefined {
	const rising = samples.filter((sample) => sample.progress > 0 && sample.progress < 100);
	if (rising.length < 2) return undefined;
	const first = rising[0];
	const last = rising[rising.length - 1];
	const rate = (last.progress - first.progress) / (last.at - first.at);
	if (!(rate > 0)) return undefined;
	return last.at + (100 - last.progress) / rate;
}

export function nextPollDelay(history: PollHistory, now: number, plan: PollPlan): number {
	if (history.polls === 0) return plan.firstDelayMs;
	const backoff = Math.min(plan.maxDelayMs, plan.firstDelayMs * BACKOFF_FACTOR ** (history.polls - 1));
	const finish = predictFinish(history.samples);
	if (finish === undefined) return backoff;
	const remaining = finish - now;
	// Halve the distance to the predicted finish; once past it, back off again in proportion to
	// how wrong the prediction was, so a stalled job is not hammered.
	const target = remaining > 0 ? remaining / 2 : -remaining / 3;
	return clamp(target, plan.minDelayMs, plan.maxDelayMs);
}
