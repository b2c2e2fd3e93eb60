/**
 * The four benchmark workloads, described once and built by each implementation (ours, tfjs).
 * Sizes come from issues 2 and 5. The data is fixed per workload (same batch every step): a step
 * is forward + backward + SGD update, data loading is not part of it.
 */

import { Rng } from "../src/random/rng.js";

export type WorkloadId = "W1" | "W2" | "W3" | "W4";

export interface MlpWorkload {
  id: WorkloadId;
  kind: "mlp";
  title: string;
  inputs: number;
  depth: number;
  width: number;
  activation: "tanh" | "sigmoid";
  classes: number;
  batch: number;
}

export interface RecurrentWorkload {
  id: WorkloadId;
  kind: "rnn" | "lstm";
  title: string;
  inputs: number;
  hidden: number;
  steps: number; // T
  classes: number;
  batch: number;
}

export type Workload = MlpWorkload | RecurrentWorkload;

export const LR = 0.01; // any small rate: the bench measures speed, the values only need to stay finite

export const workloads: Record<WorkloadId, Workload> = {
  W1: { id: "W1", kind: "mlp", title: "MLP 20x64 tanh, batch 128", inputs: 2, depth: 20, width: 64, activation: "tanh", classes: 2, batch: 128 },
  W2: { id: "W2", kind: "mlp", title: "MLP 10x32 sigmoid, batch 64", inputs: 2, depth: 10, width: 32, activation: "sigmoid", classes: 2, batch: 64 },
  W3: { id: "W3", kind: "rnn", title: "tanh RNN H=64 T=100, batch 32", inputs: 2, hidden: 64, steps: 100, classes: 2, batch: 32 },
  W4: { id: "W4", kind: "lstm", title: "LSTM H=64 T=100, batch 32", inputs: 2, hidden: 64, steps: 100, classes: 2, batch: 32 },
};

/** Multiply-adds... as flops (2 per multiply-add) of the matrix products in one training step. */
export function matmulFlops(w: Workload): number {
  if (w.kind === "mlp") {
    const widths = [w.inputs, ...new Array<number>(w.depth).fill(w.width), w.classes];
    let macs = 0;
    for (let l = 1; l < widths.length; l++) macs += w.batch * widths[l - 1] * widths[l];
    return 2 * 3 * macs; // forward, and two products in backward
  }
  const gates = w.kind === "lstm" ? 4 : 1;
  const perStep = w.batch * (w.inputs + w.hidden) * gates * w.hidden;
  return 2 * 3 * (w.steps * perStep + w.batch * w.hidden * w.classes);
}

/** The fixed inputs of a workload: features row-major, and one class label per example. */
export interface BenchData {
  /** MLP: (batch, inputs). Recurrent: (T, batch, inputs), time-major. */
  X: Float64Array;
  labels: Int32Array;
}

export function makeData(w: Workload, seed = 1): BenchData {
  const rng = new Rng(seed);
  const rows = w.kind === "mlp" ? w.batch : w.steps * w.batch;
  const X = new Float64Array(rows * w.inputs);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  const labels = new Int32Array(w.batch);
  for (let i = 0; i < labels.length; i++) labels[i] = rng.int(w.classes);
  return { X, labels };
}

/** Reference speeds measured by the lead on this machine (steps/s), from issues 2 and 5. */
export const referenceSpeeds: Record<"tfjs-cpu" | "tfjs-wasm", Record<WorkloadId, number>> = {
  "tfjs-cpu": { W1: 12.5, W2: 143, W3: 7.9, W4: 1.1 },
  "tfjs-wasm": { W1: 49, W2: 402, W3: 22.5, W4: 5.9 },
};
