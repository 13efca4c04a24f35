import { createTask, poll, sleep, submit, withSimulator } from './helpers';

test('status reads beyond the per-key limit get 429 with Retry-After, counted in the log; the window slides', async () => {
	await withSimulator({ statusReadsPerSecond: 5, apiKeys: ['sk-one', 'sk-two'] }, async (sim) => {
		const id = await createTask(sim);
		const answers = [];
		for (let i = 0; i < 8; i++) answers.push(await poll(sim, id));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
		expect(answers[5].body.error).toEqual({ message: 'Rate limit exceeded', type: 'rate_limit_error', code: 'rate_limit_exceeded' });
		expect(Number(answers[5].headers.get('retry-after'))).toBe(1);
		expect(sim.refused('status')).toHaveLength(3);
		expect(sim.refused('submit')).toHaveLength(0);
		// Per key: another key has its own window (and gets its own 404 for a task it does not own).
		expect((await poll(sim, id, 'sk-two')).status).toBe(404);
		// Refusals do not count: once the first reads are a second old, reads pass again.
		await sleep(1050);
		expect((await poll(sim, id)).status).toBe(200);
		expect(sim.refused()).toHaveLength(3);
	});
});

test('submits have their own per-minute window, and a refused submit creates no task', async () => {
	await withSimulator({ submitsPerMinute: 2 }, async (sim) => {
		const body = { model: 'sora-2', prompt: 'A limited fox' };
		const answers = [await submit(sim, body), await submit(sim, body), await submit(sim, body)];
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
		const wait = Number(answers[2].headers.get('retry-after'));
		expect(wait).toBeGreaterThanOrEqual(59);
		expect(wait).toBeLessThanOrEqual(60);
		expect(sim.tasks.size).toBe(2);
		expect(sim.refused('submit')).toHaveLength(1);
		// Status reads are not limited by the submit window.
		for (const answer of answers.slice(0, 2)) expect((await poll(sim, answer.body.task_id)).status).toBe(200);
	});
});

test('the limits can be switched at runtime and are off by default', async () => {
	await withSimulator({}, async (sim) => {
		const id = await createTask(sim);
		for (let i = 0; i < 30; i++) expect((await poll(sim, id)).status).toBe(200);
		sim.configure({ statusReadsPerSecond: 0 });
		expect((await poll(sim, id)).status).toBe(429);
		expect(() => sim.configure({ submitsPerMinute: -1 })).toThrow(/submitsPerMinute must be a number >= 0/);
	});
});
