import { cadenceOf, newGatewayUpdates, nextReadAt } from '../../nodes/Yishangyun/task/gateway-cadence';
import { newBodyChanges, nextAnswerAt, recordAnswer, type Answer } from '../../nodes/Yishangyun/task/gateway-changes';
import { DEFAULT_POLL_PLAN, nextPollDelay, recordReading, type PollHistory } from '../../nodes/Yishangyun/task/schedule';

const QUEUED = { status: 'queued', progress: 0 };
const at = (progress: number) => ({ status: 'processing', progress });

/** Feeds answers `[sentAt, answer]` (answered 50 ms later) to a task submitted at 0 with a queued answer. */
function feed(answers: Array<[number, Answer]>) {
	const changes = newBodyChanges(0, QUEUED);
	const state = newGatewayUpdates(0);
	for (const [sentAt, answer] of answers) recordAnswer(changes, state, answer, sentAt, sentAt + 50);
	return { changes, state };
}

test('a body that changed places a visit between the last read that showed the old one and its answer', () => {
	const { state } = feed([
		[5_000, QUEUED],
		[10_000, at(12)],
	]);
	expect(state).toMatchObject({ last: 5_000, width: 5_050, staleSince: 10_000 });
	// Nothing known of its kind yet: the progress plan decides.
	expect(state.kind).toBeUndefined();
	expect(nextReadAt(state, 10_050)).toBeUndefined();
});

test('two changes closer than the poller sleeps are no visits: made at each read, left to the progress plan for good', () => {
	const { state } = feed([
		[5_000, at(1)],
		[10_000, at(2)],
		[40_000, at(3)],
		[44_000, at(3)],
		[50_000, at(3)],
	]);
	expect(state.kind).toBe('live');
	expect(nextReadAt(state, 50_050)).toBeUndefined();
});

/** A stored body: visits at 8 s and 24 s (a percent every 0.5 s), read by the progress plan. */
const STORED: Array<[number, Answer]> = [
	[5_000, QUEUED],
	[10_000, at(16)],
	[15_000, at(16)],
	[23_800, at(16)],
	[24_100, at(48)],
	[27_500, at(48)],
];

test('a body unchanged for twice the time a percent takes is stored: the next read goes just after the next visit is due', () => {
	const { state: stored } = feed(STORED);
	expect(stored.kind).toBe('stored');
	// The visit at 24 s: after the read at 23.8 s, before 24.15 s; the next one is due 16 s later.
	expect(stored).toMatchObject({ last: 23_800, width: 350 });
	expect(nextReadAt(stored, 27_550)).toBe(23_800 + 350 + 16_000 + 150);
});

test.each([2_500, 10_000, 20_000])('a body made at each read, moving a percent every %d ms, is never taken as stored', (msPerPercent) => {
	const answers: Array<[number, Answer]> = [];
	for (let t = 5_000; t < 600_000; t += 2_500) answers.push([t, at(Math.floor(t / msPerPercent))]);
	expect(feed(answers).state.kind).not.toBe('stored');
});

test('a stored body that stops changing for two rounds goes back to the progress plan', () => {
	const { changes, state } = feed(STORED);
	expect(state.kind).toBe('stored');
	recordAnswer(changes, state, at(48), 24_150 + 2 * cadenceOf(state) + 1, 60_000);
	expect(state.kind).toBeUndefined();
	expect(nextReadAt(state, 60_000)).toBeUndefined();
});

test('answers with update times go by them, whatever their body', () => {
	const changes = newBodyChanges(0, QUEUED);
	const state = newGatewayUpdates(0);
	recordAnswer(changes, state, { ...at(30), updatedAt: 8_000 }, 10_000, 10_050);
	expect(changes.timed).toBe(true);
	expect(state).toMatchObject({ last: 8_000, kind: 'probing' });
	recordAnswer(changes, state, at(30), 11_250, 11_300);
	expect(state.kind).toBe('stored');
});

/**
 * The waiter's loop: the gateway's schedule where it has one, else the progress plan. The job
 * runs from `startMs` for `jobMs`, progress rising linearly to 99, then completes. `stored`:
 * new-api's poller visits every `cycleMs` from `phaseMs` on and a read answers the last visit's
 * state; else every read answers the state of the moment. Reads take 30 ms.
 */
