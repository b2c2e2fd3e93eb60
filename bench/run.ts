/**
 * `npm run bench`: training steps per second of this library (float64) against TensorFlow.js
 * (float32, CPU and WASM backends, one thread), measured in the same run, plus the matmul
 * kernel's GFLOP/s and peak memory. See bench/README.md.
 *
 *   npm run bench                  all workloads, ~2.5 minutes
 *   npm run bench -- --quick       shorter runs (a smoke test, noisier)
 *   npm run bench -- W1 W3         only these workloads
 *   npm run bench -- --ours        only this library (no TensorFlow.js)
 *   npm run bench -- --json out.json   also write the raw results
 *
 * Each implementation runs in its own child process (worker.ts); for each workload the three
 * processes take turns: warm-up each, then run 1 of ours, of tfjs-cpu, of tfjs-wasm, run 2 of
 * each, and so on. Never two at once: they would compete for the same cores.
 */

import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { defaultMeasure, median, quickMeasure } from "./measure.js";
import { matmulFlops, referenceSpeeds, workloads, type WorkloadId } from "./workloads.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const oursOnly = args.includes("--ours");
const jsonAt = args.indexOf("--json");
const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const ids = args.filter((a) => /^W[1-4]$/.test(a)) as WorkloadId[];
const selected: WorkloadId[] = ids.length > 0 ? ids : ["W1", "W2", "W3", "W4"];
const impls = oursOnly ? ["ours"] : ["ours", "tfjs-cpu", "tfjs-wasm"];
const timing = quick ? quickMeasure : defaultMeasure;
const workerArgs = (impl: string, task: string) => ["--import", "tsx", join(here, "worker.ts"), impl, task, quick ? "quick" : "full"];

interface Result {
  impl: string;
  task: string;
  backend?: string;
  median?: number;
  rates?: number[];
  peakHeap?: number;
  maxRss?: number;
  error?: string;
}

