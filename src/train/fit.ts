/**
 * The training loop. One step:
 *   1. zeroGrad, forward a mini-batch, check the output is finite
 *   2. loss, check it is finite; backward
 *   3. check every parameter's gradient is finite; keep a copy of the weights
 *   4. optimizer.step (clipping inside, if asked); check the weights are still finite
 *   5. record loss and gradient norm; every `evalEvery` steps the whole training (and test) set
 *   6. callbacks' onStep (the graph's gradients are still readable there: diagnostics use them)
 * Any NaN or infinity stops training with a NonFiniteError naming the step, the layer and the
 * gradient norm, and the weights are left as they were before that step. The error carries the
 * history up to that step (`err.history`), so a diverging run can still be charted.
 * Steps count from 0, like `for (let step = 0; step < steps; step++)`: step 0 sees the weights
 * at initialization.
 * The data is a fixed set, shuffled into mini-batches along its batch axis (rows of X, or the
 * sequences of a time-major X (T, n, features)), or a function that returns each step's batch.
 */

import { backward } from "../autodiff/engine.js";
import type { Dataset } from "../data/dataset.js";
import { LibraryError, NonFiniteError, messages } from "../messages.js";
import type { Module } from "../nn/module.js";
import { globalGradNorm } from "../optim/clip.js";
import { createOptimizer, type OptimizerName } from "../optim/create.js";
import type { Optimizer } from "../optim/optimizer.js";
import { toRng, type Rng } from "../random/rng.js";
import type { Tensor } from "../tensor/tensor.js";
import { evaluate, type MetricFn } from "./evaluate.js";
import { checkForward, checkGradients, checkUpdate } from "./finite.js";
import { History } from "./history.js";
import { resolveLoss, type LossFn, type LossName } from "./loss.js";
import { batchSource, type BatchFn } from "./source.js";

/** What a callback sees after each step. */
export interface StepInfo {
  /** This step's index, from 0. */
  step: number;
  /** The epoch this step belongs to, from 0. */
  epoch: number;
  totalSteps: number;
  /** The mini-batch loss before the update. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Whole-training-set accuracy, on evaluation steps of a classification run. */
  accuracy?: number;
  testLoss?: number;
  testAccuracy?: number;
  model: Module;
  optimizer: Optimizer;
  /** The mini-batch this step trained on. */
  batch: Dataset;
  /** Milliseconds since fit started. */
  elapsedMs: number;
}

/** What onEpoch and onEnd see: the state after the last step taken. */
export interface EpochInfo {
  epoch: number;
  /** The index of the last step taken (from 0, as in StepInfo). */
  step: number;
  totalSteps: number;
  testLoss?: number;
  testAccuracy?: number;
  model: Module;
  optimizer: Optimizer;
  history: History;
  elapsedMs: number;
  /** The last mini-batch loss (NaN before the first step): what a live chart's final point shows. */
  loss: number;
  /** The last evaluated training accuracy, on classification runs. */
  accuracy?: number;
}

/**
 * Hooks into the loop. `onStep` may return false to stop training early (after that step).
 * @example { onStep: (info) => { if (info.step % 100 === 0) console.log(info.step, info.loss); } }
 */
export interface Callback {
  onStep?(info: StepInfo): void | boolean;
  onEpoch?(info: EpochInfo): void;
  onEnd?(info: EpochInfo): void;
}

export interface FitOptions {
  /** By name or function. Default "softmaxCrossEntropy" for class labels, "mse" for numeric targets. */
  loss?: LossName | LossFn;
  /**
   * An optimizer, or its name ("sgd", "adam", "adamw") made with `lr`, `momentum`, `weightDecay`,
   * `clipNorm`, `clipValue`. Default "sgd": plain SGD shows the effect of a vanishing gradient
   * undisguised (Adam rescales every gradient to a similar step size).
   */
  optimizer?: Optimizer | OptimizerName;
  /** Learning rate of an optimizer given by name. Default 0.1 for SGD, 1e-3 for Adam. */
  lr?: number;
  momentum?: number;
  weightDecay?: number;
  clipNorm?: number;
  clipValue?: number;
  /** Number of updates. Give this or `epochs`; default 1000 steps. */
  steps?: number;
  /** Number of passes over the data set (the last may end on a partial batch). */
  epochs?: number;
  /** Examples (rows of X, or sequences of a time-major set) per mini-batch. Default 32 (or the whole set if smaller). */
  batchSize?: number;
  /** Seed (or generator) for the mini-batch order. Default 0. */
  seed?: number | Rng;
  /** Evaluate on the whole training set (and testSet) every this many steps, and at the last. Default: about 50 times per run. */
  evalEvery?: number;
  /** A held-out set, scored on evaluation steps as "testLoss" / "testAccuracy". */
  testSet?: Dataset;
  /**
   * More scores for evaluation steps, by name: each a mean over the examples, computed from the
   * model's outputs and the targets. Recorded as `name` (training set) and `testName` (test set).
   * @example { metrics: { solved: data.fractionSolved } }   // history "solved", "testSolved"
   */
  metrics?: Record<string, MetricFn>;
  callbacks?: Callback[];
}

