'use strict';
/*
 * meta.e2e.s3: examples that deliver to S3-compatible storage instead of the server's disk.
 *   "s3": { "node": "Settings and prompts", "link": "video_link" }
 * The example keeps `bucket`, `folder` and `publicBaseUrl` in the raw JSON of `node`; its S3 nodes
 * upload each video as `<folder>/<task_id>.mp4`. A run points those at a real S3-compatible
 * server (s3rver, front-doors/s3.js) and binds its S3 nodes to that server's credential; after
 * the run every checked item's object must hold the video byte for byte, read unsigned by the
 * link the item carries in `link` (when named), as the user's next step follows it.
 */
const crypto = require('crypto');
const { bindS3, s3Credential, startS3 } = require('./front-doors/s3');
const n8n = require('./n8n');

/** The credential every run's S3 nodes are bound to (imported once per n8n). */
const S3_CREDENTIAL = { id: 'cred0000000003', name: 'S3 (s3rver)' };

function settingsNode(wf, spec) {
	const node = (wf.nodes || []).find((n) => n.name === spec.node);
	if (!node || typeof node.parameters.jsonOutput !== 'string') throw new Error(`meta.e2e.s3: no raw-JSON Set node "${spec.node}" in ${wf.name}`);
	return node;
}

/** A copy of `wf` storing into `s3`: its settings' bucket and public address, its S3 nodes' credential `ref`. */
function pointStorageAt(wf, spec, s3, ref = S3_CREDENTIAL) {
	const copy = bindS3(wf, ref);
	const node = settingsNode(copy, spec);
	const json = JSON.parse(node.parameters.jsonOutput);
	node.parameters.jsonOutput = JSON.stringify({ ...json, bucket: s3.bucket, publicBaseUrl: `${s3.endpoint}/${s3.bucket}` }, null, 2);
	return copy;
}

/** Where the example puts a task's video in the bucket. */
function objectKey(wf, spec, taskId) {
	const { folder } = JSON.parse(settingsNode(wf, spec).parameters.jsonOutput);
	return `${folder ? `${folder}/` : ''}${taskId}.mp4`;
}

/** Starts the S3 server of one n8n's runs (its files in the user folder) and imports its credential there. */
async function startStorage(uf) {
	const s3 = await startS3({ runDir: uf.dir });
	await n8n.importCredentials(uf, [s3Credential(s3, S3_CREDENTIAL)]);
	return s3;
}

/** The bucket's keys among `taskIds`' objects (none should be there before a video is in hand). */
async function storedKeys(s3, wf, spec, taskIds) {
	const keys = await s3.listKeys();
	return taskIds.map((id) => objectKey(wf, spec, id)).filter((key) => keys.includes(key));
}

/**
 * Every item's video is in the bucket at `<folder>/<task_id>.mp4`, byte for byte, and the item's
 * `spec.link` is that object's public link; pushes what is wrong onto `failures`, returns a summary.
 */
async function checkStoredObjects(items, { wf, spec, s3, sim }, failures) {
	if (items.length === 0) failures.push('no items to look for stored videos');
	let bytes = 0;
	for (const [i, item] of items.entries()) {
		const taskId = item.json.task_id;
		const key = objectKey(wf, spec, taskId);
		const link = spec.link ? item.json[spec.link] : s3.publicUrl(key);
		if (link !== s3.publicUrl(key)) {
			failures.push(`item ${i}: ${spec.link} ${JSON.stringify(link)}, expected ${s3.publicUrl(key)}`);
			continue;
		}
		const res = await fetch(link);
		if (!res.ok) {
			failures.push(`item ${i}: GET ${link}: HTTP ${res.status}`);
			continue;
		}
		const body = Buffer.from(await res.arrayBuffer());
		bytes += body.length;
		const sha = crypto.createHash('sha256').update(body).digest('hex');
		if (sha !== sim.videoSha256(taskId)) failures.push(`item ${i}: object ${key} (${body.length} bytes) differs from the served video`);
	}
	return `${items.length} video${items.length === 1 ? '' : 's'} in S3 storage sha256-verified by ${spec.link ? 'their link' : 'URL'} (${bytes} bytes)`;
}

module.exports = { S3_CREDENTIAL, pointStorageAt, objectKey, startStorage, storedKeys, checkStoredObjects };
