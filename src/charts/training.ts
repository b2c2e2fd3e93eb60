/**
 * Training curves: the loss (and, when recorded, the accuracy) against the training step, one
 * line per run ("train", "test", or the names of networks being compared).
 */

import { LibraryError, messages } from "../messages.js";
import {
  CATEGORICAL, type CommonOptions, LOG_NOTE, logChartTitle, logTitle, SIZE, type TopLevelSpec, type TrainingRow, VEGALITE_SCHEMA,
  describe, fmt, requireRows, runsOf,
} from "./spec.js";

export interface LossCurveOptions extends CommonOptions {
  /** Draw the loss on a log axis (shows slow late progress and plateaus); default false. */
  logLoss?: boolean;
  /** What the loss is, for the axis title; default "loss". */
  lossLabel?: string;
  /**
   * A dashed horizontal line at this value on the loss panel, for a reference level such as a
   * clipping threshold θ when the rows hold gradient norms. The summary counts the points above it.
   */
  threshold?: number;
  /** The threshold line's label; default "threshold <value>". */
  thresholdLabel?: string;
}

/**
 * Loss against step, and accuracy against step beside it when any row has an accuracy.
 *
 * @example charts.lossCurves(history)   // history: [{ step, loss, accuracy? }]
 * @example charts.lossCurves(normRows, { lossLabel: "gradient norm", logLoss: true, threshold: 10, thresholdLabel: "θ = 10" })
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
  // Steps are whole numbers: over a short run, tick every step rather than at 0.5, 1.5, ...
  const firstStep = rows.reduce((m, r) => Math.min(m, r.step), Infinity);
  const stepSpan = rows.reduce((m, r) => Math.max(m, r.step), -Infinity) - firstStep;
  const stepAxis = Number.isInteger(stepSpan) && stepSpan <= 10 ? { axis: { values: Array.from({ length: stepSpan + 1 }, (_, i) => firstStep + i) } } : {};
  const threshold = options.threshold;
  if (threshold !== undefined && !(Number.isFinite(threshold) && (!log || threshold > 0))) {
    throw new LibraryError(messages.chartBadData("lossCurves", `threshold must be a finite number${log ? " above 0 on a log axis" : ""}, got ${threshold}.`));
  }
  const thresholdLabel = options.thresholdLabel ?? `threshold ${fmt(threshold ?? NaN)}`;

  const lines = [
    `x: training step; y: ${lossLabel}${log ? ` (${LOG_NOTE})` : ""}${accValues.length ? "; right: accuracy (0 to 100%)" : ""}.`,
  ];
  for (const run of runs) {
    const mine = rows.filter((r) => (r.run ?? "") === run);
    const first = mine[0];
    const last = mine[mine.length - 1];
    const best = mine.reduce((b, r) => (r.loss < b.loss ? r : b), first);
    // The values' name once in the header line when it was given, else "loss" on every line.
    let line = `${run ? `${run}: ` : ""}${options.lossLabel === undefined ? "loss " : ""}${fmt(first.loss)} at step ${first.step} → ${fmt(last.loss)} at step ${last.step}` +
      ` (lowest ${fmt(best.loss)} at step ${best.step})`;
    if (last.accuracy !== undefined) line += `; final accuracy ${fmt(100 * last.accuracy)}%`;
    if (threshold !== undefined) line += `; ${mine.filter((r) => r.loss > threshold).length} of ${mine.length} points above ${thresholdLabel}`;
    lines.push(line + ".");
  }
  if (threshold !== undefined) lines.push(`Dashed line: ${thresholdLabel} (${fmt(threshold)}).`);

  const title = options.title ?? (accValues.length ? "Loss and accuracy" : "Training loss");
  const width = options.width ?? (accValues.length ? 300 : SIZE.width);
  const height = options.height ?? SIZE.height;
  const color = runs.length > 1
    ? { field: "run", type: "nominal", sort: runs, title: null, scale: { range: CATEGORICAL } } as const
    : { value: CATEGORICAL[0] } as const;
  const lossLine = {
    data: { values: lossValues },
    mark: { type: "line", tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step", ...stepAxis },
      y: {
        field: "value", type: "quantitative", title: log ? logTitle(lossLabel) : lossLabel,
        scale: log ? { type: "log" } : { zero: false },
      },
      color,
    },
  } as const;
  // The threshold as a rule with its label at the right end, sharing the line's y scale.
  const ruleLayers = threshold === undefined ? [] : [
    {
      data: { values: [{ value: threshold }] },
      mark: { type: "rule", strokeDash: [6, 4], color: "#000000" },
      encoding: { y: { field: "value", type: "quantitative" } },
    },
    {
      data: { values: [{ value: threshold, label: thresholdLabel }] },
      mark: { type: "text", x: "width", align: "right", dy: -7, color: "#000000" },
      encoding: { y: { field: "value", type: "quantitative" }, text: { field: "label" } },
    },
  ] as const;
  const lossPanel = ruleLayers.length === 0 ? { width, height, ...lossLine } : { width, height, layer: [lossLine, ...ruleLayers] };
  const base = { $schema: VEGALITE_SCHEMA, title: log ? logChartTitle(title) : title, description: describe([title, ...lines]) };
  if (accValues.length === 0) return { ...base, ...lossPanel } as TopLevelSpec;
  const accPanel = {
    width, height,
    data: { values: accValues },
    mark: { type: "line", tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step", ...stepAxis },
      y: { field: "value", type: "quantitative", title: "accuracy", scale: { domain: [0, 1] }, axis: { format: "%" } },
      color,
    },
  } as const;
  return { ...base, hconcat: [lossPanel, accPanel] } as TopLevelSpec;
}
