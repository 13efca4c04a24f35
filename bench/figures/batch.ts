import { registerNodeType, runWorkflow } from '../../test/harness/engine';
import { credentialsFor, startSimulator, type Simulator } from '../../test/harness/simulator';
import { NODE, prompts } from '../../test/harness/workflow';
import { BASELINE_TYPE, FixedSleepWaiter } from '../baseline-node';
import { defaultsWorkflow, nodeSpan, seconds, streamedSha256, type Figure, type FigureContext } from '../lib';

const QUEUE_SECONDS = 0.3;

/** Runs one batch through the engine and checks every item came back as the served video. */
async function timeBatch(sim: Simulator, size: number, nodeType?: { type: string; intervalSeconds: number }): Promise<number> {
	const texts = Array.from({ length: size }, (_, i) => `Batch item ${i + 1}`);
	const workflow = defaultsWorkflow(prompts(...texts));
	if (nodeType) {
		const node = workflow.nodes.find((candidate) => candidate.name === NODE)!;
		node.type = nodeType.type;
		node.parameters = { prompt: '={{ $json.prompt }}', intervalSeconds: nodeType.intervalSeconds };
	}
	const submitsBefore = sim.submits().length;
	const result = await runWorkflow(workflow, { credentials: credentialsFor(sim), mode: 'trigger' });
	const span = nodeSpan(result);
	const items = result.output(NODE);
	if (items.length !== size) throw new Error(`${size} items in, ${items.length} out`);
	for (const item of items) {
		if ((await streamedSha256(item.binary?.data)) !== sim.videoSha256()) throw new Error('A video came back different from the one served');
	}
	if (sim.submits().length - submitsBefore !== size) throw new Error(`${sim.submits().length - submitsBefore} submits for ${size} items`);
	return span.ms;
}

/**
 * Figure 1: node time for N items against one item, all jobs the same length, at the node's
 * default settings; then the same batches through the fixed-sleep baseline.
 */
export async function batch(ctx: FigureContext): Promise<Figure[]> {
	const jobSeconds = ctx.quick ? 1 : 4;
	const sizes = ctx.quick ? [1, 3] : [1, 10, 20, 50];
	const baselineSizes = ctx.quick ? [1, 3] : [1, 10];
	const baselineInterval = ctx.quick ? 1 : 10;
	const judged = ctx.quick ? 3 : 20;
	registerNodeType(BASELINE_TYPE, new FixedSleepWaiter());
	const sim = await startSimulator({ jobSeconds, queueSeconds: QUEUE_SECONDS });
	try {
		const ours = new Map<number, number>();
		for (const size of sizes) {
			ours.set(size, await timeBatch(sim, size));
			ctx.log(`batch · ours · ${size} item(s) of ${jobSeconds} s (+${QUEUE_SECONDS} s queue): ${seconds(ours.get(size)!)}`);
		}
		const baseline = new Map<number, number>();
		for (const size of baselineSizes) {
			baseline.set(size, await timeBatch(sim, size, { type: BASELINE_TYPE, intervalSeconds: baselineInterval }));
			ctx.log(`batch · baseline (sequential, ${baselineInterval} s sleep after each read) · ${size} item(s): ${seconds(baseline.get(size)!)}`);
		}
		const one = ours.get(1)!;
		const ratio = (size: number) => ours.get(size)! / one;
		const figures: Figure[] = sizes
			.filter((size) => size > 1)
			.map((size) => ({
				name: `Batch: ${size} items ÷ 1 item (${jobSeconds} s jobs)`,
				measured: `${ratio(size).toFixed(2)} (${seconds(ours.get(size)!)} ÷ ${seconds(one)})`,
				goal: size === judged ? '≤ 1.2' : '—',
				met: size === judged && !ctx.quick ? ratio(size) <= 1.2 : undefined,
			}));
		const [small, large] = baselineSizes;
		const baselineOwn = baseline.get(large)! / baseline.get(small)!;
		figures.push(
			{
				name: `Baseline: ${large} items ÷ ${small} item`,
				measured: `${baselineOwn.toFixed(2)} (${seconds(baseline.get(large)!)} ÷ ${seconds(baseline.get(small)!)})`,
				goal: '—',
			},
			{
				name: `Baseline ÷ ours, ${large} items`,
				measured: `${(baseline.get(large)! / ours.get(large)!).toFixed(1)}×`,
				goal: '> 1',
				met: ctx.quick ? undefined : baseline.get(large)! > ours.get(large)!,
			},
			{
				name: `Ours ÷ physical limit, ${judged} items`,
				measured: `${(ours.get(judged)! / ((QUEUE_SECONDS + jobSeconds) * 1000)).toFixed(2)} (limit ${seconds((QUEUE_SECONDS + jobSeconds) * 1000)}: queue + job)`,
				goal: '—',
			},
		);
		return figures;
	} finally {
		await sim.close();
	}
}
