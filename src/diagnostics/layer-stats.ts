/**
 * Per-layer health numbers as tidy rows `{ step, layer, metric, value }`, read after a backward
 * pass from the model's trace (each layer's pre-activation z and activation h, with their
 * gradients) and from its parameters. One call per step; charts take the rows as they are.
 *
 * The metrics (the diagnostics of Karpathy's makemore part 3, plus the gradient norms the
 * vanishing-gradient literature plots):
 *   weightGradNorm         ||dL/dW||: does this layer learn?
 *   biasGradNorm           ||dL/db||: Nielsen's ||δ^l|| (ch. 5 compares these); db = column sums of dL/dz
 *   preActivationGradNorm  ||dL/dz||: the error signal arriving at the layer
 *   activationGradNorm     ||dL/dh||: the signal leaving the layer's output, before φ'
 *   activationMean/Std     of h over the batch and units: is the signal dying or blowing up?
 *   saturatedFraction      share of values (examples x units) where φ is flat (rules below)
 *   deadFraction           share of units flat for every example of the batch (dead units)
 *   gradToData             ||dL/dW|| / ||W||
 *   updateToData           ||ΔW|| / ||W|| of the optimizer's last step (healthy near 1e-3)
 * The gradients are of the batch-mean loss, so they shrink as 1/batch for activations: compare
 * layers within one run, not runs with different batch sizes. Recorded during `fit` with an
 * optimizer that clips, the weight-gradient rows show the clipped gradients (the ones the update
 * used); the history's "gradNorm" keeps the raw global norm.
 *
 * When is a unit saturated? Where φ'(z) is so small that almost no gradient passes:
 *   tanh     |tanh z| > 0.97 (Karpathy's threshold; there tanh' < 0.06)
 *   sigmoid  σ(z) < 0.03 or σ(z) > 0.97 (the same margin at both ends of (0, 1); σ' < 0.03)
 *   others   |φ'(z)| < 0.03: for ReLU the units that are off (z <= 0: "dead" if always),
 *            for leaky ReLU the negative side, for ELU z < ln 0.03 ≈ -3.5
 *   identity never (and the output layer gets no saturation row).
 */

import { activations, type ActivationName } from "../nn/activations.js";
import type { Module } from "../nn/module.js";
import { LibraryError, messages } from "../messages.js";
import type { Tensor } from "../tensor/tensor.js";

export type MetricName =
  | "weightGradNorm"
  | "biasGradNorm"
  | "preActivationGradNorm"
  | "activationGradNorm"
  | "activationMean"
  | "activationStd"
  | "saturatedFraction"
  | "deadFraction"
  | "gradToData"
  | "updateToData";

export const metricNames: readonly MetricName[] = [
  "weightGradNorm",
  "biasGradNorm",
  "preActivationGradNorm",
  "activationGradNorm",
  "activationMean",
  "activationStd",
  "saturatedFraction",
  "deadFraction",
  "gradToData",
  "updateToData",
];

/** One measurement: the tidy row every chart in the course reads. */
export interface DiagnosticRow {
  step: number;
  layer: string;
  metric: MetricName;
  value: number;
  /** A run's name, when rows of several runs share one chart ("sigmoid", "relu"). */
  run?: string;
}

/** The part of an optimizer the update:data ratio needs. */
export interface UpdateSource {
  lastUpdateNorm(param: Tensor): number;
}

export interface LayerStatsOptions {
  /** Gives updateToData (omitted without it). */
  optimizer?: UpdateSource;
  /** Only these metrics. Default: all. */
  metrics?: readonly MetricName[];
  /** The hidden layers' activation, for saturatedFraction; default: read from the model's layers. */
  activation?: ActivationName | string;
  /** Tag every row with this run name. */
  run?: string;
}

const SATURATION_THRESHOLD = 0.97;
const FLAT_DERIVATIVE = 0.03;

/** The saturation test for one pre-activation value (see the rules above); null for identity and unknown names. */
export function saturationRule(activation: string): ((z: number) => boolean) | null {
  if (activation === "identity" || !(activation in activations)) return null;
  if (activation === "tanh") return (z) => Math.abs(Math.tanh(z)) > SATURATION_THRESHOLD;
  if (activation === "sigmoid") {
    const f = activations.sigmoid.f;
    return (z) => {
      const s = f(z);
      return s < 1 - SATURATION_THRESHOLD || s > SATURATION_THRESHOLD;
    };
  }
  const df = activations[activation as ActivationName].df;
  return (z) => Math.abs(df(z)) < FLAT_DERIVATIVE;
}

/** Fraction of saturated values among the pre-activations z; null for identity. */
export function saturatedFraction(z: Float64Array, activation: string): number | null {
  const rule = saturationRule(activation);
  if (rule === null) return null;
  let count = 0;
  for (let i = 0; i < z.length; i++) if (rule(z[i])) count++;
  return z.length === 0 ? 0 : count / z.length;
}

/**
 * Fraction of dead units: units (columns of z, shape (batch, units)) saturated for every example
 * of the batch. Such a unit passes (almost) no gradient for any input, so its weights stop
 * learning: Karpathy's white columns in makemore part 3, or a ReLU that never switches on.
 */
