/**
 * Reproduction: does a deeper sigmoid network learn MNIST better than a shallow one on the same
 * budget? Nielsen (2015, ch. 5) trained [784, 30, 10] up to [784, 30, 30, 30, 30, 10] and found
 * no gain from depth (96.48% with one hidden layer, 96.90, 96.57, 96.53 with two to four: one run
 * each, 30 epochs over 50,000 images). We train one to five hidden layers of 30 sigmoid units with
 * his network2 set-up (weights N(0, 1/n_in), biases N(0, 1), sigmoid outputs with the
 * cross-entropy summed over the 10 outputs, plain SGD with lr 0.1 and mini-batches of 10) on a
 * smaller budget: 5,000 real MNIST digits for 20 epochs (10,000 updates, 15 times fewer than his),
 * five seeds per depth, and score 1,000 held-out digits. We leave out his L2 penalty (lambda = 5
 * over n = 50,000 shrinks each weight by 1e-5 per step, which is negligible here) so that the
 * update:data ratio is exactly lr ||dL/dW|| / ||W||, as the lesson derives.
 *
 * For every run it keeps: the held-out accuracy over training, the final one, each layer's
 * typical update:data ratio (the geometric mean over the run, recorded every `recordEvery` steps)
 * and how far each layer's weights moved from their initial values, ||W(T) - W(0)|| / ||W(0)||.
 * The summary gives, per depth, the mean, lowest and highest final accuracy over the seeds.
 * Everything goes to content/results/depth-vs-accuracy.json, which lesson 04 loads.
 *
 *   npx tsx scripts/depth-vs-accuracy.ts             the full run (a few minutes on one core)
 *   npx tsx scripts/depth-vs-accuracy.ts --quick     a smaller run, for a smoke test (not saved)
 *
 * Seeded and deterministic: the same command gives the same numbers, bit for bit.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MNIST_CREDIT } from "../src/data/mnist.js";
import { mnist } from "../src/data/mnist-node.js";
import type { ClassificationDataset } from "../src/data/dataset.js";
import { Recorder } from "../src/diagnostics/recorder.js";
import { bceWithLogits } from "../src/nn/losses.js";
import { MLP } from "../src/nn/mlp.js";
import { mul } from "../src/ops/elementwise.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { evaluate } from "../src/train/evaluate.js";
import { fit } from "../src/train/fit.js";

export interface DepthConfig {
  /** Training digits: positions 0 .. trainSize - 1 of the library's fixed order. */
  trainSize: number;
  /** Held-out digits, from position testOffset on (disjoint from the training digits). */
  testSize: number;
  testOffset: number;
  /** Units per hidden layer. */
  width: number;
  /** Numbers of hidden layers to compare. */
  depths: number[];
  /** One run per seed and depth: the seed of the weights and of the mini-batch order. */
  seeds: number[];
  epochs: number;
  batchSize: number;
  lr: number;
  /** Score the held-out digits every this many steps (and at the last). */
  evalEvery: number;
  /** Record each layer's update:data ratio every this many steps (and at the last). */
  recordEvery: number;
}

/** The configuration the lesson cites. */
export const fullConfig: DepthConfig = {
  trainSize: 5000,
  testSize: 1000,
  testOffset: 9000,
  width: 30,
  depths: [1, 2, 3, 4, 5],
  seeds: [1, 2, 3, 4, 5],
  epochs: 20,
  batchSize: 10,
  lr: 0.1,
  evalEvery: 500,
  recordEvery: 100,
};

/** A small configuration for smoke tests: same code, a few hundred steps. */
export const quickConfig: DepthConfig = { ...fullConfig, trainSize: 500, testSize: 200, depths: [1, 4], seeds: [1, 2], epochs: 2, evalEvery: 50, recordEvery: 20 };

/** Nielsen's published accuracies (ch. 5), one run each: hidden layers -> percent on his validation set. */
export const nielsen = { hiddenLayers: [1, 2, 3, 4], accuracyPercent: [96.48, 96.9, 96.57, 96.53] };

export interface DepthRun {
  depth: number;
  seed: number;
  /** Held-out accuracy after the last update. */
  testAccuracy: number;
  /** Held-out accuracy after step `step` (steps count from 0, as in fit). */
  curve: Array<{ step: number; testAccuracy: number }>;
  /** Geometric mean over the recorded steps of ||ΔW|| / ||W||, per layer ("layer1" .. "output"). */
  updateToData: Record<string, number>;
  /** ||W(T) - W(0)|| / ||W(0)|| per layer at the end of training. */
  relativeChange: Record<string, number>;
}

export interface DepthSummary {
  depth: number;
  /** Over the seeds: mean, lowest and highest final held-out accuracy. */
  mean: number;
  min: number;
  max: number;
}

export interface DepthResults {
  task: string;
  data: string;
  config: DepthConfig;
  nielsen: typeof nielsen;
  summary: DepthSummary[];
  runs: DepthRun[];
}

/** Labels as one-hot rows, flat: the targets of the 10 sigmoid outputs. */
export function oneHot(y: Int32Array, classes = 10): Float64Array {
  const t = new Float64Array(y.length * classes);
  for (let i = 0; i < y.length; i++) t[i * classes + y[i]] = 1;
  return t;
}

/**
 * Nielsen's cost: each of the 10 outputs is a sigmoid with its own cross-entropy against the
 * one-hot target, summed over the outputs and averaged over the batch. bceWithLogits averages over
 * all batch x 10 values, so times 10 it is the sum over outputs.
 */
