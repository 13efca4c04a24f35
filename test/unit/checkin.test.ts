import { nextCheckInSeconds, UNKNOWN_AGE_CHECK_IN_SECONDS } from '../../nodes/Yishangyun/task/checkin';
import { DEFAULT_CADENCE_MS } from '../../nodes/Yishangyun/task/gateway-cadence';
import { DEFAULT_POLL_PLAN, nextPollDelay, predictFinish } from '../../nodes/Yishangyun/task/schedule';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const task = (status: 'queued' | 'processing' | 'completed' | 'failed', progress: number, createdSecondsAgo?: number) => ({
	status,
	progress,
	created_at: createdSecondsAgo === undefined ? null : ago(createdSecondsAgo),
});

test('a finished task needs no other read', () => {
	expect(nextCheckInSeconds(task('completed', 100, 300), NOW, NOW - 10_000)).toBeNull();
	expect(nextCheckInSeconds(task('failed', 40, 300), NOW, NOW - 10_000)).toBeNull();
});

test('with progress, half the way to the earliest plausible completion predicted from created_at', () => {
	// 50 % after 100 s: the same 100 s again at most; the completion window starts 1.5 % early.
	const prediction = predictFinish([{ at: NOW, progress: 50 }], NOW - 100_000)!;
	const earliest = prediction.finish - 1.5 * prediction.msPerPercent;
	expect(nextCheckInSeconds(task('processing', 50, 100), NOW)).toBe(Math.ceil((earliest - NOW) / 2 / 1000));
	expect(nextCheckInSeconds(task('processing', 50, 100), NOW)).toBe(48);
	// Nearly done: soon, but never below one second.
	expect(nextCheckInSeconds(task('processing', 95, 100), NOW)).toBe(2);
	expect(nextCheckInSeconds(task('processing', 99, 100), NOW)).toBe(1);
});

test('a far finish is capped by the task age: it took that long to get here', () => {
	// 5 % after 60 s predicts ~20 minutes: read again after 60 s, not 10 minutes.
	expect(nextCheckInSeconds(task('processing', 5, 60), NOW)).toBe(60);
	// The same as the waiter's rule for a tentative prediction, with the age as the backoff.
	const history = { polls: 1, samples: [{ at: NOW, progress: 5 }], notStartedAt: NOW - 60_000 };
	expect(nextPollDelay(history, NOW, { firstDelayMs: 60_000, maxDelayMs: 1_800_000, minDelayMs: 1_000 })).toBe(60_000);
});

test('without progress to go by, the task age, between the first poll delay and ten minutes', () => {
	expect(nextCheckInSeconds(task('queued', 0, 40), NOW)).toBe(40);
	expect(nextCheckInSeconds(task('processing', 0, 90), NOW)).toBe(90);
	expect(nextCheckInSeconds(task('queued', 0, 1), NOW)).toBe(DEFAULT_POLL_PLAN.firstDelayMs / 1000);
	expect(nextCheckInSeconds(task('queued', 0, 3600), NOW)).toBe(600);
});

test('without created_at (the document\'s answer), long enough for a Wait to park, whatever the progress', () => {
	// One read of 95 % says nothing about when it started: it may be seconds or minutes from the end.
	expect(UNKNOWN_AGE_CHECK_IN_SECONDS).toBeGreaterThanOrEqual(66);
	for (const progress of [0, 30, 95, 99]) expect(nextCheckInSeconds(task('processing', progress), NOW)).toBe(UNKNOWN_AGE_CHECK_IN_SECONDS);
	expect(nextCheckInSeconds(task('queued', 0), NOW)).toBe(UNKNOWN_AGE_CHECK_IN_SECONDS);
	// A created_at in the future (clock skew) says nothing either.
	expect(nextCheckInSeconds(task('processing', 50, -30), NOW)).toBe(UNKNOWN_AGE_CHECK_IN_SECONDS);
	// A new-api refresh time without created_at does not make it sooner.
	expect(nextCheckInSeconds(task('processing', 95), NOW, NOW - 3_000)).toBe(UNKNOWN_AGE_CHECK_IN_SECONDS);
});

test('a task about to finish is read again within seconds: what lets a loop deliver soon after the render', () => {
	// A 200-second job, read at 75 % and at 95 %: the next reads are well under a minute away.
	expect(nextCheckInSeconds(task('processing', 75, 150), NOW)).toBeLessThan(30);
	expect(nextCheckInSeconds(task('processing', 95, 190), NOW)).toBeLessThanOrEqual(5);
	// Far from the finish it stays long enough for a Wait to park (65 s or more).
	expect(nextCheckInSeconds(task('processing', 25, 66), NOW)).toBeGreaterThanOrEqual(65);
});

test("new-api's last refresh time is a floor: nothing changes before its next refresh", () => {
	// 95 % would mean a read in 2 s; refreshed 3 s ago, the gateway's next visit is in 13 s.
	expect(nextCheckInSeconds(task('processing', 95, 100), NOW, NOW - 3_000)).toBe((DEFAULT_CADENCE_MS - 3_000) / 1000);
	// A refresh long ago is no floor: the prediction stands.
	expect(nextCheckInSeconds(task('processing', 95, 100), NOW, NOW - 60_000)).toBe(2);
	expect(nextCheckInSeconds(task('processing', 5, 60), NOW, NOW - 3_000)).toBe(60);
});
