#!/usr/bin/env node
'use strict';
/*
 * End-to-end tests in real n8n (`npm run test:e2e`).
 *
 * For each n8n version (2.x on Node 24, 1.x on this Node; see install-n8n.js, cached outside the
 * repo): `npm run build`, `npm pack`, install the tarball into a fresh N8N_USER_FOLDER the way a
 * user does, check n8n loaded our node and credential types, start the API simulator
 * (simulator/index.js, 127.0.0.1, port 0), import the credential
 *   {"id":"cred0000000001","name":"Yishangyun (simulator)","type":"yishangyunApi",
 *    "data":{"apiKey":<sim.apiKey>,"baseUrl":<sim.url>}}
 * then import and execute every workflow `examples/*.json` and `test-e2e/*.json` that declares
 * `meta.e2e`, and check the run against it (checks.js). A workflow with a Data table runs on a
 * short-lived `n8n start` instead of `n8n execute` (execute.js, server.js, data-table.js); a
 * scenario of several runs lives in a module of its own (recover-after-crash.js).
 *
 * Usage:
 *   node scripts/e2e/run.js [options]
 *     --workflow <file>   run only this workflow file (repeatable; its meta.e2e is used, or a
 *                         plain "the run succeeds" check when it has none)
 *     --n8n <2|1|x.y.z>   only this n8n version (repeatable or comma-separated; default: 2,1)
 *     --no-build          skip `npm run build` (pack the current dist/)
 *     --tarball <file>    install this package tarball instead of building and packing the repo
 *     --no-package        do not pack/install the package (only for workflows with usesPackage:false)
 *     --keep              keep the n8n user folders (paths are printed)
 *     --verbose           print n8n's output of failing runs in full
 *     --simulator <path>  module exporting startSimulator (default: simulator/index.js)
 *     --binary-mode <m>   N8N_DEFAULT_BINARY_DATA_MODE for every n8n (default: each version's own
 *                         default: 2.x `filesystem` → stored under .n8n/storage, 1.x `default` →
 *                         bytes inline as base64 in the run; `filesystem` on 1.x → .n8n/binaryData)
 *   env N8N_E2E_VERSIONS=2,1 is the same as --n8n.
 *
 * ── meta.e2e schema ────────────────────────────────────────────────────────────────────────
 * A workflow file takes part when its top-level "meta" has an "e2e" object:
 *   "meta": { "e2e": {
 *     "node": "Yishangyun Video", // the node whose output (run 0, output 0) is checked (without
 *                                 // it only the run's success is checked)
 *     "items": 3,                 // exact number of output items of that node
 *     "status": "completed",      // every item's json.status must equal this
 *     "binary": "data",           // every item must carry binary.<name>, stored by n8n, whose
 *                                 // bytes' sha256 equals sim.videoSha256(json.task_id) (string or
 *                                 // list of names)
 *     "mimeType": "video/mp4",    // and those binaries have this mimeType
 *     "json": { "k": v, ... },    // every item's json contains these fields (deep-equal values)
 *     "error": "substring",       // expect the run to FAIL with an error whose message contains
 *                                 // this (true = any error); default: the run must succeed and
 *                                 // no node may report an error
 *     "usesPackage": true,        // false: needs neither our package nor the simulator
 *     "simulator": { ... },       // options for startSimulator() for this workflow: it then gets
 *                                 // its own simulator and the credential is re-imported for it
 *     "versions": ["2", "1"],     // only on these n8n flavours (default: all)
 *     "dialects": ["document", "newapi"],
 *                                 // run once per simulator dialect, each on its own simulator; an
 *                                 // object { "newapi": { …meta.e2e overrides } } for settings a
 *                                 // dialect needs (examples.js). Every examples/*.json is also
 *                                 // checked for nodes this n8n does not know
 *     "timeoutSeconds": 300,      // kill `n8n execute` after this long (default 300)
 *     "filesFolder": { "node": "Settings", "field": "folder" }
 *                                 // the workflow writes files into the folder held in that node's
 *                                 // field: it is pointed at a fresh folder n8n may write to, and
 *                                 // every output item's <task_id>.mp4 there must hold the video
 *     "s3": { "node": "Settings and prompts", "link": "video_link" },
 *                                 // the workflow uploads each video to S3-compatible storage
 *                                 // (n8n's S3 node) as <folder>/<task_id>.mp4; bucket, folder and
 *                                 // publicBaseUrl live in that raw-JSON Set node. The run gets a
 *                                 // real S3 server (s3rver) and an S3 credential, and every output
 *                                 // item's object must hold its video, read unsigned by the item's
 *                                 // `link` field (storage.js)
 *     "submits": 3,               // exactly this many submits reached the simulator during the run
 *     "bodies": { "kling-v3-omni-pro-video": { "duration": 5, "videos": ["https://…"], "seconds": null } },
 *                                 // exactly one submit per model named reached the simulator
 *                                 // during the run, and its body holds each dotted path with this
 *                                 // value (deep-equal; null: not sent at all)
 *     "byModel": { "viduq2": { "seconds": 5, "width": 1280 } },
 *                                 // the item of "node" whose json.model is that model contains
 *                                 // these fields (what the task reported it got)
 *     "inputOrder": { "node": "One item per prompt", "field": "prompts" },
 *                                 // item i of "node" above carries the task the simulator made
 *                                 // for this node's item i (its prompt is json[field]): pairing
 *     "dataTable": { "name": "video_tasks", "columns": ["task_id", ...] },
 *                                 // the workflow uses this n8n Data table (string columns): the run
 *                                 // goes through a short-lived `n8n start` (n8n execute has no
 *                                 // Data tables), which creates the table and points the Data
 *                                 // table nodes showing that name at it (data-table.js); every
 *                                 // item's row must then be completed with its video file
 *     "server": true,             // run on a short-lived `n8n start` and wait for the execution
 *                                 // to end: a Wait of 65 s or more parks it, which `n8n execute`
 *                                 // does not wait for (only main's wait tracker resumes it)
 *     "restartWhileWaiting": true,// the same, and n8n is killed (SIGKILL) as soon as the
 *                                 // execution is parked, then started again: it must resume
 *     "allRuns": true,            // "node"'s items of every run, in order (a loop's exit runs
 *                                 // once per round), for every check of "node" above
 *     "outputs": { "Failed": { "items": 1, "status": "failed", "json": { "k": v } } },
 *                                 // other nodes' items over all their runs: count, status, fields
 *     "settings": { "node": "Settings and prompts", "json": { "prompts": [...] } },
 *                                 // merged into that raw-JSON Set node before the run, as a
 *                                 // user edits it (test prompts with simulator directives)
 *     "scenario": "recover-after-crash", "crashes": "crash-safe-ledger.json"
 *                                 // a run of several executions, in its own module (SCENARIOS)
 *     "agent": { "tool": "Generate video", "argument": "prompt" }
 *                                 // an AI Agent run (see agent.js): one tool call by the
 *                                 // simulator's chat model → one paid submit with the model's
 *                                 // prompt → the answer of "node" carries the task id
 *   } }
 * "e2e" may also be a list of such objects, each with a "what": the workflow runs once per entry
 * (e.g. an example's two branches, with the simulator set up for each).
 * The workflow needs an "id" (one is derived from the file name if missing) and must start from
 * n8n-nodes-base.manualTrigger (an example with a Schedule Trigger has one beside it). Nodes that
 * use the yishangyunApi credential are pointed at the imported credential (id cred0000000001)
 * whatever they referenced, and nodes that use openAiApi at one whose Base URL is the
 * simulator's /v1 (its scripted chat model).
 *
 * Output: one line per check, `[n8n <version>] PASS|FAIL <what> (<details>) <time>`, a timing
 * table, then a last line `N passed, M failed`. Exit code 0 only when nothing failed.
 */
