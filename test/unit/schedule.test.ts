import { DEFAULT_POLL_PLAN, nextPollDelay, pollPlanFor, predictFinish, type PollHistory } from '../../nodes/Yishangyun/task/schedule';

test('first read after the configured interval, then a gentle backoff to the cap without progress', () => {
	const plan = pollPlanFor(5);
	const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((polls) => nextPollDelay({ polls, samples: [] }, 0, plan));
	expect(delays).toEqual([5000, 5000, 7500, 11250, 16875, 25312.5, 30000, 30000]);
});

test('a steady progress rate predicts the finish', () => {
	expect(predictFinish([{ at: 10_000, progress: 10 }, { at: 20_000, progress: 20 }])).toEqual({ finish: 100_000, msPerPercent: 1000 });
	expect(predictFinish([{ at: 10_000, progress: 10 }])).toBeUndefined();
	expect(predictFinish([{ at: 10_000, progress: 10 }, { at: 20_000, progress: 10 }])).toBeUndefined();
});

/** Plays a job of `jobMs` with linear progress against the schedule; returns polls and lag. */
function simulate(jobMs: number, plan = DEFAULT_POLL_PLAN) {
	const history: PollHistory = { polls: 0, samples: [] };
	let now = 0;
	for (;;) {
		now += nextPollDelay(history, now, plan);
		history.polls++;
		if (now >= jobMs) return { polls: history.polls, lagMs: now - jobMs };
		history.samples.push({ at: now, progress: Math.floor((now / jobMs) * 100) });
	}
}

test.each([20_000, 60_000, 180_000, 600_000, 1_200_000])('a %i ms job: few reads, and completion noticed within about a second', (jobMs) => {
	const { polls, lagMs } = simulate(jobMs);
	expect(polls).toBeLessThanOrEqual(40);
	expect(lagMs).toBeLessThanOrEqual(DEFAULT_POLL_PLAN.minDelayMs);
});

test('past a wrong prediction it backs off instead of hammering', () => {
	const history: PollHistory = { polls: 5, samples: [{ at: 0, progress: 1 }, { at: 10_000, progress: 50 }] };
	const predicted = predictFinish(history.samples)!.finish;
	expect(nextPollDelay(history, predicted + 60_000, DEFAULT_POLL_PLAN)).toBe(20_000);
	expect(nextPollDelay(history, predicted + 600_000, DEFAULT_POLL_PLAN)).toBe(30_000);
});

test('polls per job stay well under 40 (printed for the record)', () => {
	const counts = [60_000, 600_000].map((jobMs) => simulate(jobMs).polls);
	expect(counts[1]).toBeLessThan(40);
	expect(counts[0]).toBeLessThan(counts[1]);
});
