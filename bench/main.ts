/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- benchmark code: runs on Node beside n8n-core, never inside n8n */
// First import: the harness environment is set before n8n-core loads.
import { userFolder } from '../test/harness/env';

import { rmSync } from 'node:fs';
import os from 'node:os';

import { runChildFigure } from './child';
import { batch } from './figures/batch';
import { download } from './figures/download';
import { latency } from './figures/latency';
import { memory } from './figures/memory';
import { newapi } from './figures/newapi';
import { politeness } from './figures/politeness';
import { polls } from './figures/polls';
import type { Figure, FigureContext } from './lib';

const FIGURES: Record<string, (ctx: FigureContext) => Promise<Figure[]>> = { batch, latency, memory, download, polls, politeness, newapi };

function table(figures: Figure[]): string {
	const verdict = (figure: Figure) => (figure.met === undefined ? '' : figure.met ? 'met' : 'MISSED');
	const rows = [['Figure', 'Measured', 'Goal', ''], ...figures.map((figure) => [figure.name, figure.measured, figure.goal, verdict(figure)])];
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

export async function main(args: string[]): Promise<number> {
	if (args[0] === '--child') return await runChildFigure(args[1]);
	const quick = args.includes('--quick');
	const onlyAt = args.indexOf('--only');
	const names = onlyAt === -1 ? Object.keys(FIGURES) : args[onlyAt + 1].split(',');
	for (const name of names) if (!FIGURES[name]) throw new Error(`Unknown figure "${name}"; known: ${Object.keys(FIGURES).join(', ')}`);

	const started = Date.now();
	console.log(`n8n-nodes-yishangyun benchmarks${quick ? ' (quick: small sizes, goals not judged)' : ''}`);
	console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}\n`);
	const ctx: FigureContext = { quick, log: (line) => console.log(`  ${line}`) };
	const figures: Figure[] = [];
	try {
		for (const name of names) figures.push(...(await FIGURES[name](ctx)));
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
	console.log(`\n${table(figures)}\n\nfinished in ${Math.round((Date.now() - started) / 1000)} s`);
	return figures.some((figure) => figure.met === false) ? 1 : 0;
}