const crypto = require('crypto');
const agent = require('./agent');
const fs = require('fs');
const path = require('path');
const { checkRun, checkedItems, checkWrittenFiles } = require('./checks');
const { credentialFor } = require('./credential');
const { checkLedgerRows } = require('./data-table');
const { checkExamplesKnown, expandDialects } = require('./examples');
const { executeExample } = require('./execute');
const { ensureN8n, resolveFlavour } = require('./install-n8n');
const n8n = require('./n8n');
const { ROOT, buildAndPack } = require('./pack');
const processes = require('./processes');
const { recoverAfterCrash } = require('./recover-after-crash');
const { createReport, secs } = require('./report');
const { checkStoredObjects, startStorage } = require('./storage');

/** meta.e2e.scenario: runs that take more than one execution (each module says what it does). */
const SCENARIOS = { 'recover-after-crash': recoverAfterCrash };
/** Folders whose *.json workflows with meta.e2e run by default. */
const WORKFLOW_DIRS = ['examples', 'test-e2e'];

// ── arguments ──────────────────────────────────────────────────────────────────────────────
function parseArgs(argv) {
	const opts = { workflows: [], versions: [], build: true, pkg: true, keep: false, verbose: false, binaryMode: null, simulator: null, tarball: null };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
			if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
			return argv[++i];
		};
		if (a.startsWith('--workflow')) opts.workflows.push(path.resolve(value()));
		else if (a.startsWith('--n8n')) opts.versions.push(...value().split(','));
		else if (a.startsWith('--binary-mode')) opts.binaryMode = value();
		else if (a.startsWith('--simulator')) opts.simulator = path.resolve(value());
		else if (a.startsWith('--tarball')) opts.tarball = path.resolve(value());
		else if (a === '--no-build') opts.build = false;
		else if (a === '--no-package') opts.pkg = false;
		else if (a === '--keep') opts.keep = true;
		else if (a === '--verbose') opts.verbose = true;
		else if (a === '--help' || a === '-h') {
			const src = fs.readFileSync(__filename, 'utf8');
			console.log(src.slice(src.indexOf('/*'), src.indexOf('*/') + 2));
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	if (!opts.versions.length) opts.versions = (process.env.N8N_E2E_VERSIONS || '2,1').split(',');
	opts.versions = opts.versions.map((v) => v.trim()).filter(Boolean);
	return opts;
}

