import { cadenceOf, DEFAULT_CADENCE_MS, newGatewayUpdates, nextReadAt, offsetOf, recordUpdate, type GatewayUpdates } from '../../nodes/Yishangyun/task/gateway-cadence';

/** Update times are whole seconds, rounded down, as new-api writes them. */
const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/** A state past its probe: the gateway answers its stored state. */
function stored(updatedAt: number, at: number): GatewayUpdates {
	const state = newGatewayUpdates();
	recordUpdate(state, { updatedAt }, at, at + 50);
	expect(nextReadAt(state, at + 50)).toBe(at + 50 + 1_200);
	recordUpdate(state, { updatedAt }, at + 1_250, at + 1_300);
	expect(state.kind).toBe('stored');
	return state;
}

test('no update times: nothing to say, the progress plan decides', () => {
	const state = newGatewayUpdates();
	recordUpdate(state, {}, 1_000, 1_050);
	expect(nextReadAt(state, 1_050)).toBeUndefined();
});

test('a gateway that makes a new update time at every read (new-api reads Veo live) is left to the progress plan', () => {
	const state = newGatewayUpdates();
	recordUpdate(state, { updatedAt: 10_000 }, 10_000, 10_050);
	recordUpdate(state, { updatedAt: 11_000 }, 11_250, 11_300);
	expect(state.kind).toBe('probing');
	recordUpdate(state, { updatedAt: 12_000 }, 12_500, 12_550);
	expect(state.kind).toBe('live');
	expect(nextReadAt(state, 12_550)).toBeUndefined();
});

test('read just after the next visit is due: last update + cadence + the rounding second + a margin', () => {
	const state = stored(30_000, 31_000);
	const at = nextReadAt(state, 32_300)!;
	expect(at).toBeGreaterThanOrEqual(30_000 + DEFAULT_CADENCE_MS + 1_000);
	expect(at).toBeLessThan(30_000 + DEFAULT_CADENCE_MS + 1_500);
});

/** Reads the stored state until a read goes past `until`, every answer showing `updatedAt`; returns the reads' times. */
function staleReads(state: GatewayUpdates, updatedAt: number, from: number, until: number): number[] {
	const reads: number[] = [];
	for (let at = nextReadAt(state, from)!; at < until; at = nextReadAt(state, at + 50)!) {
		reads.push(at);
		recordUpdate(state, { updatedAt }, at, at + 50);
	}
	return reads;
}

test('no visit when one was due, cadence still a guess: look again at growing gaps, then at the visit after', () => {
	const state = stored(30_000, 31_000);
	const due = nextReadAt(state, 32_300)!;
	const reads = staleReads(state, 30_000, 32_300, due + DEFAULT_CADENCE_MS).map((at) => at - due);
	expect(reads).toEqual([0, 1_000, 2_000, 3_000, 4_500, 6_750, 10_125, 15_187.5]);
	expect(nextReadAt(state, due + 15_250)).toBe(due + DEFAULT_CADENCE_MS);
});

test('no visit when one was due, cadence learnt: two more looks a second apart, then the visit after', () => {
	const state = stored(30_000, 31_000);
	recordUpdate(state, { updatedAt: 46_000 }, 46_500, 46_550);
	expect(cadenceOf(state)).toBe(16_000);
	const due = nextReadAt(state, 46_550)!;
	expect(due).toBe(46_000 + 16_000 + 1_150);
	expect(staleReads(state, 46_000, 46_550, due + 16_000).map((at) => at - due)).toEqual([0, 1_000, 2_000]);
	expect(nextReadAt(state, due + 2_050)).toBe(due + 16_000);
});

