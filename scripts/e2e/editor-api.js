#!/usr/bin/env node
'use strict';
/*
 * The credential dialog's Test button and the Model dropdown, in real n8n (`npm run test:editor-api`).
 *
 *   node scripts/e2e/editor-api.js [--n8n 2,1] [--no-build]
 *
 * For each n8n version: pack and install the package like a user, import nine credentials, start
 * n8n on a free 127.0.0.1 port, set up the owner, log in, then call what the editor calls:
 * POST /rest/credentials/test and POST /rest/dynamic-node-parameters/options (getModels).
 * Three simulators stand for the kinds of gateway: one lists its models (with a video model
 * only the gateway marks, and a chat model), one has no GET /v1/models at all, and one answers
 * as new-api does (the provider's real gateway: 400 task_not_exist, a used-up key's 401, its
 * dashboard page outside /v1).
 * n8n 2.x and 1.x reach the credential test's verdict differently (2.x throws on the statuses the
 * test lists, 1.x reads every answer's body), so both run. Exit code 0 only when every check
 * passed; n8n, the simulators and the temp folders are removed whatever happens.
 */
const fs = require('fs');

const { ensureN8n } = require('./install-n8n');
const n8n = require('./n8n');
const { buildAndPack } = require('./pack');
const processes = require('./processes');
const { Rest } = require('./rest');
const { startServer, stopServer } = require('./server');
const { startSimulator } = require('../../simulator');

const DOCUMENTED = ['sora-2', 'sora-2-hd', 'sora-2-pro', 'veo3', 'veo3-pro', 'veo3.1', 'veo3.1-pro'];
const KEY_REFUSED = /^The API key was refused \(401\)/;
const KEY_USED_UP = /^The API key's quota is used up \(401\)/;
const NOT_THIS_API = /^Nothing at this Base URL answers like the Yishangyun API/;
/** new-api's keys are 48 characters after `sk-`; its quota message shows three of each end. */
const USED_UP_KEY = `sk-${'u'.repeat(48)}`;

const log = (msg) => process.stderr.write(`[editor-api] ${msg}\n`);
/** The temp folders of the run (the pack, the n8n user folder): removed on Ctrl-C too. */
const tempDirs = new Set();
const removeDir = (dir) => {
	fs.rmSync(dir, { recursive: true, force: true });
	tempDirs.delete(dir);
};

function parseArgs(argv) {
	const opts = { versions: ['2', '1'], build: true };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--n8n') opts.versions = String(argv[++i] ?? '').split(',').filter(Boolean);
		else if (argv[i] === '--no-build') opts.build = false;
		else throw new Error(`Unknown argument ${argv[i]}`);
	}
	return opts;
}

