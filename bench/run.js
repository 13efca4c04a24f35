#!/usr/bin/env node
'use strict';
/*
 * `npm run bench` — see BENCHMARKS.md. Builds nothing: run `npm run build` first (the script
 * in package.json does), since the node is loaded from dist/ exactly as n8n loads it.
 *
 *   --quick          small sizes, a minute or so; the goals are printed but not judged (CI)
 *   --only a,b       only these figures: batch, latency, memory, download, polls, politeness
 */
require('./ts-hook');

require('./main.ts')
	.main(process.argv.slice(2))
	.then((code) => process.exit(code))
	.catch((error) => {
		console.error(error);
		process.exit(1);
	});
