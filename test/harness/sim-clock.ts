/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import path from 'node:path';

import type { Clock } from '../../nodes/Yishangyun/transport/clock';
import { PACKAGE_DIR } from './engine';
import type { Simulator } from './simulator';

/**
 * Points the loaded node's clock (`realClock` of transport/clock.ts in dist/, the module the node
 * itself uses) at the simulator's compressed time, so the waiter's schedule plays out as over
 * `scale` times as long, only faster. Returns the undo.
 */
export async function followSimulatorClock(sim: Simulator, scale: number): Promise<() => void> {
	const { realClock } = (await import(path.join(PACKAGE_DIR, 'dist/nodes/Yishangyun/transport/clock.js'))) as { realClock: Clock };
	const saved = { ...realClock };
	realClock.now = () => sim.now();
	realClock.sleep = (ms, signal) => saved.sleep(ms / scale, signal);
	return () => Object.assign(realClock, saved);
}
