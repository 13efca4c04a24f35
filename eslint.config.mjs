import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// n8n's own rules for community packages (the gate n8n applies before verifying one), on the code
// that ships: nodes/, credentials/ and package.json.
export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'simulator/**', 'scripts/**', 'bench/**', 'examples/**'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [tseslint.configs.recommended],
		languageOptions: { parserOptions: { projectService: false } },
	},
	n8nCommunityNodesPlugin.configs.recommended,
);
