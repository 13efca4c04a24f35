'use strict';
/*
 * Debian's nginx in front of n8n, as most self-hosted n8n runs: a reverse proxy whose
 * `proxy_read_timeout` ends a request that gets no answer in time (90 s here, nginx's default
 * is 60 s; n8n Cloud's edge gives up after 100 s). A front door that holds its caller's request
 * while a video renders fails behind it; one that answers at once and delivers later does not.
 *
 *   await ensureNginx();                                  // apt-get install nginx when missing
 *   const proxy = await startNginx({ upstreamUrl: server.url, runDir });
 *   fetch(`${proxy.url}/webhook/…`);  …;  await proxy.stop();
 *
 * nginx runs in the foreground in its own process group (scripts/e2e/processes.js), with its
 * config, logs, pid file and temp folders in `runDir`, listening on a free 127.0.0.1 port.
 * Websockets (n8n's hosted chat, the editor's push) pass with the Upgrade headers and stay open
 * while frames pass within the read timeout: n8n's heartbeats every 30 s keep them so.
 */
const fs = require('fs');
const path = require('path');
const n8n = require('../n8n');
const processes = require('../processes');

const NGINX = '/usr/sbin/nginx';

/** Installs Debian's nginx when it is missing (CI's fresh machine); never starts the packaged service. */
async function ensureNginx() {
	if (fs.existsSync(NGINX)) return;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await processes.run('apt-get', ['update'], { env });
	await processes.run('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light'], { env }).catch(() =>
		processes.run('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { env }),
	);
	if (!fs.existsSync(NGINX)) throw new Error(`nginx was installed but ${NGINX} is missing`);
}

/** The proxy's whole configuration: one server, everything to `upstreamUrl`, websockets included. */
function config({ dir, port, upstreamUrl, readTimeoutSeconds }) {
	const temp = (name) => path.join(dir, name);
	return `
daemon off;
worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} info;
events { worker_connections 256; }
http {
	access_log ${temp('access.log')};
	client_body_temp_path ${temp('client_body')};
	proxy_temp_path ${temp('proxy')};
	fastcgi_temp_path ${temp('fastcgi')};
	uwsgi_temp_path ${temp('uwsgi')};
	scgi_temp_path ${temp('scgi')};
	client_max_body_size 100m;
	map $http_upgrade $connection_upgrade { default upgrade; '' close; }
	server {
		listen 127.0.0.1:${port};
		location / {
			proxy_pass ${upstreamUrl};
			proxy_http_version 1.1;
			proxy_set_header Host $host;
			proxy_set_header Upgrade $http_upgrade;
			proxy_set_header Connection $connection_upgrade;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_read_timeout ${readTimeoutSeconds}s;
			proxy_send_timeout ${readTimeoutSeconds}s;
			proxy_buffering off;
		}
	}
}
`;
}

/**
 * Starts nginx in front of `upstreamUrl`; resolves to { url, port, readTimeoutSeconds, accessLog,
 * stop() } once it answers. `runDir` gets a folder of its own for nginx's files.
 */
async function startNginx({ upstreamUrl, runDir, readTimeoutSeconds = 90 }) {
	await ensureNginx();
	const dir = fs.mkdtempSync(path.join(runDir, 'nginx-'));
	const port = await n8n.freePort();
	const conf = path.join(dir, 'nginx.conf');
	fs.writeFileSync(conf, config({ dir, port, upstreamUrl, readTimeoutSeconds }));
	const proc = processes.start('nginx', NGINX, ['-p', dir, '-c', conf], { logFile: path.join(dir, 'stdout.log') });
	const url = `http://127.0.0.1:${port}`;
	await processes.waitForHttp(`${url}/healthz`, { proc, timeoutMs: 30_000 });
	return {
		url,
		port,
		readTimeoutSeconds,
		accessLog: path.join(dir, 'access.log'),
		errorLog: path.join(dir, 'error.log'),
		stop: () => processes.stop(proc, 5_000),
	};
}

module.exports = { ensureNginx, startNginx };
