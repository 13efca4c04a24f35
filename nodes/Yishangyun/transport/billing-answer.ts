import type { ApiResponse } from './client';
import { parseErrorBody } from './error-body';
import { isQuotaUsedUp } from './hints';
import { isObject, textOf, type Json } from './json';

/**
 * Reading new-api's billing endpoints (router/dashboard.go, controller/billing.go), which it
 * serves to the API key itself, OpenAI's old shape:
 * - `GET /v1/dashboard/billing/subscription` → `{"object":"billing_subscription",
 *   "hard_limit_usd": <the key's grant: remaining + used>, …}`, in the site's display unit
 *   (USD, CNY or tokens, as its operator set it, whatever the field's name says); a key without
 *   a quota limit shows 100000000;
 * - `GET /v1/dashboard/billing/usage` → `{"object":"list","total_usage": <used × 100>}`.
 * Both are the key's own figures while the operator leaves `DisplayTokenStatEnabled` on (the
 * default); off, they are the account's.
 */

/** The Get Balance output item (CONTRACT.md). `remaining` and `total` are null for an unlimited key: it has none. */
export interface Balance {
	remaining: number | null;
	used: number;
	total: number | null;
	unlimited: boolean;
}

/** What new-api writes into `hard_limit_usd` for a key without a limit, in every display unit. */
export const UNLIMITED_HARD_LIMIT = 100_000_000;

export type BillingEndpoint = 'subscription' | 'usage';

/** The field holding each endpoint's figure. */
export const FIGURE_FIELD: Record<BillingEndpoint, string> = { subscription: 'hard_limit_usd', usage: 'total_usage' };

/**
 * Why an answer holds no figure. Each reason has its own message (billing.ts), the key's and
 * the Base URL's in the credential test's words.
 */
export type BillingProblem =
	/** 401 without the words of a used-up key. */
	| 'keyRefused'
	/** 401 with a used-up key's words (new-api answers a used-up key like a wrong one: only its words tell). */
	| 'keyUsedUp'
	| 'noPermission'
	/** An HTML or text page: new-api's dashboard (a Base URL with a wrong path prefix) or another site. */
	| 'notThisApi'
	/** A JSON 404: a gateway that speaks the API but has no billing endpoints (the provider's document has none). */
	| 'noEndpoints'
	/** 200 with `{"error": {…}}`: new-api's own answer when it cannot read the key's quota. */
	| 'gatewayError'
	/** 200 JSON without the figure as a number. */
	| 'otherShape'
	/** Anything else (a 5xx or 429 after retries, another 4xx): told as any API error. */
	| 'failed';

export type BillingReading = { figure: number } | { problem: BillingProblem; message?: string };

/** A body that came as text but holds JSON (a proxy that drops the content type). */
function jsonOf(body: unknown): unknown {
	if (typeof body !== 'string' || !/^\s*[{[]/.test(body)) return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

/** Whether the body is a page rather than an API's answer: HTML, plain text, or nothing at all. */
const isPage = (body: unknown) => !isObject(body) && !Array.isArray(body);

/** One billing endpoint's answer: its figure, or why there is none. Never a guess. */
export function readBillingAnswer(endpoint: BillingEndpoint, response: Pick<ApiResponse, 'status' | 'body'>): BillingReading {
	const body = jsonOf(response.body);
	const { status } = response;
	// As the credential test tells them: a 401 by its words (new-api answers a used-up key with
	// 401 like a wrong one), any 403 as no permission.
	if (status === 401) return { problem: isQuotaUsedUp(parseErrorBody({ status, body })) ? 'keyUsedUp' : 'keyRefused' };
	if (status === 403) return { problem: 'noPermission' };
	if (status === 404) return { problem: isPage(body) ? 'notThisApi' : 'noEndpoints' };
	if (status < 200 || status >= 300) return { problem: 'failed' };
	if (isPage(body)) return { problem: 'notThisApi' };
	const json = body as Json;
	if (isObject(json.error)) return { problem: 'gatewayError', message: textOf(json.error.message) ?? undefined };
	const figure = json[FIGURE_FIELD[endpoint]];
	if (typeof figure !== 'number' || !Number.isFinite(figure)) return { problem: 'otherShape' };
	return { figure };
}

/** Binary floating point leaves crumbs (0.1 + 0.2): the gateway's figures have far fewer digits. */
const clean = (value: number) => Number(value.toPrecision(12));

/** The balance from the two figures: `hard_limit_usd` and `total_usage` (hundredths of the unit). */
export function balanceOf(hardLimit: number, totalUsage: number): Balance {
	const used = clean(totalUsage / 100);
	if (hardLimit === UNLIMITED_HARD_LIMIT) return { remaining: null, used, total: null, unlimited: true };
	const total = clean(hardLimit);
	return { remaining: clean(total - used), used, total, unlimited: false };
}
