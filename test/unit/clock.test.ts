/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import { getEventListeners } from 'node:events';

import { CancelledError, sleep } from '../../nodes/Yishangyun/transport/clock';

test('a sleep ends after its time and leaves no listener behind', async () => {
	const controller = new AbortController();
	await sleep(20, controller.signal);
	expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
	await sleep(20, controller.signal);
	expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
});

// A batch sleeps once per task on the same signal; more than ten listeners would print Node's
// MaxListenersExceededWarning into n8n's log.
test('twenty sleeps on one signal share one listener, and an abort ends them all at once', async () => {
	const controller = new AbortController();
	const started = Date.now();
	const sleeps = Array.from({ length: 20 }, () => sleep(1_000, controller.signal));
	expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
	controller.abort();
	const outcomes = await Promise.allSettled(sleeps);
	expect(Date.now() - started).toBeLessThan(500);
	for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(CancelledError) });
});

test('an already stopped execution does not sleep at all', async () => {
	const controller = new AbortController();
	controller.abort();
	await expect(sleep(1_000, controller.signal)).rejects.toBeInstanceOf(CancelledError);
});
