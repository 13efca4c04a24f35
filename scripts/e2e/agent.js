'use strict';
/*
 * AI-agent workflows in the e2e run: n8n's AI Agent with an OpenAI Chat Model whose credential
 * points at the simulator's scripted chat model (POST /v1/chat/completions), and this package's
 * node as the agent's tool. The chat model calls the first tool once with a prompt of its own,
 * then answers quoting the tool's result; a workflow's `meta.e2e.agent` asks the run to prove it:
 *   "agent": { "tool": "Generate video", "argument": "prompt" }
 *     - the chat model asked for exactly one tool call, and the tool node ran exactly once;
 *     - exactly one video was submitted (paid), and its prompt is the call's `argument`;
 *     - the agent's answer (meta.e2e.node's json.output) carries that submit's task id.
 *   "agent": { "tool": "Check video budget", "submits": 0, "answer": ["\"remaining\":12.5"] }
 *     - a tool that pays for nothing (Get Balance): one call, one run of the tool node, no
 *       submit, and the answer carries each of `answer` (what the tool returned).
 */

const CREDENTIAL_TYPE = 'openAiApi';
const CREDENTIAL = { id: 'cred0000000002', name: 'OpenAI (simulator chat model)' };

/** The openAiApi credential n8n imports, its Base URL on the simulator's /v1. */
function openAiCredential(sim) {
	return { ...CREDENTIAL, type: CREDENTIAL_TYPE, data: { apiKey: sim.apiKey, url: `${sim.url}/v1`, header: false } };
}

/** Points a workflow copy's openAiApi credential references at the imported one (in place). */
function bindOpenAiCredential(wf) {
	for (const node of wf.nodes || []) {
		if (node.credentials && node.credentials[CREDENTIAL_TYPE]) node.credentials[CREDENTIAL_TYPE] = { ...CREDENTIAL };
	}
	return wf;
}

/** Where the simulator's logs stand before a run, so the check sees only that run's requests. */
function mark(sim) {
	return sim ? { chats: sim.chats().length, submits: sim.submits().length } : null;
}

/**
 * Checks one agent run (see the file comment); pushes what is wrong onto `failures` and returns
 * a short description of what was proven.
 */
function checkAgent(run, e2e, sim, before, failures) {
	const spec = e2e.agent;
	if (!sim || !before) {
		failures.push('agent check: no simulator');
		return '';
	}
	const chats = sim.chats().slice(before.chats);
	const calls = chats.filter((c) => c.reply && c.reply.toolCall).map((c) => c.reply.toolCall);
	const submits = sim.submits().slice(before.submits);
	if (chats.length === 0) failures.push('the chat model was never asked');
	if (calls.length !== 1) failures.push(`expected 1 tool call from the chat model, got ${calls.length}`);
	const paid = spec.submits ?? 1;
	if (submits.length !== paid) failures.push(`expected ${paid} paid submit${paid === 1 ? '' : 's'}, got ${submits.length}`);
	const toolRuns = ((run && run.data.resultData.runData[spec.tool]) || []).length;
	if (toolRuns !== 1) failures.push(`expected the tool node "${spec.tool}" to run once, it ran ${toolRuns} times`);
	if (calls.length !== 1 || submits.length !== paid) return '';

	const [call] = calls;
	const items = (run && (run.data.resultData.runData[e2e.node] || [])[0]?.data?.main?.[0]) || [];
	const answers = items.map((item) => String((item.json || {}).output ?? ''));
	if (paid === 0) {
		for (const words of spec.answer || []) {
			if (!answers.some((a) => a.includes(words))) failures.push(`the agent's answer does not carry ${words}: ${JSON.stringify(answers).slice(0, 300)}`);
		}
		return `${chats.length} chat turns, tool call ${call.name} → nothing paid → answer carries ${(spec.answer || []).join(', ')}`;
	}
	const [submit] = submits;
	const argument = call.arguments[spec.argument];
	const sent = submit.body && submit.body.prompt;
	if (typeof argument !== 'string' || sent !== argument) {
		failures.push(`the submit's prompt ${JSON.stringify(sent)} is not the model's ${spec.argument} ${JSON.stringify(argument)}`);
	}
	if (!submit.taskId) failures.push(`the submit was not accepted (HTTP ${submit.status})`);
	if (submit.taskId && !answers.some((a) => a.includes(submit.taskId))) {
		failures.push(`the agent's answer does not carry the task id ${submit.taskId}: ${JSON.stringify(answers).slice(0, 300)}`);
	}
	return `${chats.length} chat turns, tool call ${call.name}(${spec.argument}: "${String(argument).slice(0, 40)}…") → submit ${submit.taskId} → answer carries it`;
}

module.exports = { openAiCredential, bindOpenAiCredential, mark, checkAgent };
