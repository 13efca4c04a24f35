import { runWorkflow } from '../../test/harness/engine';
import { credentialsFor, startSimulator } from '../../test/harness/simulator';
import { NODE, prompts } from '../../test/harness/workflow';
import { defaultsWorkflow, median, nodeSpan, seconds, type Figure, type FigureContext } from '../lib';

/**
 * Figure 2: from the instant the simulator marks a task completed to the item leaving the node.
 * Single-item executions run side by side (as separate workflow runs would), with jobs of
 * different lengths so the figure is not tuned to one; download is off, as the figure excludes it.
 */
export async function latency(ctx: FigureContext): Promise<Figure[]> {
	const jobLengths = ctx.quick ? [6, 9] : [6, 9, 12, 16, 20, 25, 30, 45];
	// Timestamps on both sides are on this machine's clock: the simulator runs at scale 1.
	const sim = await startSimulator();
	try {
		const lags = await Promise.all(
			jobLengths.map(async (length) => {
				const workflow = defaultsWorkflow(prompts(`Latency probe [seconds=${length}]`), {}, { download: false });
				const result = await runWorkflow(workflow, { credentials: credentialsFor(sim), mode: 'trigger' });
				const [item] = result.output(NODE);
				const task = sim.tasks.get(String(item?.json.task_id));
				if (item?.json.status !== 'completed' || task?.completedAt === undefined) throw new Error(`The ${length} s job did not complete`);
				const lag = nodeSpan(result).end - task.completedAt;
				ctx.log(`latency · ${length} s job: left the node ${seconds(lag)} after completion, ${sim.polls(task.id).length} status reads`);
				return lag;
			}),
		);
		const middle = median(lags);
		return [
			{
				name: `Completion → item out, median of ${lags.length} jobs`,
				measured: `${seconds(middle)} (max ${seconds(Math.max(...lags))})`,
				goal: '≤ 1 s',
				met: ctx.quick ? undefined : middle <= 1000,
			},
		];
	} finally {
		await sim.close();
	}
}
