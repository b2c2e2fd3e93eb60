/**
 * "What if" charts: a curve that a formula predicts, recomputed inside the chart while the reader
 * moves sliders and dropdowns, drawn over the measured points of the cell that made the chart.
 *
 *   points (measured) + curve (a Vega expression of x and the params) + params (sliders, dropdowns)
 *     -> a layered Vega-Lite 5 spec: the curve, the points the current setting selects, and a label
 *        with the curve's value at its right end.
 *
 * Why Vega expressions and not a kernel call: JupyterLab and VS Code run the spec's params in the
 * browser, so the curve follows the slider at once, in a saved notebook too, with no kernel
 * running. The price: the formula is written twice, once as a Vega expression for the chart and
 * once in TypeScript for the lesson's numbers; the tests evaluate the expression with Vega at
 * several settings and compare it with the TypeScript twin.
 *
 * Where there is no Vega in the front end (GitHub's preview, nbconvert), the SVG rendered in Node
 * shows the params' default values, and the text summary lists what each control does.
 *
 * `whatIf` is the general builder; `boundWhatIf` is lesson 03's chart of the gradient bound
 * (sγ)^(L−k) against measured gradient ratios. Later lessons build their own on `whatIf` (an
 * activation's std against the weight scale; a recurrent gradient against (ργ)^t).
 */

import { LibraryError, messages } from "../messages.js";
import { LOG_TICK_LABELS, prettyLabel } from "./labels.js";
import {
  CATEGORICAL, type CommonOptions, LOG_NOTE, SIZE, type TopLevelSpec, VEGALITE_SCHEMA, describe, fmt, logTitle,
} from "./spec.js";

/** A slider: a number from `min` to `max` in steps of `step`. */
export interface RangeParam {
  input: "range";
  /** The name the expressions use: a JavaScript identifier, not a Vega built-in (`scale`, `width`, ...). */
  name: string;
  /** What the reader sees beside the slider: "weight scale s". */
  label: string;
  /** The default: the setting the SVG shows. */
  value: number;
  min: number;
  max: number;
  step: number;
  /** What moving it changes, for the text summary: "the spectral norm of every weight matrix". */
  does: string;
}

/** A dropdown: one of a few values, each with an optional label. */
export interface SelectParam {
  input: "select";
  name: string;
  label: string;
  value: string | number;
  options: readonly (string | number)[];
  /** Shown in the dropdown instead of the raw options, in the same order. */
  labels?: readonly string[];
  does: string;
}

export type WhatIfParam = RangeParam | SelectParam;

/** A measured point: its x and y, plus any fields the points filter reads (`activation`, `scale`, ...). */
export interface WhatIfPoint {
  x: number;
  y: number;
  [field: string]: string | number;
}

export interface WhatIfOptions extends CommonOptions {
  /** The sliders and dropdowns, in the order they appear under the chart. */
  params: readonly WhatIfParam[];
  /**
   * The curve: `expr` is a Vega expression in `datum.x` and the params' names, e.g.
   * "pow(s * gamma, datum.x)"; `label` names it in the legend.
   */
  curve: { expr: string; label: string };
  /**
   * The x values the curve is computed at, `from` to `to` in steps of `step` (default 1).
   * `upTo` names a slider that ends the curve and the points early (say, the depth).
   */
  x: { from: number; to: number; step?: number; title: string; upTo?: string };
  /** The y axis; `log` (the default) drops curve values that are 0, negative or not finite. */
  y: { title: string; log?: boolean; domain?: [number, number] };
  /** What the points are, in the legend; default "measured". */
  pointsLabel?: string;
  /** A Vega expression choosing the points shown for the current setting, e.g. "datum.act == act". */
  showPoints?: string;
  /** Lines with the numbers at the default setting, appended to the text summary. */
  notes?: readonly string[];
}

/** Names that would clash with Vega's own signals or expression functions. */
const RESERVED = new Set([
  "datum", "event", "item", "parent", "width", "height", "padding", "autosize", "background", "cursor",
  "scale", "range", "domain", "data", "indata", "format", "span", "sequence", "length", "extent", "clamp",
  "pow", "log", "exp", "abs", "min", "max", "sqrt", "round", "floor", "ceil", "if", "isFinite", "isNaN",
  "PI", "E", "NaN", "Infinity", "true", "false", "null", "undefined", "this", "x", "y", "series",
]);

