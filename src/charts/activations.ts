/**
 * Charts about activations: the distribution of each layer's activation values (histograms), and
 * the activation functions themselves with their derivatives.
 */

import { type ActivationName, getActivation } from "../nn/activations.js";
import { LibraryError, messages } from "../messages.js";
import {
  CATEGORICAL, type CommonOptions, SEQUENTIAL, SIZE, type TopLevelSpec, VEGALITE_SCHEMA, describe, fmt,
} from "./spec.js";

/** A model's trace entry, structurally (a `LayerTrace` fits): the tensors' flat `data` is read. */
export interface TraceLike {
  layer: string;
  activation: { data: ArrayLike<number> };
  preActivation: { data: ArrayLike<number> };
}

/**
 * Raw values per layer: `{ layer1: Float64Array, ... }`, `[{ layer, values }]`, or a model's
 * `trace` after a forward pass (its activations, or with `of: "preActivation"` the z values).
 */
export type ValuesByLayer =
  | Readonly<Record<string, ArrayLike<number>>>
  | ReadonlyArray<{ layer: string; values: ArrayLike<number> }>
  | ReadonlyArray<TraceLike>;

export interface HistogramOptions extends CommonOptions {
  /** Number of bins shared by all layers; default 40. */
  bins?: number;
  /** The value range to bin; default the smallest to the largest value. Give [-1, 1] for tanh. */
  range?: [number, number];
  /** One small panel per layer ("facet", default), or all layers in one panel ("layered"). */
  layout?: "facet" | "layered";
  /** What the values are, for the axis title; default "activation value" (or "pre-activation z"). */
  valueLabel?: string;
  /** From a model trace: the activations h (default) or the pre-activations z. */
  of?: "activation" | "preActivation";
}

/**
 * Histograms of activation values, one per layer, on a shared set of bins. The y axis is the
 * fraction of the layer's values in each bin, so layers of different widths compare.
 *
 * @example model.forward(ds.X); charts.activationHistograms(model.trace, { range: [-1, 1] })
 */
export function activationHistograms(input: ValuesByLayer, options: HistogramOptions = {}): TopLevelSpec {
  const chart = "activationHistograms";
  const layers = toLayerValues(chart, input, options.of ?? "activation");
  const numBins = options.bins ?? 40;
  if (!Number.isInteger(numBins) || numBins < 1) throw new LibraryError(messages.positiveInteger(`${chart}: bins`, numBins));
  let [lo, hi] = options.range ?? extent(layers.flatMap((l) => [min(l.values), max(l.values)]));
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; } // all values equal: one visible bin around them
  const width = (hi - lo) / numBins;

  const values: { layer: string; binStart: number; binEnd: number; fraction: number }[] = [];
  const lines: string[] = [];
  let outside = 0;
  for (const { layer, values: xs } of layers) {
    const counts = new Array<number>(numBins).fill(0);
    let n = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (!Number.isFinite(x)) continue;
      n++;
      if (x < lo || x > hi) { outside++; continue; }
      counts[Math.min(numBins - 1, Math.floor((x - lo) / width))]++; // hi itself falls in the last bin
    }
    for (let b = 0; b < numBins; b++) {
      values.push({ layer, binStart: lo + b * width, binEnd: lo + (b + 1) * width, fraction: n ? counts[b] / n : 0 });
    }
    const { mean, std } = moments(xs);
    lines.push(`${layer}: ${xs.length} values, mean ${fmt(mean)}, standard deviation ${fmt(std)}.`);
  }
  const valueLabel = options.valueLabel ?? (options.of === "preActivation" ? "pre-activation z" : "activation value");
  const title = options.title ?? "Activation values per layer";
  const head = `x: ${valueLabel} (${numBins} bins from ${fmt(lo)} to ${fmt(hi)}); y: fraction of the layer's values in each bin.`;
  const description = describe([title, head, ...lines, ...(outside ? [`${outside} value(s) outside the range are not counted.`] : [])]);
  const order = layers.map((l) => l.layer);
  const x = { field: "binStart", type: "quantitative", bin: { binned: true, step: width }, title: valueLabel } as const;
  const y = { field: "fraction", type: "quantitative", title: "share of values", axis: { format: "%" } } as const;

  if ((options.layout ?? "facet") === "layered") {
    return {
      $schema: VEGALITE_SCHEMA, title, description,
      width: options.width ?? SIZE.width, height: options.height ?? SIZE.height,
      data: { values },
      mark: { type: "line", interpolate: "step", tooltip: true },
      encoding: {
        x: { field: "binStart", type: "quantitative", title: valueLabel }, y,
        color: { field: "layer", type: "ordinal", sort: order, title: "layer", scale: { scheme: SEQUENTIAL } },
      },
    };
  }
  return {
    $schema: VEGALITE_SCHEMA, title, description,
    data: { values },
    facet: { row: { field: "layer", type: "ordinal", sort: order, title: null, header: { labelAngle: 0, labelAlign: "left", labelOrient: "right" } } },
    spec: {
      width: options.width ?? SIZE.width,
      height: options.height ?? Math.max(40, Math.min(90, 360 / layers.length)),
      mark: { type: "bar", tooltip: true, color: CATEGORICAL[0] },
      encoding: { x, x2: { field: "binEnd" }, y },
    },
    resolve: { axis: { x: "shared" } },
  };
}

/** A custom activation to draw beside the library's: its function and derivative. */
export interface CustomActivation {
  name: string;
  f: (x: number) => number;
  df: (x: number) => number;
}

export interface CurveOptions extends CommonOptions {
  /** The x range; default [-5, 5]. */
  range?: [number, number];
  /** Sample points; default 101 (x = 0 is on the grid for symmetric ranges). */
  points?: number;
}

