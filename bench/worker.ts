/**
 * One implementation of one workload in its own process, driven over stdin/stdout by run.ts:
 *   `worker.ts <impl> <workload>` builds the model (impl: "ours", "tfjs-cpu", "tfjs-wasm"),
 *   prints {"ready"}, then answers one JSON line per command line:
 *     warmup <ms>  -> {"peakHeap"}
 *     run <ms>     -> {"rate"}          steps per second over one timed run
 *     end          -> {"maxRss", "peakHeap", "backend"} and exits
 *   `worker.ts ours matmul <quick|full>` runs the kernel benchmark and prints one JSON line.
 *
 * Why processes taking turns: each measurement is independent (no JIT feedback, heap or wasm
 * memory shared between implementations; the peak RSS is that implementation's own), while the
 * runs of ours and tfjs interleave in time, so a change in the machine's load hits all of them.
 */

import { createInterface } from "node:readline";
import { defaultMeasure, quickMeasure, timedRun, warmup } from "./measure.js";
import { workloads, type WorkloadId } from "./workloads.js";

const [impl, task, mode] = process.argv.slice(2);
const send = (msg: object) => process.stdout.write(`${JSON.stringify(msg)}\n`);

async function build(): Promise<{ step: () => void; backend: string }> {
  const w = workloads[task as WorkloadId];
  if (w === undefined) throw new Error(`unknown workload ${task}`);
  if (impl === "ours") {
    const { oursStep } = await import("./ours.js");
    const { kernelBackend } = await import("../src/tensor/kernels.js");
    return { step: oursStep(w), backend: `this library, float64, matmul kernel: ${kernelBackend()}` };
  }
  const { startBackend, tfjsStep } = await import("./tfjs.js");
  const backend = await startBackend(impl === "tfjs-wasm" ? "wasm" : "cpu");
  return { step: tfjsStep(w), backend };
}

async function main(): Promise<void> {
  if (task === "matmul") {
    const { matmulBench } = await import("./matmul.js");
    send(matmulBench(mode === "quick" ? quickMeasure : defaultMeasure));
    return;
  }
  const { step, backend } = await build();
  let peakHeap = 0;
  send({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === "warmup") {
      peakHeap = Math.max(peakHeap, warmup(step, Number(arg)));
      send({ peakHeap });
    } else if (command === "run") {
      send({ rate: timedRun(step, Number(arg)) });
    } else {
      send({ maxRss: process.resourceUsage().maxRSS * 1024, peakHeap, backend });
      process.exit(0);
    }
  }
}

main().catch((error: unknown) => {
  send({ error: String(error instanceof Error ? error.message : error) });
  process.exit(1);
});