/**
 * A chart whose curve the reader recomputes with sliders and dropdowns, drawn over measured points.
 * The curve is evaluated by Vega in the browser (no kernel needed); the SVG and the text summary
 * show the default setting.
 *
 * @example
 *   charts.whatIf(points, {
 *     params: [{ input: "range", name: "q", label: "factor per step", value: 0.5, min: 0.1, max: 2, step: 0.1, does: "the factor" }],
 *     curve: { expr: "pow(q, datum.x)", label: "q^t" },
 *     x: { from: 0, to: 20, title: "t" }, y: { title: "ratio" },
 *   })
 */
export function whatIf(points: readonly WhatIfPoint[], options: WhatIfOptions): TopLevelSpec {
  const chart = "whatIf";
  const bad = (what: string, detail: string): never => { throw new LibraryError(messages.whatIfOption(chart, what, detail)); };
  if (!options || !Array.isArray(options.params)) return bad("params", "give an array of sliders and dropdowns (it may be empty)");
  const params = options.params.map((p) => checkParam(p, bad));
  const names = params.map((p) => p.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) bad(`param '${dup}'`, "appears twice; give every param its own name");
  const curve = options.curve;
  if (!curve || typeof curve.expr !== "string" || curve.expr.trim() === "") bad("curve.expr", "give a Vega expression in datum.x and the params, e.g. \"pow(s, datum.x)\"");
  if (!curve.expr.includes("datum.x")) bad("curve.expr", `'${curve.expr}' does not use datum.x, so the curve would be flat; write the x value as datum.x`);
  if (typeof curve.label !== "string" || curve.label === "") bad("curve.label", "give the curve a name for the legend");

  // The legend's names are data, which the display's label pass leaves alone: write them here.
  const curveLabel = prettyLabel(curve.label);
  const x = options.x;
  const step = x?.step ?? 1;
  if (!x || !Number.isFinite(x.from) || !Number.isFinite(x.to) || !(x.to > x.from)) bad("x", `needs finite from < to, got from ${x?.from} and to ${x?.to}`);
  if (!(Number.isFinite(step) && step > 0) || (x.to - x.from) / step > 10_000) bad("x.step", `must be positive and give at most 10,000 points from ${x.from} to ${x.to}, got ${step}`);
  if (x.upTo !== undefined) {
    const p = params.find((q) => q.name === x.upTo);
    if (!p || p.input !== "range") bad("x.upTo", `'${x.upTo}' must name one of the sliders (${names.filter((_, i) => params[i].input === "range").join(", ") || "there are none"})`);
  }
  const log = options.y?.log ?? true;
  const pointsLabel = options.pointsLabel ?? "measured";
  if (pointsLabel === curve.label) bad("pointsLabel", `'${pointsLabel}' is also the curve's label; the legend needs two names`);
  if (!Array.isArray(points)) bad("points", "give an array of { x, y, ... } rows (it may be empty)");
  points.forEach((p, i) => {
    if (!p || !Number.isFinite(p.x) || typeof p.y !== "number") bad(`points[${i}]`, `needs a finite x and a numeric y, got ${JSON.stringify(p)}`);
  });
  // A log axis cannot show 0, negative or non-finite values: leave them out and say how many.
  const kept = points.filter((p) => Number.isFinite(p.y) && (!log || p.y > 0));
  const dropped = points.length - kept.length;

  const upTo = x.upTo;
  const xEnd = upTo ? `min(${upTo}, ${x.to})` : String(x.to);
  // The last grid point at or below the end: where the label sits.
  const lastX = `${x.from} + floor((${xEnd} - ${x.from}) / ${step} + 1e-9) * ${step}`;
  const sequence = { start: x.from, stop: x.to + step / 2, step, as: "x" }; // stop is exclusive
  const curveRows = [
    ...(upTo ? [{ filter: `datum.x <= ${upTo} + 1e-9` }] : []),
    { calculate: curve.expr, as: "y" },
    { filter: log ? "isFinite(datum.y) && datum.y > 0" : "isFinite(datum.y)" },
    { calculate: JSON.stringify(curveLabel), as: "series" },
  ];
  const pointFilters = [
    ...(options.showPoints ? [{ filter: options.showPoints }] : []),
    ...(upTo ? [{ filter: `datum.x <= ${upTo} + 1e-9` }] : []),
    { calculate: JSON.stringify(pointsLabel), as: "series" },
  ];

  const title = options.title ?? curveLabel;
  const controls = params.map((p) => p.input === "range"
    ? `- slider "${p.label}" (${fmt(p.min)} to ${fmt(p.max)} in steps of ${fmt(p.step)}, default ${fmt(p.value)}): ${p.does}.`
    : `- dropdown "${p.label}" (${p.options.map((o, i) => p.labels?.[i] ?? String(o)).join(", ")}; default ${selectLabel(p)}): ${p.does}.`);
  const lines = [
    `x: ${x.title}; y: ${options.y.title}${log ? `, ${LOG_NOTE}` : ""}.`,
    `Line: ${curveLabel}, computed inside the chart from the controls; points: ${pointsLabel}${options.showPoints ? ", those of the current setting" : ""}.`,
    ...(params.length ? ["In JupyterLab and VS Code, controls under the chart recompute the line at once (no kernel needed):", ...controls] : []),
    ...(params.length ? [`This picture shows the default setting: ${params.map((p) => `${p.label} ${p.input === "range" ? fmt(p.value) : selectLabel(p)}`).join(", ")}.`] : []),
    ...(options.notes ?? []),
    ...(dropped > 0 ? [`${dropped} point(s) that were zero, negative or not finite are left out: a log axis cannot show them.`] : []),
  ];

  const yScale = { ...(log ? { type: "log" as const } : {}), ...(options.y.domain ? { domain: options.y.domain, clamp: true } : {}) };
  return {
    $schema: VEGALITE_SCHEMA,
    title: { text: title, subtitle: [...(log ? [`y axis: ${LOG_NOTE}`] : []), ...(params.length ? ["move the controls under the chart"] : [])] },
    description: describe([title, ...lines]),
    width: options.width ?? SIZE.width,
    height: options.height ?? SIZE.height,
    params: params.map(toVegaParam),
    encoding: {
      x: { field: "x", type: "quantitative", title: x.title, scale: { domain: [x.from, x.to], nice: false } },
      y: {
        field: "y", type: "quantitative", title: log ? logTitle(options.y.title) : options.y.title, scale: yScale,
        // Plain numbers near 1, powers of ten elsewhere: "0.000001" and "100000000" are hard to read.
        ...(log ? { axis: { labelExpr: LOG_TICK_LABELS } } : {}),
      },
      color: {
        field: "series", type: "nominal", title: null, scale: { domain: [curveLabel, pointsLabel], range: [CATEGORICAL[0], CATEGORICAL[1]] },
        legend: { orient: "top", labelLimit: 400 },
      },
    },
    layer: [
      { data: { sequence }, transform: curveRows, mark: { type: "line", clip: true, tooltip: true } },
      { data: { values: kept }, transform: pointFilters, mark: { type: "point", filled: true, size: 40, clip: true, tooltip: true } },
      {
        data: { sequence },
        transform: [{ filter: `abs(datum.x - (${lastX})) < ${step / 2}` }, ...curveRows, { calculate: "format(datum.y, '.3~g')", as: "label" }],
        mark: { type: "text", align: "right", baseline: "bottom", dy: -6, fontSize: 12, clip: true },
        encoding: { text: { field: "label" }, color: { value: CATEGORICAL[0] } },
      },
    ],
  } as TopLevelSpec;
}

