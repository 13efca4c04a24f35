import { classifyAnswer, valueAt } from '../../nodes/Yishangyun/task/answers';

test('a body with a status or state is a task, even with an error beside it or an empty status', () => {
	expect(classifyAnswer({ id: 'v', status: '' })).toEqual({ kind: 'task', body: { id: 'v', status: '' } });
	expect(classifyAnswer({ task_id: 't', state: 'running' }).kind).toBe('task');
	expect(classifyAnswer({ id: 'v', status: 'failed', error: { message: 'x' } }).kind).toBe('task');
	expect(classifyAnswer({ id: 'v', status: 'something new' }).kind).toBe('task');
});

test('a status must be text: a numeric code is not one', () => {
	expect(classifyAnswer({ status: 503, message: 'busy' }).kind).toBe('not-a-task');
});

test('an error object and no status is a failed task; an error string is not a task', () => {
	const body = { error: { message: 'Video not found', type: 'invalid_request_error', param: null, code: null }, id: 'task_1' };
	expect(classifyAnswer(body)).toEqual({ kind: 'failed', body });
	expect(classifyAnswer({ error: 'Video not found' }).kind).toBe('not-a-task');
});

test('an envelope { code, data } is looked into only when the task is inside', () => {
	expect(classifyAnswer({ code: 'success', data: { task_id: 't', status: 'SUCCESS' } })).toEqual({ kind: 'task', body: { task_id: 't', status: 'SUCCESS' } });
	expect(classifyAnswer({ code: 'fail_to_fetch_task', message: 'x', data: { id: 't' } }).kind).toBe('not-a-task');
});

test('valueAt walks objects and arrays, and nothing else', () => {
	const body = { task_result: { videos: [{ url: 'u' }] }, metadata: 'text' };
	expect(valueAt(body, ['task_result', 'videos', 0, 'url'])).toBe('u');
	expect(valueAt(body, ['task_result', 'videos', 1, 'url'])).toBeUndefined();
	expect(valueAt(body, ['task_result', 0])).toBeUndefined();
	expect(valueAt(body, ['metadata', 'url'])).toBeUndefined();
});
