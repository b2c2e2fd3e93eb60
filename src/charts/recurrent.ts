/**
 * Gradients through time in a recurrent network: the norm of ∂L/∂hₜ against the time step t. A
 * loss at the end of the sequence reaches early time steps through a product of t Jacobians, so
 * on a log axis a vanishing (or exploding) gradient is a straight line whose slope is the
 * per-step factor.
 */

import {
  type CommonOptions, LOG_NOTE, logTitle, type RecurrentRow, type TopLevelSpec,
  capitalize, logChartFrame, seriesColor, droppedNote, fmt, metricLabel, pickSteps, positiveOnly, requireRows, rowsOfMetric, runsOf,
} from "./spec.js";

export interface OverTimeOptions extends CommonOptions {
  /** Which metric; default "hiddenGradNorm". */
  metric?: string;
  /** Training steps to draw, one line each; default the last one. */
  steps?: number[] | "last" | "first-last";
}

/**
 * A recurrent metric (by default ‖∂L/∂hₜ‖) against time step t, on a log axis. The summary gives
 * the first and last values, their ratio, and the average factor per time step.
 *
 * @example charts.gradNormOverTime(rnnRows)                       // rows: { step, t, metric, value }
 * @example charts.gradNormOverTime(rows, { steps: "first-last" })
 */
export function gradNormOverTime(rows: readonly RecurrentRow[], options: OverTimeOptions = {}): TopLevelSpec {
  const chart = "gradNormOverTime";
  const metric = options.metric ?? "hiddenGradNorm";
  requireRows(chart, rows, "recurrent rows");
  const ofMetric = rowsOfMetric(chart, rows, metric);
  const steps = pickSteps(chart, ofMetric, options.steps ?? "last");
  const picked = ofMetric.filter((r) => steps.includes(r.step));
  const runs = runsOf(picked);
  const { kept, dropped } = positiveOnly(picked);
  const label = (r: RecurrentRow) => [runs.length > 1 ? r.run ?? "" : "", `step ${r.step}`].filter(Boolean).join(", ");
  const values = kept.map((r) => ({ t: r.t, value: r.value, series: label(r) }));
  const series = [...new Set(values.map((v) => v.series))];

  const lines = [`x: time step t of the sequence (first input on the left); y: ${metricLabel(metric)}, ${LOG_NOTE}.`];
  for (const s of series) {
    const mine = picked.filter((r) => label(r) === s).sort((a, b) => a.t - b.t);
    const first = mine[0];
    const last = mine[mine.length - 1];
    if (mine.length < 2) { lines.push(`${s}: t = ${first.t}: ${fmt(first.value)}.`); continue; }
    const ratio = first.value / last.value;
    // Average factor per step back in time: (value at first t / value at last t)^(1 / steps).
    const perStep = Math.pow(ratio, 1 / (last.t - first.t));
    lines.push(`${s}: t = ${first.t}: ${fmt(first.value)}, t = ${last.t}: ${fmt(last.value)}; ` +
      `ratio (t = ${first.t})/(t = ${last.t}) = ${fmt(ratio)}, ` +
      `about ×${fmt(perStep)} per time step going back.`);
  }
  lines.push(...droppedNote(dropped));

  const title = options.title ?? `${capitalize(metricLabel(metric))} through time`;
  return {
    ...logChartFrame(title, lines, options),
    data: { values },
    mark: { type: "line", point: values.length <= 60, tooltip: true },
    encoding: {
      x: { field: "t", type: "quantitative", title: "time step t (first input on the left)", axis: { tickMinStep: 1 } },
      y: { field: "value", type: "quantitative", scale: { type: "log" }, title: logTitle(metricLabel(metric)) },
      ...seriesColor(series),
    },
  };
}