const positiveInt = (what: string, v: number | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v <= 0) throw new LibraryError(messages.positiveInteger(`fit: ${what}`, v));
  return v;
};

function makeOptimizer(model: Module, options: FitOptions): Optimizer {
  const given = options.optimizer ?? "sgd";
  if (typeof given !== "string") return given;
  const lr = options.lr ?? (given.toLowerCase() === "sgd" ? 0.1 : 1e-3);
  const { momentum, weightDecay, clipNorm, clipValue } = options;
  return createOptimizer(given, model.parameters(), { lr, momentum, weightDecay, clipNorm, clipValue });
}

/**
 * Trains `model` on `ds` and returns the history of the run. `ds` is a data set, or a function
 * of the step returning that step's batch (fresh data every step; give `steps`).
 *
 * At the first NaN or infinity it throws a `NonFiniteError` (step, layer, gradient norm), with the
 * weights as they were before that step and the run so far in `err.history`: every completed
 * step's rows (`history.steps` is the failing step), plus the failing step's loss and gradient
 * norm where they were finite.
 * @example
 *   const history = fit(model, data.twoSpirals({ seed: 1 }), { optimizer: "adam", lr: 0.01, steps: 2000, batchSize: 64 })
 *   history.last("accuracy")
 * @example
 *   fit(lstm, data.addingProblem({ n: 2000, T: 20, seed: 1 }), { optimizer: "adam", lr: 0.01, clipNorm: 1, steps: 500 })
 * @example
 *   fit(lstm, (step) => data.addingProblem({ n: 32, T: 50, seed: 100 + step }), { optimizer: "adam", steps: 1000 })
 * @example
 *   try { fit(model, ds, { lr: 5, steps: 200 }); }
 *   catch (e) { if (e instanceof NonFiniteError) charts.lossCurves(e.history!.curves({ batchLoss: true }), { logLoss: true }); }
 */
export function fit(model: Module, ds: Dataset | BatchFn, options: FitOptions = {}): History {
  if (options.steps !== undefined && options.epochs !== undefined) throw new LibraryError(messages.stepsAndEpochs("fit"));
  const rng = toRng(options.seed);
  const epochs = positiveInt("epochs", options.epochs);
  const source = batchSource(ds, { batchSize: positiveInt("batchSize", options.batchSize), epochs }, rng);
  const totalSteps = epochs !== undefined ? epochs * source.perEpoch : (positiveInt("steps", options.steps) ?? 1000);
  const evalEvery = positiveInt("evalEvery", options.evalEvery) ?? Math.max(1, Math.round(totalSteps / 50));
  const { fn: lossFn } = resolveLoss("fit", options.loss, source.sample);
  const optimizer = makeOptimizer(model, options);
  const callbacks = options.callbacks ?? [];
  const named = model.namedParameters();
  const history = new History();
  history.optimizer = optimizer;
  const start = performance.now();
  const info = (epoch: number, stepsDone: number): EpochInfo => {
    const out: EpochInfo = {
      epoch, step: stepsDone - 1, totalSteps, loss: history.last("loss") ?? NaN, model, optimizer, history,
      elapsedMs: performance.now() - start,
    };
    for (const key of ["accuracy", "testLoss", "testAccuracy"] as const) {
      const v = history.last(key);
      if (v !== undefined) out[key] = v;
    }
    return out;
  };

  model.train();
  let step = 0;
  let epoch = 0;
  let lastNorm = NaN;
  let stopped = false;
  while (step < totalSteps && !stopped) {
    for (const batch of source.epoch(step, totalSteps)) {
      if (step >= totalSteps) break;
      const known: Partial<StepValues> = {};
      let values: StepValues;
      try {
        values = trainStep(step, model, batch, lossFn, optimizer, named, lastNorm, known);
      } catch (e) {
        if (e instanceof NonFiniteError) keepHistory(e, history, step, known);
        throw e;
      }
      const { loss, gradNorm } = values;
      lastNorm = gradNorm;
      history.add(step, "loss", loss);
      history.add(step, "gradNorm", gradNorm);
      const stepInfo: StepInfo = { step, epoch, totalSteps, loss, gradNorm, model, optimizer, batch, elapsedMs: 0 };
      if (step % evalEvery === 0 || step === totalSteps - 1) {
        Object.assign(stepInfo, evaluateRun(step, model, source.full, options, history));
      }
      stepInfo.elapsedMs = performance.now() - start;
      step++;
      history.steps = step;
      for (const cb of callbacks) if (cb.onStep?.(stepInfo) === false) stopped = true;
      if (stopped) break;
    }
    for (const cb of callbacks) cb.onEpoch?.(info(epoch, step));
    epoch++;
  }
  for (const cb of callbacks) cb.onEnd?.(info(epoch, step));
  return history;
}