export function deadFraction(z: Tensor, activation: string): number | null {
  const rule = saturationRule(activation);
  if (rule === null) return null;
  const units = z.shape[z.rank - 1] ?? 1;
  const rows = z.size / units;
  let dead = 0;
  for (let j = 0; j < units; j++) {
    let always = true;
    for (let i = 0; i < rows && always; i++) always = rule(z.data[i * units + j]);
    if (always) dead++;
  }
  return dead / units;
}

function meanStd(d: Float64Array): [number, number] {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  const mean = s / d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i] - mean) ** 2;
  return [mean, Math.sqrt(v / d.length)];
}

/** The activation φ of a traced layer: the option, else the child module's, else the model's own. */
function activationOf(model: Module, layer: string, option: string | undefined): string | undefined {
  if (layer === "output") return undefined;
  if (option !== undefined) return option;
  const child = model.modules().find(([name]) => name === layer)?.[1] as { activation?: unknown } | undefined;
  if (typeof child?.activation === "string") return child.activation;
  const own = (model as unknown as { activation?: unknown }).activation;
  return typeof own === "string" ? own : undefined;
}

/** The weight matrices (rank >= 2) of the model, grouped under a layer name for the rows. */
function weightsByLayer(model: Module, traced: readonly string[]): Array<[string, Tensor]> {
  const weights = model.namedParameters().filter(([, p]) => p.rank >= 2);
  return weights.map(([name, p]) => {
    // "layer3.weight" reports as "layer3"; a layer with several matrices keeps their full names.
    const prefix = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name;
    const sharing = weights.filter(([other]) => other.startsWith(prefix + ".")).length;
    const layer = sharing === 1 && (traced.includes(prefix) || name.endsWith(".weight")) ? prefix : name;
    return [layer, p];
  });
}

/**
 * The diagnostics of one step, as tidy rows, in layer order (layer1 ... output).
 * Call after `backward` (and after the optimizer's step, for updateToData).
 * @example const rows = diagnostics.layerStats(model, step, { optimizer: opt })
 */
export function layerStats(model: Module, step: number, options: LayerStatsOptions = {}): DiagnosticRow[] {
  const wanted = new Set<MetricName>(options.metrics ?? metricNames);
  const rows: DiagnosticRow[] = [];
  const push = (layer: string, metric: MetricName, value: number) => {
    if (!wanted.has(metric)) return;
    rows.push(options.run === undefined ? { step, layer, metric, value } : { step, layer, metric, value, run: options.run });
  };
  const traced = model.trace.map((t) => t.layer);
  const weights = weightsByLayer(model, traced);
  // A traced layer's bias: the vector parameter "<layer>.bias" (its gradient is Nielsen's δ).
  const biases = new Map(model.namedParameters().filter(([name, p]) => p.rank === 1 && name.endsWith(".bias")).map(([name, p]) => [name.slice(0, -".bias".length), p]));
  if (traced.length === 0 && weights.every(([, p]) => p.grad === null)) throw new LibraryError(messages.noTrace("layerStats"));

  const weightRows = (layer: string, W: Tensor) => {
    const wNorm = W.norm();
    if (W.grad !== null) {
      const g = W.grad.norm();
      push(layer, "weightGradNorm", g);
      push(layer, "gradToData", g / wNorm);
    }
    if (options.optimizer !== undefined) push(layer, "updateToData", options.optimizer.lastUpdateNorm(W) / wNorm);
  };

  const done = new Set<Tensor>();
  for (const { layer, preActivation, activation } of model.trace) {
    const [mean, std] = meanStd(activation.data);
    push(layer, "activationMean", mean);
    push(layer, "activationStd", std);
    const phi = activationOf(model, layer, options.activation);
    if (phi !== undefined && wanted.has("saturatedFraction")) {
      const f = saturatedFraction(preActivation.data, phi);
      if (f !== null) push(layer, "saturatedFraction", f);
    }
    if (phi !== undefined && wanted.has("deadFraction")) {
      const f = deadFraction(preActivation, phi);
      if (f !== null) push(layer, "deadFraction", f);
    }
    if (preActivation.grad !== null) push(layer, "preActivationGradNorm", preActivation.grad.norm());
    if (activation.grad !== null) push(layer, "activationGradNorm", activation.grad.norm());
    const bias = biases.get(layer);
    if (bias?.grad) push(layer, "biasGradNorm", bias.grad.norm());
    for (const [name, W] of weights) {
      if (name === layer || name.startsWith(layer + ".")) {
        weightRows(name, W);
        done.add(W);
      }
    }
  }
  // Weights no traced layer owns (a model without a trace, or extra matrices) come last.
  for (const [name, W] of weights) if (!done.has(W)) weightRows(name, W);
  return rows;
}

/**
 * The rows of one metric as `{ layer: value }`, in layer order (for a quick table in a cell).
 * @example byLayer(rows, "weightGradNorm")   // { layer1: 0.003, layer2: 0.02, ... }
 */
export function byLayer(rows: readonly DiagnosticRow[], metric: MetricName, step?: number): Record<string, number> {
  const at = step ?? rows.filter((r) => r.metric === metric).reduce((m, r) => Math.max(m, r.step), -Infinity);
  const out: Record<string, number> = {};
  for (const r of rows) if (r.metric === metric && r.step === at) out[r.layer] = r.value;
  return out;
}
