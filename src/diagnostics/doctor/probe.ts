/**
 * The doctor's probe: measure a model at its current weights without changing it.
 *
 *   1. check the inputs (a model that traces its layers, a finite data set of the right kind)
 *   2. draw a seeded probe set: `batches` mini-batches of `batchSize` examples
 *   3. one forward pass over the whole probe set: activation mean and std, saturated and dead
 *      fractions per layer (`layerStats`; pooled, so a unit counts as dead only if it is off
 *      for every probe example, not merely for one small batch)
 *   4. a forward and backward pass per batch: gradient norms per layer (`gradientNormsByLayer`)
 *      and through time (`gradientsThroughTime`), averaged over the batches
 *   5. optionally a few training steps (`train.fit` with the caller's optimizer and lr), then
 *      the weights, buffers, traces and gradients are put back exactly (`stateDict` /
 *      `loadStateDict`), so the caller's model is unchanged
 */

import { noGrad } from "../../autodiff/engine.js";
import { checkDataset, isClassification, numPoints, takeRows, type Dataset } from "../../data/dataset.js";
import { batchAxisOf } from "../../data/time-major.js";
import { LibraryError, NonFiniteError, messages } from "../../messages.js";
import { BatchNorm1d } from "../../nn/batchnorm.js";
import { MLP } from "../../nn/mlp.js";
import { Module } from "../../nn/module.js";
import { RecurrentLayer } from "../../nn/recurrent/base.js";
import { RNN } from "../../nn/recurrent/rnn.js";
import type { OptimizerName } from "../../optim/create.js";
import { Rng } from "../../random/rng.js";
import { Tensor } from "../../tensor/tensor.js";
import { fit } from "../../train/fit.js";
import { firstNonFiniteLayer } from "../../train/finite.js";
import { resolveLoss, type LossFn, type LossName } from "../../train/loss.js";
import { layerStats, type DiagnosticRow } from "../layer-stats.js";
import { gradientNormsByLayer } from "../recorder.js";
import { largestSingularValue, spectralRadius } from "../spectral.js";
import { gradientsThroughTime, type HasSteps, type ThroughTimeRow } from "../through-time.js";
import type { Probe, RecurrentProbe, TrainingProbe } from "./types.js";

/** How to probe; `doctor` fills the defaults. */
export interface ProbeSettings {
  loss?: LossName | LossFn;
  batches: number;
  batchSize: number;
  seed: number;
  /** Training steps on the model (0: none). */
  steps: number;
  optimizer: OptimizerName;
  lr?: number;
  momentum?: number;
  clipNorm?: number;
}

/** A sequence model as the probe sees it: a traced module whose recurrent part keeps its steps. */
type SequenceLike = Module & HasSteps & { recurrent?: RecurrentLayer; readout?: "last" | "every" };

/** Runs the probe; throws a LibraryError naming what is wrong with the model or the data. */
export function runProbe(model: Module, ds: Dataset, settings: ProbeSettings): Probe {
  checkModel(model);
  checkData(ds);
  const recurrent = isSequenceModel(model);
  if (recurrent !== (batchAxisOf(ds) === 1)) throw new LibraryError(messages.doctorDataKind(recurrent, model.constructor.name));
  checkDataset("doctor", ds);
  const { fn: lossFn } = resolveLoss("doctor", settings.loss, ds);
  const { full, batches } = probeSet(ds, settings);
  const kept = snapshot(model);
  try {
    model.train();
    const forward = forwardStats(model, full);
    const grads: DiagnosticRow[][] = [];
    const times: ThroughTimeRow[][] = [];
    // A forward pass that overflows leaves no gradient to measure: that is the finding.
    for (const b of forward.nonFinite === undefined ? batches : []) {
      grads.push(gradientNormsByLayer(model, b.X, b.y, lossFn));
      if (recurrent) times.push(gradientsThroughTime(model as SequenceLike));
    }
    const probe: Probe = {
      kind: recurrent ? "recurrent" : "feedForward",
      description: describeModel(model, full),
      activation: activationOf(model),
      examples: numPoints(full),
      batches: grads.length,
      batchSize: numPoints(batches[0]),
      rows: [...meanRows(grads), ...forward.rows],
      timeRows: meanRows(times),
    };
    if (forward.nonFinite !== undefined) probe.nonFiniteForward = forward.nonFinite;
    if (recurrent) probe.recurrent = recurrentProbe(model as SequenceLike, full);
    if (settings.steps > 0 && forward.nonFinite === undefined) probe.training = trainingProbe(model, full, lossFn, settings);
    return probe;
  } finally {
    restore(model, kept);
  }
}

