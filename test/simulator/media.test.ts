/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import { boxes, createTask, download, pollUntil, rawGet, sha256, withSimulator } from './helpers';

const FIXTURES = path.join(__dirname, '../../simulator/fixtures');
const fixtureVideo = readFileSync(path.join(FIXTURES, 'video.mp4'));
const fixtureThumbnail = readFileSync(path.join(FIXTURES, 'thumbnail.jpg'));

/** The first box of `type` in `bytes[start, end)`, descending into the containers on the way to sample tables. */
function find(bytes: Buffer, type: string, start = 0, end = bytes.length): { offset: number; size: number } | undefined {
	for (const box of boxes(bytes, start, end)) {
		if (box.type === type) return box;
		if (['moov', 'trak', 'mdia', 'minf', 'stbl'].includes(box.type)) {
			const inner = find(bytes, type, box.offset + 8, box.offset + box.size);
			if (inner) return inner;
		}
	}
	return undefined;
}

describe('the fixtures are real media', () => {
	test('video.mp4: a small H.264 MP4 of about two seconds at 320x180', () => {
		expect(fixtureVideo.length).toBeLessThan(100 * 1024);
		expect(boxes(fixtureVideo).map((box) => box.type)).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
		const moov = find(fixtureVideo, 'moov')!;
		const header = fixtureVideo.subarray(moov.offset, moov.offset + moov.size);
		expect(header.includes('avc1')).toBe(true);
		expect(header.includes('avcC')).toBe(true);
		const mvhd = find(fixtureVideo, 'mvhd')!;
		const version = fixtureVideo[mvhd.offset + 8];
		const timescale = fixtureVideo.readUInt32BE(mvhd.offset + (version === 1 ? 28 : 20));
		const duration = version === 1 ? Number(fixtureVideo.readBigUInt64BE(mvhd.offset + 32)) : fixtureVideo.readUInt32BE(mvhd.offset + 24);
		expect(duration / timescale).toBeGreaterThan(1.5);
		expect(duration / timescale).toBeLessThan(3);
		const tkhd = find(fixtureVideo, 'tkhd')!;
		// tkhd ends with width and height as 16.16 fixed point.
		const dims = tkhd.offset + tkhd.size - 8;
		expect([fixtureVideo.readUInt32BE(dims) >> 16, fixtureVideo.readUInt32BE(dims + 4) >> 16]).toEqual([320, 180]);
	});

	test('thumbnail.jpg: a baseline JPEG', () => {
		expect([...fixtureThumbnail.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
		expect([...fixtureThumbnail.subarray(-2)]).toEqual([0xff, 0xd9]);
		const sof = fixtureThumbnail.indexOf(Buffer.from([0xff, 0xc0]));
		expect(sof).toBeGreaterThan(0);
		expect([fixtureThumbnail.readUInt16BE(sof + 7), fixtureThumbnail.readUInt16BE(sof + 5)]).toEqual([320, 180]);
	});

	test('without videoBytes the fixture is served as it is', async () => {
		await withSimulator({ queueSeconds: 0, jobSeconds: 0.05 }, async (sim) => {
			expect(sim.videoSize).toBe(fixtureVideo.length);
			expect(sim.videoSha256()).toBe(sha256(fixtureVideo));
			expect(sim.thumbnailSha256).toBe(sha256(fixtureThumbnail));
			const id = await createTask(sim);
			const done = await pollUntil(sim, id, 'completed');
			expect((await download(done.video_url)).bytes.equals(fixtureVideo)).toBe(true);
			expect((await download(done.thumbnail_url)).bytes.equals(fixtureThumbnail)).toBe(true);
		});
	});
});

describe('videoBytes pads the MP4 with a free box to an exact size', () => {
	let sim: Simulator;
	const SIZE = 3_000_017;
	beforeAll(async () => {
		sim = await startSimulator({ videoBytes: SIZE, queueSeconds: 0, jobSeconds: 0.05 });
	});
	afterAll(async () => await sim.close());

	test('exact size, the fixture first, boxes that tile the file, a free box last, and the advertised sha256', async () => {
		expect(sim.videoSize).toBe(SIZE);
		const id = await createTask(sim);
		const done = await pollUntil(sim, id, 'completed');
		expect(done.file_size).toBe(SIZE);
		const video = await download(done.video_url);
		expect(Number(video.headers.get('content-length'))).toBe(SIZE);
		expect(video.bytes.length).toBe(SIZE);
		expect(video.bytes.subarray(0, fixtureVideo.length).equals(fixtureVideo)).toBe(true);
		const top = boxes(video.bytes);
		expect(top.at(-1)).toEqual({ type: 'free', offset: fixtureVideo.length, size: SIZE - fixtureVideo.length });
		expect(top[0].type).toBe('ftyp');
		expect(sha256(video.bytes)).toBe(sim.videoSha256(id));
	});

	test('the padding differs chunk by chunk, so a repeated or skipped chunk changes the hash', async () => {
		const id = await createTask(sim);
		const video = await download((await pollUntil(sim, id, 'completed')).video_url);
		const start = fixtureVideo.length + 8;
		const first = video.bytes.subarray(start, start + 65536);
		const second = video.bytes.subarray(start + 65536, start + 2 * 65536);
		expect(first.equals(second)).toBe(false);
		expect(new Set(first).size).toBeGreaterThan(200);
	});

	test('the padded video streams on demand: 256 MB arrive and hash to videoSha256', async () => {
		const SIZE = 256 * 1024 * 1024;
		await withSimulator({ videoBytes: SIZE, queueSeconds: 0, jobSeconds: 0.05 }, async (big) => {
			const id = await createTask(big);
			const done = await pollUntil(big, id, 'completed');
			const streamed = await rawGet(done.video_url);
			expect(streamed.error).toBeUndefined();
			expect(streamed).toMatchObject({ status: 200, received: SIZE });
			expect(Number(streamed.headers['content-length'])).toBe(SIZE);
			expect(streamed.sha256).toBe(big.videoSha256(id));
		});
	}, 60_000);

	test('past 4 GiB the free box uses the 64-bit size form', async () => {
		const SIZE = 5 * 1024 ** 3 + 3;
		await withSimulator({ videoBytes: SIZE, queueSeconds: 0, jobSeconds: 0.05 }, async (huge) => {
			expect(huge.videoSize).toBe(SIZE);
			const id = await createTask(huge);
			const done = await pollUntil(huge, id, 'completed');
			expect(done.file_size).toBe(SIZE);
			const partial = await rawGet(done.video_url, fixtureVideo.length + 16);
			expect(Number(partial.headers['content-length'])).toBe(SIZE);
			const header = partial.head.subarray(fixtureVideo.length, fixtureVideo.length + 16);
			expect(header.readUInt32BE(0)).toBe(1);
			expect(header.subarray(4, 8).toString('latin1')).toBe('free');
			expect(Number(header.readBigUInt64BE(8))).toBe(SIZE - fixtureVideo.length);
		});
	});

	test('impossible sizes are refused up front', async () => {
		await expect(startSimulator({ videoBytes: 1000 })).rejects.toThrow(/videoBytes/);
		await expect(startSimulator({ videoBytes: fixtureVideo.length + 4 })).rejects.toThrow(/videoBytes/);
		await expect(startSimulator({ videoBytes: 1.5e6 + 0.5 })).rejects.toThrow(/videoBytes/);
	});

	test('configure can change the size at runtime', async () => {
		sim.configure({ videoBytes: fixtureVideo.length + 8 });
		try {
			expect(sim.videoSize).toBe(fixtureVideo.length + 8);
			const id = await createTask(sim);
			const video = await download((await pollUntil(sim, id, 'completed')).video_url);
			expect(boxes(video.bytes).at(-1)).toEqual({ type: 'free', offset: fixtureVideo.length, size: 8 });
			expect(sha256(video.bytes)).toBe(sim.videoSha256());
		} finally {
			sim.configure({ videoBytes: SIZE });
		}
	});
});
