/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import { binaryStoragePath } from './env';

import { Container } from '@n8n/di';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
	BinaryDataService,
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { ManualTrigger, NoOp, TestItems } from './test-nodes';

export const PACKAGE_DIR = path.resolve(__dirname, '../..');

interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Node types beyond the package and the stand-ins of test-nodes.ts (the benchmarks' baseline). */
const extraNodeTypes: Record<string, INodeType> = {};

export function registerNodeType(type: string, node: INodeType): void {
	extraNodeTypes[type] = node;
}

/** Loads the built package from dist/ through n8n's own package loader, as n8n does at start. */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		await Container.get(BinaryDataService).init();
		const byName: Record<string, INodeType | IVersionedNodeType> = {
			'n8n-nodes-base.manualTrigger': new ManualTrigger(),
			'n8n-nodes-base.noOp': new NoOp(),
			'test.items': new TestItems(),
		};
		for (const [name, data] of Object.entries(loader.nodeTypes)) byName[`${loader.packageName}.${name}`] = data.type;
		const credentialTypes = Object.fromEntries(Object.entries(loader.credentialTypes).map(([name, data]) => [name, data.type]));
		const nodeTypes: INodeTypes = {
			getByName: (type) => byName[type] ?? extraNodeTypes[type],
			getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName[type] ?? extraNodeTypes[type], version),
			getKnownTypes: () => ({}),
		};
		return { nodeTypes, credentialTypes };
	})();
	return loaded;
}

export interface RunOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** 'manual' is a run from the editor; 'trigger' a scheduled/production one. */
	mode?: 'manual' | 'trigger';
	/** Called once the run has started, with a function that cancels it as n8n's Stop button does. */
	onStarted?: (cancel: () => void) => void;
}

export interface RunResult {
	run: IRun;
	/** Output items of a node's first run, first output. */
	output(nodeName: string): INodeExecutionData[];
	/** The node's error, when it failed. */
	error(nodeName: string): IRun['data']['resultData']['error'];
	messagesToUI: unknown[];
}

export function readWorkflowFixture(name: string): IWorkflowBase {
	return JSON.parse(readFileSync(path.join(__dirname, '../workflows', name), 'utf8')) as IWorkflowBase;
}

export function additionalDataFor(helper: TestCredentialsHelper, hooks?: ExecutionLifecycleHooks, messages: unknown[] = []) {
	return {
		credentialsHelper: helper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not part of these tests');
		},
		getRunExecutionData: async () => undefined,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		variables: {},
		setExecutionStatus: () => {},
		sendDataToUI: (type: string, data: unknown) => messages.push({ type, data }),
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not part of these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs a whole workflow through n8n-core's WorkflowExecute, from its manual trigger. */
export async function runWorkflow(workflowData: IWorkflowBase, options: RunOptions = {}): Promise<RunResult> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const helper = new TestCredentialsHelper(credentialTypes, options.credentials ?? {});
	const workflow = new Workflow({
		id: workflowData.id ?? 'test',
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', workflowData);
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const messages: unknown[] = [];
	const trigger = workflow.getStartNode();
	if (!trigger) throw new Error('The workflow has no start node');
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const execution = new WorkflowExecute(additionalDataFor(helper, hooks, messages), mode, runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	options.onStarted?.(() => running.cancel());
	await running.catch(() => undefined);
	const run = await finished;
	const { runData } = run.data.resultData;
	return {
		run,
		output: (nodeName) => runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
		error: (nodeName) => runData[nodeName]?.[0]?.error,
		messagesToUI: messages,
	};
}

/** The bytes n8n stored for a binary item, read back from its binary store. */
export async function binaryBytes(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

export { binaryStoragePath };
