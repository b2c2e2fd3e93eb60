/**
 * Charts of what a vanishing gradient does to learning:
 *   learningByDepth     accuracy over training for networks of several depths (mean line, band from
 *                       the lowest to the highest seed), and under it each layer's typical
 *                       update:data ratio, one line per depth, with a reference line (1e-3)
 *   withReferenceLine   adds a dashed horizontal line at a value to a one-panel chart (for
 *                       Karpathy's 1e-3 on an update:data chart such as normsOverSteps)
 */

import { LibraryError, messages } from "../messages.js";
import {
  CATEGORICAL, type CommonOptions, LOG_NOTE, logTitle, SIZE, type TopLevelSpec, VEGALITE_SCHEMA,
  describe, fmt, requireRows, runsOf,
} from "./spec.js";

/** One evaluation of one run: its accuracy after `step` updates. Several seeds share a `run` name. */
export interface AccuracyRow {
  /** The network, e.g. "2 hidden"; one line per run. */
  run: string;
  step: number;
  /** A fraction in [0, 1]. */
  accuracy: number;
  seed?: number;
}

/** A layer's typical learning speed in one run (for example its geometric-mean update:data ratio). */
export interface LayerSpeedRow {
  run: string;
  /** "layer1" .. "layerL", "output". */
  layer: string;
  value: number;
  seed?: number;
}

export interface LearningByDepthOptions extends CommonOptions {
  /** A dashed line on the speed panel at this value; default 1e-3 (Karpathy's rule of thumb); null for none. */
  reference?: number | null;
  /** What the speed panel's values are, for its axis; default the update:data ratio. */
  speedLabel?: string;
  /** What the accuracy is measured on, for its axis; default "held-out accuracy". */
  accuracyLabel?: string;
}

/** Layer names in network order: layer1, layer2, ... by number, other names as they come, "output" last. */
export function networkOrder(layers: Iterable<string>): string[] {
  const all = [...new Set(layers)];
  const num = (name: string) => {
    const m = /^layer(\d+)$/.exec(name);
    return m ? Number(m[1]) : Infinity;
  };
  const rank = (name: string) => (name === "output" ? 2 : num(name) === Infinity ? 1 : 0);
  return all
    .map((name, i) => ({ name, i }))
    .sort((a, b) => rank(a.name) - rank(b.name) || num(a.name) - num(b.name) || a.i - b.i)
    .map((e) => e.name);
}

const geometricMean = (v: readonly number[]) => Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);

/**
 * Training curves of several networks side by side with how fast each of their layers learns.
 * Top: accuracy against training step, one colour per run (depth); the line is the mean over the
 * seeds, the band spans the lowest and highest seed. Bottom: each layer's value (by default its
 * update:data ratio) on a log axis, input layer on the left, one line per run (the geometric mean
 * over the seeds), with a dashed reference line.
 *
 * @example charts.learningByDepth(
 *   runs.flatMap((r) => r.curve.map((p) => ({ run: `${r.depth} hidden`, step: p.step, accuracy: p.testAccuracy, seed: r.seed }))),
 *   runs.flatMap((r) => Object.entries(r.updateToData).map(([layer, value]) => ({ run: `${r.depth} hidden`, layer, value }))))
 */
