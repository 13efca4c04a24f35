import { decideRetry, parseRetryAfter, wasCertainlyNotAccepted } from '../../nodes/Yishangyun/transport/retry';

test('a submit is re-sent only when the API certainly did not take it', () => {
	expect(decideRetry('submit', { kind: 'http', status: 429, retryAfter: '2' }, 1)).toEqual({ retry: true, delayMs: 2000 });
	expect(decideRetry('submit', { kind: 'network', code: 'ECONNREFUSED', requestSent: false }, 1).retry).toBe(true);
	for (const status of [500, 502, 503, 504, 408]) expect(decideRetry('submit', { kind: 'http', status }, 1).retry).toBe(false);
	expect(decideRetry('submit', { kind: 'network', code: 'ECONNRESET', requestSent: true }, 1).retry).toBe(false);
	expect(decideRetry('submit', { kind: 'network', code: 'ETIMEDOUT', requestSent: true }, 1).retry).toBe(false);
});

test('reads are retried through passing faults, with backoff, a bounded number of times', () => {
	expect(decideRetry('status', { kind: 'http', status: 502 }, 1)).toEqual({ retry: true, delayMs: 1000 });
	expect(decideRetry('status', { kind: 'http', status: 503 }, 3)).toEqual({ retry: true, delayMs: 4000 });
	expect(decideRetry('status', { kind: 'network', code: 'ECONNRESET', requestSent: true }, 2)).toEqual({ retry: true, delayMs: 2000 });
	expect(decideRetry('status', { kind: 'http', status: 502 }, 6).retry).toBe(false);
	expect(decideRetry('status', { kind: 'http', status: 404 }, 1).retry).toBe(false);
	expect(decideRetry('download', { kind: 'network', code: 'ETRUNCATED', requestSent: true }, 1).retry).toBe(true);
});

test('Retry-After in seconds or as a date; absurd waits are capped', () => {
	expect(parseRetryAfter('3')).toBe(3000);
	expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
	expect(parseRetryAfter('soon')).toBeUndefined();
	expect(decideRetry('status', { kind: 'http', status: 429, retryAfter: '3600' }, 1).delayMs).toBe(30_000);
});

test('what counts as certainly not accepted', () => {
	expect(wasCertainlyNotAccepted({ kind: 'http', status: 429 })).toBe(true);
	expect(wasCertainlyNotAccepted({ kind: 'http', status: 500 })).toBe(false);
	// A 4xx is the API's refusal; a proxy's 408 or 425 may stand for a request it passed on.
	expect(wasCertainlyNotAccepted({ kind: 'http', status: 400 })).toBe(true);
	expect(wasCertainlyNotAccepted({ kind: 'http', status: 408 })).toBe(false);
	// A refused submit is still not retried: only a 429 is worth sending again.
	expect(decideRetry('submit', { kind: 'http', status: 400 }, 1).retry).toBe(false);
	expect(wasCertainlyNotAccepted({ kind: 'network', code: 'ENOTFOUND', requestSent: true })).toBe(true);
});
