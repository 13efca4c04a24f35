import { nextCheckInSeconds } from '../../nodes/Yishangyun/task/checkin';
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
	expect(nextCheckInSeconds(task('processing', 30), NOW)).toBe(DEFAULT_POLL_PLAN.firstDelayMs / 1000);
	expect(nextCheckInSeconds(task('queued', 0, 3600), NOW)).toBe(600);
	// A created_at in the future (clock skew) says nothing.
	expect(nextCheckInSeconds(task('processing', 50, -30), NOW)).toBe(5);
});

test("new-api's last refresh time is a floor: nothing changes before its next refresh", () => {
	// 95 % would mean a read in 2 s; refreshed 3 s ago, the gateway's next visit is in 13 s.
	expect(nextCheckInSeconds(task('processing', 95, 100), NOW, NOW - 3_000)).toBe((DEFAULT_CADENCE_MS - 3_000) / 1000);
	// A refresh long ago is no floor: the prediction stands.
	expect(nextCheckInSeconds(task('processing', 95, 100), NOW, NOW - 60_000)).toBe(2);
	expect(nextCheckInSeconds(task('processing', 5, 60), NOW, NOW - 3_000)).toBe(60);
});
