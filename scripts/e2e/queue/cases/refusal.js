'use strict';
// n8n's database store refuses a video over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (1 MiB in the
// cases): the item fails at once with what a user needs, and the file was downloaded only once.
const { batchEndpoint } = require('../batch');
const { videoDownloads } = require('../checks');

const VIDEO_BYTES = 3 * 1024 * 1024;

module.exports = async function refusal(ctx) {
	// Continue on fail: the failed item is the answer, so the caller sees what a user would.
	const { sim, call } = await batchEndpoint(ctx, 'queue-refusal', { jobSeconds: 1, videoBytes: VIDEO_BYTES }, { continueOnFail: true });
	const res = await call('over the store cap', 1);

	const failures = [];
	const item = Array.isArray(res.body) ? res.body[0] : null;
	if (res.status !== 200 || !item) failures.push(`HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
	const taskId = item && item.task_id;
	const task = taskId && sim.tasks.get(taskId);
	const error = (item && item.error) || '';
	if (item && item.binary_id) failures.push(`a video was stored: ${item.binary_id}`);
	if (!task) failures.push(`the failed item carries no known task id (${taskId})`);
	const expected = {
		"the store's reason": /exceeds the max size limit/,
		'the task id': taskId,
		'the video URL': /\/files\/[^"\s]+\.mp4/,
		'raising N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE': /N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE/,
		'turning Download Video off and passing video_url on': /Download Video[\s\S]*video_url|video_url[\s\S]*Download Video/,
	};
	for (const [what, pattern] of Object.entries(expected)) {
		const found = pattern instanceof RegExp ? pattern.test(error) : Boolean(pattern) && error.includes(pattern);
		if (!found) failures.push(`the error lacks ${what}`);
	}
	const downloads = taskId ? videoDownloads(sim, taskId).length : 0;
	if (downloads !== 1) failures.push(`the video was downloaded ${downloads} times`);
	if (sim.submits().length !== 1) failures.push(`${sim.submits().length} submits`);
	ctx.figures.refusalDownloads = downloads;
	return [
		{
			what: 'a video over the store cap fails the item with the reason, task id, URL and ways out; one download',
			details: `${(VIDEO_BYTES / 1048576).toFixed(0)} MiB video, cap ${ctx.capMiB} MiB; ${downloads} download${downloads === 1 ? '' : 's'}; answered in ${(res.ms / 1000).toFixed(1)} s; error: ${error}`,
			failures,
		},
	];
};
