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
 * A recurrent metric (by default ‖∂L/∂hₜ‖) against time step t, on a log axis. The summary gives,
 * for every line, the first and last values it draws, their ratio, and the average factor per
 * time step; time steps whose value is exactly 0 (cut off by truncated BPTT, or never reached)
 * cannot be drawn on a log axis, and the summary names them.
 * Lines are labelled by run and training step; with several runs at one training step, by run only.
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
  // "step N" tells lines of different training steps apart; several runs at one step need only the run.
  const withStep = steps.length > 1 || runs.length <= 1;
  const label = (r: RecurrentRow) => [runs.length > 1 ? r.run ?? "" : "", withStep ? `step ${r.step}` : ""].filter(Boolean).join(", ");
  const values = kept.map((r) => ({ t: r.t, value: r.value, series: label(r) }));
  const series = [...new Set(values.map((v) => v.series))];

  const lines = [`x: time step t of the sequence (first input on the left); y: ${metricLabel(metric)}, ${LOG_NOTE}.`];
  for (const s of [...new Set(picked.map(label))]) {
    const mine = picked.filter((r) => label(r) === s).sort((a, b) => a.t - b.t);
    const zeros = mine.filter((r) => r.value === 0).map((r) => r.t);
    const zeroNote = zeros.length ? `${stepList(zeros)}: 0, not drawn (no gradient reached ${zeros.length === 1 ? "it" : "them"}); ` : "";
    const drawn = mine.filter((r) => Number.isFinite(r.value) && r.value > 0);
    if (drawn.length === 0) { lines.push(`${s}: ${zeroNote}nothing to draw.`); continue; }
    const first = drawn[0];
    const last = drawn[drawn.length - 1];
    if (drawn.length < 2) { lines.push(`${s}: ${zeroNote}t = ${first.t}: ${fmt(first.value)}.`); continue; }
    const ratio = first.value / last.value;
    // Average factor per step back in time: (value at first t / value at last t)^(1 / steps).
    const perStep = Math.pow(ratio, 1 / (last.t - first.t));
    lines.push(`${s}: ${zeroNote}t = ${first.t}: ${fmt(first.value)}, t = ${last.t}: ${fmt(last.value)}; ` +
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

/** Time steps in words: "t = 1 to 15" when they run without a gap, else "t = 1, 4, 9" (the first few). */
function stepList(ts: readonly number[]): string {
  if (ts.length === 1) return `t = ${ts[0]}`;
  if (ts.every((t, i) => i === 0 || t === ts[i - 1] + 1)) return `t = ${ts[0]} to ${ts[ts.length - 1]}`;
  return `t = ${ts.slice(0, 6).join(", ")}${ts.length > 6 ? `, ... (${ts.length} steps)` : ""}`;
}
