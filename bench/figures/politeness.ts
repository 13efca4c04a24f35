import { runWorkflow } from '../../test/harness/engine';
import { credentialsFor, startSimulator } from '../../test/harness/simulator';
import { NODE, prompts } from '../../test/harness/workflow';
import { defaultsWorkflow, nodeSpan, seconds, streamedSha256, type Figure, type FigureContext } from '../lib';

const RATE = 5;
const QUEUE_SECONDS = 0.3;

interface Run {
	items: number;
	jobSeconds: number;
	completed: number;
	reads: number;
	refused: number;
	ms: number;
	floorMs: number;
}

/**
 * One batch at the node's defaults against a gateway that allows RATE status reads per second
 * per key. The floor is what any client needs: the job itself, then one read per item at RATE.
 */
async function limitedBatch(ctx: FigureContext, items: number, jobSeconds: number): Promise<Run> {
	const sim = await startSimulator({ jobSeconds, queueSeconds: QUEUE_SECONDS, statusReadsPerSecond: RATE });
	try {
		const texts = Array.from({ length: items }, (_, index) => `Polite item ${index + 1}`);
		const result = await runWorkflow(defaultsWorkflow(prompts(...texts)), { credentials: credentialsFor(sim), mode: 'trigger' });
		const span = nodeSpan(result);
		const output = result.output(NODE);
		let completed = 0;
		for (const item of output) {
			if (item.json.status === 'completed' && (await streamedSha256(item.binary?.data)) === sim.videoSha256()) completed++;
		}
		if (sim.submits().length !== items) throw new Error(`${sim.submits().length} submits for ${items} items`);
		const run = {
			items,
			jobSeconds,
			completed,
			reads: sim.polls().length,
			refused: sim.refused('status').length,
			ms: span.ms,
			floorMs: (QUEUE_SECONDS + jobSeconds + items / RATE) * 1000,
		};
		ctx.log(
			`politeness · ${items} items of ${jobSeconds} s at ${RATE} reads/s: ${run.refused} of ${run.reads} reads refused, ${completed}/${items} complete, ${seconds(run.ms)} (floor ${seconds(run.floorMs)})`,
		);
		return run;
	} finally {
		await sim.close();
	}
}

const share = (run: Run) => run.refused / run.reads;
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** Figure 6: a batch that meets the gateway's rate limit: refused reads and time against the floor. */
export async function politeness(ctx: FigureContext): Promise<Figure[]> {
	const small = ctx.quick ? await limitedBatch(ctx, 10, 3) : await limitedBatch(ctx, 40, 6);
	const figures: Figure[] = [
		{
			name: `Refused status reads, ${small.items} items of ${small.jobSeconds} s at ${RATE} reads/s`,
			measured: `${percent(share(small))} (${small.refused} of ${small.reads})`,
			goal: '≤ 10 %',
			met: ctx.quick ? undefined : share(small) <= 0.1,
		},
		{
			name: `Node time ÷ floor, same run`,
			measured: `${(small.ms / small.floorMs).toFixed(2)} (${seconds(small.ms)} ÷ ${seconds(small.floorMs)})`,
			goal: '≤ 1.3',
			met: ctx.quick ? undefined : small.ms / small.floorMs <= 1.3,
		},
	];
	if (ctx.quick) return figures;
	const large = await limitedBatch(ctx, 200, 30);
	figures.push({
		name: `${large.items} items of ${large.jobSeconds} s at ${RATE} reads/s: refused / complete`,
		measured: `${percent(share(large))} (${large.refused} of ${large.reads}) / ${large.completed} of ${large.items}; ${(large.ms / large.floorMs).toFixed(2)} × floor`,
		goal: `≤ 10 % / ${large.items} of ${large.items}`,
		met: share(large) <= 0.1 && large.completed === large.items,
	});
	return figures;
}
