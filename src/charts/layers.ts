/**
 * Charts of per-layer diagnostics: a gradient norm against depth at one step, every layer's norm
 * over training (lines), and the same as a layer-by-step heatmap.
 *
 * All three read tidy `DiagnosticRow`s and use a log value scale: vanishing gradients shrink by a
 * factor per layer, which a log axis shows as a straight line.
 */

import { LibraryError, messages } from "../messages.js";
import {
  type CommonOptions, type DiagnosticRow, LOG_NOTE, logTitle, SEQUENTIAL, SIZE, type TopLevelSpec, VEGALITE_SCHEMA,
  capitalize, describe, logChartFrame, seriesColor, droppedNote, fmt, layerOrder, metricLabel, positiveOnly, requireRows, rowsOfMetric, runsOf,
  pickSteps,
} from "./spec.js";

export interface LayerChartOptions extends CommonOptions {
  /** Which metric to draw; default "weightGradNorm". */
  metric?: string;
}

export interface ByLayerOptions extends LayerChartOptions {
  /** The training steps to draw, one line each; default: the last step in the rows. */
  steps?: number[] | "last" | "first-last";
}

/**
 * A metric (by default the weight gradient norm) against layer, input to output, on a log axis.
 * One line per run and step, so `steps: "first-last"` or two runs compare at a glance.
 *
 * @example charts.gradNormByLayer(rows)            // the last step in rows
 * @example charts.gradNormByLayer(rows, { steps: "first-last" })
 */
export function gradNormByLayer(rows: readonly DiagnosticRow[], options: ByLayerOptions = {}): TopLevelSpec {
  const chart = "gradNormByLayer";
  const metric = options.metric ?? "weightGradNorm";
  requireRows(chart, rows, "diagnostic rows");
  const ofMetric = rowsOfMetric(chart, rows, metric);
  const steps = pickSteps(chart, ofMetric, options.steps ?? "last");
  const picked = ofMetric.filter((r) => steps.includes(r.step));
  const layers = layerOrder(picked);
  const { kept, dropped } = positiveOnly(picked);
  const runs = runsOf(picked);
  const values = kept.map((r) => ({
    layer: r.layer, depth: layers.indexOf(r.layer) + 1, value: r.value, step: r.step,
    series: seriesName(r.run, r.step, runs.length, steps.length),
  }));
  const series = [...new Set(values.map((v) => v.series))];

  const lines: string[] = [`x: layer, from the input (left) to the output (right); y: ${metricLabel(metric)}, ${LOG_NOTE}.`];
  for (const run of runs) {
    for (const step of steps) {
      const mine = picked.filter((r) => (r.run ?? "") === run && r.step === step);
      if (mine.length === 0) continue;
      const first = mine.find((r) => r.layer === layers[0]);
      const last = mine.find((r) => r.layer === layers[layers.length - 1]);
      const head = `${run ? `${run}, ` : ""}step ${step}`;
      if (first && last && layers.length > 1) {
        lines.push(`${head}: ${first.layer} ${fmt(first.value)}, ${last.layer} ${fmt(last.value)}, ` +
          `ratio ${first.layer}/${last.layer} = ${fmt(first.value / last.value)}.`);
      } else {
        lines.push(`${head}: ${mine.map((r) => `${r.layer} ${fmt(r.value)}`).join(", ")}.`);
      }
    }
  }
  lines.push(...droppedNote(dropped));

  const title = options.title ?? `${capitalize(metricLabel(metric))} by layer`;
  return {
    ...logChartFrame(title, lines, options),
    data: { values },
    mark: { type: "line", point: true, tooltip: true },
    encoding: {
      // labelOverlap: with many layers (50), drop every other label until none overlap.
      x: { field: "layer", type: "ordinal", sort: layers, title: "layer (input → output)", axis: { labelAngle: 0, labelOverlap: "parity" } },
      y: { field: "value", type: "quantitative", scale: { type: "log" }, title: logTitle(metricLabel(metric)) },
      ...seriesColor(series),
    },
  };
}

/** The name of the legend-bound selection in `normsOverSteps` (a Vega-Lite param). */
export const LAYER_PICK = "layerPick";

/** Lines with at most this many recorded steps get a point per step (each with a tooltip). */
const MAX_POINTS_PER_LINE = 200;

/**
 * Every layer's metric over training steps: one line per layer, coloured from the first layer
 * (dark) to the last (light), on a log axis. Interactive where Vega-Lite runs (JupyterLab,
 * VS Code): a tooltip gives each point's layer, step and exact value, and clicking a layer in the
 * legend highlights its line (shift-click adds layers; clicking elsewhere in the legend resets).
 * The text summary states the first layer's value over the last layer's at the first and last
 * step, and its range over all steps.
 *
 * @example charts.normsOverSteps(rec.rows, { metric: "biasGradNorm" })
 */