// ── workflows ──────────────────────────────────────────────────────────────────────────────
function loadWorkflows(opts) {
	let files = opts.workflows;
	const explicit = files.length > 0;
	if (!explicit) {
		files = [];
		for (const dir of WORKFLOW_DIRS.map((d) => path.join(ROOT, d))) {
			if (!fs.existsSync(dir)) continue;
			files.push(
				...fs
					.readdirSync(dir)
					.filter((f) => f.endsWith('.json'))
					.sort()
					.map((f) => path.join(dir, f)),
			);
		}
	}
	const out = [];
	for (const file of files) {
		let wf;
		try {
			wf = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch (e) {
			out.push({ file, loadError: `cannot read workflow: ${e.message}` });
			continue;
		}
		let e2e = wf.meta && wf.meta.e2e;
		if (!e2e) {
			if (!explicit) continue; // examples without meta.e2e are not tests
			e2e = { usesPackage: wf.nodes.some((n) => n.type.startsWith(`${n8n.PACKAGE_NAME}.`)) };
		}
		if (!wf.id) {
			wf.id = `e2e${crypto.createHash('sha256').update(path.basename(file)).digest('hex').slice(0, 13)}`;
		}
		const name = path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file);
		for (const spec of [e2e].flat()) out.push({ file, name: spec.what ? `${name} (${spec.what})` : name, wf, e2e: { usesPackage: true, ...spec } });
	}
	return out;
}

