/** What `fit` returns: one tidy row per recorded value, ready for a chart or a table. */

import type { Optimizer } from "../optim/optimizer.js";

/**
 * One recorded value. Metrics: "loss" (the mini-batch loss, every step), "gradNorm" (the global
 * gradient norm before clipping, every step), "accuracy" and "trainLoss" (the whole training
 * set, every `evalEvery` steps), "testLoss" and "testAccuracy" (with a test set).
 */
export interface HistoryRow {
  step: number;
  metric: string;
  value: number;
}

/** A point of a loss curve, in the shape the charts' lossCurves reads. */
export interface CurveRow {
  step: number;
  loss: number;
  accuracy?: number;
  run: string;
}

export class History {
  readonly rows: HistoryRow[] = [];
  /** The optimizer `fit` used (made from its name if it was given by name). */
  optimizer: Optimizer | undefined;
  /** Steps taken (fewer than asked if a callback stopped training). */
  steps = 0;

  add(step: number, metric: string, value: number): void {
    this.rows.push({ step, metric, value });
  }

  /** The rows of one metric. */
  metric(name: string): HistoryRow[] {
    return this.rows.filter((r) => r.metric === name);
  }

  /** The values of one metric, in step order. */
  values(name: string): number[] {
    return this.metric(name).map((r) => r.value);
  }

  /** The last recorded value of a metric (undefined if never recorded). */
  last(name: string): number | undefined {
    for (let i = this.rows.length - 1; i >= 0; i--) if (this.rows[i].metric === name) return this.rows[i].value;
    return undefined;
  }

  /** The names of the metrics recorded. */
  metrics(): string[] {
    return [...new Set(this.rows.map((r) => r.metric))];
  }

  /**
   * Wide rows `{ step, loss, accuracy?, run }` for a loss-curve chart: the whole training set
   * on evaluation steps (run "train", or `name`), the test set if one was given (run "test", or
   * `${name} (test)`), and with `batchLoss` every step's mini-batch loss (run "batch").
   * @example charts.lossCurves([...deep.curves({ name: "deep" }), ...shallow.curves({ name: "shallow" })])
   */
  curves(options: { name?: string; batchLoss?: boolean } = {}): CurveRow[] {
    const out: CurveRow[] = [];
    const atStep = (metric: string) => new Map(this.metric(metric).map((r) => [r.step, r.value]));
    const add = (lossMetric: string, accMetric: string, run: string) => {
      const acc = atStep(accMetric);
      for (const r of this.metric(lossMetric)) {
        const a = acc.get(r.step);
        out.push(a === undefined ? { step: r.step, loss: r.value, run } : { step: r.step, loss: r.value, accuracy: a, run });
      }
    };
    if (options.batchLoss) add("loss", "", options.name ? `${options.name} (batch)` : "batch");
    add("trainLoss", "accuracy", options.name ?? "train");
    add("testLoss", "testAccuracy", options.name ? `${options.name} (test)` : "test");
    return out;
  }

  toString(): string {
    const parts = this.metrics().map((m) => `${m} ${Number(this.last(m)!.toPrecision(4))}`);
    return `History: ${this.steps} steps; last ${parts.join(", ")}`;
  }
}