export function normsOverSteps(rows: readonly DiagnosticRow[], options: LayerChartOptions = {}): TopLevelSpec {
  const chart = "normsOverSteps";
  const metric = options.metric ?? "weightGradNorm";
  requireRows(chart, rows, "diagnostic rows");
  const ofMetric = rowsOfMetric(chart, rows, metric);
  const layers = layerOrder(ofMetric);
  const { kept, dropped } = positiveOnly(ofMetric);
  const runs = runsOf(ofMetric);
  const values = kept.map((r) => ({ step: r.step, layer: r.layer, value: r.value, run: r.run ?? "" }));
  const steps = [...new Set(ofMetric.map((r) => r.step))].sort((a, b) => a - b);
  const lastStep = steps[steps.length - 1];
  const atLast = ofMetric.filter((r) => r.step === lastStep);
  const label = metricLabel(metric);

  const title = options.title ?? `${capitalize(label)} over training`;
  const lines = [
    `x: training step (${steps[0]} to ${lastStep}); y: ${label}, ${LOG_NOTE}; one line per layer.`,
    `At step ${lastStep}: ${atLast.map((r) => `${r.run ? `${r.run} ` : ""}${r.layer} ${fmt(r.value)}`).join(", ")}.`,
    ...ratioLines(ofMetric, layers, runs),
    "Interactive in JupyterLab and VS Code: hover a point for its exact value; click a layer in the legend to highlight it (shift-click for more).",
    ...droppedNote(dropped),
  ];
  const frame = logChartFrame(title, lines, options);
  const tooltip: { field: string; type: "nominal" | "quantitative"; title: string; format?: string }[] = [
    { field: "layer", type: "nominal", title: "layer" },
    { field: "step", type: "quantitative", title: "step" },
    { field: "value", type: "quantitative", title: label, format: ".6~g" },
    ...(runs.length > 1 ? [{ field: "run", type: "nominal" as const, title: "run" }] : []),
  ];
  return {
    ...frame,
    title: { ...frame.title, subtitle: [frame.title.subtitle, "click a layer in the legend to highlight it"] },
    data: { values },
    params: [{ name: LAYER_PICK, select: { type: "point", fields: ["layer"] }, bind: "legend" }],
    mark: { type: "line", tooltip: true, ...(steps.length <= MAX_POINTS_PER_LINE ? { point: { filled: true, size: 14 } } : {}) },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step" },
      y: { field: "value", type: "quantitative", scale: { type: "log" }, title: logTitle(label) },
      color: { field: "layer", type: "ordinal", sort: layers, title: "layer", scale: { scheme: SEQUENTIAL } },
      opacity: { condition: { param: LAYER_PICK, value: 1 }, value: 0.15 },
      tooltip,
      ...(runs.length > 1 ? { strokeDash: { field: "run", type: "nominal", title: "run" } } : {}),
    },
  };
}

/** Summary lines: the first layer's value over the last layer's, per run, at the first and last step and its range. */
function ratioLines(rows: readonly DiagnosticRow[], layers: readonly string[], runs: readonly string[]): string[] {
  if (layers.length < 2) return [];
  const first = layers[0];
  const last = layers[layers.length - 1];
  const out: string[] = [];
  for (const run of runs) {
    const at = new Map<number, { a?: number; b?: number }>();
    for (const r of rows) {
      if ((r.run ?? "") !== run || (r.layer !== first && r.layer !== last)) continue;
      const cell = at.get(r.step) ?? {};
      if (r.layer === first) cell.a = r.value;
      else cell.b = r.value;
      at.set(r.step, cell);
    }
    const ratios = [...at].filter(([, c]) => c.a !== undefined && c.b !== undefined && c.b !== 0 && Number.isFinite(c.a / c.b!))
      .sort(([s], [t]) => s - t).map(([step, c]) => ({ step, ratio: c.a! / c.b! }));
    if (ratios.length === 0) continue;
    const head = `${run ? `${run}: ` : ""}ratio ${first}/${last}`;
    const lo = Math.min(...ratios.map((r) => r.ratio));
    const hi = Math.max(...ratios.map((r) => r.ratio));
    const ends = ratios.length > 1
      ? `${fmt(ratios[0].ratio)} at step ${ratios[0].step}, ${fmt(ratios[ratios.length - 1].ratio)} at step ${ratios[ratios.length - 1].step}; between ${fmt(lo)} and ${fmt(hi)} over the ${ratios.length} steps`
      : `${fmt(ratios[0].ratio)} at step ${ratios[0].step}`;
    out.push(`${head}: ${ends}.`);
  }
  return out;
}

export interface HeatmapOptions extends LayerChartOptions {
  /** At most this many step columns; more steps are merged by geometric mean. Default 80. */
  maxColumns?: number;
}

/**
 * A layer-by-step heatmap of a metric: rows are layers (input at the top), columns are training
 * steps, colour is the value on a log scale. Many steps are merged into at most `maxColumns`
 * columns by geometric mean, the average that suits a log scale.
 *
 * @example charts.normsHeatmap(rows, { metric: "activationGradNorm" })
 */