/** A param checked field by field; the error says which field and what it should be. */
function checkParam(p: WhatIfParam, bad: (what: string, detail: string) => never): WhatIfParam {
  const name = p?.name;
  const what = `param '${String(name)}'`;
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) bad(what, "its name must be an identifier: letters, digits and _, not starting with a digit");
  if (RESERVED.has(name)) bad(what, `'${name}' is a name Vega uses itself; choose another, e.g. '${name}Value'`);
  if (typeof p.label !== "string" || p.label === "") bad(what, "needs a label to show beside the control");
  if (typeof p.does !== "string" || p.does === "") bad(what, "needs `does`: what moving it changes, for the text summary");
  if (p.input === "range") {
    const { min, max, step, value } = p;
    if (![min, max, step, value].every(Number.isFinite)) bad(what, `min, max, step and value must be finite numbers, got ${min}, ${max}, ${step}, ${value}`);
    if (!(max > min) || !(step > 0)) bad(what, `needs min < max and step > 0, got min ${min}, max ${max}, step ${step}`);
    if (value < min || value > max) bad(what, `its value ${value} lies outside ${min} to ${max}`);
    return p;
  }
  if (p.input === "select") {
    if (!Array.isArray(p.options) || p.options.length === 0) bad(what, "needs a non-empty list of options");
    if (!p.options.includes(p.value)) bad(what, `its value ${JSON.stringify(p.value)} is not one of the options ${JSON.stringify(p.options)}`);
    if (p.labels !== undefined && p.labels.length !== p.options.length) bad(what, `has ${p.labels.length} labels for ${p.options.length} options`);
    return p;
  }
  return bad(what, `input must be "range" (a slider) or "select" (a dropdown), got ${JSON.stringify((p as { input?: unknown })?.input)}`);
}

