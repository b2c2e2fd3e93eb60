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

  toString(): string {
    const parts = this.metrics().map((m) => `${m} ${Number(this.last(m)!.toPrecision(4))}`);
    return `History: ${this.steps} steps; last ${parts.join(", ")}`;
  }
}
