import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

/**
 * Resolves and applies credentials the way n8n's own CredentialsHelper does for a credential
 * type with a generic `authenticate`: defaults filled in, `{{$credentials.x}}` expressions
 * evaluated by the workflow's expression engine, the result merged into the request.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly values: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type]?.properties ?? [];
	}

	withDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const defaults = Object.fromEntries(this.getCredentialsProperties(type).map((property) => [property.name, property.default]));
		return { ...defaults, ...data } as ICredentialDataDecryptedObject;
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.values[type];
		if (!data) throw new Error(`No credentials of type ${type} in this test`);
		return this.withDefaults(type, structuredClone(data));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		const request = requestOptions as IHttpRequestOptions & Record<string, Record<string, unknown>>;
		if (typeof type?.authenticate === 'function') return await type.authenticate(credentials, request);
		if (type?.authenticate?.type !== 'generic') return request;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=') && workflow && node
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials })
				: value;
		for (const [where, entries] of Object.entries(type.authenticate.properties)) {
			request[where] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				request[where][String(resolve(key))] = resolve(value);
			}
		}
		return request;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used by these tests');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}
}