test('the cadence is learnt from single-visit gaps; gaps that skipped a visit and the one after creation are left out', () => {
	const state = newGatewayUpdates();
	recordUpdate(state, { updatedAt: 100_000, createdAt: 100_000 }, 101_000, 101_010);
	recordUpdate(state, { updatedAt: 103_000, createdAt: 100_000 }, 104_000, 104_010);
	expect(cadenceOf(state)).toBe(DEFAULT_CADENCE_MS);
	recordUpdate(state, { updatedAt: 123_000 }, 124_000, 124_010);
	recordUpdate(state, { updatedAt: 164_000 }, 165_000, 165_010);
	recordUpdate(state, { updatedAt: 185_000 }, 186_000, 186_010);
	expect(state.gaps).toEqual([20_000, 41_000, 21_000]);
	expect(cadenceOf(state)).toBe(20_500);
	// Tasks finishing ahead: the gaps shrink, and the next is expected shorter still (never under 15 s).
	expect(cadenceOf({ gaps: [26_000, 26_000, 22_000] })).toBe(20_000);
	expect(cadenceOf({ gaps: [26_000, 22_000] })).toBe(18_000);
	expect(cadenceOf({ gaps: [26_000, 22_000, 18_000] })).toBe(15_000);
	// A second either way is the rounding of the times.
	expect(cadenceOf({ gaps: [20_000, 21_000, 20_000] })).toBeCloseTo(20_333, -1);
	// Only gaps of two visits seen: taken as two.
	expect(cadenceOf({ gaps: [30_000, 31_000, 30_000] })).toBeCloseTo(15_166, -1);
});

test('the clock offset: 0 while the answers allow it, else the middle of what they allow', () => {
	expect(offsetOf({ offsetLow: -Infinity, offsetHigh: Infinity })).toBe(0);
	expect(offsetOf({ offsetLow: -3_000, offsetHigh: 500 })).toBe(0);
	expect(offsetOf({ offsetLow: -Infinity, offsetHigh: -40_000 })).toBe(-40_000);
	expect(offsetOf({ offsetLow: -44_000, offsetHigh: -40_000 })).toBe(-42_000);
	expect(offsetOf({ offsetLow: 30_000, offsetHigh: Infinity })).toBe(30_000);
});

/**
 * A gateway whose poller visits every `cycleMs` from `phaseMs` after the submit (at 0), changing
 * the task at each visit (or every `changeEvery` visits), whose clock is `skewMs` ahead of ours;
 * the job completes at the first visit after `jobMs`. Read by the schedule from 5 s, 30 ms a read.
 */
interface Gateway {
	cycleMs?: number;
	/** The gap after visit k, when it varies. */
	cycleOf?: (visit: number) => number;
	phaseMs?: number;
	skewMs?: number;
	jobMs?: number;
	changeEvery?: number;
}

function play({ cycleMs = 15_000, cycleOf, phaseMs = 7_300, skewMs = 0, jobMs = 300_000, changeEvery = 1 }: Gateway = {}) {
	const all = [phaseMs];
	while (all[all.length - 1] < jobMs + 60_000) all.push(all[all.length - 1] + (cycleOf?.(all.length - 1) ?? cycleMs));
	const visits = (upTo: number) => all.filter((visit) => visit <= upTo);
	const completion = all.find((visit) => visit >= jobMs)!;
	const state = newGatewayUpdates(0);
	let now = 5_000;
	for (let reads = 1; ; reads++) {
		if (now >= completion) return { reads, lag: now - completion };
		const seen = visits(now).filter((_, k) => (k + 1) % changeEvery === 0);
		const last = seen.length ? seen[seen.length - 1] : 0;
		recordUpdate(state, { updatedAt: seconds(last + skewMs), createdAt: seconds(skewMs) }, now, now + 30);
		const next = nextReadAt(state, now + 30) ?? now + 5_000;
		expect(next).toBeGreaterThanOrEqual(now + 30);
		now = next;
	}
}

test.each([
	['the default 15 s poller', 25, {}],
	['a 20 s poller (15 s and five open tasks)', 25, { cycleMs: 20_000 }],
	['a gateway clock 40 s ahead', 25, { skewMs: 40_000 }],
	['a gateway clock 40 s behind', 25, { skewMs: -40_000 }],
	// Each visit that changed nothing costs a read more: it may have been a late one.
	['a 15 s poller whose visits change the task every other time', 50, { changeEvery: 2 }],
	// Ten other tasks of the batch ending one after another from the sixth visit on.
	['a round of 26 s shrinking a second a visit to 16 s', 25, { cycleOf: (visit: number) => Math.max(16_000, 26_000 - 1_000 * Math.max(0, visit - 5)) }],
])('%s: a five-minute job is left within 2 s of completing, in at most %d reads', (_, maxReads, gateway) => {
	const { reads, lag } = play(gateway);
	expect(lag).toBeLessThanOrEqual(2_000);
	expect(reads).toBeLessThanOrEqual(maxReads);
});
