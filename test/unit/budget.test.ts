import { RequestBudget } from '../../nodes/Yishangyun/transport/budget';
import type { Clock } from '../../nodes/Yishangyun/transport/clock';

/** Virtual time: a sleep moves the clock on at once, so pacing is exact and the test instant. */
function virtualClock(): Clock & { t: number } {
	const clock = { t: 0, now: () => clock.t, sleep: async (ms: number) => void (clock.t += Math.max(0, ms)) };
	return clock;
}

/** A gateway allowing `limit` requests per sliding second, counting only what it lets through. */
function gateway(limit: number) {
	const passed: number[] = [];
	return (at: number) => {
		while (passed.length && passed[0] <= at - 1000) passed.shift();
		if (passed.length >= limit) return 429;
		passed.push(at);
		return 200;
	};
}

test('before any limit is known, requests that queue speed the pace up', async () => {
	const clock = virtualClock();
	const budget = new RequestBudget(clock);
	const start = budget.pace;
	for (let i = 0; i < 30; i++) {
		await budget.take();
		budget.answered(clock.now(), 200);
	}
	expect(budget.pace).toBeGreaterThanOrEqual(start * 10);
	// Thirty back to back take well under a second; at the starting pace they would take 1.5 s.
	expect(clock.now()).toBeLessThan(700);
});

test('one refusal teaches the limit: the pace settles just under it and refusals stay rare', async () => {
	const clock = virtualClock();
	const budget = new RequestBudget(clock);
	const answer = gateway(5);
	let refused = 0;
	for (let i = 0; i < 200; i++) {
		await budget.take();
		const sentAt = clock.now();
		const status = answer(sentAt);
		if (status === 429) refused++;
		budget.answered(sentAt, status, status === 429 ? '1' : undefined);
	}
	// The first overshoot, then at most one probe above the limit every 20 s.
	expect(refused).toBeLessThanOrEqual(4);
	expect(budget.pace).toBeGreaterThan(4);
	expect(budget.pace).toBeLessThan(5.2);
	// 200 requests at about 5 per second.
	expect(clock.now() / 1000).toBeLessThan(200 / 4);
});

test('a refusal pauses every request for its Retry-After', async () => {
	const clock = virtualClock();
	const budget = new RequestBudget(clock);
	await budget.take();
	budget.answered(clock.now(), 429, '2');
	const refusedAt = clock.now();
	await budget.take();
	expect(clock.now() - refusedAt).toBeGreaterThanOrEqual(2000);
	// An HTTP date works too; an unreadable header still pauses, briefly.
	budget.answered(clock.now(), 429, 'soon');
	const again = clock.now();
	await budget.take();
	expect(clock.now() - again).toBeGreaterThanOrEqual(1000);
});

test('refusals of requests sent before the first one came back count as one overshoot', async () => {
	const clock = virtualClock();
	const budget = new RequestBudget(clock);
	const sentAt = clock.now();
	budget.answered(sentAt, 200);
	clock.t += 10;
	budget.answered(sentAt, 429, '1');
	const once = budget.pace;
	budget.answered(sentAt, 429, '1');
	budget.answered(sentAt, 429, '1');
	expect(budget.pace).toBe(once);
	// A later request refused again is news: the pace comes down further.
	clock.t += 2000;
	budget.answered(clock.now(), 429, '1');
	expect(budget.pace).toBeLessThan(once);
});

test('with a limit known, a busy budget probes upward again after a quiet spell', async () => {
	const clock = virtualClock();
	const budget = new RequestBudget(clock);
	for (let i = 0; i < 5; i++) budget.answered(clock.now(), 200);
	budget.answered(clock.now(), 429, '0');
	const learnt = budget.pace;
	expect(learnt).toBeCloseTo(5 * 0.95);
	for (let i = 0; i < 20; i++) await budget.take();
	expect(budget.pace).toBe(learnt);
	clock.t += 20_000;
	for (let i = 0; i < 20; i++) await budget.take();
	expect(budget.pace).toBeGreaterThan(learnt);
});

test('a gateway that refuses everything slows the batch to its floor, never to a stop', async () => {
	const clock = virtualClock();
	const budget = new RequestBudget(clock);
	for (let i = 0; i < 40; i++) {
		clock.t += 1;
		budget.answered(clock.now(), 429, '0');
	}
	expect(budget.pace).toBe(0.2);
});
