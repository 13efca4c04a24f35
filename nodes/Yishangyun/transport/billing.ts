import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { KEY_REFUSED, KEY_USED_UP, NO_PERMISSION, NOT_THIS_API } from './access-messages';
import { balanceOf, FIGURE_FIELD, readBillingAnswer, type Balance, type BillingEndpoint, type BillingProblem } from './billing-answer';
import { NetworkError, type ApiResponse, type YishangyunClient } from './client';
import { parseErrorBody } from './error-body';
import { apiError, networkError } from './errors';

const PATHS: Record<BillingEndpoint, string> = {
	subscription: '/v1/dashboard/billing/subscription',
	usage: '/v1/dashboard/billing/usage',
};

const DOING = 'reading the balance';

/** Each reason's headline and what to do; the key's and the Base URL's are the credential test's sentences. */
const SAYS: Record<Exclude<BillingProblem, 'failed'>, { headline: (path: string, message?: string) => string; hint: string }> = {
	keyRefused: { headline: () => KEY_REFUSED, hint: 'Check the API key in the "Yishangyun API" credential.' },
	keyUsedUp: {
		headline: () => KEY_USED_UP,
		hint: 'new-api refuses a used-up key on every route, its balance included: the balance is 0. Tasks already submitted go on at the provider.',
	},
	noPermission: { headline: () => NO_PERMISSION, hint: 'The gateway refused the key for its balance.' },
	notThisApi: { headline: () => NOT_THIS_API, hint: 'The answer was a web page, not the API: check the Base URL in the credential.' },
	noEndpoints: {
		headline: (path) => `This gateway has no balance endpoint (404 for ${path})`,
		hint: "Get Balance reads the billing endpoints new-api serves to an API key; the provider's API document has none. Check the key's balance in the provider's dashboard, or check that the Base URL is the API root.",
	},
	gatewayError: {
		headline: (_path, message) => `The gateway could not read the key's balance${message ? `: ${message}` : ''}`,
		hint: 'It answered with an error instead of a balance: try again later, or check the balance in the provider’s dashboard.',
	},
	otherShape: {
		headline: (path) => `The answer of ${path} is not a balance`,
		hint: 'It is not in the shape of the billing endpoints new-api serves, so no balance is output: check that the Base URL points at the gateway itself.',
	},
};

function balanceError(ctx: IExecuteFunctions, response: ApiResponse, path: string, problem: Exclude<BillingProblem, 'failed'>, message?: string): NodeApiError {
	const says = SAYS[problem];
	const api = parseErrorBody(response);
	const error = new NodeApiError(ctx.getNode(), { message: api.message, type: api.type, code: api.code, httpCode: String(response.status) } as JsonObject, {
		message: says.headline(path, message),
		description: `${says.hint} GET ${path} answered HTTP ${response.status}: ${api.original}.`,
		httpCode: String(response.status),
		itemIndex: 0,
	});
	error.context.apiError = { message: api.message, type: api.type, code: api.code ?? problem };
	return error;
}

async function readFigure(ctx: IExecuteFunctions, client: YishangyunClient, endpoint: BillingEndpoint): Promise<number> {
	const path = PATHS[endpoint];
	// A read, free and safe to repeat: network faults, 5xx and 429 are retried within the run's budget.
	const response = await client.request('status', { method: 'GET', path });
	if (response instanceof NetworkError) throw networkError(ctx.getNode(), response, { itemIndex: 0, doing: `${DOING} (GET ${path})` });
	const reading = readBillingAnswer(endpoint, response);
	if ('figure' in reading) return reading.figure;
	if (reading.problem === 'failed') throw apiError(ctx.getNode(), response, { itemIndex: 0, doing: `${DOING} (GET ${path}, field ${FIGURE_FIELD[endpoint]})` });
	throw balanceError(ctx, response, path, reading.problem, reading.message);
}

/** The key's balance: its grant, then its usage, one request each. */
export async function readBalance(ctx: IExecuteFunctions, client: YishangyunClient): Promise<Balance> {
	const hardLimit = await readFigure(ctx, client, 'subscription');
	const totalUsage = await readFigure(ctx, client, 'usage');
	return balanceOf(hardLimit, totalUsage);
}