/** The label a dropdown shows for its current value. */
function selectLabel(p: SelectParam): string {
  const i = p.options.indexOf(p.value);
  return p.labels?.[i] ?? String(p.value);
}

/** One param in Vega-Lite's form: a variable bound to an input element. */
function toVegaParam(p: WhatIfParam) {
  // The trailing space keeps the label off the control in Vega's default layout.
  return p.input === "range"
    ? { name: p.name, value: p.value, bind: { input: "range", min: p.min, max: p.max, step: p.step, name: `${p.label} ` } }
    : { name: p.name, value: p.value, bind: { input: "select", options: [...p.options], ...(p.labels ? { labels: [...p.labels] } : {}), name: `${p.label} ` } };
}

// --------------------------------------------------------------------------------------------
// Lesson 03: the norm bound ||∇h_k|| / ||∇h_L|| <= (s γ)^(L-k) against measured ratios.

/**
 * γ = sup |φ'(x)| of the activations whose bound is exact and simple: σ' peaks at 1/4 (at x = 0),
 * tanh' at 1 (at x = 0); the ReLU family, softplus (σ < 1, approached for large x) and the identity
 * never exceed 1. GELU's peak (about 1.13) has no closed form and is left out.
 */
export const SLOPE_BOUNDS: Readonly<Record<string, number>> = {
  sigmoid: 0.25, tanh: 1, relu: 1, leakyRelu: 1, elu: 1, softplus: 1, identity: 1,
};

/**
 * The bound on ||∇h_k|| / ||∇h_L|| after the gradient went back `layersBack` = L − k layers, each
 * with ||W||₂ = `scale` and activation slope at most `gamma`: (scale · gamma)^layersBack. The
 * TypeScript twin of the expression `boundWhatIf` puts in its chart.
 * @example boundEnvelope(10, 1, 0.25) // 4^-10
 */
export function boundEnvelope(layersBack: number, scale: number, gamma: number): number {
  return (scale * gamma) ** layersBack;
}

/** A measured ratio ||∇h_k|| / ||∇h_L|| in a network with activation `activation` and ||W_k||₂ = `scale`. */
export interface BoundRow {
  activation: string;
  scale: number;
  /** L − k: how many layers the gradient went back from h_L to h_k. */
  layersBack: number;
  ratio: number;
}

/**
 * Checks the rows of an activation-by-scale what-if chart (each row an activation name, finite
 * position fields and a numeric value) and picks its activations: those in the rows (or `fallback`
 * when there are none), each with an entry in `table`; `chosen` (the default setting) among them.
 */
function activationRows(
  chart: string,
  rows: readonly object[],
  fields: { position: readonly string[]; value: string },
  known: { table: Readonly<Record<string, number>>; missing: string; fallback: readonly string[] },
  chosen: string | undefined,
): { acts: string[]; activation: string } {
  const bad = (what: string, detail: string): never => { throw new LibraryError(messages.whatIfOption(chart, what, detail)); };
  const names = ["activation", ...fields.position, fields.value];
  if (!Array.isArray(rows)) bad("rows", `give an array of { ${names.join(", ")} } rows`);
  rows.forEach((row, i) => {
    const r = row as Record<string, unknown>;
    if (!r || typeof r.activation !== "string" || !fields.position.every((f) => Number.isFinite(r[f])) || typeof r[fields.value] !== "number") {
      bad(`rows[${i}]`, `needs activation (a name), finite ${fields.position.join(" and ")}, and a numeric ${fields.value}; got ${JSON.stringify(r)}`);
    }
  });
  const present = [...new Set(rows.map((r) => (r as { activation: string }).activation))];
  const acts = present.length ? present : [...known.fallback];
  for (const a of [...acts, ...(chosen ? [chosen] : [])]) {
    if (!(a in known.table)) bad(`activation '${a}'`, `${known.missing}; use one of ${Object.keys(known.table).join(", ")}`);
  }
  const activation = chosen ?? acts[0];
  if (!acts.includes(activation)) bad("activation", `'${activation}' has no rows; the rows have ${acts.join(", ")}`);
  return { acts, activation };
}

