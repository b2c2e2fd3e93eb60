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
 * Each measurement runs in its own child process, one after the other (never in parallel: they
 * would compete for the same cores).
 */

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { matmulFlops, referenceSpeeds, workloads, type WorkloadId } from "./workloads.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const oursOnly = args.includes("--ours");
const jsonAt = args.indexOf("--json");
const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const ids = (args.filter((a) => /^W[1-4]$/.test(a)) as WorkloadId[]);
const selected: WorkloadId[] = ids.length > 0 ? ids : ["W1", "W2", "W3", "W4"];
const impls = oursOnly ? ["ours"] : ["ours", "tfjs-cpu", "tfjs-wasm"];

interface Result {
  impl: string;
  task: string;
  backend?: string;
  median?: number;
  rates?: number[];
  peakHeap?: number;
  maxRss?: number;
  gflops?: Record<string, number>;
  shape?: string;
  error?: string;
}

function runWorker(impl: string, task: string): Result {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(here, "worker.ts"), impl, task, quick ? "quick" : "full"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 24,
  });
  const line = out.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as Result;
  } catch {
    return { impl, task, error: `no result: ${line.slice(0, 200)}` };
  }
}

const fmt = (x: number | undefined, digits = 1): string => (x === undefined ? "-" : x.toFixed(digits));
const mb = (bytes: number | undefined): string => (bytes === undefined ? "-" : `${(bytes / 2 ** 20).toFixed(0)} MB`);
const pad = (s: string, n: number): string => s.padEnd(n);
const padL = (s: string, n: number): string => s.padStart(n);

const started = performance.now();
const results: Result[] = [];
const progress = (r: Result) =>
  process.stderr.write(`  ${r.impl} ${r.task}: ${r.error ?? (r.median !== undefined ? `${fmt(r.median)} steps/s` : "done")}\n`);

process.stderr.write(`Measuring ${selected.join(", ")} (${quick ? "quick" : "full"}), one process at a time...\n`);
const matmul = runWorker("ours", "matmul");
progress(matmul);
for (const id of selected) {
  for (const impl of impls) {
    const r = runWorker(impl, id);
    results.push(r);
    progress(r);
  }
}

const get = (impl: string, id: string) => results.find((r) => r.impl === impl && r.task === id);

console.log(`\nTraining steps per second (median of ${quick ? 3 : 5} runs; higher is better)`);
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

console.log(`\nmatmul kernels on ${matmul.shape ?? "?"}, float64, GFLOP/s (median; large products use: ${matmul.backend ?? "?"})`);
for (const [name, g] of Object.entries(matmul.gflops ?? {})) console.log(`  ${pad(name, 26)} ${padL(fmt(g, 2), 7)}`);
if (matmul.error) console.log(`  error: ${matmul.error}`);

console.log(`\nBackends:`);
for (const impl of impls) {
  const r = results.find((x) => x.impl === impl && x.backend);
  console.log(`  ${pad(impl, 10)} ${r?.backend ?? "-"}`);
}
for (const r of results.filter((x) => x.error)) console.log(`  error in ${r.impl} ${r.task}: ${r.error}`);
console.log(`\nNode ${process.version}; total time ${((performance.now() - started) / 1000).toFixed(0)} s.`);
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ matmul, results }, null, 2));
