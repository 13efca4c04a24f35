/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark code: runs on Node beside n8n-core, never inside n8n */
// First import: the harness environment is set before n8n-core loads.
import { userFolder } from '../test/harness/env';

import { rmSync } from 'node:fs';

import { measureRate } from './figures/download';
import { measureMemory } from './figures/memory';

const CHILDREN: Record<string, (input: never) => Promise<unknown>> = { memory: measureMemory, download: measureRate };

/** Entry of a bench child process (see runChild in lib.ts): input from BENCH_INPUT, result as the last stdout line. */
export async function runChildFigure(name: string): Promise<number> {
	const measure = CHILDREN[name];
	if (!measure) throw new Error(`No bench child "${name}"`);
	try {
		const result = await measure(JSON.parse(process.env.BENCH_INPUT ?? '{}') as never);
		process.stdout.write(`${JSON.stringify(result)}\n`);
		return 0;
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}