/** The weight-scale slider (given, or from the rows' scales); every row's scale must sit on it. */
function scaleSlider(
  bad: (what: string, detail: string) => never,
  rowScales: readonly number[],
  given: { min: number; max: number; step: number } | undefined,
): { min: number; max: number; step: number } {
  const scales = given ?? scaleGrid(rowScales);
  for (const s of new Set(rowScales)) {
    const k = (s - scales.min) / scales.step;
    if (s < scales.min - 1e-9 || s > scales.max + 1e-9 || Math.abs(k - Math.round(k)) > 1e-6) {
      bad("scales", `the rows' scale ${s} is not on the slider (${scales.min} to ${scales.max} in steps of ${scales.step}), so its points would never show`);
    }
  }
  return scales;
}

export interface BoundWhatIfOptions extends CommonOptions {
  /** The default setting (what the SVG shows): activation, weight scale and depth. */
  activation?: string;
  scale?: number;
  depth?: number;
  /** The weight-scale slider; default from the rows' scales (their smallest gap as the step). */
  scales?: { min: number; max: number; step: number };
  /** The depth slider's end; default the largest layersBack in the rows. */
  maxDepth?: number;
  /** Lines with numbers for the text summary (the lesson's own findings). */
  notes?: readonly string[];
}

/**
 * The what-if chart of the norm bound: the bound (sγ)^(L−k) on ||∇h_k|| / ||∇h_L||, recomputed
 * in the chart as the reader picks the activation (γ), the weight scale s and the depth, over the
 * ratios measured in networks of each activation and scale (the points of the current setting).
 *
 * @example charts.boundWhatIf(rows, { activation: "sigmoid", scale: 1 })
 */
export function boundWhatIf(rows: readonly BoundRow[], options: BoundWhatIfOptions = {}): TopLevelSpec {
  const chart = "boundWhatIf";
  const bad = (what: string, detail: string): never => { throw new LibraryError(messages.whatIfOption(chart, what, detail)); };
  const { acts, activation } = activationRows(chart, rows, { position: ["scale", "layersBack"], value: "ratio" },
    { table: SLOPE_BOUNDS, missing: "has no simple slope bound here", fallback: ["sigmoid", "tanh", "relu"] }, options.activation);

  const scales = scaleSlider(bad, rows.map((r) => r.scale), options.scales);
  const scale = options.scale ?? (rows.find((r) => r.activation === activation)?.scale ?? 1);
  const maxDepth = options.maxDepth ?? Math.max(1, ...rows.map((r) => r.layersBack));
  const depth = options.depth ?? maxDepth;

  const gammaExpr = acts.map((a) => `act == ${JSON.stringify(a)} ? ${SLOPE_BOUNDS[a]} : `).join("") + "NaN";
  const label = (a: string) => `${a} (γ = ${SLOPE_BOUNDS[a] === 0.25 ? "1/4" : SLOPE_BOUNDS[a]})`;
  const gamma = SLOPE_BOUNDS[activation];
  const atDefault = rows.filter((r) => r.activation === activation && Math.abs(r.scale - scale) < scales.step / 2 && r.layersBack <= depth);
  const deepest = atDefault.reduce<BoundRow | undefined>((a, r) => (!a || r.layersBack > a.layersBack ? r : a), undefined);
  const notes = [
    `At the default setting the bound after ${depth} layers is (${fmt(scale)} × ${fmt(gamma)})^${depth} = ${fmt(boundEnvelope(depth, scale, gamma))}` +
      (deepest ? `; measured after ${deepest.layersBack}: ${fmt(deepest.ratio)}.` : "."),
    ...(options.notes ?? []),
  ];

  return whatIf(rows.map((r) => ({ x: r.layersBack, y: r.ratio, act: r.activation, scale: r.scale })), {
    title: options.title ?? "The bound (sγ)^(L−k) on ‖∇h_k‖ / ‖∇ at layer L‖, and measured ratios",
    width: options.width,
    height: options.height,
    params: [
      { input: "select", name: "act", label: "activation", value: activation, options: acts, labels: acts.map(label), does: "sets γ, the activation's largest slope, and shows that activation's measured points" },
      { input: "range", name: "s", label: "weight scale s = ‖W_k‖₂", value: scale, ...scales, does: "sets the spectral norm of every weight matrix, and shows the points measured at that scale" },
      { input: "range", name: "depth", label: "layers back L − k", value: depth, min: 1, max: maxDepth, step: 1, does: "ends the line and the points after that many layers; the label gives the bound there" },
    ],
    curve: { expr: `pow(s * (${gammaExpr}), datum.x)`, label: "bound (sγ)^(L−k)" },
    x: { from: 0, to: maxDepth, step: 1, title: "layers the gradient went back, L − k", upTo: "depth" },
    y: { title: "‖∇h_k‖ / ‖∇ at layer L‖" },
    pointsLabel: "measured",
    showPoints: `datum.act == act && abs(datum.scale - s) < ${scales.step / 2}`,
    notes,
  });
}

