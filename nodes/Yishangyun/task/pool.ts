/** Runs `work` for indexes 0..count-1, at most `limit` at a time, until done or `stop()` says so. */
export async function runPool(
	count: number,
	limit: number,
	work: (index: number) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const lane = async () => {
		while (next < count && !stop()) await work(next++);
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), count) }, lane));
}

/** A counting semaphore: keeps big downloads from all streaming at once. */
export class Limiter {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly limit: number) {}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.active++;
		try {
			return await work();
		} finally {
			this.active--;
			this.waiting.shift()?.();
		}
	}
}
