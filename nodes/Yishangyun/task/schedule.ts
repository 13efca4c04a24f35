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
	/** Latest time the task was surely not processing yet: before the submit, or a read that saw it queued. */
	notStartedAt?: number;
}

/**
 * Feeds one answered status read to the history. A read that failed tells nothing: repeating
 * the last progress at a later time would fake a slowdown and push the predicted finish back.
 */
export function recordReading(history: PollHistory, task: { status: string; progress: number }, sentAt: number, answeredAt: number): void {
	if (task.status === 'queued') history.notStartedAt = sentAt;
	if (task.status === 'processing') history.samples.push({ at: answeredAt, progress: task.progress });
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
	/** Time one percent takes. */
	msPerPercent: number;
	/**
	 * Made from one reading and the last moment the task was known not to have started. The
	 * task started some time after that moment, so this finish is late, never early.
	 */
	tentative: boolean;
}

/**
 * Reported progress is whole percent, rounded down: a reading of 42 means somewhere in
 * [42, 43), best taken as 42.5. Some providers jump to "completed" from 99, others from 100;
 * with the half percent of reading uncertainty, completion can come 1.5 % before the finish.
 */
const HALF_PERCENT = 0.5;
const COMPLETION_WINDOW_PERCENT = 1.5;
/** Reads per percent of progress inside that window: bounds the lag to a sixth of a percent. */
const READS_PER_PERCENT = 6;

/**
 * Predicts the finish from the first and last rising samples; with only one, from that sample
 * and `notStartedAt` taken as 0 %, which is what lets a short job be caught on its second read.
 */
export function predictFinish(samples: ProgressSample[], notStartedAt?: number): Prediction | undefined {
	const rising = samples.filter((sample) => sample.progress > 0 && sample.progress < 100);
	const tentative = rising.length === 1 && notStartedAt !== undefined && notStartedAt < rising[0].at;
	if (rising.length < 2 && !tentative) return undefined;
	const last = rising[rising.length - 1];
	const first = tentative ? { at: notStartedAt!, progress: -HALF_PERCENT } : rising[0];
	const rate = (last.progress - first.progress) / (last.at - first.at);
	if (!(rate > 0)) return undefined;
	return { finish: last.at + (100 - last.progress - HALF_PERCENT) / rate, msPerPercent: 1 / rate, tentative };
}

export function nextPollDelay(history: PollHistory, now: number, plan: PollPlan): number {
	if (history.polls === 0) return plan.firstDelayMs;
	const backoff = Math.min(plan.maxDelayMs, plan.firstDelayMs * BACKOFF_FACTOR ** (history.polls - 1));
	const prediction = predictFinish(history.samples, history.notStartedAt);
	if (prediction === undefined) return backoff;
	const earliest = prediction.finish - COMPLETION_WINDOW_PERCENT * prediction.msPerPercent;
	// A late-biased guess may only bring the next read forward, never push it past the backoff.
	if (prediction.tentative) return clamp(Math.min(backoff, (earliest - now) / 2), plan.minDelayMs, plan.maxDelayMs);
	// Halve the distance to the earliest plausible completion; inside the window read a few
	// times per percent (every second for jobs up to ten minutes); once past the finish, back
	// off in proportion to how wrong the prediction was, so a stalled job is not hammered.
	// A confident prediction may wait longer than the cap.
	const step = Math.max(plan.minDelayMs, prediction.msPerPercent / READS_PER_PERCENT);
	if (now < earliest) return clamp((earliest - now) / 2, step, plan.maxDelayMs * 2);
	return clamp((now - prediction.finish) / 3, step, plan.maxDelayMs);
}
