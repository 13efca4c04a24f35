import '../harness/env';

import { loadOptions } from '../harness/load-options';
import { startSimulator, type Simulator } from '../harness/simulator';

const DOCUMENTED = ['sora-2', 'sora-2-hd', 'sora-2-pro', 'veo3', 'veo3-pro', 'veo3.1', 'veo3.1-pro'];

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
afterEach(() => sim.configure({ models: DOCUMENTED, modelsEndpoint: true }));

const models = (apiKey = sim.apiKey) => loadOptions('getModels', { credentials: { apiKey, baseUrl: `${sim.url}/v1/` } });

describe('the Model dropdown, loaded through n8n-core’s LoadOptionsContext', () => {
	test('lists the gateway’s models, video ones first (marked by the gateway or named sora/veo), then the others', async () => {
		sim.configure({
			models: [
				'gpt-4o-mini',
				...DOCUMENTED,
				{ id: 'kling-v2', supported_endpoint_types: ['openai-video'] },
				{ id: 'wan-2.2', architecture: { output_modalities: ['video'] } },
				{ id: 'dall-e-3', type: 'image' },
				'sora-2',
			],
		});
		const options = await models();
		expect(options.map((option) => option.value)).toEqual(['kling-v2', ...DOCUMENTED, 'wan-2.2', 'dall-e-3', 'gpt-4o-mini']);
		expect(options.find((option) => option.value === 'sora-2-pro')).toEqual({
			name: 'Sora 2 Pro',
			value: 'sora-2-pro',
			description: 'Sora 2 Pro: best quality, slowest',
		});
		expect(options.find((option) => option.value === 'kling-v2')).toEqual({ name: 'kling-v2', value: 'kling-v2', description: 'Kling video model: duration + aspect ratio, first/last frame' });
		expect(options.find((option) => option.value === 'wan-2.2')!.description).toBe('Wan video model: duration + ratio in metadata, up to 5 reference images');
		expect(options.at(-1)!.description).toMatch(/not a video model/);
		const request = sim.requests.at(-1)!;
		expect([request.method, request.path, request.headers.authorization]).toEqual(['GET', '/v1/models', `Bearer ${sim.apiKey}`]);
	});

	test('a gateway without /v1/models gets the seven models of the API document, with their labels', async () => {
		sim.configure({ modelsEndpoint: false });
		const options = await models();
		expect(options.map((option) => option.value)).toEqual(DOCUMENTED);
		expect(options[0]).toEqual({ name: 'Sora 2', value: 'sora-2', description: 'Sora 2: fast, good for drafts' });
		expect(sim.requests.at(-1)!.status).toBe(404);
	});

	test('a gateway that lists no models gets the document’s seven too', async () => {
		sim.configure({ models: [] });
		expect((await models()).map((option) => option.value)).toEqual(DOCUMENTED);
	});

	test('a refused key or no credential yet still gives a list to choose from', async () => {
		expect((await models('sk-wrong')).map((option) => option.value)).toEqual(DOCUMENTED);
		expect(sim.requests.at(-1)!.status).toBe(401);
		const before = sim.requests.length;
		expect((await loadOptions('getModels')).map((option) => option.value)).toEqual(DOCUMENTED);
		expect(sim.requests.length).toBe(before);
	});
});

describe('a new-api gateway’s list ({success, data}, only Sora tagged openai-video)', () => {
	let gateway: Simulator;
	beforeAll(async () => {
		gateway = await startSimulator({ dialect: 'newapi' });
	});
	afterAll(async () => await gateway.close());

	test('video models of every family come before the chat models, each described by its family', async () => {
		const video = [
			'sora-2',
			'veo3.1',
			'grok-video-3-10s',
			'kling-v2-6-std',
			'doubao-seedance-1-5-pro_10s_720p',
			'wan2.6-t2v-720P_5s',
			'happyhorse-1.0-t2v-720P_5s',
			'MiniMax-Hailuo-02',
			'viduq1',
		];
		const chat = ['deepseek-chat', 'gpt-4o-mini', 'grok-4', 'minimax-m1', 'qwen-max'];
		// Interleaved, as a gateway lists them: by channel, not by kind.
		gateway.configure({ models: video.flatMap((id, index) => [id, chat[index]].filter(Boolean)) });
		const options = await loadOptions('getModels', { credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url } });
		const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
		expect(options.map((option) => option.value)).toEqual([...[...video].sort(byId), ...[...chat].sort(byId)]);

		const description = (id: string) => options.find((option) => option.value === id)!.description;
		// Issue 21: each says what its generation takes and what its name says.
		expect(description('kling-v2-6-std')).toBe('Kling video model: duration + aspect ratio, first/last frame; std mode');
		expect(description('doubao-seedance-1-5-pro_10s_720p')).toBe('Seedance 1.x video model: up to 2 images (first and last frame); duration + ratio in metadata; 10 s, 720p');
		expect(description('wan2.6-t2v-720P_5s')).toBe('Wan text-to-video model: text only; duration + ratio in metadata; 5 s, 720P');
		expect(description('happyhorse-1.0-t2v-720P_5s')).toMatch(/^HappyHorse text-to-video model: text only; .+; 5 s, 720P$/);
		expect(description('grok-video-3-10s')).toMatch(/^Grok video model: the duration is in the name.+; 10 s$/);
		expect(description('veo3.1')).toBe('Google Veo 3.1');
		expect(description('MiniMax-Hailuo-02')).toBe('Hailuo 02 video model: 6 or 10 s, 512P, 768P or 1080P; first/last frame in metadata');
		expect(description('viduq1')).toMatch(/^Vidu video model: /);
		expect(description('grok-4')).toBe('Listed by the gateway, but not a video model');
	});
});
