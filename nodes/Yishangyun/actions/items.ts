import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Task } from '../task/types';

export type NodeError = NodeApiError | NodeOperationError;

export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export function resultItem(itemIndex: number, json: IDataObject, binary?: INodeExecutionData['binary']): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (binary && Object.keys(binary).length) item.binary = binary;
	return item;
}

/**
 * The continue-on-fail item: the task's facts (so its id survives into the workflow) plus
 * `error` in the contract's shape. `item.error` lets n8n route it to the error output.
 */
export function errorItem(error: NodeError, itemIndex: number, facts: IDataObject = {}): INodeExecutionData {
	const api = (error.context?.apiError as IDataObject | undefined) ?? {};
	const taskId = (facts.task_id as string | undefined) ?? (error.context?.taskId as string | undefined);
	return {
		json: {
			...facts,
			...(taskId ? { task_id: taskId } : {}),
			error: {
				message: error.message,
				type: (api.type as string | null | undefined) ?? null,
				code: (api.code as string | null | undefined) ?? (error instanceof NodeApiError && error.httpCode ? String(error.httpCode) : null),
				description: error.description ?? null,
			},
		},
		error,
		pairedItem: { item: itemIndex },
	};
}

export function taskFacts(task: Task, extra: IDataObject = {}): IDataObject {
	return { ...task, ...extra } as unknown as IDataObject;
}

/** When the node throws, the ids of tasks accepted for other items go with the error. */
export function withAcceptedTasks(error: NodeError, tasks: Array<{ itemIndex: number; task?: Task }>): NodeError {
	const accepted = tasks.filter((entry) => entry.task?.task_id);
	if (accepted.length === 0) return error;
	const lines = accepted.map(({ itemIndex, task }) => `item ${itemIndex + 1}: ${task!.task_id} (${task!.status}${task!.status === 'processing' ? ` ${task!.progress}%` : ''})`);
	error.description = `${error.description ?? ''}\nTasks of this run (already paid for, read them with "Get Status"): ${lines.join('; ')}.`.trim();
	error.context.acceptedTasks = accepted.map(({ itemIndex, task }) => ({ item: itemIndex, task_id: task!.task_id, status: task!.status }));
	return error;
}
