'use strict';
/*
 * A real S3-compatible server for the examples that deliver to storage instead of the server's
 * disk (n8n Cloud has no Read/Write Files from Disk): s3rver from the npm registry, on a free
 * 127.0.0.1 port, its objects in a folder of the run, one bucket made at start.
 *
 *   const s3 = await startS3({ runDir });               // { endpoint, bucket, region, … }
 *   const id = await createS3Credential(rest, s3);       // n8n's `s3` credential, through the REST API
 *   n8n.importCredentials(uf, [s3Credential(s3, ref)]);  // or for `n8n import:credentials`
 *   await s3.readObject('videos/task_1.mp4');           // the stored bytes (null when missing)
 *   fetch(s3.publicUrl('videos/task_1.mp4'));            // a public object, by its link: no signature
 *   await s3.stop();
 *
 * Each server gets an access key of its own: s3rver checks that a signed request names a known
 * key (it does not recompute V4 signatures), so an upload with another key is refused, and an
 * unsigned GET reads an object the way a browser follows the link.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const S3rver = require('s3rver');
// s3rver keeps its accounts in this registry; a key of our own proves n8n sends the credential's.
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

/** The type and node n8n's S3 node and credential have in 2.41.1 and 1.123.81 alike. */
const S3_CREDENTIAL_TYPE = 's3';
const S3_NODE_TYPE = 'n8n-nodes-base.s3';
const REGION = 'us-east-1';

/** Starts s3rver on 127.0.0.1 (free port) with `bucket`; its files live in a fresh folder of `runDir`. */
async function startS3({ runDir, bucket = 'videos' }) {
	const directory = fs.mkdtempSync(path.join(runDir, 's3-'));
	const accessKeyId = `E2E${crypto.randomBytes(8).toString('hex').toUpperCase()}`;
	const secretAccessKey = crypto.randomBytes(24).toString('base64');
	DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
	const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }], vhostBuckets: false });
	const { port } = await server.run();
	const endpoint = `http://127.0.0.1:${port}`;
	const publicUrl = (key) => `${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
	return {
		endpoint,
		bucket,
		region: REGION,
		accessKeyId,
		secretAccessKey,
		directory,
		publicUrl,
		/** An object's bytes, read back over HTTP without a signature (null when there is none). */
		async readObject(key) {
			const res = await fetch(publicUrl(key));
			if (res.status === 404) return null;
			if (!res.ok) throw new Error(`GET ${publicUrl(key)}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
			return Buffer.from(await res.arrayBuffer());
		},
		/** The bucket's keys (up to 1000: a test's worth). */
		async listKeys() {
			const xml = await (await fetch(`${endpoint}/${bucket}?list-type=2`)).text();
			return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
		},
		async stop() {
			await server.close().catch(() => {});
			DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
			fs.rmSync(directory, { recursive: true, force: true });
		},
	};
}

/** n8n's `s3` credential data for this server (path-style: the bucket is not a host name here). */
function s3CredentialData(s3) {
	return { endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true, ignoreSSLIssues: false };
}

/** The credential as `n8n import:credentials` takes it (plain data: n8n encrypts it); `ref` is { id, name }. */
function s3Credential(s3, ref = { id: 'creds3000000001', name: 'S3 (e2e)' }) {
	return { ...ref, type: S3_CREDENTIAL_TYPE, data: s3CredentialData(s3) };
}

/** Saves the credential through n8n's REST API (a signed-in scripts/e2e/rest.js Rest); returns its id. */
async function createS3Credential(rest, s3, name = 'S3 (e2e)') {
	const saved = await rest.post('/rest/credentials', { name, type: S3_CREDENTIAL_TYPE, data: s3CredentialData(s3), projectId: await rest.projectId() });
	return saved.id;
}

/** A copy of `wf` whose S3 nodes use credential `ref` ({ id, name }) and write into `bucket`. */
function bindS3(wf, ref, bucket) {
	const copy = JSON.parse(JSON.stringify(wf));
	for (const node of copy.nodes || []) {
		if (node.type !== S3_NODE_TYPE) continue;
		node.credentials = { ...node.credentials, [S3_CREDENTIAL_TYPE]: { id: ref.id, name: ref.name } };
		if (bucket && node.parameters.bucketName !== undefined) node.parameters.bucketName = bucket;
	}
	return copy;
}

module.exports = { startS3, s3Credential, s3CredentialData, createS3Credential, bindS3, S3_CREDENTIAL_TYPE, S3_NODE_TYPE };
