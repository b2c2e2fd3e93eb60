/**
 * Training curves: the loss (and, when recorded, the accuracy) against the training step, one
 * line per run ("train", "test", or the names of networks being compared).
 */

import {
  CATEGORICAL, type CommonOptions, LOG_NOTE, logChartTitle, logTitle, SIZE, type TopLevelSpec, type TrainingRow, VEGALITE_SCHEMA,
  describe, fmt, requireRows, runsOf,
} from "./spec.js";

export interface LossCurveOptions extends CommonOptions {
  /** Draw the loss on a log axis (shows slow late progress and plateaus); default false. */
  logLoss?: boolean;
  /** What the loss is, for the axis title; default "loss". */
  lossLabel?: string;
}

/**
 * Loss against step, and accuracy against step beside it when any row has an accuracy.
 *
 * @example charts.lossCurves(history)   // history: [{ step, loss, accuracy? }]
 */
export function lossCurves(rows: readonly TrainingRow[], options: LossCurveOptions = {}): TopLevelSpec {
  requireRows("lossCurves", rows, "training rows");
  const runs = runsOf(rows);
  const log = options.logLoss ?? false;
  const lossValues = rows
    .filter((r) => Number.isFinite(r.loss) && (!log || r.loss > 0))
    .map((r) => ({ step: r.step, value: r.loss, run: r.run ?? "" }));
  const accValues = rows
    .filter((r) => r.accuracy !== undefined && Number.isFinite(r.accuracy))
    .map((r) => ({ step: r.step, value: r.accuracy as number, run: r.run ?? "" }));
  const lossLabel = options.lossLabel ?? "loss";

  const lines = [
    `x: training step; y: ${lossLabel}${log ? ` (${LOG_NOTE})` : ""}${accValues.length ? "; right: accuracy (0 to 100%)" : ""}.`,
  ];
  for (const run of runs) {
    const mine = rows.filter((r) => (r.run ?? "") === run);
    const first = mine[0];
    const last = mine[mine.length - 1];
    const best = mine.reduce((b, r) => (r.loss < b.loss ? r : b), first);
    let line = `${run ? `${run}: ` : ""}loss ${fmt(first.loss)} at step ${first.step} → ${fmt(last.loss)} at step ${last.step}` +
      ` (lowest ${fmt(best.loss)} at step ${best.step})`;
    if (last.accuracy !== undefined) line += `; final accuracy ${fmt(100 * last.accuracy)}%`;
    lines.push(line + ".");
  }

  const title = options.title ?? (accValues.length ? "Loss and accuracy" : "Training loss");
  const width = options.width ?? (accValues.length ? 300 : SIZE.width);
  const height = options.height ?? SIZE.height;
  const color = runs.length > 1
    ? { field: "run", type: "nominal", sort: runs, title: null, scale: { range: CATEGORICAL } } as const
    : { value: CATEGORICAL[0] } as const;
  const lossPanel = {
    width, height,
    data: { values: lossValues },
    mark: { type: "line", tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step" },
      y: {
        field: "value", type: "quantitative", title: log ? logTitle(lossLabel) : lossLabel,
        scale: log ? { type: "log" } : { zero: false },
      },
      color,
    },
  } as const;
  const base = { $schema: VEGALITE_SCHEMA, title: log ? logChartTitle(title) : title, description: describe([title, ...lines]) };
  if (accValues.length === 0) return { ...base, ...lossPanel } as TopLevelSpec;
  const accPanel = {
    width, height,
    data: { values: accValues },
    mark: { type: "line", tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step" },
      y: { field: "value", type: "quantitative", title: "accuracy", scale: { domain: [0, 1] }, axis: { format: "%" } },
      color,
    },
  } as const;
  return { ...base, hconcat: [lossPanel, accPanel] } as TopLevelSpec;
}
