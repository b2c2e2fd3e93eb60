/**
 * One measurement in a fresh process: `worker.ts <impl> <task> [quick]`, where impl is "ours",
 * "tfjs-cpu" or "tfjs-wasm" and task a workload id (W1..W4) or "matmul". Prints one JSON line.
 *
 * A process per measurement keeps them independent: no JIT feedback, heap or wasm memory
 * carried from one workload to the next, and the peak RSS is that workload's own.
 */

import { defaultMeasure, measure, quickMeasure } from "./measure.js";
import { workloads, type WorkloadId } from "./workloads.js";

const [impl, task, mode] = process.argv.slice(2);
const options = mode === "quick" ? quickMeasure : defaultMeasure;

async function run(): Promise<object> {
  if (task === "matmul") {
    const { matmulBench } = await import("./matmul.js");
    return matmulBench(options);
  }
  const w = workloads[task as WorkloadId];
  if (w === undefined) throw new Error(`unknown workload ${task}`);
  let step: () => void;
  let backend = "this library, float64";
  if (impl === "ours") {
    const { oursStep } = await import("./ours.js");
    const { matmulBackend } = await import("../src/tensor/kernels.js");
    step = oursStep(w);
    backend += `, matmul ${matmulBackend()}`;
  } else {
    const { startBackend, tfjsStep } = await import("./tfjs.js");
    backend = await startBackend(impl === "tfjs-wasm" ? "wasm" : "cpu");
    step = tfjsStep(w);
  }
  const m = measure(step, options);
  return { impl, task, backend, ...m, maxRss: process.resourceUsage().maxRSS * 1024 };
}

run().then(
  (result) => console.log(JSON.stringify(result)),
  (error: unknown) => {
    console.log(JSON.stringify({ impl, task, error: String(error instanceof Error ? error.message : error) }));
  },
);