function play({ jobMs, stored, cycleMs = 16_000, phaseMs = 7_300, startMs = 300, plain = false }: { plain?: boolean; jobMs: number; stored: boolean; cycleMs?: number; phaseMs?: number; startMs?: number }) {
	const live = (t: number): Answer => (t < startMs ? QUEUED : t >= startMs + jobMs ? { status: 'completed', progress: 100 } : at(Math.floor(((t - startMs) / jobMs) * 99)));
	const visitBefore = (t: number) => (t < phaseMs ? undefined : phaseMs + Math.floor((t - phaseMs) / cycleMs) * cycleMs);
	const answerAt = (t: number) => {
		const visit = stored ? visitBefore(t) : t;
		return visit === undefined ? QUEUED : live(visit);
	};
	const seen = (() => {
		for (let t = startMs + jobMs; ; t++) if (answerAt(t).status === 'completed') return t;
	})();
	const changes = newBodyChanges(0, QUEUED);
	const gateway = newGatewayUpdates(0);
	const history: PollHistory = { polls: 0, samples: [], notStartedAt: 0 };
	let now = DEFAULT_POLL_PLAN.firstDelayMs;
	for (let reads = 1; ; reads++) {
		const answer = answerAt(now + 15);
		if (answer.status === 'completed') return { reads, lag: now + 30 - seen };
		history.polls++;
		const news = plain || recordAnswer(changes, gateway, answer, now, now + 30);
		if (news || answer.status !== 'processing') recordReading(history, answer, now, now + 30);
		const planned = now + 30 + nextPollDelay(history, now + 30, DEFAULT_POLL_PLAN);
		now = (plain ? undefined : nextAnswerAt(changes, gateway, now + 30, planned)) ?? planned;
	}
}

const PHASES = [0, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 14_000].map((phase) => phase + 1_300);
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

test.each([20_000, 60_000, 300_000, 900_000])('a %d ms job answered at each read: the same reads, at the same times, as by the progress plan alone', (jobMs) => {
	for (const phaseMs of PHASES) expect(play({ jobMs, stored: false, phaseMs })).toEqual(play({ jobMs, stored: false, phaseMs, plain: true }));
});

test.each([20_000, 35_000, 60_000, 300_000])('a %d ms job, stored at visits 16 s apart (new-api with this task alone): completion seen sooner than by the progress plan alone, at about its reads', (jobMs) => {
	const runs = PHASES.map((phaseMs) => play({ jobMs, stored: true, phaseMs }));
	const plain = PHASES.map((phaseMs) => play({ jobMs, stored: true, phaseMs, plain: true }));
	expect(Math.max(...runs.map((run) => run.lag))).toBeLessThanOrEqual(Math.max(3_200, ...plain.map((run) => run.lag)));
	// Reads as today, within the eight phases' spread (the five-minute job reads 15.9 for 15.75).
	expect(mean(runs.map((run) => run.reads))).toBeLessThanOrEqual(mean(plain.map((run) => run.reads)) + 0.25);
	if (jobMs < 300_000) expect(mean(runs.map((run) => run.lag))).toBeLessThan(mean(plain.map((run) => run.lag)) / 2);
});

test('visits 26 s apart (new-api with ten other open tasks): completion seen sooner; looking for visits later than 16 s costs reads', () => {
	const runs = PHASES.map((phaseMs) => play({ jobMs: 35_000, cycleMs: 26_000, stored: true, phaseMs }));
	const plain = PHASES.map((phaseMs) => play({ jobMs: 35_000, cycleMs: 26_000, stored: true, phaseMs, plain: true }));
	expect(mean(runs.map((run) => run.lag))).toBeLessThan(mean(plain.map((run) => run.lag)) / 2);
	expect(Math.max(...runs.map((run) => run.lag))).toBeLessThan(4_000);
	expect(mean(runs.map((run) => run.reads))).toBeLessThanOrEqual(2.5 * mean(plain.map((run) => run.reads)));
});
