// `npm run lint:project`: the JavaScript that never ships — the API simulator, the e2e, demo and
// screenshot scripts, the benchmark runner and the build's own config files. The TypeScript
// (nodes/, credentials/, and the tests and benchmarks beside them) is linted by `npm run lint`,
// n8n's `n8n-node lint` with the untouched eslint.config.mjs n8n's cloud verification asks for;
// this file exists so that one never has to change.
import js from '@eslint/js';
import globals from 'globals';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'demo-output/**', 'coverage/**', '.cache/**'] },
	{
		files: ['**/*.js', '**/*.mjs'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2022, globals: globals.node },
		rules: {
			...js.configs.recommended.rules,
			// An unused parameter kept for its position (`_taskId`) is a signature, not a slip.
			'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
	// Functions handed to the browser (playwright's page.evaluate) run in the page, not in Node.
	{ files: ['scripts/screenshot/**', 'scripts/ui/**', 'test/ui/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
];
