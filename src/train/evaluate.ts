/** Scoring and prediction outside training: no graph, evaluation mode, nothing disturbed. */

import { noGrad } from "../autodiff/engine.js";
import { checkDataset, isClassification, numPoints, takeRows, type Dataset } from "../data/dataset.js";
import type { Module } from "../nn/module.js";
import { accuracy as accuracyOf } from "../nn/losses.js";
import { Tensor } from "../tensor/tensor.js";
import { resolveLoss, type LossFn, type LossName } from "./loss.js";

/**
 * A score of the model's outputs against the targets, as a mean over the examples (so chunks
 * of a big set combine by their share of it), e.g. `data.fractionSolved`.
 */
// Declared as a method's type so that a function of (yHat, y: Tensor), such as
// data.fractionSolved, or of labels only, is accepted: a data set has one kind of targets.
export type MetricFn = { metric(yHat: Tensor, y: Int32Array | Tensor): number }["metric"];

export interface EvaluateOptions {
  /** As in `fit`; default by the data set's kind. */
  loss?: LossName | LossFn;
  /** Examples (rows, or sequences) per forward pass (bounds memory on big sets). Default 1024. */
  batchSize?: number;
  /** More scores by name (any name but "loss" and "accuracy"), returned beside the loss. */
  metrics?: Record<string, MetricFn>;
}

/** The loss, the accuracy (class labels only), and each extra metric by its name. */
export type Scores = { loss: number; accuracy?: number } & Record<string, number | undefined>;

/** What a forward pass overwrites that diagnostics read afterwards: traces, and a recurrent layer's steps and state. */
type Remembered = { trace: Module["trace"]; steps?: unknown; state?: unknown };

/** Every module of the tree with what it kept of its last forward pass. */
function remember(model: Module): Array<[Module, Remembered]> {
  const out: Array<[Module, Remembered]> = [];
  const visit = (m: Module) => {
    const kept: Remembered = { trace: m.trace };
    // Recurrent layers keep every time step (and the final state) for gradientsThroughTime.
    if ("steps" in m && Object.getOwnPropertyDescriptor(m, "steps")) kept.steps = (m as { steps: unknown }).steps;
    if ("state" in m && Object.getOwnPropertyDescriptor(m, "state")) kept.state = (m as { state: unknown }).state;
    out.push([m, kept]);
    for (const [, child] of m.modules()) visit(child);
  };
  visit(model);
  return out;
}

/**
 * Runs `fn` with the model in evaluation mode and without recording a graph, then puts back the
 * training flag and what every layer kept of the last forward pass (traces; a recurrent layer's
 * steps and state), so diagnostics after an evaluation still see the last training step.
 */
export function inEvalMode<T>(model: Module, fn: () => T): T {
  const wasTraining = model.training;
  const kept = remember(model);
  model.eval();
  try {
    return noGrad(fn);
  } finally {
    model.train(wasTraining);
    for (const [m, k] of kept) {
      m.trace = k.trace;
      if ("steps" in k) (m as unknown as { steps: unknown }).steps = k.steps;
      if ("state" in k) (m as unknown as { state: unknown }).state = k.state;
    }
  }
}

/**
 * The loss (and accuracy, for class labels, and any extra metrics) over a whole data set, in
 * evaluation mode. A sequence set (batchAxis 1) is cut into chunks of sequences.
 * @example evaluate(model, test)   // { loss: 0.21, accuracy: 0.95 }
 * @example evaluate(lstm, test, { metrics: { solved: data.fractionSolved } })   // { loss: 0.0004, solved: 0.93 }
 */
export function evaluate(model: Module, ds: Dataset, options: EvaluateOptions = {}): Scores {
  checkDataset("evaluate", ds);
  const { fn } = resolveLoss("evaluate", options.loss, ds);
  const n = numPoints(ds);
  const chunk = options.batchSize ?? 1024;
  const metrics = Object.entries(options.metrics ?? {});
  return inEvalMode(model, () => {
    let loss = 0;
    let correct = 0;
    const extra = new Array<number>(metrics.length).fill(0);
    for (let start = 0; start < n; start += chunk) {
      const rows = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => start + i);
      const part = rows.length === n ? ds : takeRows(ds, rows);
      // Each chunk's scores are means over its rows: weight them by its share of the set
      // (a single chunk keeps its value exactly, bit for bit).
      const share = (v: number) => (rows.length === n ? v : (v * rows.length) / n);
      const out = model.forward(part.X);
      // A diverged model scores NaN rather than throwing: `fit` reports divergence itself, at
      // the next step, with the step and the layer.
      const finite = out.data.every(Number.isFinite);
      loss += finite ? share(fn(out, part.y).item()) : NaN;
      if (isClassification(part)) correct += accuracyOf(out, part.y) * rows.length;
      metrics.forEach(([, metric], k) => (extra[k] += share(metric(out, part.y))));
    }
    const scores: Scores = isClassification(ds) ? { loss, accuracy: correct / n } : { loss };
    metrics.forEach(([name], k) => (scores[name] = extra[k]));
    return scores;
  });
}

/**
 * The model's outputs (logits for a classifier) for X (n, inputs), in evaluation mode; for a
 * sequence model X (T, n, features), and the outputs are the model's ((n, outputs) for a
 * read-out of the last step).
 * @example predict(model, grid)   // (n, outputs)
 */
export function predict(model: Module, X: Tensor): Tensor {
  return inEvalMode(model, () => model.forward(X).detach());
}

/**
 * The predicted class of each row: the argmax of the logits (z > 0 with a single output).
 * @example classify(model, ds.X)   // Int32Array of class indices
 */
export function classify(model: Module, X: Tensor): Int32Array {
  const out = predict(model, X);
  const [n, k] = out.shape;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      labels[i] = out.data[i] > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (out.data[i * k + c] > out.data[i * k + best]) best = c;
    labels[i] = best;
  }
  return labels;
}
