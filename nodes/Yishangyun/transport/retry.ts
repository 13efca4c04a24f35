/**
 * The one retry policy. Billing decides it: a submit is re-sent only when the API certainly did
 * not accept it; reads (status, downloads) are free and are retried through passing faults.
 */
export type RequestKind = 'submit' | 'status' | 'download';

export type Outcome =
	| { kind: 'http'; status: number; retryAfter?: string }
	| { kind: 'network'; code: string; requestSent: boolean };

export interface RetryDecision {
	retry: boolean;
	delayMs: number;
}

export const MAX_ATTEMPTS: Record<RequestKind, number> = { submit: 6, status: 6, download: 4 };
/**
 * 429s are counted apart: they cost nothing, the batch's budget (budget.ts) waits them out for
 * everyone, and under a per-minute limit a request may meet a few before its turn comes.
 */
export const MAX_REFUSALS = 10;

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

// Errors that mean no byte of the request reached a server: safe to re-send even a paid submit.
const NOT_CONNECTED_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

/** Whether a socket error code means the request never reached a server. */
export function isUnsentCode(code: string): boolean {
	return NOT_CONNECTED_CODES.includes(code);
}

export function isTransientStatus(status: number): boolean {
	return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelay(attempt: number): number {
	return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
}

/**
 * Whether the API certainly did not take a submit: a refusal (429), any other answer of the
 * client-error kind (a 4xx but 408 and 425, which a proxy may give for a request it passed on),
 * or a request that never reached a server. A 5xx or a broken connection may have been accepted.
 */
export function wasCertainlyNotAccepted(outcome: Outcome): boolean {
	if (outcome.kind === 'http') return isRefusal(outcome) || (outcome.status >= 400 && outcome.status < 500 && !isTransientStatus(outcome.status));
	return !outcome.requestSent || isUnsentCode(outcome.code);
}

export function isRefusal(outcome: Outcome): boolean {
	return outcome.kind === 'http' && outcome.status === 429;
}

/** `attempt` counts the attempts that ended like `outcome` so far (refusals apart), starting at 1. */
export function decideRetry(kind: RequestKind, outcome: Outcome, attempt: number): RetryDecision {
	const stop = { retry: false, delayMs: 0 };
	if (attempt >= (isRefusal(outcome) ? MAX_REFUSALS : MAX_ATTEMPTS[kind])) return stop;
	if (kind === 'submit' && !wasCertainlyNotAccepted(outcome)) return stop;
	if (outcome.kind === 'http' && !isTransientStatus(outcome.status)) return stop;
	const hinted = outcome.kind === 'http' ? parseRetryAfter(outcome.retryAfter) : undefined;
	return { retry: true, delayMs: Math.min(MAX_DELAY_MS, hinted ?? backoffDelay(attempt)) };
}