// ── main ───────────────────────────────────────────────────────────────────────────────────
async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const tally = createReport();
	const { timed } = tally;
	const report = (version, pass, what, details, ms, failures = []) => tally.result(pass, what, details, ms, failures, `[n8n ${version}] `);
	const userFolders = [];
	let tarball = null;
	const removePack = () => tarball && !opts.tarball && !opts.keep && fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	// Ctrl-C: processes.js stops n8n; the pack and the user folders go too.
	processes.stopOnSignals(() => {
		removePack();
		if (!opts.keep) for (const uf of userFolders) n8n.removeUserFolder(uf);
	});

	const workflows = expandDialects(loadWorkflows(opts));
	if (!workflows.length) {
		console.log('No workflows to run: no examples/*.json with meta.e2e (use --workflow <file>).');
	}

	// Build and pack once for all versions.
	let packError = null;
	if (opts.tarball) {
		if (!fs.existsSync(opts.tarball)) packError = new Error(`no such tarball ${opts.tarball}`);
		else tarball = opts.tarball;
	} else if (opts.pkg) {
		try {
			if (opts.build) console.log('npm run build …');
			const packed = await timed(opts.build ? 'npm run build + npm pack' : 'npm pack', () => buildAndPack({ build: opts.build }));
			const { info } = packed;
			tarball = packed.tarball;
			console.log(`packed ${info.filename}: ${info.files.length} files, ${info.size} bytes`);
			// Every node and credential file package.json tells n8n to load.
			const { n8n: declared } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
			for (const must of [...declared.nodes, ...declared.credentials]) {
				if (!info.files.some((f) => f.path === must)) throw new Error(`the tarball lacks ${must}`);
			}
		} catch (e) {
			packError = e;
			console.log(`build/pack failed: ${e.message}`);
		}
	}
	if (packError) {
		report('-', false, 'build and npm pack', packError.message.split('\n')[0], 0);
	}

	// The simulator (needed only when a workflow uses the package).
	let startSimulator = null;
	const simPath = opts.simulator || path.join(ROOT, 'simulator', 'index.js');
	if (fs.existsSync(simPath)) startSimulator = require(simPath).startSimulator;

	for (const key of opts.versions) {
		let install;
		try {
			install = await timed(`n8n ${key}: ensure installed`, () => ensureN8n(key));
		} catch (e) {
			report(resolveFlavour(key).version, false, 'install n8n', e.message.split('\n')[0], 0);
			continue;
		}
		const v = install.version;
		const mine = workflows.filter((w) => !w.e2e || !w.e2e.versions || w.e2e.versions.map(String).some((x) => x === install.key || x === v));
		console.log(`\n── n8n ${v} (node ${install.nodeBin === process.execPath ? process.version : install.installed.node || 'v24'}) ──`);
		const uf = n8n.createUserFolder(install, {
			extraEnv: opts.binaryMode ? { N8N_DEFAULT_BINARY_DATA_MODE: opts.binaryMode } : {},
		});
		userFolders.push(uf);
		if (opts.keep) console.log(`user folder: ${uf.dir}`);
		const sims = [];
		let storage = null;
		try {
			// Install our package and check what n8n loaded.
			let packageLoaded = false;
			if (tarball) {
				const t = Date.now();
				try {
					await timed(`n8n ${v}: install package`, () => n8n.installPackage(uf, tarball));
					const types = await timed(`n8n ${v}: load check`, () => n8n.assertLoaded(uf));
					packageLoaded = true;
					const known = checkExamplesKnown(types.knownTypes);
					report(v, known.failures.length === 0, known.what, known.details, 0, known.failures);
					report(
						v,
						true,
						'package loads',
						`${types.nodeTypes.join(', ')}; credential ${types.credentialTypesUsed.join(', ')}; ${types.counts ? `${types.counts.nodes} node/${types.counts.credentials} credential file` : ''}`,
						Date.now() - t,
					);
				} catch (e) {
					report(v, false, 'package loads', '', Date.now() - t, e.message.split('\n').slice(0, 12));
				}
			}

			// Simulators: one shared per version, plus one per workflow that asks for its own
			// options. The credential (fixed id) is re-imported whenever it must point elsewhere.
			let sharedSim = null;
			let credentialSim = null;
			const pointCredentialAt = async (s) => {
				if (credentialSim === s) return;
				await timed(`n8n ${v}: import credential`, () => n8n.importCredentials(uf, [credentialFor(s), agent.openAiCredential(s)]));
				credentialSim = s;
			};
			// One S3-compatible server per n8n, for the examples that deliver to storage (meta.e2e.s3).
			const s3For = async (w) => {
				if (w.e2e.s3 && !storage) storage = await timed(`n8n ${v}: start S3 storage`, () => startStorage(uf));
				return w.e2e.s3 ? storage : null;
			};
			const newSim = async (simOpts) => {
				if (!startSimulator) throw new Error(`no simulator: ${path.relative(ROOT, simPath)} is missing`);
				const s = await startSimulator({ host: '127.0.0.1', port: 0, ...(simOpts || {}) });
				sims.push(s);
				return s;
			};

			for (const w of mine) {
				const t = Date.now();
				const what = w.name || path.basename(w.file);
				if (w.loadError) {
					report(v, false, what, w.loadError, 0);
					continue;
				}
				try {
					let wsim = null;
					if (w.e2e.usesPackage !== false) {
						if (!tarball) throw new Error(packError ? 'package could not be built/packed' : 'package not installed (--no-package)');
						if (!packageLoaded) throw new Error('package did not load in this n8n');
						if (w.e2e.simulator) {
							wsim = await timed(`n8n ${v}: own simulator for ${what}`, () => newSim(w.e2e.simulator));
						} else {
							if (!sharedSim) sharedSim = await timed(`n8n ${v}: start simulator`, () => newSim());
							wsim = sharedSim;
						}
						await pointCredentialAt(wsim);
					}
					const s3 = await s3For(w);
					const submitsBefore = wsim ? wsim.submits().length : 0;
					let res;
					let failures;
					let details;
					if (w.e2e.scenario) {
						const scenario = SCENARIOS[w.e2e.scenario];
						if (!scenario) throw new Error(`unknown meta.e2e.scenario "${w.e2e.scenario}"`);
						({ res, failures, details } = await timed(`n8n ${v}: scenario ${w.e2e.scenario}`, () => scenario({ uf, w, sim: wsim, s3 })));
					} else {
						const before = agent.mark(wsim);
						const run = await timed(`n8n ${v}: execute ${what}`, () => executeExample(uf, w, { s3 }));
						res = run.res;
						({ failures, details } = await checkRun(res, w.e2e, uf, wsim, { submitsBefore }));
						if (w.e2e.agent) details = [details, agent.checkAgent(res.run, w.e2e, wsim, before, failures)].filter(Boolean).join('; ');
						const items = checkedItems(res, w.e2e);
						if (run.filesDir) checkWrittenFiles(items, run.filesDir, wsim, failures);
						const stored = s3 && (await checkStoredObjects(items, { wf: run.wf, spec: w.e2e.s3, s3, sim: wsim }, failures));
						const ledger = run.rows && checkLedgerRows(run.rows, run.table, items.map((item) => item.json.task_id), failures);
						const restart = run.restartMs !== undefined && `parked after ${secs(run.parkedAfterMs)}, n8n killed and back in ${secs(run.restartMs)}`;
						details = [details, stored, ledger, restart, `execute ${secs(res.ms)}`].filter(Boolean).join('; ');
					}
					const pass = failures.length === 0;
					report(v, pass, what, details, Date.now() - t, failures);
					if (!pass && opts.verbose && res) {
						console.log('--- n8n stdout ---\n' + res.stdout + '\n--- n8n stderr ---\n' + res.stderr);
					}
				} catch (e) {
					report(v, false, what, '', Date.now() - t, e.message.split('\n').slice(0, 20));
				}
			}
		} finally {
			if (storage) await storage.stop();
			for (const s of sims) {
				try {
					await s.close();
				} catch {
					/* already closed */
				}
			}
			if (!opts.keep) n8n.removeUserFolder(uf);
		}
	}
	removePack();

	tally.finish();
}

main().catch((e) => {
	console.error(e.stack || e.message);
	console.log('\n0 passed, 1 failed');
	process.exit(1);
});
