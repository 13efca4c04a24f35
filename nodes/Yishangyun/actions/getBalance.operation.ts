import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readBalance } from '../transport/billing';
import type { YishangyunClient } from '../transport/client';
import { asNodeError } from '../transport/errors';
import { errorItem, resultItem } from './items';

/**
 * Get Balance: the key's remaining, used and total quota, one item out per item in. The balance
 * belongs to the credential's key, which is the node's, not an item's: every item would ask the
 * gateway the same question, so it is read once per run (two requests, whatever the batch) and
 * each item gets the same figures. A failure is every item's failure: under continue-on-fail
 * each item carries the error in its place, and none carries a number that was not read.
 */
export async function execute(ctx: IExecuteFunctions, client: YishangyunClient): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	try {
		const balance = await readBalance(ctx, client);
		return items.map((_, itemIndex) => resultItem(itemIndex, { ...balance } as IDataObject));
	} catch (error) {
		const nodeError = asNodeError(ctx.getNode(), error, 0);
		if (!ctx.continueOnFail()) throw nodeError;
		return items.map((_, itemIndex) => errorItem(ctx, nodeError, itemIndex));
	}
}
