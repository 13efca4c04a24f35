import type { IDataObject } from 'n8n-workflow';

import { followSimulatorClock } from './sim-clock';
import { startSimulator, type Simulator } from './simulator';
import type { VideoWorkflowOptions } from './workflow';
import { videoWorkflow } from './workflow';

/** A model of each family new-api serves (SPEC.md › models the provider serves). */
export const FAMILY_MODELS = {
	sora: 'sora-2',
	veo: 'veo3.1',
	grok: 'grok-video-3-10s',
	kling: 'kling-v2-6-std',
	seedance: 'doubao-seedance-1-5-pro_10s_720p',
	wan: 'wan2.6-t2v-720P_5s',
	happyhorse: 'happyhorse-1.0-t2v-720P_5s',
} as const;

/** Simulated seconds per real second: new-api's 15 s poller ticks every half a real second. */
export const SCALE = 30;

export interface NewApiGateway {
	sim: Simulator;
	/** Simulated ms at which a logged request arrived. */
	simulatedAt(entry: { time: number }): number;
	close(): Promise<void>;
}

/** The newapi dialect on compressed time, with the node's clock following it. */
export async function startNewApi(options: Parameters<typeof startSimulator>[0] = {}): Promise<NewApiGateway> {
	const startedAt = Date.now();
	const sim = await startSimulator({ dialect: 'newapi', timeScale: SCALE, ...options });
	const restoreClock = await followSimulatorClock(sim, SCALE);
	return {
		sim,
		simulatedAt: (entry) => startedAt + entry.time * SCALE,
		async close() {
			restoreClock();
			await sim.close();
		},
	};
}

/** Submit and Wait for `{ prompt, model }` items at the node's default poll settings. */
export function newApiBatch(items: Array<{ prompt: string; model: string }>, options: Omit<VideoWorkflowOptions, 'items'> & { nodeOptions?: IDataObject } = {}) {
	const { nodeOptions, ...rest } = options;
	return videoWorkflow({
		...rest,
		items: items.map((json) => ({ json })),
		parameters: { operation: 'submitAndWait', model: '={{ $json.model }}', prompt: '={{ $json.prompt }}', seconds: '', size: '', options: { pollIntervalSeconds: 5, ...nodeOptions }, ...rest.parameters },
	});
}
