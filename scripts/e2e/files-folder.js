'use strict';
/*
 * Example workflows that write files keep the target folder in one field of one node (e.g. the
 * `folder` of a Set node's JSON). Runs outside the user's own n8n point it at a folder of their
 * own and let n8n write there (n8n 2.x only writes inside N8N_RESTRICT_FILE_ACCESS_TO).
 */
const fs = require('fs');

/** A copy of `wf` whose `spec.node` has `spec.field` set to `dir` (in raw-JSON or fields mode). */
function pointFolderAt(wf, spec, dir) {
	const copy = JSON.parse(JSON.stringify(wf));
	const node = (copy.nodes || []).find((n) => n.name === spec.node);
	if (!node) throw new Error(`files folder: no node "${spec.node}" in ${wf.name}`);
	const p = node.parameters || {};
	if (typeof p.jsonOutput === 'string') {
		const json = JSON.parse(p.jsonOutput);
		json[spec.field] = dir;
		p.jsonOutput = JSON.stringify(json, null, 2);
	} else {
		p[spec.field] = dir;
	}
	fs.mkdirSync(dir, { recursive: true });
	return copy;
}

/** Env that allows n8n to write into `dir`. */
function folderEnv(dir) {
	return { N8N_RESTRICT_FILE_ACCESS_TO: dir };
}

module.exports = { pointFolderAt, folderEnv };