/** A step's mini-batch loss and global gradient norm (before clipping). */
interface StepValues {
  loss: number;
  gradNorm: number;
}

/**
 * Attaches the run so far to a NonFiniteError thrown at `step`: the rows of the steps completed
 * before it, then the failing step's values that were finite (`known`).
 */
function keepHistory(error: NonFiniteError, history: History, step: number, known: Partial<StepValues>): void {
  for (const metric of ["loss", "gradNorm"] as const) {
    const v = known[metric];
    if (v !== undefined && Number.isFinite(v)) history.add(step, metric, v);
  }
  history.steps = step;
  error.history = history;
}

/**
 * One update on one mini-batch (steps 1-4 of the header). Throws NonFiniteError, with the
 * weights as they were before the step, at the first NaN or infinity; what was measured before
 * that (the loss, the gradient norm) is in `known`.
 */
function trainStep(
  step: number,
  model: Module,
  batch: Dataset,
  lossFn: LossFn,
  optimizer: Optimizer,
  named: ReadonlyArray<[string, Tensor]>,
  lastNorm: number,
  known: Partial<StepValues>,
): StepValues {
  optimizer.zeroGrad();
  const out = model.forward(batch.X); // (batch, outputs)
  checkForward(step, model, out, undefined, lastNorm);
  const lossTensor = lossFn(out, batch.y);
  const loss = lossTensor.item();
  checkForward(step, model, out, loss, lastNorm);
  known.loss = loss;
  backward(lossTensor);
  checkGradients(step, named, lastNorm);
  const gradNorm = globalGradNorm(named.map(([, p]) => p));
  known.gradNorm = gradNorm;
  const saved = named.map(([, p]) => p.data.slice()); // to undo an update that overflows
  optimizer.step();
  checkUpdate(step, named, saved);
  return { loss, gradNorm };
}

/**
 * Scores the whole training set (none for a batch function) and the test set, and records the
 * numbers in the history: "trainLoss", "accuracy", "testLoss", "testAccuracy", and each extra
 * metric as `name` and `testName`.
 */
function evaluateRun(
  step: number,
  model: Module,
  ds: Dataset | undefined,
  options: Pick<FitOptions, "testSet" | "loss" | "metrics">,
  history: History,
): Pick<StepInfo, "accuracy" | "testLoss" | "testAccuracy"> {
  const out: Pick<StepInfo, "accuracy" | "testLoss" | "testAccuracy"> = {};
  const { loss, metrics, testSet } = options;
  const extra = (scores: Record<string, number | undefined>, prefix: string) => {
    for (const name of Object.keys(metrics ?? {})) {
      history.add(step, prefix === "" ? name : prefix + name[0].toUpperCase() + name.slice(1), scores[name]!);
    }
  };
  if (ds !== undefined) {
    const train = evaluate(model, ds, { loss, metrics });
    history.add(step, "trainLoss", train.loss);
    if (train.accuracy !== undefined) history.add(step, "accuracy", (out.accuracy = train.accuracy));
    extra(train, "");
  }
  if (testSet !== undefined) {
    const test = evaluate(model, testSet, { loss, metrics });
    history.add(step, "testLoss", (out.testLoss = test.loss));
    if (test.accuracy !== undefined) history.add(step, "testAccuracy", (out.testAccuracy = test.accuracy));
    extra(test, "test");
  }
  return out;
}
