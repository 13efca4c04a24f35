'use strict';
// The form front door (examples/form-to-video.json) as a browser uses it, through nginx
// (proxy_read_timeout 90 s) on a render of 150–200 s, against the documented API with storage
// off (the page shows the gateway's own video link): a visitor without the login gets 401 and
// no task; a too-long prompt gets a page that says so and no task; a prompt gets the waiting page,
// which polls (no request held) until the page with the video, whose link serves it byte-exact.
const crypto = require('crypto');
const { FormClient, linksIn } = require('../form-client');
const { bindCredentials, loadExample, publish, saveCredential, triggerPath } = require('../setup');
const { checkHeld } = require('../held');

const JOB_SECONDS = 160;
const EXAMPLE = 'form-to-video.json';
const LONGEST_REQUEST_MS = 10_000;

/** The example published with a Basic Auth login of its own: { path, auth }. */
async function setUpForm(rest, credential, baseUrl) {
	const auth = { user: 'video-maker', password: crypto.randomBytes(18).toString('hex') };
	const login = await saveCredential(rest, 'httpBasicAuth', 'Video form login (e2e)', auth);
	const wf = bindCredentials(loadExample(EXAMPLE), { yishangyunApi: credential, httpBasicAuth: login });
	const path = triggerPath(wf);
	await publish(rest, wf, async () => (await fetch(`${baseUrl}/form/${path}`)).status === 401);
	return { path, auth };
}

/** Without the login: the form and its submit are refused. */
async function withoutLogin(proxy, path, failures) {
	const stranger = new FormClient(proxy.url);
	const page = await stranger.open(path);
	const body = new FormData();
	body.append('field-0', 'a prompt from a stranger');
	const submit = await stranger.request('POST', `${proxy.url}/form/${path}`, { body });
	if (![401, 403].includes(page.status)) failures.push(`GET without the login: HTTP ${page.status}`);
	if (![401, 403].includes(submit.status)) failures.push(`POST without the login: HTTP ${submit.status}`);
	return `GET ${page.status}, POST ${submit.status}`;
}

/** A submission followed to the page the workflow shows: { submit, page, polls, endStatus, ms }. */
async function submitAndFollow(client, path, answers, failures) {
	const started = Date.now();
	const submit = await client.submit(path, answers);
	if (submit.status !== 200 || !submit.waitingUrl) {
		failures.push(`submit: HTTP ${submit.status} ${submit.text.slice(0, 200)} (no formWaitingUrl)`);
		return { submit, page: null };
	}
	const followed = await client.followToPage(submit.waitingUrl, { timeoutMs: (JOB_SECONDS + 300) * 1000 });
	if (followed.endStatus !== 'success') failures.push(`after the last page the execution is "${followed.endStatus}"`);
	return { submit, ...followed, ms: Date.now() - started };
}

module.exports = {
	name: 'form',
	versions: ['2', '1'],
	async run({ rest, proxy, simulator }) {
		const { sim, credential } = await simulator({ queueSeconds: 5, jobSeconds: JOB_SECONDS });
		const { path, auth } = await setUpForm(rest, credential, proxy.url);

		const refusals = [];
		const stranger = await withoutLogin(proxy, path, refusals);
		const tooLong = await submitAndFollow(new FormClient(proxy.url, { auth }), path, { Prompt: 'x'.repeat(1001) }, refusals);
		const refusalText = tooLong.page ? tooLong.page.text : '';
		if (tooLong.page && !/limit is 1000/.test(refusalText)) refusals.push(`the page for a too-long prompt does not say the limit: ${refusalText.slice(0, 300)}`);
		const submitsAfterRefusals = sim.submits().length;
		if (submitsAfterRefusals) refusals.push(`${submitsAfterRefusals} tasks were submitted for refused submissions`);

		const failures = [];
		const client = new FormClient(proxy.url, { auth });
		const prompt = 'A paper lantern drifting across a still lake at dusk, wide shot';
		const run = await submitAndFollow(client, path, { Prompt: prompt, Orientation: 'Portrait (9:16)' }, failures);
		let bytes = 0;
		let latency = NaN;
		const task = [...sim.tasks.values()][0];
		if (run.page) {
			const html = run.page.text;
			const link = linksIn(html).find((l) => !/n8n\.io/.test(l));
			if (!/<video/.test(html)) failures.push('the page shows no video player');
			if (!link) failures.push(`no link to the video on the page: ${html.slice(0, 400)}`);
			else {
				const res = await fetch(link);
				const body = Buffer.from(await res.arrayBuffer());
				bytes = body.length;
				const sha = crypto.createHash('sha256').update(body).digest('hex');
				if (!res.ok || !task || sha !== sim.videoSha256(task.id)) failures.push(`the page's link ${link} gave HTTP ${res.status}, ${body.length} bytes that are not the video`);
			}
			const pageAt = client.requests.find((r) => r.method === 'GET' && r.path.startsWith('/form-waiting/') && !r.path.endsWith('/n8n-execution-status'));
			latency = task && task.completedAt && pageAt ? (pageAt.at - task.completedAt) / 1000 : NaN;
		}
		const submits = sim.submits().length - submitsAfterRefusals;
		if (submits !== 1) failures.push(`${submits} submits reached the API for one submission`);
		if (task && task.size !== '720x1280') failures.push(`the task's size is ${task.size}, not the portrait 720x1280 the form asked for`);
		// The loop from its run data: no worker held in memory more than 65 s at a stretch.
		const executionId = run.submit.waitingUrl && (/\/form-waiting\/(\d+)/.exec(run.submit.waitingUrl) || [])[1];
		const held = executionId ? checkHeld(await rest.execution(executionId), failures) : 'no execution';
		if (!executionId) failures.push(`no execution id in the waiting URL ${run.submit.waitingUrl}`);
		const longest = client.longestRequestMs();
		if (longest > LONGEST_REQUEST_MS) failures.push(`a request of the browser took ${(longest / 1000).toFixed(1)} s: held while the video rendered`);
		return [
			{
				what: 'form: a visitor without the login gets 401, a too-long prompt gets a page that says so, and neither creates a task',
				details: `without login: ${stranger}; too long: "${(/<h1>([^<]*)<\/h1>/.exec(refusalText) || [])[1] || '?'}"; ${submitsAfterRefusals} submits`,
				failures: refusals,
			},
			{
				what: `form through nginx: the waiting page polls through a ${JOB_SECONDS} s render to the page with the video, byte-exact by its link`,
				details: `${run.polls || 0} status polls over ${((run.ms || 0) / 1000).toFixed(0)} s, longest request ${(longest / 1000).toFixed(2)} s; page ${Number.isNaN(latency) ? '?' : latency.toFixed(1)} s after the render ended; ${bytes} bytes sha256-checked; ${submits} submit; ${held}`,
				failures,
			},
		];
	},
};