export function learningByDepth(
  curves: readonly AccuracyRow[],
  speeds: readonly LayerSpeedRow[],
  options: LearningByDepthOptions = {},
): TopLevelSpec {
  const chart = "learningByDepth";
  requireRows(chart, curves, "accuracy rows");
  requireRows(chart, speeds, "layer speed rows");
  for (const r of curves) {
    if (!(r.accuracy >= 0 && r.accuracy <= 1)) {
      throw new LibraryError(messages.chartBadData(chart, `accuracy must be a fraction in [0, 1], got ${r.accuracy} (run '${r.run}', step ${r.step}); divide percentages by 100.`));
    }
  }
  const badSpeed = speeds.find((r) => !(Number.isFinite(r.value) && r.value > 0));
  if (badSpeed !== undefined) {
    throw new LibraryError(messages.chartBadData(chart, `layer speeds are drawn on a log axis and must be positive and finite, got ${badSpeed.value} (run '${badSpeed.run}', ${badSpeed.layer}).`));
  }
  const runs = runsOf([...curves, ...speeds]);
  const layers = networkOrder(speeds.map((r) => r.layer));
  const reference = options.reference === undefined ? 1e-3 : options.reference;
  const speedLabel = options.speedLabel ?? "update-to-weight ratio ‖ΔW‖ / ‖W‖";
  const accuracyLabel = options.accuracyLabel ?? "held-out accuracy";

  // Accuracy: mean, lowest and highest over the seeds at each (run, step).
  const byStep = new Map<string, { run: string; step: number; values: number[] }>();
  for (const r of curves) {
    const key = `${r.run}\u0000${r.step}`;
    const cell = byStep.get(key) ?? { run: r.run, step: r.step, values: [] };
    cell.values.push(r.accuracy);
    byStep.set(key, cell);
  }
  const accValues = [...byStep.values()]
    .sort((a, b) => runs.indexOf(a.run) - runs.indexOf(b.run) || a.step - b.step)
    .map(({ run, step, values }) => ({
      run, step, mean: values.reduce((s, v) => s + v, 0) / values.length, low: Math.min(...values), high: Math.max(...values), seeds: values.length,
    }));

  // Layer speeds: geometric mean over the seeds at each (run, layer).
  const byLayer = new Map<string, { run: string; layer: string; values: number[] }>();
  for (const r of speeds) {
    const key = `${r.run}\u0000${r.layer}`;
    const cell = byLayer.get(key) ?? { run: r.run, layer: r.layer, values: [] };
    cell.values.push(r.value);
    byLayer.set(key, cell);
  }
  const speedValues = [...byLayer.values()]
    .sort((a, b) => runs.indexOf(a.run) - runs.indexOf(b.run) || layers.indexOf(a.layer) - layers.indexOf(b.layer))
    .map(({ run, layer, values }) => ({ run, layer, value: geometricMean(values) }));

  const lines = [
    `Top: x: training step; y: ${accuracyLabel}; line: mean over the seeds, band: lowest to highest seed.`,
    `Bottom: x: layer, input (left) to output (right); y: ${speedLabel}, ${LOG_NOTE}${reference !== null ? `; dashed line at ${fmt(reference)}` : ""}.`,
  ];
  for (const run of runs) {
    const mine = accValues.filter((v) => v.run === run);
    const parts: string[] = [];
    if (mine.length > 0) {
      const last = mine[mine.length - 1];
      const range = last.seeds > 1 ? ` (${fmt(100 * last.low)}-${fmt(100 * last.high)}% over ${last.seeds} seeds)` : "";
      parts.push(`at step ${last.step} ${fmt(100 * last.mean)}%${range}`);
    }
    const sp = speedValues.filter((v) => v.run === run);
    if (sp.length > 1) {
      const first = sp[0];
      const lastLayer = sp[sp.length - 1];
      parts.push(`${first.layer} ${fmt(first.value)}, ${lastLayer.layer} ${fmt(lastLayer.value)} (ratio ${fmt(first.value / lastLayer.value)})`);
    } else if (sp.length === 1) parts.push(`${sp[0].layer} ${fmt(sp[0].value)}`);
    lines.push(`${run}: ${parts.join("; ")}.`);
  }

  const width = options.width ?? SIZE.width;
  const height = options.height ?? SIZE.height;
  const color = {
    field: "run", type: "nominal", sort: runs, title: null,
    scale: { domain: runs, range: CATEGORICAL.slice(0, Math.max(1, runs.length)) },
    legend: { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  const title = options.title ?? "Accuracy and per-layer learning speed by depth";
  const accPanel = {
    width, height,
    data: { values: accValues },
    encoding: {
      x: { field: "step", type: "quantitative", title: "training step" },
    },
    layer: [
      {
        mark: { type: "area", opacity: 0.18 },
        encoding: {
          color,
          y: { field: "low", type: "quantitative", title: accuracyLabel, scale: { domain: [0, 1] }, axis: { format: "%" } },
          y2: { field: "high" },
        },
      },
      {
        mark: { type: "line", point: true, tooltip: true },
        encoding: { y: { field: "mean", type: "quantitative", title: accuracyLabel }, color },
      },
    ],
  };
  const speedLayers: unknown[] = [
    {
      data: { values: speedValues },
      mark: { type: "line", point: true, tooltip: true },
      encoding: {
        x: { field: "layer", type: "ordinal", sort: layers, title: "layer (input → output)", axis: { labelAngle: 0 } },
        y: { field: "value", type: "quantitative", scale: { type: "log" }, title: logTitle(speedLabel) },
        color,
      },
    },
  ];
  if (reference !== null) {
    speedLayers.push({
      data: { values: [{ value: reference, label: `${fmt(reference)}` }] },
      mark: { type: "rule", strokeDash: [6, 4], color: "#555555" },
      encoding: { y: { field: "value", type: "quantitative" } },
    });
  }
  const speedPanel = { width, height, layer: speedLayers };
  return {
    $schema: VEGALITE_SCHEMA,
    title: { text: title, subtitle: `bottom panel's y axis: ${LOG_NOTE}` },
    description: describe([title, ...lines]),
    vconcat: [accPanel, speedPanel],
    resolve: { scale: { color: "shared" } },
  } as TopLevelSpec;
}

export interface ReferenceLineOptions {
  /** Said in the text summary, e.g. "Karpathy's rule of thumb"; default none. */
  label?: string;
  /** The y field of the chart (default "value", the field the library's log charts plot). */
  field?: string;
}

/**
 * The same one-panel chart with a dashed horizontal line at `value` (say 1e-3 on an update:data
 * chart), drawn over the chart's own layers and sharing its y scale. Concatenated charts are
 * refused: say which panel by building the line into that panel.
 *
 * @example charts.withReferenceLine(charts.normsOverSteps(rows, { metric: "updateToData" }), 1e-3, { label: "Karpathy's rule of thumb" })
 */
export function withReferenceLine(spec: TopLevelSpec, value: number, options: ReferenceLineOptions = {}): TopLevelSpec {
  const chart = "withReferenceLine";
  if (!Number.isFinite(value)) throw new LibraryError(messages.chartBadData(chart, `the line's value must be a finite number, got ${value}.`));
  const s = { ...(spec as unknown as Record<string, unknown>) };
  if ("hconcat" in s || "vconcat" in s || "concat" in s || "facet" in s || "repeat" in s) {
    throw new LibraryError(messages.chartBadData(chart, "the spec has several panels (concat, facet or repeat); add the line to one panel's layers instead."));
  }
  const field = options.field ?? "value";
  const rule = {
    data: { values: [{ [field]: value }] },
    mark: { type: "rule", strokeDash: [6, 4], color: "#555555", size: 1.5 },
    encoding: { y: { field, type: "quantitative" } },
  };
  const note = `Dashed line: ${fmt(value)}${options.label ? ` (${options.label})` : ""}.`;
  const description = typeof s.description === "string" && s.description ? `${s.description}\n${note}` : note;
  if (Array.isArray(s.layer)) {
    return { ...s, description, layer: [...s.layer, rule] } as unknown as TopLevelSpec;
  }
  if (!("mark" in s)) throw new LibraryError(messages.chartBadData(chart, "the spec has neither a mark nor layers to draw the line over."));
  // A one-mark chart: its view becomes the first layer; size, title and data stay at the top.
  const { mark, encoding, params, transform, ...top } = s;
  const own: Record<string, unknown> = { mark };
  if (encoding !== undefined) own.encoding = encoding;
  if (params !== undefined) own.params = params;
  if (transform !== undefined) own.transform = transform;
  return { ...top, description, layer: [own, rule] } as unknown as TopLevelSpec;
}
