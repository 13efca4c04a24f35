import { DEFAULT_POLL_PLAN, nextPollDelay, pollPlanFor, predictFinish, recordReading, type PollHistory } from '../../nodes/Yishangyun/task/schedule';

test('first read after the configured interval, then a gentle backoff to the cap without progress', () => {
	const plan = pollPlanFor(5);
	const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((polls) => nextPollDelay({ polls, samples: [] }, 0, plan));
	expect(delays).toEqual([5000, 5000, 7500, 11250, 16875, 25312.5, 30000, 30000]);
});

test('a steady progress rate predicts the finish', () => {
	// A reading of 20 means 20.5 on average: whole percent, rounded down.
	expect(predictFinish([{ at: 10_000, progress: 10 }, { at: 20_000, progress: 20 }])).toEqual({ finish: 99_500, msPerPercent: 1000, tentative: false });
	expect(predictFinish([{ at: 10_000, progress: 10 }])).toBeUndefined();
	expect(predictFinish([{ at: 10_000, progress: 10 }, { at: 20_000, progress: 10 }])).toBeUndefined();
});

test('one reading and the last moment the task had not started give a tentative, late-leaning finish', () => {
	// Started at 2 s, really finishes at 12 s; known only not to have started at 0 s.
	const prediction = predictFinish([{ at: 7_000, progress: 50 }], 0)!;
	expect(prediction.tentative).toBe(true);
	expect(prediction.finish).toBeCloseTo(7_000 + (49.5 * 7_000) / 50.5);
	expect(predictFinish([{ at: 7_000, progress: 50 }], 7_000)).toBeUndefined();
	// It may only bring the next read forward: no further than halfway, and never past the backoff.
	expect(nextPollDelay({ polls: 1, samples: [{ at: 7_000, progress: 50 }], notStartedAt: 0 }, 7_000, DEFAULT_POLL_PLAN)).toBeCloseTo((prediction.finish - (1.5 * 7_000) / 50.5 - 7_000) / 2);
	expect(nextPollDelay({ polls: 1, samples: [{ at: 7_000, progress: 1 }], notStartedAt: 0 }, 7_000, DEFAULT_POLL_PLAN)).toBe(5_000);
});

test('a queued answer moves the not-started moment to when the read went out; a processing one adds a sample', () => {
	const history: PollHistory = { polls: 0, samples: [], notStartedAt: 0 };
	recordReading(history, { status: 'queued', progress: 0 }, 5_000, 5_040);
	recordReading(history, { status: 'processing', progress: 12 }, 10_000, 10_040);
	recordReading(history, { status: 'completed', progress: 100 }, 15_000, 15_040);
	expect(history).toEqual({ polls: 0, samples: [{ at: 10_040, progress: 12 }], notStartedAt: 5_000 });
});

/**
 * Plays a job against the schedule the way the waiter feeds it: queued for `queueMs` after the
 * submit at 0, then progress rising linearly, rounded down, to `top` (99 or 100) over `jobMs`;
 * each read takes 5 ms. Returns reads and lag.
 */
function simulate(jobMs: number, { queueMs = 300, top = 99 } = {}) {
	const history: PollHistory = { polls: 0, samples: [], notStartedAt: 0 };
	let now = 0;
	for (;;) {
		const readAt = now + nextPollDelay(history, now, DEFAULT_POLL_PLAN);
		now = readAt + 5;
		history.polls++;
		if (readAt >= queueMs + jobMs) return { polls: history.polls, lagMs: now - queueMs - jobMs };
		const progress = Math.floor((Math.max(0, readAt - queueMs) / jobMs) * top);
		recordReading(history, { status: readAt < queueMs ? 'queued' : 'processing', progress }, readAt, now);
	}
}

describe.each([99, 100])('progress that tops out at %i before completion', (top) => {
	test.each([6_000, 9_000, 14_000, 30_000, 60_000, 180_000, 600_000])('a %i ms job: completion noticed within a second', (jobMs) => {
		expect(simulate(jobMs, { top }).lagMs).toBeLessThanOrEqual(DEFAULT_POLL_PLAN.minDelayMs);
	});

	test('a ten-minute job takes at most 30 reads; a twenty-minute one at most 40, noticed within a sixth of a percent', () => {
		expect(simulate(600_000, { top }).polls).toBeLessThanOrEqual(30);
		const long = simulate(1_200_000, { top });
		expect(long.polls).toBeLessThanOrEqual(40);
		expect(long.lagMs).toBeLessThanOrEqual(1_200_000 / 100 / 6);
	});

	test('a long queue before the job does not make the tentative guess overshoot', () => {
		for (const queueMs of [4_000, 20_000, 90_000]) expect(simulate(60_000, { queueMs, top }).lagMs).toBeLessThanOrEqual(DEFAULT_POLL_PLAN.minDelayMs);
	});
});

test('past a wrong prediction it backs off instead of hammering', () => {
	const history: PollHistory = { polls: 5, samples: [{ at: 0, progress: 1 }, { at: 10_000, progress: 50 }] };
	const predicted = predictFinish(history.samples)!.finish;
	expect(nextPollDelay(history, predicted + 60_000, DEFAULT_POLL_PLAN)).toBeCloseTo(20_000);
	expect(nextPollDelay(history, predicted + 600_000, DEFAULT_POLL_PLAN)).toBe(30_000);
});
