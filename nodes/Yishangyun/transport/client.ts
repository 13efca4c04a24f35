import type { IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { RequestBudget } from './budget';
import { CancelledError, realClock } from './clock';
import { decideRetry, isRefusal, isUnsentCode, type Outcome } from './retry';

export const CREDENTIAL_TYPE = 'yishangyunApi';

export interface ApiResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

/** A request that got no HTTP answer. `requestSent` false means no server saw it. */
export class NetworkError extends Error {
	constructor(
		readonly code: string,
		readonly requestSent: boolean,
		message: string,
	) {
		super(message);
		this.name = 'NetworkError';
	}
}

/** n8n wraps transport errors (NodeApiError around an AxiosError): find the socket's own code. */
export function networkErrorOf(error: unknown): NetworkError {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^(E[A-Z]+|ERR_[A-Z_]+)$/.test(code)) {
			return new NetworkError(code, !isUnsentCode(code), (current as Error).message ?? code);
		}
		current = (current as { cause?: unknown }).cause;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NetworkError('UNKNOWN', true, message);
}

function flatHeaders(headers: unknown): Record<string, string> {
	const flat: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
			if (value !== undefined && value !== null) flat[name.toLowerCase()] = String(value);
		}
	}
	return flat;
}

export function apiRoot(baseUrl: unknown): string {
	// Users paste the root with or without a trailing slash, and often with the `/v1` suffix.
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/v1$/i, '');
}

export interface RequestSpec {
	method: IHttpRequestMethods;
	path: string;
	body?: IHttpRequestOptions['body'];
	qs?: IHttpRequestOptions['qs'];
	timeoutMs?: number;
	encoding?: IHttpRequestOptions['encoding'];
}

export interface RequestControl {
	/** false: one attempt, the caller decides what a failure means (the waiter reschedules reads). */
	retry?: boolean;
	onRetry?: RetryListener;
}

/**
 * The only code that talks HTTP to the API. Authentication goes through n8n's credential
 * machinery, and only to the API's own origin: files elsewhere (signed CDN links) are fetched
 * without the key. One client serves one node run, so its budgets are the batch's.
 */
export class YishangyunClient {
	/** Submits and status reads each keep one pace for the whole run (budget.ts). */
	readonly budgets: Record<'submit' | 'status', RequestBudget> = { submit: new RequestBudget(), status: new RequestBudget() };

	private constructor(
		private readonly ctx: IExecuteFunctions,
		readonly baseUrl: string,
	) {}

	static async create(ctx: IExecuteFunctions): Promise<YishangyunClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		return new YishangyunClient(ctx, apiRoot(credentials.baseUrl));
	}

	get signal(): AbortSignal | undefined {
		return this.ctx.getExecutionCancelSignal?.();
	}

	isApiOrigin(url: string): boolean {
		try {
			return new URL(url).origin === new URL(this.baseUrl).origin;
		} catch {
			return false;
		}
	}

	contentUrl = (taskId: string, variant?: 'thumbnail'): string =>
		`${this.baseUrl}/v1/videos/${encodeURIComponent(taskId)}/content${variant ? `?variant=${variant}` : ''}`;

	/**
	 * One HTTP exchange: any status comes back as a response, no answer at all as a NetworkError
	 * (returned, not thrown, so callers decide between retrying and reporting).
	 */
	async send(spec: RequestSpec & { url?: string }): Promise<ApiResponse | NetworkError> {
		const url = spec.url ?? `${this.baseUrl}${spec.path}`;
		const options: IHttpRequestOptions = {
			method: spec.method,
			url,
			body: spec.body,
			qs: spec.qs,
			json: spec.encoding === undefined,
			encoding: spec.encoding,
			timeout: spec.timeoutMs ?? 60_000,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect to another host must not carry the key with it.
			sendCredentialsOnCrossOriginRedirect: false,
			abortSignal: this.signal,
		};
		if (this.signal?.aborted) throw new CancelledError();
		let result: ApiResponse | NetworkError;
		try {
			const response = (this.isApiOrigin(url)
				? await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options)
				: await this.ctx.helpers.httpRequest(options)) as { statusCode: number; headers: unknown; body: unknown };
			result = { status: response.statusCode, headers: flatHeaders(response.headers), body: response.body };
		} catch (error) {
			result = networkErrorOf(error);
		}
		if (this.signal?.aborted) throw new CancelledError();
		return result;
	}

	/**
	 * `send` within the run's budget for its kind, with the retry policy applied. What is not
	 * retried (or no longer) comes back as is: a non-2xx response for the caller to turn into an
	 * error, or the last NetworkError.
	 */
	async request(kind: 'submit' | 'status', spec: RequestSpec & { url?: string }, control: RequestControl = {}): Promise<ApiResponse | NetworkError> {
		const budget = this.budgets[kind];
		const tries = { refusals: 0, faults: 0 };
		for (;;) {
			await budget.take(this.signal);
			const sentAt = realClock.now();
			const result = await this.send(spec);
			if (!(result instanceof NetworkError)) budget.answered(sentAt, result.status, result.headers['retry-after']);
			if (!(result instanceof NetworkError) && result.status < 400) return result;
			if (control.retry === false) return result;
			const outcome: Outcome =
				result instanceof NetworkError
					? { kind: 'network', code: result.code, requestSent: result.requestSent }
					: { kind: 'http', status: result.status, retryAfter: result.headers['retry-after'] };
			const refused = isRefusal(outcome);
			const decision = decideRetry(kind, outcome, refused ? ++tries.refusals : ++tries.faults);
			if (!decision.retry) return result;
			control.onRetry?.(outcome, tries.refusals + tries.faults, decision.delayMs);
			// A refusal has already paused the whole budget for its Retry-After: the next take waits it out.
			if (!refused) await realClock.sleep(decision.delayMs, this.signal);
		}
	}
}

export type RetryListener = (outcome: Outcome, attempt: number, delayMs: number) => void;
