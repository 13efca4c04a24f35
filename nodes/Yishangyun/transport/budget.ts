import { realClock, type Clock } from './clock';
import { parseRetryAfter } from './retry';

/**
 * The pace of one kind of request for one node run. Gateways limit requests per key and count
 * every one, status reads included; a key that keeps hitting the limit is throttled harder. So
 * the whole batch shares one budget, learnt from the gateway's own answers:
 * - Until the first 429 nothing is known: start brisk and speed up while requests queue, so a
 *   batch against an unlimited gateway is not slowed by a limit it does not have.
 * - A 429 pauses every request of the batch for its Retry-After, and sets the pace just under
 *   what the gateway accepted in the last second: one refusal teaches the limit.
 * - Later, while requests keep queueing, the pace creeps up again now and then, in case the
 *   limit was raised or the first estimate was low.
 * Requests are spaced evenly rather than sent in bursts: a burst is exactly what a per-second
 * window refuses.
 */
const START_PER_SECOND = 20;
const MAX_PER_SECOND = 200;
const MIN_PER_SECOND = 0.2;
/** Per request that had to queue, before any limit is known: doubles the pace in seven requests. */
const GROWTH = 1.1;
/** Per queued request, once a limit is known and no refusal came for a while. */
const PROBE_GROWTH = 1.02;
const PROBE_AFTER_MS = 20_000;
/** Fraction of the accepted rate to settle on after a refusal. */
const MARGIN = 0.95;
/** Cut when the accepted rate says nothing (no answers, or more than the pace). */
const BACKOFF = 0.7;
const WINDOW_MS = 1_000;
const DEFAULT_PAUSE_MS = 1_000;
const MAX_PAUSE_MS = 120_000;

export class RequestBudget {
	private perSecond = START_PER_SECOND;
	private limited = false;
	private queued = false;
	private lastGrantAt = -Infinity;
	private pausedUntil = -Infinity;
	private lastRefusalAt = -Infinity;
	private readonly acceptedAt: number[] = [];

	constructor(private readonly clock: Clock = realClock) {}

	/** Requests per second the budget allows now (for logs and tests). */
	get pace(): number {
		return this.perSecond;
	}

	private nextSlot(): number {
		return Math.max(this.pausedUntil, this.lastGrantAt + 1000 / this.perSecond);
	}

	/**
	 * Resolves once a request could go now, without spending the slot: the caller can choose
	 * which request is most worth it at that moment, then `take` the slot for it.
	 */
	async whenReady(signal?: AbortSignal): Promise<void> {
		for (let wait = this.nextSlot() - this.clock.now(); wait > 0; wait = this.nextSlot() - this.clock.now()) {
			this.queued = true;
			await this.clock.sleep(wait, signal);
		}
	}

	/** Waits for a slot and spends it. */
	async take(signal?: AbortSignal): Promise<void> {
		await this.whenReady(signal);
		if (this.queued) this.speedUp();
		this.queued = false;
		this.lastGrantAt = this.clock.now();
	}

	private speedUp(): void {
		if (!this.limited) this.perSecond = Math.min(MAX_PER_SECOND, this.perSecond * GROWTH);
		else if (this.clock.now() - this.lastRefusalAt >= PROBE_AFTER_MS) this.perSecond = Math.min(MAX_PER_SECOND, this.perSecond * PROBE_GROWTH);
	}

	/** Learns from an HTTP answer to a request sent at `sentAt` (clock ms). */
	answered(sentAt: number, status: number, retryAfter?: string): void {
		const now = this.clock.now();
		while (this.acceptedAt.length && this.acceptedAt[0] <= now - WINDOW_MS) this.acceptedAt.shift();
		if (status !== 429) {
			this.acceptedAt.push(now);
			return;
		}
		const pause = Math.min(MAX_PAUSE_MS, parseRetryAfter(retryAfter) ?? DEFAULT_PAUSE_MS);
		this.pausedUntil = Math.max(this.pausedUntil, now + pause);
		// Requests already on their way when the first refusal came belong to the same overshoot.
		if (sentAt < this.lastRefusalAt) return;
		this.lastRefusalAt = now;
		this.limited = true;
		const accepted = this.acceptedAt.length * MARGIN;
		const cut = accepted > 0 && accepted < this.perSecond ? accepted : this.perSecond * BACKOFF;
		this.perSecond = Math.max(MIN_PER_SECOND, cut);
	}
}
