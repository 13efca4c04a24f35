'use strict';
// The Yishangyun API credential the real-n8n scripts give n8n, and the workflows pointed at it:
// examples reference a credential of the author's, a run uses its own (simulator or real API).
const { CREDENTIAL_TYPE } = require('./n8n');

/** The credential `n8n import:credentials` creates: a fixed id, so that workflows can name it. */
const CREDENTIAL = { id: 'cred0000000001', name: 'Yishangyun (simulator)' };

/** A credential for the API at `api` ({ apiKey, url }: a simulator, or the real one), as n8n imports it (plain data: n8n encrypts it). */
function credentialFor(api, ref = CREDENTIAL) {
	return { ...ref, type: CREDENTIAL_TYPE, data: { apiKey: api.apiKey, baseUrl: api.url } };
}

/** A copy of `wf` whose Yishangyun nodes use the credential `ref` ({ id, name }), whatever they referenced. */
function bindCredential(wf, ref = CREDENTIAL) {
	const copy = JSON.parse(JSON.stringify(wf));
	for (const node of copy.nodes || []) {
		if (node.credentials && node.credentials[CREDENTIAL_TYPE]) node.credentials[CREDENTIAL_TYPE] = { id: ref.id, name: ref.name };
	}
	return copy;
}

module.exports = { CREDENTIAL, credentialFor, bindCredential };
