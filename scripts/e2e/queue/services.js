'use strict';
// Redis and Postgres for queue mode, from Debian's packages: installed with apt-get when missing,
// then a throwaway Redis and a throwaway Postgres cluster (own data dir, free loopback port),
// both started as children of this run so that they stop with it.
const fs = require('fs');
const net = require('net');
const path = require('path');
const { runSync } = require('../pack');
const { freePort } = require('../n8n');
const processes = require('../processes');
const { until } = require('../wait');

const PG_ROOT = '/usr/lib/postgresql';

function onPath(cmd) {
	return (process.env.PATH || '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, cmd)));
}

/** The bin folder of the newest Postgres Debian installed (/usr/lib/postgresql/<major>/bin), or null. */
function pgBinDir() {
	if (!fs.existsSync(PG_ROOT)) return null;
	const majors = fs
		.readdirSync(PG_ROOT)
		.filter((v) => fs.existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(PG_ROOT, majors[0], 'bin') : null;
}

/** Installs Debian's redis-server and postgresql if their programs are missing; returns what it installed. */
function ensureDebianPackages(log) {
	const missing = [];
	if (!onPath('redis-server')) missing.push('redis-server');
	if (!pgBinDir()) missing.push('postgresql');
	if (!missing.length) return [];
	log(`apt-get install ${missing.join(' ')} (not installed yet)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	runSync('apt-get', ['update'], { env });
	runSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	if (!onPath('redis-server') || !pgBinDir()) throw new Error(`apt-get installed ${missing.join(', ')} but redis-server or initdb is still missing`);
	return missing;
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** A Redis without persistence on a free 127.0.0.1 port. */
async function startRedis(dir) {
	const port = await freePort();
	const proc = processes.start(
		'redis',
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
		{ cwd: dir, logFile: path.join(dir, 'redis.log'), service: true },
	);
	await until('redis', async () => proc.exit === null && (await redisPing(port)), 20_000);
	return { port, proc };
}

/**
 * A Postgres cluster in `dir`, run as the `postgres` user (Postgres refuses root), trust auth on
 * 127.0.0.1 only, with a database `n8n`. Durability is off: the cluster lives for one run.
 */
async function startPostgres(dir) {
	const bin = pgBinDir();
	const uid = Number(runSync('id', ['-u', 'postgres']).trim());
	const gid = Number(runSync('id', ['-g', 'postgres']).trim());
	const data = path.join(dir, 'data');
	fs.mkdirSync(data, { recursive: true });
	fs.chownSync(dir, uid, gid);
	fs.chownSync(data, uid, gid);
	const asPostgres = { cwd: dir, uid, gid, env: { ...process.env, HOME: dir, USER: 'postgres' } };
	runSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], asPostgres);
	const port = await freePort();
	const settings = {
		listen_addresses: '127.0.0.1',
		port,
		unix_socket_directories: dir,
		fsync: 'off',
		synchronous_commit: 'off',
		full_page_writes: 'off',
	};
	const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
	const proc = processes.start('postgres', path.join(bin, 'postgres'), args, { ...asPostgres, logFile: path.join(dir, 'postgres.log'), service: true });
	await proc.waitFor(/database system is ready to accept connections/, 30_000);
	runSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n']);
	return { port, user: 'postgres', password: 'postgres', database: 'n8n', proc };
}

module.exports = { ensureDebianPackages, startRedis, startPostgres };
