import type { IBinaryData, ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../simulator';
import { createTask as submitDirectly, sha256 } from '../simulator/helpers';
import { binaryBytes } from './engine';

export { startSimulator, type Simulator };

export function credentialsFor(sim: Simulator, apiKey = sim.apiKey): Record<string, ICredentialDataDecryptedObject> {
	return { yishangyunApi: { apiKey, baseUrl: sim.url } };
}

export { sha256 };

export async function storedSha256(binary: IBinaryData | undefined): Promise<string> {
	if (!binary) throw new Error('The item has no binary data');
	return sha256(await binaryBytes(binary));
}

/** Submits a task straight to the simulator, as another workflow (or a colleague) would have. */
export function createTask(sim: Simulator, prompt = 'A lighthouse at dusk', extra: Record<string, unknown> = {}): Promise<string> {
	return submitDirectly(sim, prompt, { seconds: '5', size: '1280x720', ...extra });
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('Condition not met in time');
		await sleep(25);
	}
}