export function normsHeatmap(rows: readonly DiagnosticRow[], options: HeatmapOptions = {}): TopLevelSpec {
  const chart = "normsHeatmap";
  const metric = options.metric ?? "weightGradNorm";
  requireRows(chart, rows, "diagnostic rows");
  const ofMetric = rowsOfMetric(chart, rows, metric);
  if (runsOf(ofMetric).length > 1) throw new LibraryError(messages.chartOneRun(chart, runsOf(ofMetric)));
  const layers = layerOrder(ofMetric);
  const { kept, dropped } = positiveOnly(ofMetric);
  const steps = [...new Set(kept.map((r) => r.step))].sort((a, b) => a - b);
  if (steps.length === 0) throw new LibraryError(messages.chartNoRows(chart, "positive values"));
  const columns = stepColumns(steps, options.maxColumns ?? 80);

  // Geometric mean of every (layer, column) cell: sum of logs / count.
  const sums = new Map<string, { logSum: number; n: number }>();
  for (const r of kept) {
    const c = columns.index.get(r.step)!;
    const key = `${r.layer}\u0000${c}`;
    const cell = sums.get(key) ?? { logSum: 0, n: 0 };
    cell.logSum += Math.log(r.value);
    cell.n += 1;
    sums.set(key, cell);
  }
  const values = [...sums].map(([key, { logSum, n }]) => {
    const [layer, c] = key.split("\u0000");
    const col = columns.spans[Number(c)];
    return { layer, step: col.start, stepEnd: col.end, value: Math.exp(logSum / n) };
  });
  const all = values.map((v) => v.value);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const lastCol = columns.spans[columns.spans.length - 1].start;
  const atLast = values.filter((v) => v.step === lastCol).sort((a, b) => layers.indexOf(a.layer) - layers.indexOf(b.layer));

  const title = options.title ?? `${capitalize(metricLabel(metric))}: layers × steps`;
  const lines = [
    `x: training step; y: layer, input at the top; colour: ${metricLabel(metric)} (log scale).`,
    `Values range from ${fmt(lo)} to ${fmt(hi)} (a factor of ${fmt(hi / lo)}).`,
    `Last column (step ${lastCol}): ${atLast.map((v) => `${v.layer} ${fmt(v.value)}`).join(", ")}.`,
    ...(columns.merged ? [`Steps are merged into ${columns.spans.length} columns (geometric mean).`] : []),
    ...droppedNote(dropped),
  ];
  return {
    $schema: VEGALITE_SCHEMA,
    title,
    description: describe([title, ...lines]),
    width: options.width ?? SIZE.width,
    height: options.height ?? Math.max(80, Math.min(SIZE.height, 24 * layers.length)),
    data: { values },
    mark: { type: "rect", tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step", scale: { nice: false, zero: false } },
      x2: { field: "stepEnd" },
      y: { field: "layer", type: "ordinal", sort: layers, title: "layer (input at top)" },
      color: {
        field: "value", type: "quantitative", title: metricLabel(metric),
        scale: { type: "log", scheme: SEQUENTIAL },
        legend: { title: [metricLabel(metric), "(log scale)"], titleLimit: 320, format: ".2~g", values: legendValues(lo, hi) },
      },
    },
  };
}

/** The smallest and largest value and the powers of ten between them: landmarks on a log legend. */
function legendValues(lo: number, hi: number): number[] {
  const powers = [];
  for (let e = Math.ceil(Math.log10(lo)); 10 ** e < hi; e++) if (10 ** e > lo * 1.5 && 10 ** e < hi / 1.5) powers.push(10 ** e);
  return lo === hi ? [lo] : [lo, ...powers, hi];
}


/** A line's legend entry: the run, the step, or both, depending on what varies. */
function seriesName(run: string | undefined, step: number, runCount: number, stepCount: number): string {
  const parts = [];
  if (runCount > 1) parts.push(run ?? "");
  if (stepCount > 1 || runCount <= 1) parts.push(`step ${step}`);
  return parts.join(", ");
}

/** Column spans covering the steps: one per step, or merged runs of steps when there are too many. */
function stepColumns(steps: readonly number[], maxColumns: number) {
  const perColumn = Math.max(1, Math.ceil(steps.length / Math.max(1, Math.floor(maxColumns))));
  const index = new Map<number, number>();
  const spans: { start: number; end: number }[] = [];
  // A typical gap between steps, so the last column gets a width too.
  const gap = steps.length > 1 ? (steps[steps.length - 1] - steps[0]) / (steps.length - 1) : 1;
  for (let i = 0; i < steps.length; i += perColumn) {
    const next = i + perColumn < steps.length ? steps[i + perColumn] : steps[steps.length - 1] + gap;
    for (let j = i; j < Math.min(i + perColumn, steps.length); j++) index.set(steps[j], spans.length);
    spans.push({ start: steps[i], end: next });
  }
  return { index, spans, merged: perColumn > 1 };
}
