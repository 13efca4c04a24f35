import type { RequestBudget } from '../transport/budget';
import type { Clock } from '../transport/clock';

/**
 * Decides, for a whole batch, which task is read next. Each task asks for its next read at a
 * time of its own (its poll plan, schedule.ts); the run's status budget (budget.ts) says when a
 * read may go. When a read may go, the task that has waited longest past the time it asked for
 * gets it: tasks never read yet asked earliest, tasks predicted to finish soon ask sooner than
 * tasks far from done, and no task is passed over for ever, since the time a task asked for
 * does not move while it waits. The task is chosen at that moment, not when the wait began,
 * so a read spent after a long pause goes where it is worth most by then.
 */
export interface SchedulerOptions<T> {
	clock: Clock;
	budget: Pick<RequestBudget, 'whenReady'>;
	/** Ends the run (reads in flight still finish). */
	signal: AbortSignal;
	/** Reads one entry; settles it or schedules it again. A throw is a bug: it ends the run with that error. */
	read: (entry: T) => Promise<void>;
}

/** Enough to keep a slow gateway busy without piling requests onto it. */
const MAX_IN_FLIGHT = 10;

export class ReadScheduler<T> {
	private readonly wanted = new Map<T, number>();
	private inFlight = 0;
	private closed = false;
	private broken: { error: unknown } | undefined;
	private wake: () => void = () => {};

	constructor(private readonly options: SchedulerOptions<T>) {}

	/** Reads `entry` at `at` (clock ms), or as soon after as the budget allows. */
	schedule(entry: T, at: number): void {
		this.wanted.set(entry, at);
		this.wake();
	}

	/** No new entries will come; the run ends once the scheduled ones are settled. */
	close(): void {
		this.closed = true;
		this.wake();
	}

	private mostOverdue(): [T, number] | undefined {
		let best: [T, number] | undefined;
		for (const candidate of this.wanted) if (!best || candidate[1] < best[1]) best = candidate;
		return best;
	}

	/** Until something changes (a schedule, a read ending, close, stop), or `ms` pass. */
	private idle(ms?: number): Promise<void> {
		return new Promise<void>((resolve) => {
			this.wake = resolve;
			if (ms !== undefined) this.options.clock.sleep(ms, this.options.signal).then(resolve, resolve);
		});
	}

	async run(): Promise<void> {
		const { clock, budget, signal } = this.options;
		const onStop = () => this.wake();
		signal.addEventListener('abort', onStop, { once: true });
		try {
			while (!signal.aborted && !this.broken) {
				const next = this.mostOverdue();
				if (!next) {
					if (this.closed && this.inFlight === 0) break;
					await this.idle();
					continue;
				}
				const wait = next[1] - clock.now();
				if (wait > 0 || this.inFlight >= MAX_IN_FLIGHT) {
					await this.idle(wait > 0 ? wait : undefined);
					continue;
				}
				try {
					await budget.whenReady(signal);
				} catch {
					break;
				}
				const [entry, at] = this.mostOverdue()!;
				if (at > clock.now()) continue;
				this.wanted.delete(entry);
				this.inFlight++;
				void this.options
					.read(entry)
					.catch((error: unknown) => (this.broken ??= { error }))
					.finally(() => {
						this.inFlight--;
						this.wake();
					});
			}
			while (this.inFlight > 0) await this.idle();
		} finally {
			signal.removeEventListener('abort', onStop);
		}
		if (this.broken) throw this.broken.error;
	}
}