export function nielsenCost(logits: Tensor, y: Int32Array | Tensor): Tensor {
  return mul(bceWithLogits(logits, oneHot(y as Int32Array, logits.shape[1])), 10);
}

/** Nielsen's network with `depth` hidden layers of `width` sigmoid units (network2's initialization). */
export function nielsenNet(depth: number, width: number, seed: number): MLP {
  return new MLP({
    inputs: 784, hidden: Array.from({ length: depth }, () => width), outputs: 10,
    activation: "sigmoid", init: "lecunNormal", biasInit: "standardNormal", seed,
  });
}

const frobenius = (a: Float64Array, b?: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - (b === undefined ? 0 : b[i])) ** 2;
  return Math.sqrt(s);
};

/** The data sets of a configuration (the same for every run). */
export function dataFor(config: DepthConfig): { trainSet: ClassificationDataset; testSet: ClassificationDataset } {
  return {
    trainSet: mnist({ n: config.trainSize }),
    testSet: mnist({ n: config.testSize, offset: config.testOffset }),
  };
}

/**
 * Trains one network of `depth` hidden layers from `seed` and measures it. `stopAfter` ends
 * training after that step (same data and batches up to there), for the tests.
 */
export function runOne(
  config: DepthConfig,
  depth: number,
  seed: number,
  sets = dataFor(config),
  stopAfter = Infinity,
): DepthRun {
  const { trainSet, testSet } = sets;
  const model = nielsenNet(depth, config.width, seed);
  const initial = model.layers.map((l) => l.weight.data.slice());
  const rec = new Recorder({ every: config.recordEvery, metrics: ["updateToData"] });
  const curve: DepthRun["curve"] = [];
  const onStep = ({ step, totalSteps }: { step: number; totalSteps: number }) => {
    if (step % config.evalEvery === 0 || step === totalSteps - 1 || step === stopAfter) {
      curve.push({ step, testAccuracy: evaluate(model, testSet, { loss: nielsenCost }).accuracy! });
    }
    return step < stopAfter;
  };
  fit(model, trainSet, {
    loss: nielsenCost, optimizer: "sgd", lr: config.lr, batchSize: config.batchSize, epochs: config.epochs,
    seed, evalEvery: 1_000_000, callbacks: [rec, { onStep }],
  });
  const updateToData: Record<string, number> = {};
  for (const name of model.layerNames) {
    const values = rec.rows.filter((r) => r.layer === name).map((r) => r.value);
    updateToData[name] = Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
  }
  const relativeChange: Record<string, number> = {};
  model.layers.forEach((l, k) => {
    relativeChange[model.layerNames[k]] = frobenius(l.weight.data, initial[k]) / frobenius(initial[k]);
  });
  return { depth, seed, testAccuracy: curve[curve.length - 1].testAccuracy, curve, updateToData, relativeChange };
}

/** Mean, lowest and highest final accuracy per depth. */
export function summarize(runs: readonly DepthRun[], depths: readonly number[]): DepthSummary[] {
  return depths.map((depth) => {
    const acc = runs.filter((r) => r.depth === depth).map((r) => r.testAccuracy);
    return { depth, mean: acc.reduce((a, b) => a + b, 0) / acc.length, min: Math.min(...acc), max: Math.max(...acc) };
  });
}

/** Every depth with every seed, under `config`. */
export function runDepthVsAccuracy(config: DepthConfig = fullConfig, log: (line: string) => void = () => {}): DepthResults {
  const sets = dataFor(config);
  const runs: DepthRun[] = [];
  for (const depth of config.depths) {
    for (const seed of config.seeds) {
      const start = performance.now();
      const run = runOne(config, depth, seed, sets);
      runs.push(run);
      log(`  depth ${depth}, seed ${seed}: ${(100 * run.testAccuracy).toFixed(1)}% (${((performance.now() - start) / 1000).toFixed(1)} s)`);
    }
  }
  const steps = config.epochs * Math.ceil(config.trainSize / config.batchSize);
  return {
    task: `MNIST, sigmoid MLPs with 1-${Math.max(...config.depths)} hidden layers of ${config.width} units, ` +
      `network2 set-up (Nielsen 2015, ch. 5), ${steps} SGD steps each; accuracy on ${config.testSize} held-out digits`,
    data: MNIST_CREDIT,
    config,
    nielsen,
    summary: summarize(runs, config.depths),
    runs,
  };
}

const here = dirname(fileURLToPath(import.meta.url));
/** Where the full run's numbers go (lesson 04 loads this file). */
export const resultsPath = resolve(here, "../content/results/depth-vs-accuracy.json");

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const quick = process.argv.includes("--quick");
  const config = quick ? quickConfig : fullConfig;
  const start = performance.now();
  const results = runDepthVsAccuracy(config, console.log);
  console.log(results.task);
  for (const s of results.summary) {
    const pct = (x: number) => (100 * x).toFixed(1);
    console.log(`  ${s.depth} hidden: mean ${pct(s.mean)}%, range ${pct(s.min)}-${pct(s.max)}%`);
  }
  console.log(`  (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  if (!quick) {
    mkdirSync(dirname(resultsPath), { recursive: true });
    writeFileSync(resultsPath, JSON.stringify(results, null, 2) + "\n");
    console.log(`  written to ${resultsPath}`);
  }
}
