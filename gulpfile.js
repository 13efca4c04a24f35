const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads the node's icons (light and dark) from beside it in dist/.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
