import { cadenceOf, nextReadAt, POLLER_SLEEP_MS, recordStale, recordUpdate, recordVisit, visitPossibleBefore, type GatewayUpdates } from './gateway-cadence';

/**
 * Answers without an update time, told apart by when their body changes. Pure: the waiter feeds
 * it every answer; gateway-cadence.ts keeps the one schedule.
 *
 * new-api answers Sora and Grok with the upstream's OpenAI body as its poller last stored it:
 * no update time, but the status and progress in it change only at a visit. So an answer that
 * differs from the one before shows a visit between the last read that showed the old body and
 * this answer. Other gateways (the document's, OpenAI's) make the body at each read: their
 * progress moves with the clock, and a schedule kept to visits would read them late.
 *
 * Until the answers say which they are, the progress plan decides (schedule.ts). Two changes
 * closer together than the poller's sleep cannot be two visits: made at each read, for good. A
 * body that stays the same for twice as long as the progress seen so far takes to move a
 * percent (and a few seconds at least) is not made at each read: stored, read at the visits.
 * A stored body that then stops changing for two rounds (the upstream stalled, or the guess was
 * wrong) goes back to the progress plan, whose backoff suits a stall, until it moves again.
 */
export interface BodyChanges {
	/** The answers carried update times: gateway-cadence.ts reads those instead. */
	timed?: boolean;
	/** What the latest answer showed: its status and progress, all that a visit changes. */
	body?: string;
	/** The latest moment the task had surely not started (its submit was sent). */
	notBefore?: number;
	/** The first and the latest visit seen while processing, for the pace of progress. */
	first?: Mark;
	latest?: Mark;
}

interface Mark {
	low: number;
	high: number;
	progress: number;
}

export interface Answer {
	status: string;
	progress: number;
	/** The gateway's update time (its clock), when the answer has one. */
	updatedAt?: number;
	createdAt?: number;
}

/** A body unchanged for less than this says nothing, whatever the pace of progress. */
const STORED_AFTER_MS = 3_000;
/** Unchanged this many times as long as a percent takes: a body made at each read would have moved. */
const PERCENTS_UNMOVED = 2;
/** Rounds without a change after which a stored body goes back to the progress plan. */
const STALLED_ROUNDS = 2;

const fingerprint = (answer: Pick<Answer, 'status' | 'progress'>) => `${answer.status} ${answer.progress}`;

/** `submitted`: the submit's answer, sent at `notBefore`: the body before the first visit. */
export function newBodyChanges(notBefore?: number, submitted?: Pick<Answer, 'status' | 'progress'>): BodyChanges {
	return notBefore === undefined || submitted === undefined ? {} : { notBefore, body: fingerprint(submitted) };
}

/** The most a percent of progress takes, by what was seen: overstated, never understated. */
function msPerPercent({ first, latest, notBefore }: BodyChanges): number | undefined {
	if (first && latest && latest.progress > first.progress) return (latest.high - first.low) / (latest.progress - first.progress);
	if (first && notBefore !== undefined) return (first.high - notBefore) / first.progress;
	return undefined;
}

/**
 * Feeds one answered read: by its update time when answers have one, else by its body. Returns
 * false for a stored body read again: it tells the progress at the last visit, not now.
 */
export function recordAnswer(changes: BodyChanges, state: GatewayUpdates, answer: Answer, sentAt: number, answeredAt: number): boolean {
	if (answer.updatedAt !== undefined) changes.timed = true;
	if (changes.timed) {
		recordUpdate(state, answer, sentAt, answeredAt);
		return true;
	}
	const body = fingerprint(answer);
	const changed = changes.body !== body;
	const seen = changes.body !== undefined && state.staleSince !== undefined;
	changes.body = body;
	if (state.kind === 'live') return true;
	if (!changed || !seen) {
		recordUnchanged(changes, state, sentAt);
		return changed || state.kind !== 'stored';
	}
	if (!visitPossibleBefore(state, answeredAt)) {
		state.kind = 'live';
		return true;
	}
	recordVisit(state, state.staleSince!, answeredAt, sentAt);
	if (answer.status === 'processing' && answer.progress > 0) {
		changes.latest = { low: state.last!, high: answeredAt, progress: answer.progress };
		changes.first ??= changes.latest;
	}
	return true;
}

function recordUnchanged(changes: BodyChanges, state: GatewayUpdates, sentAt: number): void {
	recordStale(state, sentAt);
	if (state.last === undefined) return;
	const unchangedFor = sentAt - (state.last + state.width);
	const cadence = cadenceOf(state);
	if (state.kind === 'stored' && unchangedFor > STALLED_ROUNDS * cadence) state.kind = undefined;
	// Only within a round is an unchanged body evidence: a stored one cannot change before the next visit.
	const pace = msPerPercent(changes);
	if (state.kind === undefined && pace !== undefined && unchangedFor < cadence && unchangedFor >= Math.max(STORED_AFTER_MS, PERCENTS_UNMOVED * pace)) state.kind = 'stored';
}

/**
 * When to read next, given when the progress plan would (`planned`), or undefined for the
 * plan's time. Update times: at the gateway's pace (gateway-cadence.ts). A stored body: the plan
 * says how soon a look is worth a read (sparse while the finish is far), the visits when to
 * look: just after the last one due before the plan's time, which answers the same, sooner.
 * Not known yet: one read where a body made at each read would have moved and a stored one
 * cannot have (before the next visit may come) tells which, if the plan has none there.
 */
export function nextAnswerAt(changes: BodyChanges, state: GatewayUpdates, now: number, planned: number): number | undefined {
	if (changes.timed) return nextReadAt(state, now);
	if (state.kind === undefined) {
		const telling = tellingSpan(changes, state);
		const stale = state.staleSince ?? -Infinity;
		if (telling && stale < telling.from && planned > telling.until) return Math.max(now, telling.from);
	}
	return nextReadAt(state, now, planned);
}

/** When an unchanged body would say it is stored: after it should have moved, before a visit may come. */
function tellingSpan(changes: BodyChanges, state: GatewayUpdates): { from: number; until: number } | undefined {
	const pace = msPerPercent(changes);
	if (pace === undefined || state.last === undefined) return undefined;
	const from = state.last + state.width + Math.max(STORED_AFTER_MS, PERCENTS_UNMOVED * pace);
	const until = state.last + Math.min(POLLER_SLEEP_MS, cadenceOf(state));
	return from < until ? { from, until } : undefined;
}