/** A worker process and a way to send it a command and await its one-line JSON answer. */
class Worker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  constructor(readonly impl: string, task: string) {
    this.child = spawn(process.execPath, workerArgs(impl, task), { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.resume(); // tfjs prints advice to stderr; not ours to show
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }
  async answer(command?: string): Promise<Record<string, unknown>> {
    if (command !== undefined) this.child.stdin.write(`${command}\n`);
    const next = await this.lines.next();
    if (next.done) return { error: "worker exited" };
    try {
      return JSON.parse(next.value) as Record<string, unknown>;
    } catch {
      return { error: `unexpected output: ${next.value.slice(0, 200)}` };
    }
  }
}

/** All implementations of one workload: warm-ups, then the timed runs in turns. */
async function measureWorkload(id: WorkloadId): Promise<Result[]> {
  const workers = impls.map((impl) => new Worker(impl, id));
  const results: Result[] = impls.map((impl) => ({ impl, task: id, rates: [] }));
  const fail = (i: number, msg: Record<string, unknown>) => {
    if (msg.error !== undefined && results[i].error === undefined) results[i].error = String(msg.error);
    return msg.error !== undefined;
  };
  // Start-up: one at a time, so no process compiles while another is timed.
  for (let i = 0; i < workers.length; i++) fail(i, await workers[i].answer());
  for (let i = 0; i < workers.length; i++) if (!results[i].error) fail(i, await workers[i].answer(`warmup ${timing.warmupMs}`));
  for (let r = 0; r < timing.runs; r++) {
    for (let i = 0; i < workers.length; i++) {
      if (results[i].error) continue;
      const msg = await workers[i].answer(`run ${timing.runMs}`);
      if (!fail(i, msg)) results[i].rates!.push(msg.rate as number);
    }
  }
  for (let i = 0; i < workers.length; i++) {
    if (results[i].error) continue;
    const msg = await workers[i].answer("end");
    if (fail(i, msg)) continue;
    Object.assign(results[i], { maxRss: msg.maxRss, peakHeap: msg.peakHeap, backend: msg.backend, median: median(results[i].rates!) });
  }
  return results;
}

function runMatmul(): { shape?: string; gflops?: Record<string, number>; backend?: string; error?: string } {
  try {
    const out = execFileSync(process.execPath, workerArgs("ours", "matmul"), { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return JSON.parse(out.trim().split("\n").pop() ?? "{}");
  } catch (error) {
    return { error: String(error) };
  }
}

const fmt = (x: number | undefined, digits = 1): string => (x === undefined ? "-" : x.toFixed(digits));
const mb = (bytes: number | undefined): string => (bytes === undefined ? "-" : `${(bytes / 2 ** 20).toFixed(0)} MB`);
const pad = (s: string, n: number): string => s.padEnd(n);
const padL = (s: string, n: number): string => s.padStart(n);

const started = performance.now();
const loadBefore = loadavg()[0];
process.stderr.write(`Measuring ${selected.join(", ")} (${quick ? "quick" : "full"}); implementations take turns...\n`);
const matmul = runMatmul();
const results: Result[] = [];
for (const id of selected) {
  const rs = await measureWorkload(id);
  for (const r of rs) process.stderr.write(`  ${id} ${r.impl}: ${r.error ?? `${fmt(r.median)} steps/s`}\n`);
  results.push(...rs);
}
const loadAfter = loadavg()[0];

const get = (impl: string, id: string) => results.find((r) => r.impl === impl && r.task === id);

console.log(`\nTraining steps per second (median of ${timing.runs} runs of ${timing.runMs / 1000} s, the implementations taking turns; higher is better)`);
console.log(`Targets: ours >= 2x tfjs-cpu and >= 1x tfjs-wasm.  ref = the reference speed measured earlier on this machine.\n`);
const head = [pad("workload", 34), padL("ours", 8), padL("tfjs-cpu", 9), padL("(ref)", 7), padL("tfjs-wasm", 10), padL("(ref)", 7),
  padL("ours/cpu", 9), pad("  >=2x", 8), padL("ours/wasm", 10), pad("  >=1x", 8), padL("GFLOP/s", 8)];
console.log(head.join(""));
console.log("-".repeat(head.join("").length));
for (const id of selected) {
  const w = workloads[id];
  const ours = get("ours", id)?.median;
  const cpu = get("tfjs-cpu", id)?.median;
  const wasm = get("tfjs-wasm", id)?.median;
  const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined ? a / b : undefined);
  const rc = ratio(ours, cpu);
  const rw = ratio(ours, wasm);
  const mark = (r: number | undefined, target: number) => (r === undefined ? "  -" : r >= target ? "  met" : "  NOT met");
  console.log([
    pad(`${id} ${w.title}`, 34), padL(fmt(ours), 8), padL(fmt(cpu), 9), padL(fmt(referenceSpeeds["tfjs-cpu"][id]), 7),
    padL(fmt(wasm), 10), padL(fmt(referenceSpeeds["tfjs-wasm"][id]), 7),
    padL(fmt(rc, 2), 9), pad(mark(rc, 2), 8), padL(fmt(rw, 2), 10), pad(mark(rw, 1), 8),
    padL(fmt(ours === undefined ? undefined : (ours * matmulFlops(w)) / 1e9, 2), 8),
  ].join(""));
}
console.log(`\nGFLOP/s: our steps/s x the flops of the step's matrix products (a lower bound on the work done).`);

console.log(`\nPeak memory per measurement process (RSS / heap incl. typed arrays)`);
console.log([pad("workload", 10), ...impls.map((i) => padL(i, 22))].join(""));
for (const id of selected) {
  console.log([pad(id, 10), ...impls.map((i) => {
    const r = get(i, id);
    return padL(r?.error ? "error" : `${mb(r?.maxRss)} / ${mb(r?.peakHeap)}`, 22);
  })].join(""));
}

console.log(`\nmatmul kernels on ${matmul.shape ?? "?"}, float64, GFLOP/s (median of 9 runs, CPU time; large products use: ${matmul.backend ?? "?"})`);
for (const [name, g] of Object.entries(matmul.gflops ?? {})) console.log(`  ${pad(name, 26)} ${padL(fmt(g, 2), 7)}`);
if (matmul.error) console.log(`  error: ${matmul.error}`);

console.log(`\nBackends:`);
for (const impl of impls) {
  const r = results.find((x) => x.impl === impl && x.backend);
  console.log(`  ${pad(impl, 10)} ${r?.backend ?? "-"}`);
}
for (const r of results.filter((x) => x.error)) console.log(`  error in ${r.impl} ${r.task}: ${r.error}`);
console.log(`\nNode ${process.version}; total time ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
  `1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (on ${availableParallelism()} cores: ` +
  `above ~1, other processes shared the machine and every absolute number is low; the ratios, measured in turns, hold up better).`);
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ matmul, results }, null, 2));
