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

export interface Prediction {
	/** When progress should reach 100. */
	finish: number;
	/** Time one percent takes: reported progress is whole percent, so the finish is this uncertain. */
	msPerPercent: number;
}

/** Predicts the finish from the first and last rising samples. */
export function predictFinish(samples: ProgressSample[]): Prediction | undefined {
	const rising = samples.filter((sample) => sample.progress > 0 && sample.progress < 100);
	if (rising.length < 2) return undefined;
	const first = rising[0];
	const last = rising[rising.length - 1];
	const rate = (last.progress - first.progress) / (last.at - first.at);
	if (!(rate > 0)) return undefined;
	return { finish: last.at + (100 - last.progress) / rate, msPerPercent: 1 / rate };
}

export function nextPollDelay(history: PollHistory, now: number, plan: PollPlan): number {
	if (history.polls === 0) return plan.firstDelayMs;
	const backoff = Math.min(plan.maxDelayMs, plan.firstDelayMs * BACKOFF_FACTOR ** (history.polls - 1));
	const prediction = predictFinish(history.samples);
	if (prediction === undefined) return backoff;
	// Halve the distance to the earliest plausible finish; inside the window of uncertainty read
	// as often as allowed; once past it, back off again in proportion to how wrong the prediction
	// was, so a stalled job is not hammered. A confident prediction may wait longer than the cap.
	const earliest = prediction.finish - prediction.msPerPercent;
	if (now < earliest) return clamp((earliest - now) / 2, plan.minDelayMs, plan.maxDelayMs * 2);
	return clamp((now - prediction.finish) / 3, plan.minDelayMs, plan.maxDelayMs);
}
