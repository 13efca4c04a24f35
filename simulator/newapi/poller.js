// @ts-check
const { stateAt } = require('../tasks');

/**
 * new-api's background poller (service/task_polling.go): it sleeps `gatewayPollSeconds`, then
 * updates every open task in creation order, one second apart, then sleeps again. A status read
 * answers what the last update stored, so state, progress and the update time change only at
 * that cadence. Worked out lazily on each read from the simulated clock, so `timeScale` speeds
 * it up like everything else; families read live (Veo) skip it, and 0 seconds makes it live.
 * All polled tasks share one sequence (new-api runs one per channel, one channel after another).
 *
 * @typedef {import('../tasks').Task} Task
 * @typedef {import('../tasks').TaskState} TaskState
 * @typedef {{ state: TaskState, updatedAt: number, finishedAt?: number }} Stored
 */

/** new-api sleeps this long between two tasks of one tick. */
const BETWEEN_TASKS_MS = 1000;

/** @param {TaskState} state */
const isFinal = (state) => state.status === 'completed' || state.status === 'failed';

/**
 * @param {{ now: () => number, tasks: Map<string, Task>, periodMs: () => number, polled: (task: Task) => boolean }} spec
 */
function createPoller({ now, tasks, periodMs, polled }) {
	const startedAt = now();
	/** @type {Map<string, Stored>} */
	const stored = new Map();
	/** @type {number | undefined} */
	let tickAt;
	/** Updates of the tick under way, in order. @type {{ task: Task, at: number }[]} */
	let pending = [];

	/** @param {Task} task */
	const open = (task) => polled(task) && !isFinal(stored.get(task.id)?.state ?? { status: 'queued', progress: 0 });

	/** @param {Task} task @param {number} at */
	function update(task, at) {
		const state = stateAt(task, at);
		const finishedAt = stored.get(task.id)?.finishedAt ?? (isFinal(state) ? at : undefined);
		stored.set(task.id, { state, updatedAt: at, finishedAt });
	}

	/** Plays the poller forward to `t`. @param {number} period @param {number} t */
	function advance(period, t) {
		let tick = tickAt ?? startedAt + period;
		for (;;) {
			while (pending.length && pending[0].at <= t) {
				const next = /** @type {{ task: Task, at: number }} */ (pending.shift());
				update(next.task, next.at);
			}
			if (pending.length || tick > t) break;
			const at = tick;
			const due = [...tasks.values()].filter((task) => task.createdAt <= at && open(task));
			if (due.length === 0) {
				// Nothing to do at this tick: skip to the first tick after the next task appears (or after now).
				const created = Math.min(...[...tasks.values()].filter((task) => task.createdAt > at && open(task)).map((task) => task.createdAt));
				tick = at + period * Math.max(1, Math.ceil((Math.min(created, t + 1) - at) / period));
				continue;
			}
			pending = due.map((task, index) => ({ task, at: at + index * BETWEEN_TASKS_MS }));
			tick = at + due.length * BETWEEN_TASKS_MS + period;
		}
		tickAt = tick;
	}

	return {
		/**
		 * What a status read answers from: the gateway's stored state of `task`, or undefined when
		 * no update has reached it yet.
		 * @param {Task} task @returns {Stored | undefined}
		 */
		read(task) {
			const period = periodMs();
			const t = now();
			if (period <= 0 || !polled(task)) {
				const state = task.status();
				return { state, updatedAt: t, finishedAt: isFinal(state) ? (task.completedAt ?? task.failedAt) : undefined };
			}
			advance(period, t);
			return stored.get(task.id);
		},
	};
}

module.exports = { createPoller };
