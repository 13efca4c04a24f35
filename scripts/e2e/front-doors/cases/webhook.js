'use strict';
// The webhook front door (examples/webhook-to-video.json) as a system calls it, through nginx
// (proxy_read_timeout 90 s) on a render of 150–200 s, against new-api (the gateway the provider
// runs) with storage on: n8n's S3 node uploads the video to a real S3-compatible server (s3rver)
// and the callback's video_url is the object's link. A caller without the key, a too-long prompt
// and a list of prompts are refused before any task exists; the accepted call is answered 202
// within seconds and its callback endpoint gets the video's link after the render, byte-exact; a
// task the gateway fails is called back with its reason.
const { startS3 } = require('../s3');
const { startCallbackReceiver } = require('../callback-receiver');
const { setUpWebhookDoor, refusedCalls, acceptedCall, checkCallback } = require('../webhook-door');
const { checkHeld, loopExecutions } = require('../held');

const JOB_SECONDS = 170;

module.exports = {
	name: 'webhook',
	versions: ['2', '1'],
	async run({ rest, proxy, runDir, simulator }) {
		const { sim, credential } = await simulator({ dialect: 'newapi', queueSeconds: 5, jobSeconds: JOB_SECONDS });
		const s3 = await startS3({ runDir });
		const receiver = await startCallbackReceiver();
		try {
			const door = await setUpWebhookDoor(rest, { credential, s3, baseUrl: proxy.url });

			const refusals = [];
			const refused = await refusedCalls(door, receiver.url('/refused'), refusals);
			const submitsAfterRefusals = sim.submits().length;
			if (submitsAfterRefusals !== 0) refusals.push(`${submitsAfterRefusals} tasks were submitted for refused calls`);

			const failures = [];
			const prompt = 'A lighthouse beam sweeping through fog at night, slow dolly';
			const { res, taskId } = await acceptedCall(door, { prompt, model: 'sora-2', callback_url: receiver.url('/video-done') }, failures);
			// Beside it, a task the gateway fails halfway (content policy): its caller hears why.
			const failing = await acceptedCall(door, { prompt: 'A crowded stadium at night [fail]', callback_url: receiver.url('/video-failed') }, failures);
			let delivered = { bytes: 0, latencySeconds: NaN };
			let call = null;
			if (taskId) {
				call = await receiver.waitFor('/video-done', (JOB_SECONDS + 300) * 1000);
				delivered = await checkCallback({ call, taskId, sim, s3 }, failures);
			}
			const failed = failing.taskId ? (await receiver.waitFor('/video-failed', 60_000)).json || {} : {};
			if (failed.task_id !== failing.taskId || failed.status !== 'failed' || typeof failed.error !== 'string' || !failed.error) {
				failures.push(`the failed task's callback: ${JSON.stringify(failed).slice(0, 300)}`);
			}
			// Both loops (the video and the failed task) from their run data: no worker held > 65 s at a stretch.
			const loops = await loopExecutions(rest, door.workflowId, 2).catch((e) => (failures.push(e.message), []));
			const held = loops.map((e) => checkHeld(e, failures));
			for (const p of ['/video-done', '/video-failed']) if (receiver.callsTo(p).length > 1) failures.push(`${receiver.callsTo(p).length} callbacks to ${p} for one call`);
			if (receiver.callsTo('/refused').length) failures.push('a refused call was called back');
			const submits = sim.submits().length;
			if (submits !== 2) failures.push(`${submits} submits reached the API for two accepted calls`);
			const renderSeconds = call ? (call.at - res.at) / 1000 : NaN;
			return [
				{
					what: 'webhook: a call without the key, a too-long prompt or a list of prompts is refused and creates no task',
					details: `${refused.join(', ')}; ${submitsAfterRefusals} submits`,
					failures: refusals,
				},
				{
					what: `webhook through nginx: 202 at once, the callback brings a link to the video stored in S3 after a ${JOB_SECONDS} s render, or the reason it failed (new-api)`,
					details: `202 with ${taskId} in ${(res.ms / 1000).toFixed(2)} s; callback ${renderSeconds.toFixed(0)} s later, ${delivered.latencySeconds.toFixed(1)} s after the render ended; ${delivered.bytes} bytes by its video_url and in the bucket, sha256-checked; a failing task's callback: "${failed.error || '?'}"; ${submits} submits for 2 calls; ${held.join('; ') || 'no loop data'}`,
					failures,
				},
			];
		} finally {
			await receiver.close();
			await s3.stop();
		}
	},
};
