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

/**
 * n8n's own sleep (community nodes may not touch timers directly), made to give up the moment
 * the execution is stopped rather than at the end of the interval.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(new CancelledError());
		signal?.addEventListener('abort', onAbort, { once: true });
		void n8nSleep(Math.max(0, ms)).then(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		});
	});
}

export const realClock: Clock = { now: () => Date.now(), sleep };
