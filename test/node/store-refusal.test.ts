/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import '../harness/env';

import { Container } from '@n8n/di';
import { BinaryDataService, FileTooLargeError } from 'n8n-core';
import type { Readable } from 'node:stream';

import { loadPackage, runWorkflow } from '../harness/engine';
import { credentialsFor, startSimulator, type Simulator } from '../harness/simulator';
import { NODE, prompts, videoWorkflow } from '../harness/workflow';

// n8n's database binary mode (queue mode's only choice) buffers a file, then refuses it above
// N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE; that manager lives in n8n's server package, so this
// store does what it does, on n8n-core's own extension point (BinaryDataService.setManager).
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'database';

const MiB = 1024 * 1024;

class RefusingStore {
	/** 'size': refuse above `maxMiB` after reading the whole file; 'disk': fail mid-write. */
	way: 'size' | 'disk' = 'size';
	maxMiB = 1;
	private readonly files = new Map<string, Buffer>();

	async init() {}

	async store(_location: unknown, data: Buffer | Readable, metadata: { fileName?: string }) {
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of Buffer.isBuffer(data) ? [data] : data) {
			chunks.push(chunk as Buffer);
			size += (chunk as Buffer).length;
			if (this.way === 'disk' && size > 256 * 1024) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
		}
		const fileId = `file-${this.files.size + 1}`;
		if (size > this.maxMiB * MiB) throw new FileTooLargeError({ fileSizeMb: size / MiB, maxFileSizeMb: this.maxMiB, fileId, fileName: metadata.fileName });
		this.files.set(fileId, Buffer.concat(chunks));
		return { fileId, fileSize: size };
	}

	async getAsBuffer(fileId: string) {
		return this.files.get(fileId)!;
	}

	async getMetadata(fileId: string) {
		return { fileSize: this.files.get(fileId)!.length };
	}

	getPath(fileId: string) {
		return `database://${fileId}`;
	}

	async deleteMany() {}
}

const store = new RefusingStore();
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ queueSeconds: 0.05, jobSeconds: 0.3, videoBytes: 3 * MiB });
	await loadPackage();
	Container.get(BinaryDataService).setManager('database', store as never);
});
afterAll(async () => await sim.close());

const run = () =>
	runWorkflow(
		videoWorkflow({ continueOnFail: true, items: prompts('Too big to keep'), parameters: { operation: 'submitAndWait', prompt: '={{ $json.prompt }}', options: { pollIntervalSeconds: 0.1 } } }),
		{ credentials: credentialsFor(sim) },
	);

const downloadsOf = (taskId: string) => sim.requests.filter((request) => request.host === 'files' && request.path.includes(taskId) && request.path.includes('.mp4'));

test('a file over the store’s size cap is downloaded once, and the item says why and the two ways out', async () => {
	store.way = 'size';
	const [item] = (await run()).output(NODE);
	const taskId = item.json.task_id as string;
	expect(item.json.status).toBe('completed');
	expect(downloadsOf(taskId)).toHaveLength(1);
	const error = item.json.error as { message: string; description: string };
	expect(error.message).toMatch(/^The video is ready but n8n refused to store it: .*exceeds the max size limit of 1 MB/);
	expect(error.description).toContain(`Task ID: ${taskId}`);
	expect(error.description).toContain(`video URL: ${item.json.video_url}`);
	expect(error.description).toMatch(/raise N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE/);
	expect(error.description).toMatch(/turn off Options › Download Video and pass video_url on/);
});

test('a store that fails mid-write (disk full) is not retried either; under the cap the same store keeps the video', async () => {
	store.way = 'disk';
	const [full] = (await run()).output(NODE);
	expect(downloadsOf(full.json.task_id as string)).toHaveLength(1);
	expect((full.json.error as { message: string }).message).toMatch(/ENOSPC: no space left on device/);

	store.way = 'size';
	store.maxMiB = 4;
	const [kept] = (await run()).output(NODE);
	expect(kept.json.error).toBeUndefined();
	expect(kept.binary!.data.id).toMatch(/^database:file-/);
	expect((await store.getAsBuffer(kept.binary!.data.id!.slice('database:'.length))).length).toBe(3 * MiB);
});
