/**
 * The gradient doctor: one call that probes a model and names what is wrong with its gradients,
 * with the evidence and the remedy the course taught.
 *
 *   doctor(model, ds, options)
 *     1. probe (doctor/probe.ts): a few forward and backward passes at the current weights, and
 *        with `lr` (or `optimizer`, `steps`) a few training steps; the model is put back exactly
 *     2. rules (doctor/rules.ts): each finding's thresholds, with their reasons, applied to the
 *        per-layer and through-time rows
 *     3. result: findings (most severe first, causes before symptoms), `toText()`,
 *        `toMarkdown()`, and the rows for `charts.doctorChart(result)`
 *
 * What it can name: vanishing and exploding gradients, saturated and dead units, a bad
 * initialization scale, a learning rate too high, and a recurrent horizon too long. It works for
 * `nn.MLP` (with or without norm and residual connections) on rows X (n, features) and for
 * `nn.SequenceModel` (RNN, LSTM, GRU) on time-major sequence sets, with class labels or targets.
 */

import type { Dataset } from "../data/dataset.js";
import { LibraryError, messages } from "../messages.js";
import type { Module } from "../nn/module.js";
import type { OptimizerName } from "../optim/create.js";
import type { LossFn, LossName } from "../train/loss.js";
import type { DiagnosticRow } from "./layer-stats.js";
import { runProbe } from "./doctor/probe.js";
import { toMarkdown, toText } from "./doctor/report.js";
import { findings } from "./doctor/rules.js";
import { DEFAULT_THRESHOLDS, type DoctorThresholds } from "./doctor/thresholds.js";
import type { Finding, FindingName, Probe } from "./doctor/types.js";
import type { ThroughTimeRow } from "./through-time.js";

export type { Finding, FindingName, Probe, RecurrentProbe, Severity, TrainingProbe } from "./doctor/types.js";
export { DEFAULT_THRESHOLDS, type DoctorThresholds } from "./doctor/thresholds.js";
export { LESSONS } from "./doctor/remedies.js";

export interface DoctorOptions {
  /** The loss, by name or function. Default: softmax cross-entropy for labels, mse for targets (as `fit`). */
  loss?: LossName | LossFn;
  /** Forward and backward passes at the current weights, one batch each. Default 4. */
  batches?: number;
  /** Examples per batch. Default 32 (or the whole set if smaller). */
  batchSize?: number;
  /** Seed of the probe set and of the training steps' batch order. Default 0. */
  seed?: number;
  /** The learning rate to check. Giving it (or `optimizer`, or `steps`) runs training steps. */
  lr?: number;
  /** Optimizer for the training steps. Default "sgd" (as `fit`). */
  optimizer?: OptimizerName;
  momentum?: number;
  clipNorm?: number;
  /** Training steps on the probe set. Default 10 when `lr` or `optimizer` is given, else 0 (none). */
  steps?: number;
  /** Override any threshold (see `DEFAULT_THRESHOLDS` for each one's reason). */
  thresholds?: Partial<DoctorThresholds>;
}

/** What the doctor found: findings, the measurements behind them, and the report. */
export class DoctorResult {
  constructor(
    /** Most severe first; among equals the likely cause before its symptoms. */
    readonly findings: readonly Finding[],
    /** Everything the probe measured (per-layer rows, through-time rows, the training steps). */
    readonly probe: Probe,
    readonly thresholds: Readonly<DoctorThresholds>,
  ) {}

  /** True when nothing of severity "warning" or "critical" was found. */
  get healthy(): boolean {
    return this.findings.every((f) => f.severity === "info");
  }

  /** The main finding (the first), if any. */
  get primary(): Finding | undefined {
    return this.findings[0];
  }

  /** The finding of that name, if it was found. */
  find(name: FindingName): Finding | undefined {
    return this.findings.find((f) => f.name === name);
  }

  /** The names found, most severe first. */
  get names(): FindingName[] {
    return this.findings.map((f) => f.name);
  }

  /** Per-layer rows at step 0 (gradient norms, activation statistics): chart them with `charts.gradNormByLayer`. */
  get rows(): DiagnosticRow[] {
    return this.probe.rows;
  }

  /** Recurrent models: the gradient norm per time step (chart with `charts.gradNormOverTime`). */
  get timeRows(): ThroughTimeRow[] {
    return this.probe.timeRows;
  }

  /** The report as plain text. */
  toText(): string {
    return toText(this.probe, this.findings);
  }

  /** The report as Markdown. */
  toMarkdown(): string {
    return toMarkdown(this.probe, this.findings);
  }

  toString(): string {
    return this.toText();
  }
}

/**
 * Probes `model` on a few batches of `ds` and returns what is wrong with its gradients, with
 * evidence and remedies. The model is not changed (weights, batch norm statistics, traces and
 * gradients are put back). Same model, data and seed give the same result.
 * @example diagnostics.doctor(model, ds).toText()
 * @example diagnostics.doctor(model, ds, { optimizer: "sgd", lr: 0.5 }).findings   // also checks the learning rate
 * @example await charts.show(charts.doctorChart(diagnostics.doctor(lstm, data.addingProblem({ n: 128, T: 50, seed: 1 }))))
 */
export function doctor(model: Module, ds: Dataset, options: DoctorOptions = {}): DoctorResult {
  const batches = positiveInt("batches", options.batches, 4);
  const batchSize = positiveInt("batchSize", options.batchSize, 32);
  const training = options.lr !== undefined || options.optimizer !== undefined;
  const steps = options.steps === 0 ? 0 : positiveInt("steps", options.steps, training ? 10 : 0);
  const thresholds: DoctorThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const probe = runProbe(model, ds, {
    loss: options.loss, batches, batchSize, seed: options.seed ?? 0, steps,
    optimizer: options.optimizer ?? "sgd", lr: options.lr, momentum: options.momentum, clipNorm: options.clipNorm,
  });
  return new DoctorResult(findings(probe, thresholds), probe, thresholds);
}

function positiveInt(what: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new LibraryError(messages.positiveInteger(`doctor: ${what}`, value));
  return value;
}
