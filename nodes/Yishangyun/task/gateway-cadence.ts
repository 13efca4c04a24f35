/**
 * Reading a task at the gateway's own pace. Pure: the waiter feeds it what it has seen.
 *
 * new-api answers a status read with the state it stored at its background poller's last visit
 * to the task, and gives that visit's time as `completed_at` while the task runs. The poller
 * sleeps 15 s, then visits every open task one second apart (service/task_polling.go; SPEC.md ›
 * "State changes at the gateway's own pace"), so a task is visited every 15 s plus a second per
 * open task. Reading between two visits learns nothing, so the read goes just after the next
 * visit is due: the last update time plus the cadence, plus a second (the times are whole
 * seconds, rounded down) and a small margin. A read there that shows the same update time means
 * the visit is late (more open tasks than thought) or changed nothing: read again, at growing
 * gaps while the cadence is still a guess, a second apart for two seconds once it is learnt,
 * then wait for the visit after. The cadence is learnt from the gaps between update times.
 *
 * Some families are read live (new-api's Veo): every read makes a new update time, which says
 * nothing about when the task changes. One read a second after the first update tells them
 * apart (a stored state shows the same time again); live ones are left to the progress plan.
 *
 * The update times are on the gateway's clock. Each one seen bounds the offset between that
 * clock and ours: the update happened before the answer that showed it, and after the last read
 * (or the submit) that did not. The schedule takes the clocks as agreeing unless those bounds
 * say otherwise, and then the middle of what they allow: a read that comes early narrows them.
 */
export interface GatewayUpdates {
	/** The latest update time seen (gateway ms). */
	last?: number;
	/** `last` is the task's creation, not a poller visit: the gap after it is no cadence. */
	lastIsCreation?: boolean;
	/** Gaps between consecutive poller visits seen (ms). */
	gaps: number[];
	/** Bounds on (our clock − the gateway's clock), from the updates seen. */
	offsetLow: number;
	offsetHigh: number;
	/** When the latest read that showed nothing newer than `last` was sent (our clock). */
	staleSince?: number;
	/** Whether the answers are the gateway's stored state ('stored') or made at each read ('live'). */
	kind?: 'probing' | 'stored' | 'live';
	/** Reads in a row, while probing, that showed a new update time. */
	freshProbes: number;
}

/** new-api's sleep between its poller's rounds (`common.TaskPollingInterval`): no visit comes sooner after the last. */
const POLLER_SLEEP_MS = 15_000;
/** new-api's default round: the sleep, then a second for the one task we know is open. */
export const DEFAULT_CADENCE_MS = POLLER_SLEEP_MS + 1_000;
/** Update times are whole seconds, rounded down. */
const ROUNDING_MS = 1_000;
const MARGIN_MS = 150;
/** Once the cadence is learnt, a visit is counted as having changed nothing this long after it was due. */
const LATE_AFTER_MS = 2_000;
const RETRY_MS = 1_000;
/** While the cadence is a guess, looks after a missed visit grow by this factor. */
const GUESS_GROWTH = 1.5;
const SHRINK_MS = 2_000;
/** The gaps the cadence is learnt from: the latest few, as the number of open tasks changes it. */
const RECENT_GAPS = 3;
/** The probe after the first update: long enough for a live answer to show a new second. */
const PROBE_MS = 1_200;
/** Probes in a row showing a new time that make the gateway live (one may catch a real visit). */
const LIVE_PROBES = 2;
/** Gaps up to this many times the shortest are single visits; longer ones skipped some. */
const SINGLE_GAP_FACTOR = 1.5;

/** `notBefore` (our clock): a moment before the task existed, e.g. when its submit was sent. */
export function newGatewayUpdates(notBefore?: number): GatewayUpdates {
	return { gaps: [], offsetLow: -Infinity, offsetHigh: Infinity, staleSince: notBefore, freshProbes: 0 };
}

/**
 * Feeds one answered read: `updatedAt` is the answer's update time (gateway ms) if it had one,
 * `createdAt` the task's creation on the same clock; `sentAt`/`answeredAt` are on ours.
 */
