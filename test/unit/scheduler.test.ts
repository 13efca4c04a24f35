import { sleep } from 'n8n-workflow';

import { ReadScheduler } from '../../nodes/Yishangyun/task/scheduler';
import { RequestBudget } from '../../nodes/Yishangyun/transport/budget';
import { realClock } from '../../nodes/Yishangyun/transport/clock';

const open = { whenReady: async () => {} };

function scheduler(read: (entry: string) => Promise<void>, budget: Pick<RequestBudget, 'whenReady'> = open, signal = new AbortController().signal) {
	return new ReadScheduler<string>({ clock: realClock, budget, signal, read });
}

test('reads go out in the order their tasks asked for them, and the run ends once all are settled', async () => {
	const order: string[] = [];
	const s = scheduler(async (entry) => void order.push(entry));
	const now = realClock.now();
	s.schedule('later', now + 60);
	s.schedule('soon', now + 20);
	s.schedule('middle', now + 40);
	s.close();
	await s.run();
	expect(order).toEqual(['soon', 'middle', 'later']);
});

test('when reads are scarce, the one that waited longest goes first and a busy task cannot starve the others', async () => {
	const budget = new RequestBudget();
	const order: string[] = [];
	// "greedy" asks to be read again at once after every read; "patient" asked once, a bit later.
	const s: ReadScheduler<string> = scheduler(async (entry) => {
		order.push(entry);
		await budget.take();
		budget.answered(realClock.now(), 200);
		if (entry === 'greedy' && order.length < 12) s.schedule('greedy', realClock.now());
	}, budget);
	s.schedule('greedy', realClock.now());
	s.schedule('patient', realClock.now() + 5);
	s.close();
	await s.run();
	expect(order.indexOf('patient')).toBeGreaterThan(0);
	expect(order.indexOf('patient')).toBeLessThanOrEqual(2);
});

test('a read scheduled while the scheduler sleeps towards a later one is not held back', async () => {
	const readAt = new Map<string, number>();
	const s = scheduler(async (entry) => void readAt.set(entry, realClock.now()));
	const start = realClock.now();
	s.schedule('far', start + 400);
	const running = s.run();
	await sleep(30);
	s.schedule('near', realClock.now());
	s.close();
	await running;
	expect(readAt.get('near')! - start).toBeLessThan(200);
	expect(readAt.get('far')! - start).toBeGreaterThanOrEqual(390);
});

test('stopping ends the run at once; a read in flight is let finish', async () => {
	const stop = new AbortController();
	let finished = 0;
	const s = scheduler(
		async () => {
			await sleep(100);
			finished++;
		},
		open,
		stop.signal,
	);
	s.schedule('in flight', realClock.now());
	s.schedule('never', realClock.now() + 5_000);
	const running = s.run();
	await sleep(20);
	const stoppedAt = realClock.now();
	stop.abort();
	await running;
	expect(finished).toBe(1);
	expect(realClock.now() - stoppedAt).toBeLessThan(1_000);
});

test('a read that throws ends the run with its error instead of leaving it unhandled', async () => {
	const s = scheduler(async (entry) => {
		if (entry === 'bad') throw new Error('bug in a read');
	});
	s.schedule('good', realClock.now());
	s.schedule('bad', realClock.now() + 5);
	s.schedule('never reached', realClock.now() + 5_000);
	s.close();
	await expect(s.run()).rejects.toThrow('bug in a read');
});
