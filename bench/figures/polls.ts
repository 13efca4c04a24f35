import { runWorkflow } from '../../test/harness/engine';
import { followSimulatorClock } from '../../test/harness/sim-clock';
import { credentialsFor, startSimulator } from '../../test/harness/simulator';
import { NODE, prompts } from '../../test/harness/workflow';
import { defaultsWorkflow, nodeSpan, type Figure, type FigureContext } from '../lib';

const JOB_MINUTES = 10;

/**
 * Figure 5: status reads for one ten-minute job at the node's defaults, on compressed time.
 * The simulator runs `scale` simulated ms per real ms, and the node's clock (transport/clock.ts, the
 * module the loaded node itself uses) is pointed at the same simulated time, so the waiter's
 * schedule plays out exactly as over ten real minutes, only faster.
 */
export async function polls(ctx: FigureContext): Promise<Figure[]> {
	const scale = ctx.quick ? 120 : 30;
	const sim = await startSimulator({ timeScale: scale });
	const restoreClock = await followSimulatorClock(sim, scale);
	try {
		const workflow = defaultsWorkflow(prompts(`A ten-minute job [seconds=${JOB_MINUTES * 60}]`));
		const result = await runWorkflow(workflow, { credentials: credentialsFor(sim), mode: 'trigger' });
		const end = nodeSpan(result).end;
		const [item] = result.output(NODE);
		const task = sim.tasks.get(String(item?.json.task_id));
		if (item?.json.status !== 'completed' || task?.completedAt === undefined || !item.binary?.data) throw new Error('The ten-minute job did not complete');
		const reads = sim.polls(task.id).length;
		const lagSimulated = sim.now() - (Date.now() - end) * scale - task.completedAt;
		ctx.log(`polls · ${JOB_MINUTES}-minute job at ${scale}× time: ${reads} status reads, item out ${(lagSimulated / 1000).toFixed(1)} simulated s after completion (incl. download)`);
		return [
			{
				name: `Status reads for one ${JOB_MINUTES}-minute job`,
				measured: `${reads} (out ${(lagSimulated / 1000).toFixed(1)} s after completion)`,
				goal: '≤ 40',
				met: ctx.quick ? undefined : reads <= 40,
			},
		];
	} finally {
		restoreClock();
		await sim.close();
	}
}
