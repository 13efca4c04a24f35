import { decodeDataUrl, gatewayContentPath, isFetchable, judgeContent } from '../../nodes/Yishangyun/transport/file-kind';

test('a video is video/*, or generic bytes; a thumbnail is an image only; JSON is read for a URL', () => {
	for (const type of ['video/mp4', 'video/webm; codecs=vp9', 'application/octet-stream', 'binary/octet-stream', undefined, '']) {
		expect([type, judgeContent(type, 'video')]).toEqual([type, 'store']);
	}
	for (const type of ['text/html; charset=utf-8', 'text/plain', 'image/jpeg', 'application/xml']) expect([type, judgeContent(type, 'video')]).toEqual([type, 'other']);
	expect(judgeContent('image/jpeg', 'image')).toBe('store');
	expect(judgeContent('image/png', 'image')).toBe('store');
	for (const type of ['video/mp4', 'application/octet-stream', undefined, 'text/html']) expect([type, judgeContent(type, 'image')]).toEqual([type, 'other']);
	expect(judgeContent('application/json; charset=utf-8', 'video')).toBe('json');
	expect(judgeContent('application/problem+json', 'image')).toBe('json');
});

test('a link is followed to the web or decoded from data:, nothing else', () => {
	for (const url of ['https://files.example/a.mp4', 'HTTP://files.example/a.mp4', 'data:video/mp4;base64,AAAA']) expect([url, isFetchable(url)]).toEqual([url, true]);
	for (const url of ['ftp://files.example/a.mp4', 'file:///etc/passwd', '/v1/videos/a/content', 'javascript:alert(1)']) expect([url, isFetchable(url)]).toEqual([url, false]);
});

test('data: URLs decode to their bytes and type', () => {
	const bytes = Buffer.from([0, 0, 0, 24, 102, 116, 121, 112]);
	expect(decodeDataUrl(`data:video/mp4;base64,${bytes.toString('base64')}`)).toEqual({ mimeType: 'video/mp4', data: bytes });
	expect(decodeDataUrl(`data:Video/MP4;name=a.mp4;base64,${bytes.toString('base64')}`)).toEqual({ mimeType: 'video/mp4', data: bytes });
	expect(decodeDataUrl('data:text/plain,hello')).toBeUndefined();
	expect(decodeDataUrl('https://files.example/a.mp4')).toBeUndefined();
});

test("the gateway's own /content URL, whatever host new-api wrote into it, for this task only", () => {
	expect(gatewayContentPath('http://localhost:3000/v1/videos/task_1/content', 'task_1')).toBe('/v1/videos/task_1/content');
	expect(gatewayContentPath('https://gw.example/v1/videos/task_1/content?variant=thumbnail', 'task_1')).toBe('/v1/videos/task_1/content?variant=thumbnail');
	expect(gatewayContentPath('https://other-relay.example/v1/videos/their_id/content', 'task_1')).toBeUndefined();
	expect(gatewayContentPath('https://cdn.example/videos/task_1.mp4', 'task_1')).toBeUndefined();
	expect(gatewayContentPath('data:video/mp4;base64,AAAA', 'task_1')).toBeUndefined();
	expect(gatewayContentPath('not a url', 'task_1')).toBeUndefined();
});
