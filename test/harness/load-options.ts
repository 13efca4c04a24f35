import { LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INode, INodeParameters, INodePropertyOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { additionalDataFor, loadPackage } from './engine';

const NODE_TYPE = 'n8n-nodes-yishangyun.yishangyunVideo';

/**
 * What the editor shows in a dropdown whose options load from the node: n8n's
 * DynamicNodeParametersService.getOptionsViaMethodName puts the open node, with its parameters
 * and credential, into a one-node workflow and calls the node's `methods.loadOptions[method]`
 * on an n8n-core LoadOptionsContext. `credentials` undefined: no credential chosen yet.
 */
export async function loadOptions(
	method: string,
	options: { parameters?: INodeParameters; credentials?: ICredentialDataDecryptedObject } = {},
): Promise<INodePropertyOptions[]> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const parameters = { operation: 'submitAndWait', ...options.parameters };
	const node: INode = {
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...(options.credentials && { credentials: { yishangyunApi: { id: 'cred0000000001', name: 'under test' } } }),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const helper = new TestCredentialsHelper(credentialTypes, options.credentials ? { yishangyunApi: options.credentials } : {});
	const additionalData = { ...additionalDataFor(helper), currentNodeParameters: parameters };
	const context = new LoadOptionsContext(workflow, node, additionalData, 'model');
	const loader = nodeTypes.getByNameAndVersion(NODE_TYPE, 1).methods?.loadOptions?.[method];
	if (!loader) throw new Error(`The node has no loadOptions method "${method}"`);
	return await loader.call(context);
}
