'use strict';
/*
 * What the UI test runs against: the API simulator, a real n8n 2.41.1 (scripts/e2e/install-n8n.js,
 * cached) with the packed package installed the way a user does, a credential pointing at the
 * simulator, the test's workflow, an owner account, and Debian's headless Chromium driven by
 * playwright-core, logged in. Everything started is registered in `cleanups` (run in reverse).
 */
const fs = require('fs');
const { chromium } = require('playwright-core');
const { credentialFor } = require('../../scripts/e2e/credential');
const { ensureN8n } = require('../../scripts/e2e/install-n8n');
const n8n = require('../../scripts/e2e/n8n');
const { OWNER, Rest } = require('../../scripts/e2e/rest');
const { startServer, stopServer } = require('../../scripts/e2e/server');
const { CREDENTIAL } = require('./workflow');

const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialling Google on a closed network. */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
	'--hide-scrollbars',
	'--force-device-scale-factor=1',
];

/**
 * @param {{ tarball: string, workflow: object, viewport: {width: number, height: number},
 *   simulatorOptions?: object, cleanups: Array<() => unknown>, step: (name: string, fn: () => any) => Promise<any> }} spec
 */
async function startStack({ tarball, workflow, viewport, simulatorOptions = {}, cleanups, step }) {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
	const install = await step('n8n 2.x (cached install)', () => ensureN8n('2'));

	const sim = await step('simulator', () => require('../../simulator').startSimulator(simulatorOptions));
	cleanups.push(() => sim.close());

	const uf = n8n.createUserFolder(install, { prefix: 'n8n-ui-' });
	cleanups.push(() => n8n.removeUserFolder(uf));

	await step('user folder: package, credential, workflow', async () => {
		await n8n.installPackage(uf, tarball);
		await n8n.importCredentials(uf, [credentialFor(sim, CREDENTIAL)]);
		await n8n.importWorkflow(uf, workflow);
	});

	const server = await step('n8n start', async () => {
		const started = await startServer(uf);
		cleanups.push(() => stopServer(started));
		const problems = started.proc.lines.filter((l) => /Failed to load package|Skipping package/.test(l));
		if (problems.length) throw new Error(`n8n did not load the package:\n${problems.join('\n')}`);
		return started;
	});
	const base = server.url;

	await step('owner setup', () => new Rest(base, install).signIn());

	const { page } = await step('chromium + login', async () => {
		// playwright-core gives the browser a fresh, empty user data dir of its own. On Ctrl-C the
		// run's own handler (processes.stopOnSignals) closes it with everything else: playwright's
		// would exit before n8n is stopped.
		const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
		cleanups.push(() => browser.close());
		const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
		// The browser's own login: a session n8n ties to no browser id, so the editor's pages may use it.
		const r = await context.request.post(`${base}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
		if (!r.ok()) throw new Error(`POST /rest/login: HTTP ${r.status()} ${await r.text()}`);
		return { page: await context.newPage() };
	});
	return { base, sim, page, uf };
}

module.exports = { startStack };