/** A slider over the given scales: smallest to largest, in steps of the smallest gap between them. */
function scaleGrid(values: readonly number[]): { min: number; max: number; step: number } {
  const s = [...new Set(values)].sort((a, b) => a - b);
  if (s.length === 0) return { min: 0.25, max: 4, step: 0.25 };
  if (s.length === 1) return { min: s[0] / 2, max: s[0] * 2, step: s[0] / 2 };
  const gap = Math.min(...s.slice(1).map((v, i) => v - s[i]));
  return { min: s[0], max: s[s.length - 1], step: Number(gap.toPrecision(12)) };
}

// --------------------------------------------------------------------------------------------
// Lesson 07: the signal's size through depth, RMS(h_l) = RMS(x) · (v c)^(l/2), against measured RMS.

/**
 * c = E[φ(z)²] / E[z²] for a zero-mean symmetric z: the share of the second moment an activation
 * passes on. The identity keeps all of it; ReLU zeroes the negative half, keeping exactly 1/2
 * (He et al. 2015); leaky ReLU keeps (1 + a²)/2 with a = 0.01. tanh has no constant c: it keeps
 * nearly all of a small signal (tanh z ≈ z near 0) and less and less of a large one, so the value
 * 1 here is the small-signal approximation only.
 */
export const SECOND_MOMENT_FACTORS: Readonly<Record<string, number>> = {
  identity: 1, relu: 0.5, leakyRelu: (1 + 0.01 * 0.01) / 2, tanh: 1,
};

/**
 * The root mean square of a layer's activations after `layer` layers, each with weights of
 * variance `scale` / n_in (so `scale` = n_in · Var(W): 1 for LeCun's and, at equal widths,
 * Glorot's initialization, 2 for He's) and an activation passing a share `factor` of the second
 * moment (see SECOND_MOMENT_FACTORS): rms0 · (scale · factor)^(layer / 2). Exact in expectation for
 * the identity and ReLU; for tanh only while the signal is small. The TypeScript twin of the
 * expression `initWhatIf` puts in its chart.
 * @example rmsPrediction(30, 1, 0.5, 1)   // Glorot's 1/n with ReLU: 2^-15 after 30 layers
 */
export function rmsPrediction(layer: number, scale: number, factor: number, rms0: number): number {
  return rms0 * (scale * factor) ** (layer / 2);
}

/** A measured RMS of layer `layer` (0 = the input) in a network with activation `activation` and n_in · Var(W) = `scale`. */
export interface InitRow {
  activation: string;
  /** n_in · Var(W) of every layer. */
  scale: number;
  /** 0 for the input, 1..L for the hidden layers. */
  layer: number;
  /** sqrt(E[h²]) over the batch and the units of that layer. */
  rms: number;
}

export interface InitWhatIfOptions extends CommonOptions {
  /** The default setting (what the SVG shows). */
  activation?: string;
  scale?: number;
  /** The weight-scale slider; default from the rows' scales (their smallest gap as the step). */
  scales?: { min: number; max: number; step: number };
  /** The RMS of the input, where the line starts; default the rows' layer-0 RMS (their mean), else 1. */
  inputRms?: number;
  /** Lines with numbers for the text summary (the lesson's own findings). */
  notes?: readonly string[];
}

