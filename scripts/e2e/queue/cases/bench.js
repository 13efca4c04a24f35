'use strict';
// BENCHMARKS.md › Queue mode: how 4 concurrent calls of N prompts compare with one call of N on
// main + 2 workers, and what one video costs a worker's memory with binary data in the database.
const crypto = require('crypto');
const fs = require('fs');
const cluster = require('../cluster');
const { batchEndpoint, checkCalls } = require('../batch');

const CALLS = 4;
const JOB_SECONDS = 4;
const RATIO_GOAL = 1.25;
const ROUNDS = 3;
const BIG_VIDEO_MIB = 200;
const MEMORY_CALLS = 4;

/**
 * Resets a process's peak resident memory (VmHWM) to what it uses now (Linux: writing 5 to
 * /proc/<pid>/clear_refs) and returns that; peakSince() then reads how high it went.
 */
function resetPeak(pid) {
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
	return kB(pid, 'VmRSS');
}
const peakSince = (pid) => kB(pid, 'VmHWM');
function kB(pid, field) {
	return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
}

const mb = (bytes) => (bytes / 1e6).toFixed(0);

/** One call of n prompts, then CALLS calls of n at once: { one, four, fourMs }. */
async function round(call, n, r) {
	const one = await call(`round ${r}: one call`, n);
	const t = Date.now();
	const four = await Promise.all(Array.from({ length: CALLS }, (_, i) => call(`round ${r}: call ${i + 1} of ${CALLS}`, n)));
	return { one, four, fourMs: Date.now() - t, ratio: (Date.now() - t) / one.ms };
}

/** The ratio's median over ROUNDS rounds, so that a burst of load elsewhere on the machine moves it less. */
async function concurrencyRatio(ctx, { sim, call }, warmUp) {
	const n = ctx.opts.prompts;
	const rounds = [];
	for (let r = 1; r <= ROUNDS; r++) rounds.push(await round(call, n, r));
	const { failures, bytes } = await checkCalls(ctx, sim, [...warmUp, ...rounds.flatMap((x) => [x.one, ...x.four])]);
	const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(ROUNDS / 2)];
	if (median.ratio > RATIO_GOAL) failures.push(`ratio ${median.ratio.toFixed(2)} > goal ${RATIO_GOAL}`);
	Object.assign(ctx.figures, { prompts: n, oneCallSeconds: median.one.ms / 1000, fourCallsSeconds: median.fourMs / 1000, ratio: median.ratio, ratios: rounds.map((x) => x.ratio) });
	const secs = (ms) => (ms / 1000).toFixed(2);
	return {
		what: `${CALLS} concurrent calls × ${n} prompts ÷ 1 call × ${n} (${JOB_SECONDS} s jobs), median of ${ROUNDS} rounds`,
		details: `ratio ${median.ratio.toFixed(2)} (${secs(median.fourMs)} s ÷ ${secs(median.one.ms)} s; rounds ${rounds.map((x) => x.ratio.toFixed(2)).join(', ')}), goal ≤ ${RATIO_GOAL}; ${sim.submits().length} videos byte-exact (${bytes} bytes), one submit each`,
		failures,
	};
}

/** One video through Submit and Wait: the worker that ran it and how far it rose above where it was. */
async function oneVideo(ctx, sim, call, label) {
	const base = new Map(ctx.workers.map((w) => [w, resetPeak(w.proc.pid)]));
	const marks = cluster.logMarks(ctx.workers);
	const res = await call(label, 1);
	const { worker } = await cluster.nextExecution(ctx.workers, marks);
	const run = { worker, base: base.get(worker), growth: peakSince(worker.proc.pid) - base.get(worker), problem: null };
	const item = Array.isArray(res.body) ? res.body[0] : null;
	if (!item || !item.binary_id) return { ...run, problem: `no stored video: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}` };
	const stored = await ctx.rest.binary(item.binary_id);
	if (crypto.createHash('sha256').update(stored).digest('hex') !== sim.videoSha256(item.task_id)) run.problem = 'the stored video differs from the served one';
	return run;
}

/**
 * A worker keeps most of that memory once it has stored a big file (its resident size stays near
 * the peak), so the cost is read on each worker's first big video: calls go on until every worker
 * has had one (Bull decides which worker takes a call), at most MEMORY_CALLS.
 */
async function memoryPerVideo(ctx) {
	const size = BIG_VIDEO_MIB * 1024 * 1024;
	const { sim, call } = await batchEndpoint(ctx, 'queue-bench-memory', { jobSeconds: 1, videoBytes: size });
	const first = new Map();
	const failures = [];
	for (let i = 0; i < MEMORY_CALLS && first.size < ctx.workers.length; i++) {
		const run = await oneVideo(ctx, sim, call, `memory ${i + 1}`);
		if (run.problem) failures.push(run.problem);
		if (!first.has(run.worker)) first.set(run.worker, run);
	}
	const samples = [...first.values()];
	const mean = samples.reduce((sum, r) => sum + r.growth, 0) / samples.length;
	const retained = Math.max(...samples.map((r) => kB(r.worker.proc.pid, 'VmRSS')));
	Object.assign(ctx.figures, { videoMiB: BIG_VIDEO_MIB, workerGrowthMB: mean / 1e6, growthPerFileSize: mean / size, retainedMB: retained / 1e6 });
	return {
		what: `a worker's peak memory for one ${BIG_VIDEO_MIB} MiB video in database mode`,
		details: `+${mb(mean)} MB (${(mean / size).toFixed(1)}× the file; ${samples.map((r) => `${r.worker.name} ${mb(r.base)} → ${mb(r.base + r.growth)} MB`).join(', ')}); resident afterwards ${mb(retained)} MB; every video stored byte-exact`,
		failures,
	};
}

module.exports = async function bench(ctx) {
	const endpoint = await batchEndpoint(ctx, 'queue-bench', { jobSeconds: JOB_SECONDS });
	// A worker's first executions load modules: both workers run one before anything is measured,
	// and the memory figure comes first, while no worker has held anything big yet.
	const warmUp = await Promise.all([endpoint.call('warm-up 1', 1), endpoint.call('warm-up 2', 1)]);
	const memory = await memoryPerVideo(ctx);
	return [await concurrencyRatio(ctx, endpoint, warmUp), memory];
};
