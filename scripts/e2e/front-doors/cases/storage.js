'use strict';
// Delivery without the server's disk, the way every example but the demo's ends: n8n's own S3
// node uploads the finished video to a real S3-compatible server (s3rver, ../s3.js), with an S3
// credential saved through n8n's REST API as the editor saves it, and the object is then read by
// its public link, unsigned, as the user's browser or next app follows it: byte for byte the video.
const { startS3, createS3Credential, bindS3 } = require('../s3');
const { startRun, waitForRun } = require('../../server');

const KEY_FOLDER = 'videos';

/** Yishangyun Video (Submit and Wait) → S3 upload of its `data` binary, public-read, under videos/. */
function workflow(credential) {
	return {
		name: 'Front doors: video to S3-compatible storage',
		nodes: [
			{ id: 's3-1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 's3-2',
				name: 'Yishangyun Video',
				type: 'n8n-nodes-yishangyun.yishangyunVideo',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'submitAndWait', model: 'sora-2', prompt: 'A paper boat on a rainy street', seconds: '10', size: '1280x720', options: {} },
				credentials: { yishangyunApi: credential },
			},
			{
				id: 's3-3',
				name: 'Upload to storage',
				type: 'n8n-nodes-base.s3',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'file',
					operation: 'upload',
					bucketName: 'set-by-bindS3',
					fileName: '={{ $json.task_id }}.mp4',
					binaryData: true,
					binaryPropertyName: 'data',
					additionalFields: { parentFolderKey: KEY_FOLDER, acl: 'publicRead' },
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'Yishangyun Video', type: 'main', index: 0 }]] },
			'Yishangyun Video': { main: [[{ node: 'Upload to storage', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

module.exports = {
	name: 'storage',
	versions: ['2', '1'],
	async run({ rest, runDir, simulator }) {
		const failures = [];
		const { sim, credential } = await simulator({ queueSeconds: 0.5, jobSeconds: 3 });
		const s3 = await startS3({ runDir });
		try {
			const s3Id = await createS3Credential(rest, s3, 'S3 (s3rver)');
			const wf = bindS3(workflow(credential), { id: s3Id, name: 'S3 (s3rver)' }, s3.bucket);
			const saved = await rest.saveWorkflow(wf);
			const res = await waitForRun(rest, await startRun(rest, saved.id, wf), { timeoutMs: 180_000 });
			if (!res.ok) failures.push(`the run did not succeed: ${res.message}`);
			const video = res.run?.data.resultData.runData['Yishangyun Video']?.[0]?.data.main[0][0]?.json;
			const taskId = video?.task_id;
			if (!taskId) failures.push('no task_id out of Yishangyun Video');
			const key = `${KEY_FOLDER}/${taskId}.mp4`;
			const bytes = taskId ? await s3.readObject(key) : null;
			if (taskId && !bytes) failures.push(`no object ${key} in the bucket (keys: ${(await s3.listKeys()).join(', ') || 'none'})`);
			const sha = bytes && require('crypto').createHash('sha256').update(bytes).digest('hex');
			if (bytes && sha !== sim.videoSha256(taskId)) failures.push(`object ${key} (${bytes.length} bytes) differs from the served video`);
			const link = s3.publicUrl(key);
			return [{ what: 'S3 node delivers the video to S3-compatible storage, fetchable by its link', details: `${link} (${bytes ? bytes.length : 0} bytes)`, failures }];
		} finally {
			await s3.stop();
		}
	},
};
