import type { Simulator } from '../../simulator';
import { poll, sleep, submit, withSimulator } from './helpers';

// new-api's background poller at its default 15 s, played ten times faster: every tick updates
// the open tasks in creation order one second apart, then sleeps 15 s (service/task_polling.go).
const GATEWAY = { dialect: 'newapi', gatewayPollSeconds: 15, timeScale: 10, queueSeconds: 4, jobSeconds: 40 } as const;

async function submitted(sim: Simulator, model: string, prompt = 'A paper boat'): Promise<string> {
	const answer = await submit(sim, { model, prompt });
	if (answer.status !== 200) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return answer.body.id;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of whatever shape the simulator answered; tests read fields off it
type Read = { at: number; body: any };

/** Reads every task every 50 ms (0.5 simulated s) until `done` says stop. */
async function watch(sim: Simulator, ids: string[], done: (reads: Map<string, Read[]>) => boolean, timeoutMs = 20_000): Promise<Map<string, Read[]>> {
	const reads = new Map(ids.map((id) => [id, [] as Read[]]));
	const end = Date.now() + timeoutMs;
	while (!done(reads)) {
		if (Date.now() > end) throw new Error(`gave up waiting: ${JSON.stringify([...reads].map(([id, r]) => [id, r.at(-1)?.body]))}`);
		for (const id of ids) reads.get(id)!.push({ at: sim.now(), body: (await poll(sim, id)).body });
		await sleep(50);
	}
	return reads;
}

const distinct = <T>(values: T[]) => values.filter((value, index) => index === 0 || JSON.stringify(value) !== JSON.stringify(values[index - 1]));

test('a status read answers the state stored at the last gateway update; updates come at ticks, one second apart, in creation order; Veo is read live', async () => {
	await withSimulator(GATEWAY, async (sim) => {
		const kling = await submitted(sim, 'kling-v2-6-std');
		const wan = await submitted(sim, 'wan2.6-t2v-720P_5s');
		const sora = await submitted(sim, 'sora-2');
		const veo = await submitted(sim, 'veo3.1');

		const first = (await poll(sim, kling)).body;
		expect(first).toMatchObject({ status: 'unknown', progress: 0, completed_at: first.created_at, metadata: { url: '' } });
		expect((await poll(sim, veo)).body).toMatchObject({ status: 'queued', progress: 20 });

		const reads = await watch(sim, [kling, wan, sora, veo], (r) => [kling, wan, sora].every((id) => r.get(id)!.at(-1)?.body.status === 'completed'));

		// Every answer between two updates is the same answer: state moves only at ticks.
		for (const id of [kling, wan]) {
			const byUpdate = new Map<number, string>();
			for (const { body } of reads.get(id)!) {
				const seen = byUpdate.get(body.completed_at);
				if (seen !== undefined) expect(JSON.stringify(body)).toBe(seen);
				byUpdate.set(body.completed_at, JSON.stringify(body));
			}
		}
		// Three polled tasks: a tick every 15 + 3 s; the second task one second after the first.
		const updated = (id: string) => reads.get(id)!.filter((read) => read.body.status !== 'unknown');
		const updates = (id: string) => distinct(updated(id).map((read) => read.body.completed_at));
		const klingUpdates = updates(kling);
		expect(klingUpdates.length).toBeGreaterThanOrEqual(3);
		klingUpdates.slice(1).forEach((at, i) => expect(at - klingUpdates[i]).toBe(18));
		expect(updates(wan)).toEqual(klingUpdates.map((at) => at + 1));
		expect(distinct(updated(kling).map((read) => read.body.status))).toEqual(['in_progress', 'completed']);
		// The Sora body is the upstream's stored answer: it changes at most once per tick (the first answer is its submit answer).
		expect(distinct(reads.get(sora)!.map((read) => read.body)).length).toBeLessThanOrEqual(klingUpdates.length + 1);

		// The gateway learns of completion at its next tick after the upstream finished, not before.
		const task = sim.tasks.get(kling)!;
		const seenDone = reads.get(kling)!.find((read) => read.body.status === 'completed')!;
		expect(seenDone.body.completed_at * 1000).toBeGreaterThanOrEqual(Math.floor(task.completedAt! / 1000) * 1000);
		expect(seenDone.body.completed_at * 1000).toBeLessThan(task.completedAt! + 19_000);
		const lastRunning = reads.get(kling)!.filter((read) => read.body.status === 'in_progress').at(-1)!;
		expect(lastRunning.at).toBeGreaterThan(task.completedAt!);

		// Veo moves between ticks: its update time is the time of each read.
		expect(updates(veo).length).toBeGreaterThan(klingUpdates.length * 3);
		expect(distinct(reads.get(veo)!.map((read) => read.body.status))).toContain('completed');
	});
});

test('gatewayPollSeconds 0 reads live; a [fail200] body appears at a gateway update and never changes', async () => {
	await withSimulator({ ...GATEWAY, queueSeconds: 0, jobSeconds: 10 }, async (sim) => {
		const failing = await submitted(sim, 'kling-v2-6-std', 'A paper boat [fail200]');
		const failsAt = sim.tasks.get(failing)!.failedAt!;
		const reads = await watch(sim, [failing], (r) => r.get(failing)!.filter((read) => read.body.error?.message === 'Video not found').length >= 5);
		const before = reads.get(failing)!.filter((read) => read.body.status !== undefined);
		const after = reads.get(failing)!.filter((read) => read.body.status === undefined);
		// The upstream failed at 5 s; the gateway stored it at its 15 s tick.
		expect(before.at(-1)!.at).toBeGreaterThan(failsAt);
		expect(before.every((read) => read.body.status !== 'failed')).toBe(true);
		for (const read of after) expect(read.body).toEqual({ error: { message: 'Video not found', type: 'invalid_request_error', param: null, code: null }, id: failing });

		sim.configure({ gatewayPollSeconds: 0 });
		const live = await submitted(sim, 'kling-v2-6-std');
		expect((await poll(sim, live)).body).toMatchObject({ status: 'in_progress', progress: 30 });
	});
});
