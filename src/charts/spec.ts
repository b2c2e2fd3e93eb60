/**
 * What every chart builder shares: the row formats it reads, the look it gives (sizes, colours,
 * axis wording), and small helpers to pick rows and format numbers for the text summaries.
 *
 * Builders are pure: data in, a Vega-Lite 5 spec (plain JSON) out. The key numbers a reader needs
 * go into the spec's `description`, which Vega also uses as the SVG's accessible description and
 * which `summarize` turns into the `text/plain` of a displayed chart.
 */

import type { TopLevelSpec } from "vega-lite";
import { LibraryError, messages } from "../messages.js";

export type { TopLevelSpec };

/** The Vega-Lite version the course targets: JupyterLab and VS Code render exactly this MIME type. */
export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** One diagnostic measurement: a metric of one layer at one training step. */
export interface DiagnosticRow {
  step: number;
  /** "layer1".."layerL", "output": the names the models give their layers. */
  layer: string;
  /** "weightGradNorm", "activationGradNorm", "activationStd", ... (see the diagnostics module). */
  metric: string;
  value: number;
  /** Optional name of the run, so one chart can compare networks (say "sigmoid" and "relu"). */
  run?: string;
}

/** One measurement of a recurrent network at time step t of the unrolled sequence. */
export interface RecurrentRow {
  step: number;
  /** Position in the sequence, the first input leftmost (`diagnostics.gradientsThroughTime` counts 1..T). */
  t: number;
  /** "hiddenGradNorm", "cellGradNorm", "forgetGateMean". */
  metric: string;
  value: number;
  run?: string;
}

/** One point of a training curve, as the training loop's callbacks report it. */
export interface TrainingRow {
  step: number;
  loss: number;
  accuracy?: number;
  /** "train", "test", or a run name: one line each. */
  run?: string;
}

/** Options every builder accepts. */
export interface CommonOptions {
  title?: string;
  /** Plot width in pixels (one panel); the defaults fit a notebook column. */
  width?: number;
  height?: number;
}

/** Default panel size: wide enough to read, small enough to sit beside code in a notebook. */
export const SIZE = { width: 420, height: 240 } as const;

/**
 * Okabe & Ito's eight colours ("Color Universal Design", 2008), distinguishable under the common
 * colour-vision deficiencies. Used for categories (runs, classes); black comes last because it is
 * reserved for outlines.
 */
export const CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

/** Viridis is perceptually uniform and colour-blind safe: used where the colour is an ordered value. */
export const SEQUENTIAL = "viridis";

/** Wording for log scales, so learners read distances as ratios. */
export const LOG_NOTE = "log scale: equal distances are equal ratios";

/** A two-line axis title for a log axis (one long line would not fit beside the plot). */
export const logTitle = (label: string): string[] => [label, "(log scale)"];

/** A chart title whose subtitle says how to read the log axis. */
export const logChartTitle = (text: string, axis = "y") => ({ text, subtitle: `${axis} axis: ${LOG_NOTE}` });

/** Names of the metrics in words, for axis titles and summaries. */
export const METRIC_LABELS: Readonly<Record<string, string>> = {
  weightGradNorm: "weight gradient norm ‖∂ℓ/∂W‖",
  biasGradNorm: "bias gradient norm ‖∂ℓ/∂b‖",
  activationGradNorm: "activation gradient norm ‖∂ℓ/∂h‖",
  preActivationGradNorm: "pre-activation gradient norm ‖∂ℓ/∂z‖",
  activationMean: "mean activation",
  activationStd: "activation standard deviation",
  saturatedFraction: "fraction of saturated units",
  gradToData: "gradient-to-weight ratio ‖∂ℓ/∂W‖ / ‖W‖",
  updateToData: "update-to-weight ratio ‖ΔW‖ / ‖W‖",
  hiddenGradNorm: "hidden-state gradient norm ‖∂ℓ/∂hₜ‖",
  cellGradNorm: "cell-state gradient norm ‖∂ℓ/∂cₜ‖",
  forgetGateMean: "mean forget-gate value",
};

/** A metric's name in words (the raw name when it has none). */
export const metricLabel = (metric: string): string => METRIC_LABELS[metric] ?? metric;

/** A number in 4 significant digits, for summaries: 0.0001234 -> "1.234e-4", 12.5 -> "12.5". */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) {
    const [m, e] = x.toExponential(3).split("e");
    return `${Number(m)}e${Number(e)}`;
  }
  return String(Number(x.toPrecision(4)));
}

/** Layer names in the order the rows first name them (diagnostics emit input to output). */
export function layerOrder(rows: readonly { layer: string }[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) seen.add(r.layer);
  return [...seen];
}

/** Throws a clear error when a builder got no rows to draw. */
export function requireRows<T>(chart: string, rows: readonly T[], what: string): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new LibraryError(messages.chartNoRows(chart, what));
}

/** The rows of one metric; the error lists the metrics that are there when it is missing. */
export function rowsOfMetric<T extends { metric: string }>(chart: string, rows: readonly T[], metric: string): T[] {
  const picked = rows.filter((r) => r.metric === metric);
  if (picked.length === 0) {
    const present = [...new Set(rows.map((r) => r.metric))];
    throw new LibraryError(messages.chartNoMetric(chart, metric, present));
  }
  return picked;
}

/** Splits rows into those a log axis can show (finite, > 0) and a count of the rest. */
export function positiveOnly<T extends { value: number }>(rows: readonly T[]): { kept: T[]; dropped: number } {
  const kept = rows.filter((r) => Number.isFinite(r.value) && r.value > 0);
  return { kept, dropped: rows.length - kept.length };
}

/** A summary line saying how many values a log axis had to leave out, or nothing. */
export const droppedNote = (dropped: number): string[] =>
  dropped > 0 ? [`${dropped} value(s) that were zero, negative or not finite are left out: a log axis cannot show them.`] : [];

/** The runs present, in order of first appearance ("" when rows carry no run). */
export function runsOf(rows: readonly { run?: string }[]): string[] {
  return [...new Set(rows.map((r) => r.run ?? ""))];
}

/** Joins summary lines into the spec's description. */
export const describe = (lines: readonly string[]): string => lines.join("\n");

/** "weight gradient norm" -> "Weight gradient norm", for titles. */
export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The training steps a chart draws: the last, the first and last, or the ones asked for (each checked to exist). */
export function pickSteps(chart: string, rows: readonly { step: number }[], which: number[] | "last" | "first-last"): number[] {
  const all = [...new Set(rows.map((r) => r.step))].sort((a, b) => a - b);
  if (which === "last") return [all[all.length - 1]];
  if (which === "first-last") return all.length > 1 ? [all[0], all[all.length - 1]] : [all[0]];
  for (const s of which) if (!all.includes(s)) throw new LibraryError(messages.chartNoStep(chart, s, all));
  return [...which];
}

/** What every log-axis chart starts with: schema, title with the log-scale note, text summary, size. */
export function logChartFrame(title: string, lines: readonly string[], options: CommonOptions) {
  return {
    $schema: VEGALITE_SCHEMA,
    title: logChartTitle(title),
    description: describe([title, ...lines]),
    width: options.width ?? SIZE.width,
    height: options.height ?? SIZE.height,
  };
}

/** Colour by the `series` field when several lines share a chart; one colour for a single line. */
export function seriesColor(series: readonly string[]) {
  return series.length > 1
    ? { color: { field: "series", type: "nominal", sort: [...series], title: null, scale: { range: CATEGORICAL } } } as const
    : { color: { value: CATEGORICAL[0] } } as const;
}
