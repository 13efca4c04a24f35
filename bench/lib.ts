/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark code: runs on Node beside n8n-core, never inside n8n */
import { Container } from '@n8n/di';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IDataObject, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import type { RunResult } from '../test/harness/engine';
import { NODE, videoWorkflow, type VideoWorkflowOptions } from '../test/harness/workflow';

/** One line of the final table. `met` is undefined when the run was too small to judge. */
export interface Figure {
	name: string;
	measured: string;
	goal: string;
	met?: boolean;
}

export interface FigureContext {
	quick: boolean;
	log(line: string): void;
}

/**
 * The test fixture workflow with our node at its defaults: the fixture's short poll interval
 * is for fast tests, and the benchmarks measure what a user gets without touching Options.
 */
export function defaultsWorkflow(items: VideoWorkflowOptions['items'], parameters: IDataObject = {}, options: IDataObject = {}): IWorkflowBase {
	const workflow = videoWorkflow({ items, parameters });
	const node = workflow.nodes.find((candidate) => candidate.name === NODE)!;
	node.parameters.options = options as INodeParameters;
	return workflow;
}

/** When the node started and when its items left it, from n8n's own run data (ms epoch). */
export function nodeSpan(result: RunResult, nodeName = NODE): { start: number; end: number; ms: number } {
	const runs = result.run.data.resultData.runData[nodeName];
	if (!runs?.[0]) throw new Error(`${nodeName} did not run`);
	const { startTime, executionTime, error } = runs[0];
	if (error) throw new Error(`${nodeName} failed: ${error.message}`);
	return { start: startTime, end: startTime + executionTime, ms: executionTime };
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * Runs `bench/child.ts` in a fresh Node process, so a figure measures that process alone (its
 * peak RSS starts from zero). The child prints its result as the last line of stdout.
 */
export function runChild<T>(figure: string, input: unknown): Promise<T> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(__dirname, 'run.js'), '--child', figure], {
			env: { ...process.env, BENCH_INPUT: JSON.stringify(input) },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			const last = stdout.trim().split('\n').pop() ?? '';
			if (code !== 0) return reject(new Error(`bench child "${figure}" exited with ${code}:\n${stdout}`));
			try {
				resolve(JSON.parse(last) as T);
			} catch {
				reject(new Error(`bench child "${figure}" printed no result:\n${stdout}`));
			}
		});
	});
}

/** sha256 of a stored binary, read as a stream: hashing a 512 MB video must not load it whole. */
export async function streamedSha256(binary: IBinaryData | undefined): Promise<string> {
	if (!binary?.id) throw new Error('The item has no binary data in the filesystem store');
	const hash = createHash('sha256');
	for await (const chunk of await Container.get(BinaryDataService).getAsStream(binary.id)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}