async function checkVersion(flavour, tarball) {
	const failures = [];
	const check = (label, ok, got) => {
		log(`${ok ? 'PASS' : 'FAIL'}  ${label}${ok ? '' : `: got ${JSON.stringify(got)}`}`);
		if (!ok) failures.push(label);
	};
	const install = await ensureN8n(flavour);
	const listing = await startSimulator({
		models: ['gpt-4o-mini', ...DOCUMENTED, { id: 'kling-v2', supported_endpoint_types: ['openai-video'] }],
	});
	const bare = await startSimulator({ modelsEndpoint: false });
	const newapi = await startSimulator({ dialect: 'newapi' });
	newapi.configure({ apiKeys: [newapi.apiKey, USED_UP_KEY], exhaustedKeys: [USED_UP_KEY] });
	const uf = n8n.createUserFolder(install, { prefix: 'n8n-editor-api-' });
	tempDirs.add(uf.dir);
	let server;
	try {
		const credentials = {
			listingGood: { apiKey: listing.apiKey, baseUrl: `${listing.url}/v1` },
			bareGood: { apiKey: bare.apiKey, baseUrl: bare.url },
			listingWrongKey: { apiKey: 'sk-wrong', baseUrl: listing.url },
			bareWrongKey: { apiKey: 'sk-wrong', baseUrl: bare.url },
			nothingThere: { apiKey: listing.apiKey, baseUrl: `http://127.0.0.1:${await n8n.freePort()}` },
			newapiGood: { apiKey: newapi.apiKey, baseUrl: newapi.url },
			newapiWrongKey: { apiKey: 'sk-wrong', baseUrl: newapi.url },
			newapiUsedUp: { apiKey: USED_UP_KEY, baseUrl: newapi.url },
			newapiDashboard: { apiKey: newapi.apiKey, baseUrl: `${newapi.url}/console` },
		};
		const idOf = (name) => `cred${name.toLowerCase().padEnd(10, '0').slice(0, 10)}`;
		await n8n.installPackage(uf, tarball);
		await n8n.importCredentials(
			uf,
			Object.entries(credentials).map(([name, data]) => ({ id: idOf(name), name, type: n8n.CREDENTIAL_TYPE, data })),
		);
		server = await startServer(uf);
		const rest = new Rest(server.url, install);
		await rest.signIn();
		const v = `[n8n ${install.version}]`;

		const test = (name) => rest.post('/rest/credentials/test', { credentials: { id: idOf(name), name, type: n8n.CREDENTIAL_TYPE, data: credentials[name] } });
		for (const name of ['listingGood', 'bareGood']) {
			const result = await test(name);
			check(`${v} credential test passes: ${name}`, result?.status === 'OK', result);
		}
		for (const name of ['listingWrongKey', 'bareWrongKey']) {
			const result = await test(name);
			check(`${v} credential test tells a wrong key: ${name}`, result?.status === 'Error' && KEY_REFUSED.test(result.message), result);
		}
		const nothing = await test('nothingThere');
		check(`${v} credential test tells no answer at the Base URL`, nothing?.status === 'Error' && !KEY_REFUSED.test(nothing.message), nothing);
		const newapiVerdicts = [
			['newapiGood', 'passes on new-api\'s 400 task_not_exist', (result) => result?.status === 'OK'],
			['newapiWrongKey', 'tells a wrong key (401 无效的令牌)', (result) => result?.status === 'Error' && KEY_REFUSED.test(result.message)],
			['newapiUsedUp', 'tells a used-up key (401 该令牌额度已用尽) from a wrong one', (result) => result?.status === 'Error' && KEY_USED_UP.test(result.message)],
			['newapiDashboard', 'tells a wrong path prefix (the dashboard page)', (result) => result?.status === 'Error' && NOT_THIS_API.test(result.message)],
		];
		for (const [name, label, ok] of newapiVerdicts) {
			const result = await test(name);
			check(`${v} new-api: credential test ${label}`, ok(result), result);
		}
		// (n8n 2.x asks twice when the key is refused.)
		const probes = [...listing.requests, ...bare.requests].map((request) => `${request.method} ${request.path} ${request.status}`);
		check(`${v} the test reads a documented endpoint, never the model list`, probes.length >= 4 && probes.every((probe) => /^GET \/v1\/videos\/task_n8n_credential_test (404|401)$/.test(probe)), probes);

		const models = (name) =>
			rest.post('/rest/dynamic-node-parameters/options', {
				nodeTypeAndVersion: { name: n8n.NODE_TYPE, version: 1 },
				path: 'model',
				methodName: 'getModels',
				currentNodeParameters: { operation: 'submitAndWait', model: 'sora-2' },
				credentials: { [n8n.CREDENTIAL_TYPE]: { id: idOf(name), name } },
			}).then((options) => options.map((option) => option.value));
		const listed = await models('listingGood');
		check(`${v} Model list from the gateway, video models first`, JSON.stringify(listed) === JSON.stringify(['kling-v2', ...DOCUMENTED, 'gpt-4o-mini']), listed);
		const fallback = await models('bareGood');
		check(`${v} Model list without /v1/models: the document's seven`, JSON.stringify(fallback) === JSON.stringify(DOCUMENTED), fallback);
	} finally {
		if (server) await stopServer(server);
		await listing.close();
		await bare.close();
		await newapi.close();
		removeDir(uf.dir);
	}
	return failures;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	processes.stopOnSignals(() => [...tempDirs].forEach(removeDir));
	const packed = buildAndPack({ build: opts.build, prefix: 'editor-api-pack-' });
	tempDirs.add(packed.dir);
	const failures = [];
	try {
		for (const flavour of opts.versions) failures.push(...(await checkVersion(flavour, packed.tarball)));
	} finally {
		removeDir(packed.dir);
	}
	console.log(failures.length ? `FAILED: ${failures.length} editor API check(s)` : 'PASSED: editor API checks (credential test, Model list)');
	return failures.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`[editor-api] ${error.stack || error.message}`);
		process.exit(2);
	},
);
