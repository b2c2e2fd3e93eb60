/**
 * Diagnostics over a training run, and at one point in time.
 *   Recorder               a `fit` callback: layerStats every k steps, rows kept in `rec.rows`
 *   gradientNormsByLayer   one forward + backward at the current weights: gradient norms per layer
 */

import { backward } from "../autodiff/engine.js";
import type { Module } from "../nn/module.js";
import type { Tensor } from "../tensor/tensor.js";
import { LibraryError, messages } from "../messages.js";
import { resolveLoss, type LossFn, type LossName } from "../train/loss.js";
import { layerStats, type DiagnosticRow, type MetricName, type UpdateSource } from "./layer-stats.js";
import { gradientsThroughTime, type HasSteps, type ThroughTimeRow } from "./through-time.js";

export interface RecorderOptions {
  /** Record every this many steps (from step 0), and at the last step. Default 10. */
  every?: number;
  /** Only these metrics. Default: all. */
  metrics?: readonly MetricName[];
  /** Tag every row with this run name (to chart several runs together). */
  run?: string;
  /** For a recurrent model (one with `steps`), also keep gradientsThroughTime rows in `timeRows`. Default true. */
  throughTime?: boolean;
}

/** What the Recorder reads from fit's step info (a structural type: no import of train/fit). */
interface StepLike {
  step: number;
  totalSteps: number;
  model: Module;
  optimizer: UpdateSource;
}

/**
 * Records per-layer diagnostics while `fit` trains.
 * @example
 *   const rec = new diagnostics.Recorder({ every: 10 });
 *   train.fit(model, ds, { steps: 500, callbacks: [rec] });
 *   await charts.show(charts.normsOverSteps(rec.rows, { metric: "updateToData" }))
 */
export class Recorder {
  readonly rows: DiagnosticRow[] = [];
  readonly every: number;
  readonly metrics: readonly MetricName[] | undefined;
  readonly run: string | undefined;
  /** Recurrent models: `{ step, t, metric, value }` rows (dL/dh_t, dL/dc_t, forget gate) per recorded step. */
  readonly timeRows: ThroughTimeRow[] = [];
  readonly throughTime: boolean;

  constructor(options: RecorderOptions = {}) {
    const every = options.every ?? 10;
    if (!Number.isInteger(every) || every <= 0) throw new LibraryError(messages.positiveInteger("Recorder: every", every));
    this.every = every;
    this.metrics = options.metrics;
    this.run = options.run;
    this.throughTime = options.throughTime ?? true;
  }

  onStep(info: StepLike): void {
    if (info.step % this.every !== 0 && info.step !== info.totalSteps - 1) return;
    for (const row of layerStats(info.model, info.step, { optimizer: info.optimizer, metrics: this.metrics, run: this.run })) this.rows.push(row);
    const steps = (info.model as Partial<HasSteps>).steps;
    if (this.throughTime && Array.isArray(steps)) for (const row of gradientsThroughTime({ steps }, { step: info.step })) this.timeRows.push(row);
  }

  /** The rows of one metric. */
  metric(name: MetricName): DiagnosticRow[] {
    return this.rows.filter((r) => r.metric === name);
  }

  /** Forgets everything recorded. */
  clear(): void {
    this.rows.length = 0;
    this.timeRows.length = 0;
  }
}

/**
 * Gradient norms per layer at the current weights, from one forward and backward pass on X, y
 * (rows "weightGradNorm", "biasGradNorm", "preActivationGradNorm", "activationGradNorm" at step 0). The
 * parameters' gradients are reset first and left filled afterwards (look at them, or zeroGrad).
 * @example diagnostics.gradientNormsByLayer(model, ds.X, ds.y)   // before any training
 */
export function gradientNormsByLayer(
  model: Module,
  X: Tensor,
  y: Int32Array | Tensor,
  loss?: LossName | LossFn,
  options: { run?: string } = {},
): DiagnosticRow[] {
  for (const p of model.parameters()) p.grad = null;
  const out = model.forward(X);
  // Labels are checked against the model's own number of outputs.
  const { fn } = resolveLoss("gradientNormsByLayer", loss, { y, numClasses: y instanceof Int32Array ? out.shape[1] : 0 });
  backward(fn(out, y));
  return layerStats(model, 0, { metrics: ["weightGradNorm", "biasGradNorm", "preActivationGradNorm", "activationGradNorm"], run: options.run });
}
