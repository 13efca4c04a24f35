import { startSimulator } from '../../simulator';
import { createTask, poll, pollUntil, sleep, withSimulator } from './helpers';

test('timeScale compresses a ten-minute job into a few real seconds, timestamps included', async () => {
	await withSimulator({ timeScale: 600, queueSeconds: 30, jobSeconds: 600 }, async (sim) => {
		const realStart = Date.now();
		const simStart = sim.now();
		const id = await createTask(sim, 'a long Veo job');
		const task = sim.tasks.get(id)!;
		expect(task.completedAt! - task.createdAt).toBe(630_000);
		await sleep(500);
		// Half a real second is five simulated minutes: past the queue, short of the end, even on a loaded machine's late wake.
		const readFrom = sim.now();
		const midway = (await poll(sim, id)).body;
		const readTo = sim.now();
		const progressAt = (at: number) => Math.floor(Math.min(1, (at - task.startedAt) / task.jobMs) * 99);
		expect(readFrom - task.createdAt).toBeGreaterThan(30_000);
		if (readTo < task.completedAt!) {
			expect(midway.status).toBe('processing');
			expect(midway.progress).toBeGreaterThanOrEqual(progressAt(readFrom));
			expect(midway.progress).toBeLessThanOrEqual(progressAt(readTo));
		}
		const done = await pollUntil(sim, id, 'completed', 10_000);
		const realElapsed = Date.now() - realStart;
		expect(realElapsed).toBeGreaterThanOrEqual(1000);
		expect(realElapsed).toBeLessThan(10_000);
		const scale = (sim.now() - simStart) / (Date.now() - realStart);
		expect(scale).toBeGreaterThan(580);
		expect(scale).toBeLessThanOrEqual(601);
		expect((Date.parse(done.completed_at) - Date.parse(done.created_at)) / 1000).toBeGreaterThanOrEqual(629);
		expect((Date.parse(done.completed_at) - Date.parse(done.created_at)) / 1000).toBeLessThanOrEqual(631);
	});
});

test('changing timeScale at runtime bends the clock without a jump, and running tasks keep their simulated times', async () => {
	await withSimulator({ queueSeconds: 0, jobSeconds: 100 }, async (sim) => {
		const id = await createTask(sim);
		const task = sim.tasks.get(id)!;
		const completedAt = task.completedAt;
		const before = sim.now();
		sim.configure({ timeScale: 1000 });
		const after = sim.now();
		expect(after - before).toBeGreaterThanOrEqual(0);
		expect(after - before).toBeLessThan(50);
		expect(task.completedAt).toBe(completedAt);
		await pollUntil(sim, id, 'completed', 2000);
		sim.configure({ timeScale: 1 });
		const slow = sim.now();
		await sleep(100);
		expect(sim.now() - slow).toBeLessThan(500);
	});
});

test('timeScale must be positive', async () => {
	await expect(startSimulator({ timeScale: 0 })).rejects.toThrow(/timeScale/);
	await withSimulator({}, async (sim) => {
		expect(() => sim.configure({ timeScale: -1 })).toThrow(/timeScale/);
	});
});

test('with timeScale 1 the simulated clock is the wall clock, so completedAt compares with Date.now()', async () => {
	await withSimulator({ queueSeconds: 0, jobSeconds: 0.1 }, async (sim) => {
		expect(Math.abs(sim.now() - Date.now())).toBeLessThan(5);
		const id = await createTask(sim);
		await pollUntil(sim, id, 'completed');
		expect(sim.tasks.get(id)!.completedAt).toBeLessThanOrEqual(Date.now());
	});
});
