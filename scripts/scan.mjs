#!/usr/bin/env node
/*
 * n8n's own community-package scanner (@n8n/scan-community-package, the ESLint gate n8n applies
 * before it verifies a community package), run offline on this project.
 *
 *   node scripts/scan.mjs            # scan the current build (dist/ must exist)
 *   node scripts/scan.mjs --build    # `npm run build` first
 *   node scripts/scan.mjs --json     # also print the raw results as JSON
 *
 * The published CLI downloads the package and its provenance-attested source from the registry
 * and GitHub. Here the same `analyzePackage(dir, patterns)` runs on:
 *   1. the tarball: `npm pack` of this tree, unpacked to a temp dir, patterns
 *      ['**\/*.js', '**\/*.json'] (a superset of the CLI's ['**\/*.js', 'package.json']);
 *   2. the source: a temp copy of package.json, nodes/ and credentials/ (what a source checkout
 *      holds, without node_modules), patterns SOURCE_FILE_PATTERNS.
 * Exit code 0 only if both come back `passed`. No network access is needed.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const started = Date.now();
const log = (msg) => process.stderr.write(`[scan] ${msg}\n`);

// The scanner module creates a temp dir (tmp.dirSync) when imported and never removes it: point
// TMPDIR at our own work dir first so everything lands there and goes with it.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
process.env.TMPDIR = work;

const { buildAndPack, runSync } = createRequire(import.meta.url)('./e2e/pack.js');

function newestMtime(dir) {
	let newest = 0;
	if (!fs.existsSync(dir)) return newest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		const p = path.join(entry.parentPath ?? entry.path, entry.name);
		newest = Math.max(newest, fs.statSync(p).mtimeMs);
	}
	return newest;
}

function printResult(label, result) {
	const mark = result.passed ? 'PASSED' : 'FAILED';
	console.log(`${label}: ${mark}${result.message ? ` (${result.message})` : ''}`);
	if (result.details) console.log(result.details.replace(/\n+$/, ''));
	if (result.error && !result.details) console.log(result.error.stack || String(result.error));
}

let exitCode = 1;
try {
	const build = argv.includes('--build');
	if (build) {
		log('npm run build');
	} else {
		// Without a build the tarball holds whatever dist/ there is: it must exist, and be current.
		const distDir = path.join(ROOT, 'dist');
		if (!fs.existsSync(path.join(distDir, 'nodes')) || !fs.existsSync(path.join(distDir, 'credentials'))) {
			throw new Error('dist/ is missing: run `npm run build` first (or pass --build)');
		}
		const srcNewest = Math.max(newestMtime(path.join(ROOT, 'nodes')), newestMtime(path.join(ROOT, 'credentials')));
		if (srcNewest > newestMtime(distDir)) {
			log('warning: nodes/ or credentials/ changed after the last build; the tarball scan sees the old dist/ (use --build)');
		}
	}

	// 1. The tarball, exactly as `npm pack` makes it (after `npm run build` with --build).
	const packDir = path.join(work, 'pack');
	const pkgDir = path.join(work, 'package');
	fs.mkdirSync(packDir);
	fs.mkdirSync(pkgDir);
	const { tarball } = buildAndPack({ build, dir: packDir });
	runSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
	log(`packed ${path.basename(tarball)} (${fs.statSync(tarball).size} bytes) and unpacked it to ${pkgDir}`);

	// 2. The source, as a checkout would hold it (no node_modules, dist, tests).
	const srcDir = path.join(work, 'source');
	fs.mkdirSync(srcDir);
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(srcDir, 'package.json'));
	for (const d of ['nodes', 'credentials']) fs.cpSync(path.join(ROOT, d), path.join(srcDir, d), { recursive: true });

	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const scannerVersion = JSON.parse(
		fs.readFileSync(path.join(ROOT, 'node_modules', '@n8n', 'scan-community-package', 'package.json'), 'utf8'),
	).version;
	log(`@n8n/scan-community-package ${scannerVersion}`);

	const TARBALL_PATTERNS = ['**/*.js', '**/*.json'];
	const tarballResult = await analyzePackage(pkgDir, TARBALL_PATTERNS);
	const sourceResult = await analyzePackage(srcDir, SOURCE_FILE_PATTERNS);

	printResult(`tarball ${path.basename(tarball)} ${JSON.stringify(TARBALL_PATTERNS)}`, tarballResult);
	printResult(`source ${JSON.stringify(SOURCE_FILE_PATTERNS)}`, sourceResult);
	if (argv.includes('--json')) {
		const strip = ({ error, ...r }) => ({ ...r, ...(error ? { error: String(error) } : {}) });
		console.log(JSON.stringify({ tarball: strip(tarballResult), source: strip(sourceResult) }, null, 2));
	}
	const passed = tarballResult.passed === true && sourceResult.passed === true;
	console.log(`${passed ? 'PASSED' : 'FAILED'}: n8n community package scan (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	exitCode = passed ? 0 : 1;
} catch (error) {
	console.error(`[scan] ${error.stack || error.message}`);
	exitCode = 2;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
