/** Tests load the compiled package from dist/ exactly as n8n does, so `npm test` builds first. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 60_000,
	// Each test file starts its own simulator and binary store; two workers fit this 2-core machine.
	maxWorkers: 2,
	setupFilesAfterEnv: ['<rootDir>/test/harness/cleanup.ts'],
};