export function recordUpdate(state: GatewayUpdates, reading: { updatedAt?: number; createdAt?: number }, sentAt: number, answeredAt: number): void {
	const { updatedAt, createdAt } = reading;
	const fresh = updatedAt !== undefined && (state.last === undefined || updatedAt > state.last);
	if (state.kind === 'probing') {
		state.freshProbes = fresh ? state.freshProbes + 1 : 0;
		state.kind = !fresh ? 'stored' : state.freshProbes >= LIVE_PROBES ? 'live' : 'probing';
	}
	if (!fresh) {
		state.staleSince = Math.max(state.staleSince ?? -Infinity, sentAt);
		return;
	}
	if (state.last !== undefined && !state.lastIsCreation) state.gaps.push(updatedAt - state.last);
	state.kind ??= 'probing';
	const high = answeredAt - updatedAt;
	const low = state.staleSince === undefined ? -Infinity : state.staleSince - (updatedAt + ROUNDING_MS);
	// Bounds that no longer overlap mean a clock was set: start over from this update.
	const reset = Math.max(state.offsetLow, low) > Math.min(state.offsetHigh, high);
	state.offsetHigh = reset ? high : Math.min(state.offsetHigh, high);
	state.offsetLow = reset ? low : Math.max(state.offsetLow, low);
	state.last = updatedAt;
	state.lastIsCreation = createdAt !== undefined && Math.abs(updatedAt - createdAt) < ROUNDING_MS;
	state.staleSince = sentAt;
}

/**
 * The gateway's poll interval as seen so far: the mean of the latest single-visit gaps, or where
 * they shrink, the next one by their trend. Gaps all well over the default mean that visits
 * which changed nothing went unrecorded (new-api saves a task only when it changed): take each
 * as several visits.
 */
export function cadenceOf(state: Pick<GatewayUpdates, 'gaps'>): number {
	const gaps = state.gaps.filter((gap) => gap >= ROUNDING_MS);
	if (gaps.length === 0) return DEFAULT_CADENCE_MS;
	const shortest = Math.min(...gaps);
	const single = gaps.filter((gap) => gap <= shortest * SINGLE_GAP_FACTOR).slice(-RECENT_GAPS);
	// Tasks finishing shorten every visit after them: the gaps shrink a second per task, so
	// follow the trend (times are whole seconds: a change of one second is noise).
	const drop = single[0] - single[single.length - 1];
	if (drop >= SHRINK_MS) return Math.max(POLLER_SLEEP_MS, single[single.length - 1] - drop / (single.length - 1));
	const mean = single.reduce((sum, gap) => sum + gap, 0) / single.length;
	return mean / Math.max(1, Math.round(mean / DEFAULT_CADENCE_MS - 0.25));
}

/** Our clock minus the gateway's: 0 while the bounds allow it, else the middle of what they do. */
export function offsetOf(state: Pick<GatewayUpdates, 'offsetLow' | 'offsetHigh'>): number {
	const { offsetLow: low, offsetHigh: high } = state;
	if (low <= 0 && 0 <= high) return 0;
	if (!Number.isFinite(low)) return high;
	if (!Number.isFinite(high)) return low;
	return (low + high) / 2;
}

/**
 * When to read next (our clock), or undefined when the answers carry no stored update time
 * (then the progress-based plan of schedule.ts decides).
 */
export function nextReadAt(state: GatewayUpdates, now: number): number | undefined {
	if (state.last === undefined || state.kind === 'live') return undefined;
	if (state.kind === 'probing') return now + PROBE_MS;
	const cadence = cadenceOf(state);
	const learnt = state.gaps.some((gap) => gap >= ROUNDING_MS);
	const stale = state.staleSince ?? -Infinity;
	for (let due = state.last + offsetOf(state) + cadence + ROUNDING_MS + MARGIN_MS; ; due += cadence) {
		// Nothing read since this visit was due: read just after it.
		if (stale < due) return Math.max(now, due);
		// Read after it was due and no visit yet: it may be late. A guessed cadence may be off by
		// a second per open task: look again at growing gaps, until the visit after is due.
		const lateBy = stale - due;
		if (learnt && lateBy < LATE_AFTER_MS) return Math.max(now, stale + RETRY_MS);
		if (!learnt && lateBy < cadence) return Math.min(due + cadence, Math.max(now, stale + Math.max(RETRY_MS, lateBy * (GUESS_GROWTH - 1))));
	}
}
