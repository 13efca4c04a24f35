'use strict';
// What every front-door case runs on: one real `n8n start` with the package installed the way a
// user installs it, Debian's nginx in front of it (proxy_read_timeout 90 s), an owner session on
// n8n, and simulators made to order (each case picks its dialect and job length).
const fs = require('fs');
const path = require('path');
const { ensureN8n } = require('../install-n8n');
const n8n = require('../n8n');
const { buildAndPack } = require('../pack');
const processes = require('../processes');
const { Rest } = require('../rest');
const { startServer, stopServer } = require('../server');
const { startSimulator } = require('../../../simulator');
const { startNginx } = require('./nginx');

/**
 * The cases run side by side on one n8n, and n8n 1.x on SQLite now and then refuses two writes at
 * once ("SQLITE_ERROR: no such savepoint" while four credentials were being saved): their REST
 * writes (credentials, workflows, activations) go one after another; reads stay concurrent.
 */
function oneWriteAtATime(rest) {
	const call = rest.call.bind(rest);
	let writes = Promise.resolve();
	rest.call = (method, ...args) => {
		if (method === 'GET') return call(method, ...args);
		const turn = writes.then(() => call(method, ...args));
		writes = turn.catch(() => {});
		return turn;
	};
	return rest;
}

/**
 * Starts n8n `flavour` ("2" or "1") behind nginx under `runDir`; the package comes from `tarball`.
 * `env` is added to n8n's (e.g. a files folder). Returns the context each case gets:
 *   { version, uf, server, rest, proxy, runDir, log, simulator(options), close() }
 * `simulator(options)` starts a simulator (127.0.0.1) and saves a Yishangyun credential for it in
 * n8n: { sim, credential: { id, name } }. close() stops nginx, n8n and the simulators.
 */
async function startFrontDoorStack({ flavour, tarball, runDir, env = {}, log = () => {} }) {
	const install = await ensureN8n(flavour);
	const uf = n8n.createUserFolder(install, { prefix: 'front-doors-' });
	await n8n.installPackage(uf, tarball);
	const server = await startServer(uf, { env, name: `n8n ${install.version}`, logFile: path.join(runDir, `n8n-${install.version}.log`) });
	const sims = [];
	let proxy = null;
	const close = async () => {
		if (proxy) await proxy.stop();
		await stopServer(server);
		await Promise.all(sims.map((s) => s.close().catch(() => {})));
	};
	try {
		const rest = oneWriteAtATime(new Rest(server.url, install));
		await rest.signIn();
		proxy = await startNginx({ upstreamUrl: server.url, runDir });
		log(`n8n ${install.version} on ${server.url}, nginx in front on ${proxy.url} (read timeout ${proxy.readTimeoutSeconds} s)`);
		let count = 0;
		const simulator = async (options = {}) => {
			const sim = await startSimulator({ host: '127.0.0.1', port: 0, ...options });
			sims.push(sim);
			const id = await rest.credentialFor(sim, `Yishangyun (simulator ${++count})`);
			return { sim, credential: { id, name: `Yishangyun (simulator ${count})` } };
		};
		return { version: install.version, flavour, uf, server, rest, proxy, runDir, log, simulator, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/** Builds and packs the package once for every version's stack. */
function packOnce({ runDir, build = true }) {
	return buildAndPack({ build, dir: fs.mkdtempSync(path.join(runDir, 'pack-')) });
}

module.exports = { startFrontDoorStack, packOnce, stopAll: processes.stopAll };
