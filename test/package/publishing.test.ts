/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_DIR } from '../harness/engine';

/** A command in the package folder, with the CI markers of this run removed: a laptop's view. */
function run(command: string, args: string[], env: Record<string, string> = {}) {
	const clean = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^(GITHUB_ACTIONS|ACTIONS_ID_TOKEN_REQUEST_URL|RELEASE_MODE|NPM_CONFIG_PROVENANCE|npm_config_provenance)$/i.test(name)),
	);
	const result = spawnSync(command, args, { cwd: PACKAGE_DIR, env: { ...clean, ...env }, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
	return { code: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

test('the tarball holds dist/, README, LICENSE, CHANGELOG and package.json, and nothing else', () => {
	const { code, stdout } = run('npm', ['pack', '--dry-run', '--json']);
	expect(code).toBe(0);
	const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path);
	expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
	// What n8n loads from the package.json `n8n` section, and the icons beside the node.
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(file);
	expect(files).toEqual(expect.arrayContaining(['dist/nodes/Yishangyun/yishangyun.svg', 'dist/nodes/Yishangyun/yishangyun.dark.svg']));
	expect(files.some((file) => /\.ts$|^dist\/(test|bench|scripts|simulator)\//.test(file))).toBe(false);
});

test('npm publish from outside GitHub Actions is refused: the package requires a provenance statement', () => {
	// A closed local port as the registry: even a broken guard could not publish anything (and
	// without retries npm learns that at once).
	const registry = ['--registry', 'http://127.0.0.1:9/', '--//127.0.0.1:9/:_authToken=not-a-token', '--fetch-retries=0'];
	const { code, output } = run('npm', ['publish', ...registry]);
	expect(code).not.toBe(0);
	expect(output).toMatch(/Automatic provenance generation not supported for provider/);
});

test('prepublishOnly (n8n-node prerelease) lets only `npm run release` publish', () => {
	const refused = run('npx', ['n8n-node', 'prerelease']);
	expect(refused.code).toBe(1);
	expect(refused.output).toMatch(/Run `npm run release` to publish the package/);
	expect(run('npx', ['n8n-node', 'prerelease'], { RELEASE_MODE: 'true' }).code).toBe(0);
});
