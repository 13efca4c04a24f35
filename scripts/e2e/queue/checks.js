'use strict';
// What the cases check, on what the outside world saw: the simulator's request log (what was
// paid for, what was downloaded) and the bytes n8n stored (read back through main's REST API).
const crypto = require('crypto');

/** POSTs JSON to a webhook (`headers` added); resolves to { status, body, ms } whatever the status. */
async function post(url, body, timeoutMs = 300_000, headers = {}) {
	const started = Date.now();
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let parsed = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		/* not JSON: keep the text */
	}
	return { status: res.status, body: parsed, ms: Date.now() - started, at: Date.now() };
}

const prompts = (label, n) => Array.from({ length: n }, (_, i) => `${label} #${i + 1}: a paper boat on a rainy street`);

/** Paid submits per prompt, from the simulator's log. */
function submitsPerPrompt(sim) {
	const counts = new Map();
	for (const r of sim.submits()) {
		const prompt = r.body && (r.body.prompt ?? (r.body.fields && r.body.fields.prompt));
		counts.set(prompt, (counts.get(prompt) || 0) + 1);
	}
	return counts;
}

/** Every prompt submitted exactly once: returns problems (empty when so). */
function onePaidSubmitEach(sim, expected) {
	const counts = submitsPerPrompt(sim);
	const problems = [];
	for (const p of expected) if (counts.get(p) !== 1) problems.push(`"${p}" submitted ${counts.get(p) || 0} times`);
	const extra = [...counts.keys()].filter((p) => !expected.includes(p));
	if (extra.length) problems.push(`unexpected submits: ${extra.join(', ')}`);
	return problems;
}

/** Requests for a task's video file (the signed file link or the API's content endpoint). */
function videoDownloads(sim, taskId) {
	return sim.requests.filter(
		(r) => r.method === 'GET' && (r.path.startsWith(`/files/${encodeURIComponent(taskId)}.mp4`) || r.path.startsWith(`/v1/videos/${taskId}/content`)),
	);
}

/**
 * The summary items of one webhook answer: `count` completed videos whose stored bytes (fetched
 * from main) hash to what the simulator served for that task. Returns { problems, bytes,
 * delivered } (the task ids whose video came back byte for byte).
 */
async function verifyVideos(rest, sim, items, count) {
	const problems = [];
	const delivered = [];
	let bytes = 0;
	if (!Array.isArray(items)) return { problems: [`answer is not a list of items: ${JSON.stringify(items).slice(0, 300)}`], bytes, delivered };
	if (items.length !== count) problems.push(`${items.length} items, expected ${count}`);
	for (const item of items) {
		if (item.status !== 'completed') {
			problems.push(`${item.task_id}: status ${item.status} ${item.error || ''}`.trim());
			continue;
		}
		if (!item.binary_id) {
			problems.push(`${item.task_id}: no stored video`);
			continue;
		}
		const stored = await rest.binary(item.binary_id);
		bytes += stored.length;
		const sha = crypto.createHash('sha256').update(stored).digest('hex');
		if (sha !== sim.videoSha256(item.task_id)) problems.push(`${item.task_id}: stored ${stored.length} bytes differ from the served video`);
		else delivered.push(item.task_id);
	}
	return { problems, bytes, delivered };
}

/** A node's output items in a saved execution, shaped like the batch workflow's summary items. */
function outputOf(execution, nodeName) {
	const run = ((execution.data.resultData.runData || {})[nodeName] || [])[0];
	const items = (run && run.data && run.data.main && run.data.main[0]) || [];
	return items.map((i) => ({
		task_id: i.json.task_id,
		status: i.json.status,
		binary_id: i.binary && i.binary.data ? i.binary.data.id : '',
		error: i.json.error ? JSON.stringify(i.json.error) : '',
	}));
}

module.exports = { outputOf, post, prompts, onePaidSubmitEach, videoDownloads, verifyVideos };