/** The name of the legend-bound selection in `activationCurves` (a Vega-Lite param). */
export const ACTIVATION_PICK = "activationPick";

/**
 * Activation functions φ(x) beside their derivatives φ'(x), sampled on a grid. The derivative
 * panel is the one the course is about: its height is the factor each layer multiplies a
 * gradient by (at most 1/4 for the sigmoid).
 *
 * Interactive where Vega-Lite runs (JupyterLab, VS Code): clicking an activation in the legend
 * picks it in both panels and fades the others (shift-click picks more; a click elsewhere shows
 * all again), and a tooltip gives a point's exact x and value.
 *
 * @example charts.activationCurves(["sigmoid", "tanh", "relu"])
 */
export function activationCurves(
  which: ReadonlyArray<ActivationName | CustomActivation>,
  options: CurveOptions = {},
): TopLevelSpec {
  const chart = "activationCurves";
  if (!Array.isArray(which) || which.length === 0) throw new LibraryError(messages.chartNoRows(chart, "activations"));
  const [lo, hi] = options.range ?? [-5, 5];
  if (!(hi > lo)) throw new LibraryError(messages.chartBadData(chart, `range [${lo}, ${hi}] is empty; give [low, high] with low < high.`));
  const n = options.points ?? 101;
  if (!Number.isInteger(n) || n < 2) throw new LibraryError(messages.positiveInteger(`${chart}: points (at least 2)`, n));
  const acts = which.map((a) => (typeof a === "string" ? getActivation(a) : a));
  const names = acts.map((a) => a.name);

  const values: { x: number; y: number; activation: string; panel: string }[] = [];
  const lines: string[] = [];
  for (const a of acts) {
    let best = { x: lo, d: -Infinity };
    for (let i = 0; i < n; i++) {
      const x = lo + ((hi - lo) * i) / (n - 1);
      const y = a.f(x);
      const d = a.df(x);
      // Five significant digits: exact enough to draw, and the notebook stays small.
      values.push({ x: sig(x), y: sig(y), activation: a.name, panel: "φ(x)" }, { x: sig(x), y: sig(d), activation: a.name, panel: "φ′(x)" });
      if (d > best.d) best = { x, d };
    }
    lines.push(`${a.name}: largest derivative ${fmt(best.d)}, first reached at x = ${fmt(best.x)}; ` +
      `φ′(${fmt(lo)}) = ${fmt(a.df(lo))}, φ′(${fmt(hi)}) = ${fmt(a.df(hi))}.`);
  }
  const title = options.title ?? "Activation functions and their derivatives";
  const pickNote = "click an activation in the legend to pick it (shift-click for more)";
  return {
    $schema: VEGALITE_SCHEMA,
    title: { text: title, subtitle: pickNote },
    description: describe([
      title, `Left: φ(x); right: its derivative φ′(x); x from ${fmt(lo)} to ${fmt(hi)}.`, ...lines,
      "Interactive in JupyterLab and VS Code: click an activation in the legend to pick it in both panels (shift-click for more, click elsewhere for all); hover a line for exact values.",
    ]),
    data: { values },
    facet: { column: { field: "panel", type: "nominal", title: null, sort: ["φ(x)", "φ′(x)"], header: { labelFontSize: 13 } } },
    spec: {
      width: options.width ?? 260,
      height: options.height ?? 200,
      // Inside the facet's spec, so both panels share one selection (the legend is shared too).
      params: [{ name: ACTIVATION_PICK, select: { type: "point", fields: ["activation"] }, bind: "legend" }],
      mark: { type: "line", clip: true },
      encoding: {
        x: { field: "x", type: "quantitative", title: "x (pre-activation z)" },
        y: { field: "y", type: "quantitative", title: null },
        color: { field: "activation", type: "nominal", sort: names, title: "activation", scale: { range: CATEGORICAL } },
        strokeDash: { field: "activation", type: "nominal", sort: names, legend: null },
        opacity: { condition: { param: ACTIVATION_PICK, value: 1 }, value: 0.12 },
        tooltip: [
          { field: "activation", type: "nominal", title: "activation" },
          { field: "panel", type: "nominal", title: "panel" },
          { field: "x", type: "quantitative", title: "x", format: ".4~g" },
          { field: "y", type: "quantitative", title: "value", format: ".5~g" },
        ],
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}

/** Normalizes the two input forms, rejecting empty layers with a clear message. */
function toLayerValues(chart: string, input: ValuesByLayer, of: "activation" | "preActivation"): { layer: string; values: ArrayLike<number> }[] {
  const list = Array.isArray(input)
    ? (input as ReadonlyArray<{ layer: string; values?: ArrayLike<number> } & Partial<TraceLike>>).map((l) => ({
      layer: l.layer, values: (l.values ?? l[of]?.data) as ArrayLike<number>,
    }))
    : Object.entries(input as Record<string, ArrayLike<number>>).map(([layer, values]) => ({ layer, values }));
  if (list.length === 0) throw new LibraryError(messages.chartNoRows(chart, "layers"));
  for (const l of list) {
    if (!l.values || l.values.length === 0) {
      throw new LibraryError(messages.chartBadData(chart, `layer '${l.layer}' has no values; pass the activations of a forward pass (model.trace).`));
    }
  }
  return list;
}

const sig = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(5)) : v);

function min(xs: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] < m) m = xs[i];
  return m;
}
function max(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  return m;
}
function extent(xs: number[]): [number, number] {
  const finite = xs.filter(Number.isFinite);
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
}

/** Mean and population standard deviation, in two passes for accuracy. */
function moments(xs: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length) };
}
