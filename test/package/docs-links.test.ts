/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
// The README is a front page that sends readers to the guides in docs/; a link that leads nowhere
// (a moved file, a renamed heading) is a dead end for them. Links are checked as GitHub renders them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const README_MAX_LINES = 260;

/** The project's Markdown pages: every top-level one (README, CHANGELOG, BENCHMARKS) and the guides. */
const pages = [
	...readdirSync(ROOT).filter((name) => name.endsWith('.md')),
	...readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** The text GitHub renders, outside fenced code blocks (where nothing is a link or a heading). */
function proseLines(file: string): string[] {
	let fenced = false;
	return readFileSync(path.join(ROOT, file), 'utf8')
		.split('\n')
		.filter((line) => {
			if (/^\s*(```|~~~)/.test(line)) {
				fenced = !fenced;
				return false;
			}
			return !fenced;
		});
}

/** GitHub's heading ids (github-slugger): lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function slugs(headings: string[]): string[] {
	const seen = new Map<string, number>();
	return headings.map((heading) => {
		const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
		const slug = text
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		return count === 0 ? slug : `${slug}-${count}`;
	});
}

function anchors(file: string): Set<string> {
	const headings = proseLines(file).flatMap((line) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1] ?? []);
	return new Set(slugs(headings));
}

/** Every relative link and image of a page (inline code spans left out), as written. */
function relativeLinks(file: string): string[] {
	const targets: string[] = [];
	for (const line of proseLines(file)) {
		const prose = line.replace(/`[^`]*`/g, '``');
		for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
			if (!/^[a-z][a-z0-9+.-]*:/i.test(match[1])) targets.push(match[1]);
		}
	}
	return targets;
}

/** Why a link from `file` leads nowhere, or null when it resolves. */
function deadEnd(file: string, link: string): string | null {
	const [target, anchor] = link.split('#', 2) as [string, string | undefined];
	const resolved = target ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(target))) : file;
	if (resolved.startsWith('..') || !existsSync(path.join(ROOT, resolved))) return `${link}: no file ${resolved}`;
	if (anchor === undefined) return null;
	if (!resolved.endsWith('.md')) return `${link}: an anchor into a file that is not Markdown`;
	return anchors(resolved).has(decodeURIComponent(anchor)) ? null : `${link}: ${resolved} has no heading #${anchor}`;
}

test('the README and the guides it links to are all there', () => {
	expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/models.md', 'docs/long-renders.md', 'docs/front-doors.md', 'docs/errors.md', 'docs/development.md']));
	const readme = relativeLinks('README.md');
	for (const guide of pages.filter((page) => page.startsWith('docs/'))) expect(readme).toContain(guide);
});

test.each(pages)('every relative link in %s resolves, anchors by GitHub rules', (file) => {
	const links = relativeLinks(file);
	const dead = links.map((link) => deadEnd(file, link)).filter((why) => why !== null);
	expect(dead).toEqual([]);
});

test(`the README is a front page: at most ${README_MAX_LINES} lines`, () => {
	const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
	expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
});

test('anchors follow GitHub: punctuation dropped, repeats numbered', () => {
	expect(slugs(["The credential's Test", 'Submit and Wait', 'Submit and Wait (default)', 'Submit and Wait', '`npm run bench` — quick', 'Try it [without](x.md) a key'])).toEqual([
		'the-credentials-test',
		'submit-and-wait',
		'submit-and-wait-default',
		'submit-and-wait-1',
		'npm-run-bench--quick',
		'try-it-without-a-key',
	]);
});

test('a link to a missing file or heading is caught', () => {
	expect(deadEnd('README.md', 'docs/no-such-guide.md')).toMatch(/no file docs\/no-such-guide\.md/);
	expect(deadEnd('README.md', 'docs/models.md#no-such-heading')).toMatch(/has no heading/);
	expect(deadEnd('docs/models.md', 'examples/long-render-loop.json')).toMatch(/no file/);
	expect(deadEnd('docs/models.md', '../examples/long-render-loop.json')).toBeNull();
	expect(deadEnd('docs/errors.md', '#the-credentials-test')).toBeNull();
});
