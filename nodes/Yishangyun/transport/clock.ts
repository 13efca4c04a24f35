import { sleep as n8nSleep } from 'n8n-workflow';

/** Time as the waiter sees it; benchmarks swap in a compressed clock to simulate long jobs. */
export interface Clock {
	now(): number;
	/** Resolves after `ms`, or rejects at once when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
		this.name = 'CancelledError';
	}
}

/** Wake-ups of the sleeps pending on each signal. */
const sleepers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Registers `wake` to run when `signal` aborts; returns the unregistration. A batch has one
 * sleep per task on the same signal: one listener serves them all, where a listener each would
 * trip Node's leak warning (more than 10 listeners) in n8n's log at the eleventh item.
 */
function onAbort(signal: AbortSignal, wake: () => void): () => void {
	let pending = sleepers.get(signal);
	if (!pending) {
		const created = new Set<() => void>();
		signal.addEventListener('abort', () => created.forEach((fn) => fn()), { once: true });
		sleepers.set(signal, created);
		pending = created;
	}
	pending.add(wake);
	return () => pending.delete(wake);
}

/**
 * n8n's own sleep (community nodes may not touch timers directly), made to give up the moment
 * the execution is stopped rather than at the end of the interval.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	await new Promise<void>((resolve, reject) => {
		const forget = signal ? onAbort(signal, () => reject(new CancelledError())) : () => {};
		void n8nSleep(Math.max(0, ms)).then(() => {
			forget();
			resolve();
		});
	});
}

export const realClock: Clock = { now: () => Date.now(), sleep };
