'use strict';
// Lets plain `node` run the TypeScript test harness the benchmarks share with the tests, with
// the project's own compiler options (type errors are caught by `npm run typecheck`, not here).
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const configPath = path.resolve(__dirname, '..', 'tsconfig.json');
const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, path.dirname(configPath));
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: false };

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
