/* eslint-disable @n8n/community-nodes/no-http-request-with-manual-auth, @n8n/community-nodes/node-usable-as-tool -- a benchmark stand-in, not a shipped node: it never runs as a tool, and its video link is fetched without the key on purpose */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

export const BASELINE_TYPE = 'bench.fixedSleepWaiter';

/**
 * The common way a video node waits, written down so the benchmark can time it beside ours:
 * n8n's own OpenAI video action (helpers/polling.ts, `pollUntilAvailable`) takes the items one
 * after another, reads the job, then sleeps a fixed interval after every read — the last one
 * too — and only then downloads. Same API, same simulator, same engine; only the waiting differs.
 */
export class FixedSleepWaiter implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Fixed-sleep waiter (baseline)',
		name: 'fixedSleepWaiter',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Baseline' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yishangyunApi', required: true }],
		properties: [
			{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' },
			{ displayName: 'Interval (s)', name: 'intervalSeconds', type: 'number', default: 10 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = await this.getCredentials<{ baseUrl: string }>('yishangyunApi');
		const api = `${credentials.baseUrl.replace(/\/+$/, '')}/v1/videos`;
		const request = async (options: { method: 'GET' | 'POST'; url: string; body?: IDataObject }) =>
			(await this.helpers.httpRequestWithAuthentication.call(this, 'yishangyunApi', { ...options, json: true })) as IDataObject;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const intervalMs = (this.getNodeParameter('intervalSeconds', i) as number) * 1000;
			const body = { model: 'sora-2', prompt: this.getNodeParameter('prompt', i) as string, seconds: '5', size: '1280x720' };
			const submitted = await request({ method: 'POST', url: api, body });
			const id = String(submitted.task_id ?? submitted.id);
			let task: IDataObject | undefined;
			while (task?.status !== 'completed') {
				task = await request({ method: 'GET', url: `${api}/${id}` });
				if (task.status === 'failed') throw new NodeOperationError(this.getNode(), `Task ${id} failed`, { itemIndex: i });
				await sleep(intervalMs);
			}
			const file = await this.helpers.httpRequest({ method: 'GET', url: String(task.video_url), encoding: 'stream' });
			const data = await this.helpers.prepareBinaryData(file as Buffer, `${id}.mp4`, 'video/mp4');
			out.push({ json: task, binary: { data }, pairedItem: { item: i } });
		}
		return [out];
	}
}