/**
 * The what-if chart of initialization: the predicted RMS of every layer's activations,
 * rms0 · (v c)^(l/2), recomputed in the chart as the reader picks the activation (its factor c)
 * and the weight scale v = n_in · Var(W), over the RMS measured in networks of each activation and
 * scale (the points of the current setting). For tanh the line is the small-signal approximation
 * (c = 1), and the chart's legend says so.
 *
 * @example charts.initWhatIf(rows, { activation: "relu", scale: 2 })
 */
export function initWhatIf(rows: readonly InitRow[], options: InitWhatIfOptions = {}): TopLevelSpec {
  const chart = "initWhatIf";
  const bad = (what: string, detail: string): never => { throw new LibraryError(messages.whatIfOption(chart, what, detail)); };
  const { acts, activation } = activationRows(chart, rows, { position: ["scale", "layer"], value: "rms" },
    { table: SECOND_MOMENT_FACTORS, missing: "has no constant second-moment factor here", fallback: ["identity", "relu", "tanh"] }, options.activation);

  const scales = scaleSlider(bad, rows.map((r) => r.scale), options.scales);
  const scale = options.scale ?? (rows.find((r) => r.activation === activation)?.scale ?? 1);
  const inputs = rows.filter((r) => r.layer === 0).map((r) => r.rms);
  const rms0 = options.inputRms ?? (inputs.length ? inputs.reduce((a, b) => a + b, 0) / inputs.length : 1);
  if (!(Number.isFinite(rms0) && rms0 > 0)) bad("inputRms", `must be a positive number (the input's RMS), got ${rms0}`);
  const maxDepth = Math.max(1, ...rows.map((r) => r.layer));

  const factorExpr = acts.map((a) => `act == ${JSON.stringify(a)} ? ${SECOND_MOMENT_FACTORS[a]} : `).join("") + "NaN";
  const label = (a: string) => a === "tanh" ? "tanh (c ≈ 1, small signals only)" : `${a} (c = ${a === "relu" ? "1/2" : fmt(SECOND_MOMENT_FACTORS[a])})`;
  const c = SECOND_MOMENT_FACTORS[activation];
  const atDefault = rows.filter((r) => r.activation === activation && Math.abs(r.scale - scale) < scales.step / 2);
  const deepest = atDefault.reduce<InitRow | undefined>((a, r) => (!a || r.layer > a.layer ? r : a), undefined);
  const notes = [
    `At the default setting the prediction after ${maxDepth} layers is ${fmt(rms0)} × (${fmt(scale)} × ${fmt(c)})^(${maxDepth}/2) = ${fmt(rmsPrediction(maxDepth, scale, c, rms0))}` +
      (deepest ? `; measured at layer ${deepest.layer}: ${fmt(deepest.rms)}.` : "."),
    ...(activation === "tanh" ? ["For tanh the line is the small-signal approximation tanh z ≈ z; once the signal is near 1, tanh flattens it and the points leave the line."] : []),
    ...(options.notes ?? []),
  ];

  return whatIf(rows.map((r) => ({ x: r.layer, y: r.rms, act: r.activation, scale: r.scale })), {
    title: options.title ?? "The RMS of h_l predicted by the variance law, and measured",
    width: options.width,
    height: options.height,
    params: [
      { input: "select", name: "act", label: "activation", value: activation, options: acts, labels: acts.map(label), does: "sets c, the share of E[z²] the activation passes on, and shows that activation's measured points" },
      { input: "range", name: "v", label: "weight scale v = n_in·Var(W)", value: scale, ...scales, does: "sets the variance of every weight matrix, and shows the points measured at that scale" },
    ],
    curve: { expr: `${rms0} * pow(v * (${factorExpr}), datum.x / 2)`, label: "predicted RMS(x)·(v c)^(l/2)" },
    x: { from: 0, to: maxDepth, step: 1, title: "layer l (0 = the input)" },
    y: { title: "RMS of h_l, √E[h_l²]" },
    pointsLabel: "measured",
    showPoints: `datum.act == act && abs(datum.scale - v) < ${scales.step / 2}`,
    notes,
  });
}