function checkModel(model: unknown): asserts model is Module {
  if (!(model instanceof Module)) {
    const got = model === null ? "null" : typeof model === "object" ? `an object without forward() and parameters()` : typeof model;
    throw new LibraryError(messages.doctorNotModel(got));
  }
  if (model instanceof RecurrentLayer) throw new LibraryError(messages.doctorRecurrentLayer(model.constructor.name));
  for (const [name, p] of model.namedParameters()) {
    if (!p.data.every(Number.isFinite)) throw new LibraryError(messages.doctorNonFiniteWeights(name));
  }
}

function checkData(ds: unknown): asserts ds is Dataset {
  if (ds === null || typeof ds !== "object" || !((ds as Dataset).X instanceof Tensor)) {
    const got = ds === null ? "null" : Array.isArray(ds) ? "an array" : typeof ds === "object" ? "an object without a tensor X" : typeof ds;
    throw new LibraryError(messages.doctorNotDataset(got));
  }
  const { X, y } = ds as Dataset;
  const labels = y instanceof Int32Array ? y.length : y instanceof Tensor ? y.shape[0] : undefined;
  if (labels === undefined) throw new LibraryError(messages.doctorNotDataset("a data set without labels or targets y"));
  if (labels === 0) throw new LibraryError(messages.doctorEmptyData("has no labels or targets (y is empty)"));
  const n = X.shape[batchAxisOf(ds as Dataset)] ?? 0;
  if (n < 2) throw new LibraryError(messages.doctorEmptyData(`holds ${n} example${n === 1 ? "" : "s"}`));
  nonFinite("X", X);
  if (y instanceof Tensor) nonFinite("y", y);
}

/** Throws doctorNonFiniteData at the first NaN or infinity of t, naming its position. */
function nonFinite(what: string, t: Tensor): void {
  const i = t.data.findIndex((v) => !Number.isFinite(v));
  if (i < 0) return;
  const where = t.rank === 2 ? `example ${Math.floor(i / t.shape[1])}, column ${i % t.shape[1]}` : `flat index ${i} of shape (${t.shape.join(", ")})`;
  throw new LibraryError(messages.doctorNonFiniteData(what, t.data[i], where));
}

/** A model the probe reads through time: one whose recurrent steps are kept (nn.SequenceModel). */
function isSequenceModel(model: Module): boolean {
  return Array.isArray((model as Partial<HasSteps>).steps);
}

/**
 * The probe set and its batches. The examples are drawn in one seeded random order; with fewer
 * than batches x batchSize examples, batches shrink to the set (and overlap), so small data
 * sets still give `batches` passes.
 */
function probeSet(ds: Dataset, settings: ProbeSettings): { full: Dataset; batches: Dataset[] } {
  const n = numPoints(ds);
  const order = new Rng(settings.seed).permutation(n);
  const size = Math.min(settings.batchSize, n);
  const total = Math.min(n, settings.batches * size);
  const full = takeRows(ds, order.subarray(0, total));
  const batches = Array.from({ length: settings.batches }, (_, k) =>
    takeRows(full, Array.from({ length: size }, (_, i) => (k * size + i) % total)));
  return { full, batches };
}

/** Step 3: the forward statistics over the whole probe set, and the first non-finite layer. */
function forwardStats(model: Module, full: Dataset): { rows: DiagnosticRow[]; nonFinite?: string } {
  const out = noGrad(() => model.forward(full.X));
  if (model.trace.length === 0) throw new LibraryError(messages.doctorNoTrace(model.constructor.name));
  const rows = layerStats(model, 0, { metrics: ["activationMean", "activationStd", "saturatedFraction", "deadFraction"] });
  if (isClassification(full) && out.rank === 2 && out.shape[1] !== full.numClasses) {
    throw new LibraryError(messages.outputsMismatch("doctor", out.shape[1], full.numClasses));
  }
  return out.data.every(Number.isFinite) ? { rows } : { rows, nonFinite: firstNonFiniteLayer(model) };
}

/** The mean of each row's value over the batches, in the first batch's order (none without batches). */
function meanRows<R extends { value: number }>(perBatch: readonly R[][]): R[] {
  if (perBatch.length === 0) return [];
  return perBatch[0].map((row, i) => ({ ...row, value: mean(perBatch.map((rows) => rows[i].value)) }));
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The hidden layers' φ: the MLP's, or a vanilla RNN's (gated cells have none). */
function activationOf(model: Module): string | undefined {
  if (model instanceof MLP) return model.hiddenLayers[0]?.activation;
  const own = (model as unknown as { activation?: unknown }).activation;
  return typeof own === "string" ? own : undefined;
}

function describeModel(model: Module, full: Dataset): string {
  if (model instanceof MLP) {
    const widths = model.hiddenLayers.map((l) => l.outFeatures);
    const first = model.hiddenLayers[0];
    const sizes = widths.every((w) => w === widths[0]) ? `${widths.length} hidden layer${widths.length === 1 ? "" : "s"} of ${widths[0]}` : `hidden layers (${widths.join(", ")})`;
    const extras = [first?.norm ? `${first.norm instanceof BatchNorm1d ? "batch" : "layer"} norm` : "", model.hiddenLayers.some((l) => l.residual) ? "residual" : ""];
    return ["MLP", sizes, first?.activation ?? "", ...extras].filter(Boolean).join(", ");
  }
  const seq = model as SequenceLike;
  if (seq.recurrent !== undefined) return `${seq.recurrent.constructor.name} of ${seq.recurrent.hidden} units over T = ${full.X.shape[0]} steps, readout "${seq.readout ?? "last"}"`;
  return model.constructor.name;
}

function recurrentProbe(model: SequenceLike, full: Dataset): RecurrentProbe {
  const layer = model.recurrent;
  const out: RecurrentProbe = {
    cell: layer?.constructor.name ?? model.constructor.name,
    hidden: layer?.hidden ?? 0,
    T: full.X.shape[0],
    readout: model.readout ?? "last",
  };
  if (layer?.truncate !== undefined) out.truncate = layer.truncate;
  if (layer instanceof RNN) {
    // Pascanu et al. (2013): with |φ'| <= 1, σ_max(W_h) < 1 is sufficient for the gradient to vanish.
    out.spectralRadius = spectralRadius(layer.recurrentWeight, { iterations: 300 });
    out.largestSingularValue = largestSingularValue(layer.recurrentWeight, { iterations: 300 });
  }
  return out;
}

/** The loss on the whole probe set in training mode (as the steps see it), without a graph. */
function probeLoss(model: Module, full: Dataset, lossFn: LossFn): number {
  return noGrad(() => {
    const out = model.forward(full.X);
    return out.data.every(Number.isFinite) ? lossFn(out, full.y).item() : NaN;
  });
}

/** Step 5: `steps` updates with the caller's optimizer on the probe set, recorded. */
function trainingProbe(model: Module, full: Dataset, lossFn: LossFn, s: ProbeSettings): TrainingProbe {
  const lr = s.lr ?? (s.optimizer === "sgd" ? 0.1 : 1e-3);
  const updateToData: DiagnosticRow[] = [];
  const lossBefore = probeLoss(model, full, lossFn);
  const result: TrainingProbe = { optimizer: s.optimizer, lr, steps: s.steps, stepsTaken: s.steps, lossBefore, lossAfter: NaN, batchLosses: [], updateToData };
  try {
    const history = fit(model, full, {
      loss: lossFn, optimizer: s.optimizer, lr, momentum: s.momentum, clipNorm: s.clipNorm,
      steps: s.steps, batchSize: Math.min(s.batchSize, numPoints(full)), seed: s.seed, evalEvery: s.steps,
      callbacks: [{ onStep: (info) => void updateToData.push(...layerStats(info.model, info.step, { optimizer: info.optimizer, metrics: ["updateToData"] })) }],
    });
    result.batchLosses = history.values("loss");
    result.lossAfter = probeLoss(model, full, lossFn);
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    result.stepsTaken = e.step;
    result.batchLosses = e.history?.values("loss") ?? [];
    result.nonFinite = { step: e.step, layer: e.layer, message: e.message };
  }
  return result;
}

/** What the probe changes besides the weights: traces, recurrent steps and state, the mode, gradients. */
interface Snapshot {
  state: ReturnType<Module["stateDict"]>;
  training: boolean;
  grads: Array<Tensor["grad"]>;
  modules: Array<[Module, Record<string, unknown>]>;
}

function snapshot(model: Module): Snapshot {
  const modules: Array<[Module, Record<string, unknown>]> = [];
  const visit = (m: Module) => {
    const kept: Record<string, unknown> = { trace: m.trace };
    for (const key of ["steps", "state"]) if (Object.getOwnPropertyDescriptor(m, key)) kept[key] = (m as unknown as Record<string, unknown>)[key];
    modules.push([m, kept]);
    for (const [, child] of m.modules()) visit(child);
  };
  visit(model);
  return { state: model.stateDict(), training: model.training, grads: model.parameters().map((p) => p.grad), modules };
}

function restore(model: Module, kept: Snapshot): void {
  model.loadStateDict(kept.state);
  model.train(kept.training);
  model.parameters().forEach((p, i) => (p.grad = kept.grads[i]));
  for (const [m, values] of kept.modules) Object.assign(m, values);
}
