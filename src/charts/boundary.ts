/**
 * A 2-D classifier's decision boundary over its data: the plane is cut into a grid, the model
 * predicts every cell's centre, and the cells are coloured by the prediction under the data
 * points. Two classes: colour is P(class 1), so the boundary is where blue turns orange. More
 * classes: colour is the predicted class, faded where the model is unsure.
 */

import { LibraryError, messages } from "../messages.js";
import { sigmoidValue as sigmoid } from "../tensor/kernels.js";
import { CATEGORICAL, type CommonOptions, type TopLevelSpec, VEGALITE_SCHEMA, describe, fmt } from "./spec.js";

/** A matrix as rows, or anything with flat `data` and a `shape` (a Tensor fits). */
export type MatrixLike = ArrayLike<ArrayLike<number>> | { data: ArrayLike<number>; shape: readonly number[] };

/** The model's view: points (n, 2) in, class probabilities out (n, classes), or P(class 1) (n) for two classes. */
export type PredictFn = (points: number[][]) => MatrixLike | ArrayLike<number>;

/** A 2-D classification data set: the data module's data sets fit as they are. */
export interface Dataset2D {
  X: MatrixLike;
  y: ArrayLike<number> | { data: ArrayLike<number> };
  numClasses?: number;
}

export interface BoundaryOptions extends CommonOptions {
  /** Grid cells per axis; default 30 (900 predictions: smooth enough, and a notebook stays small). */
  resolution?: number;
  /** Margin around the data, as a fraction of its extent; default 0.1. */
  padding?: number;
  /** Names of the classes for the legend; default "class 0", "class 1", ... */
  classNames?: string[];
  /**
   * What predict returns: "probabilities" (default), or "logits", turned into probabilities here
   * by softmax (by the sigmoid for a single output), so a model's raw output can be passed as is.
   */
  output?: "probabilities" | "logits";
}

/**
 * The decision boundary of a classifier on 2-D data, with the data drawn over it.
 *
 * @example charts.decisionBoundary((P) => train.predict(model, tensor(P)), ds, { output: "logits" })
 */
export function decisionBoundary(predict: PredictFn, ds: Dataset2D, options: BoundaryOptions = {}): TopLevelSpec {
  const chart = "decisionBoundary";
  const points = toRows(chart, ds.X, "the data's X");
  if (points.some((p) => p.length !== 2)) {
    throw new LibraryError(messages.chartBadData(chart, `X must have 2 columns (points in the plane), got ${points[0].length}.`));
  }
  const labels = Array.from("data" in ds.y ? ds.y.data : ds.y, (v) => Math.round(v));
  if (labels.length !== points.length) {
    throw new LibraryError(messages.chartBadData(chart, `X has ${points.length} rows but y has ${labels.length} labels; give one label per point.`));
  }
  const res = options.resolution ?? 30;
  if (!Number.isInteger(res) || res < 2) throw new LibraryError(messages.positiveInteger(`${chart}: resolution (at least 2)`, res));

  // The grid: res × res cells over the padded extent of the data.
  const pad = options.padding ?? 0.1;
  const [x0, x1] = padded(points.map((p) => p[0]), pad);
  const [y0, y1] = padded(points.map((p) => p[1]), pad);
  const wx = (x1 - x0) / res;
  const wy = (y1 - y0) / res;
  const centres: number[][] = [];
  for (let j = 0; j < res; j++) for (let i = 0; i < res; i++) centres.push([x0 + (i + 0.5) * wx, y0 + (j + 0.5) * wy]);
  const logits = options.output === "logits";
  const gridProbs = toProbs(chart, predict(centres), centres.length, logits);
  const dataProbs = toProbs(chart, predict(points.map((p) => [p[0], p[1]])), points.length, logits);
  const numClasses = Math.max(ds.numClasses ?? 0, gridProbs[0].length, ...labels.map((c) => c + 1));
  const names = Array.from({ length: numClasses }, (_, c) => options.classNames?.[c] ?? `class ${c}`);
  const binary = numClasses === 2;

  const cells = centres.map((_, k) => {
    const i = k % res;
    const j = Math.floor(k / res);
    const p = gridProbs[k];
    const c = argmax(p);
    return {
      i, j, // the cell's corners are computed by the spec's transform: a much smaller JSON
      ...(binary ? { p: round(p[1]) } : { c, confidence: round(p[c]) }),
    };
  });
  const data = points.map((p, k) => ({ x1: round(p[0]), x2: round(p[1]), class: names[labels[k]] }));

  const correct = labels.filter((c, k) => argmax(dataProbs[k]) === c).length;
  const area = names.map((_, c) => gridProbs.filter((p) => argmax(p) === c).length / gridProbs.length);
  const title = options.title ?? "Decision boundary";
  const lines = [
    `x: feature x₁, y: feature x₂; ${points.length} data points over a ${res}×${res} grid of predictions` +
      (binary ? "; background colour: predicted probability of class 1." : "; background colour: predicted class."),
    `Accuracy on these points: ${correct} of ${points.length} (${fmt((100 * correct) / points.length)}%).`,
    `Share of the plane predicted as each class: ${names.map((n, c) => `${n} ${fmt(100 * area[c])}%`).join(", ")}.`,
  ];
  const classScale = { domain: names, range: CATEGORICAL.slice(0, numClasses) };
  const background = binary
    ? {
      // aria: false: 1,600 cells read out one by one help no one; the description says it all.
      mark: { type: "rect", opacity: 0.6, aria: false },
      encoding: {
        x: { field: "x", type: "quantitative", title: "x₁", scale: { domain: [x0, x1], nice: false, zero: false }, axis: { grid: false } },
        x2: { field: "x2" },
        y: { field: "y", type: "quantitative", title: "x₂", scale: { domain: [y0, y1], nice: false, zero: false }, axis: { grid: false } },
        y2: { field: "y2" },
        fill: { field: "p", type: "quantitative", title: `P(${names[1]})`, scale: { scheme: "blueorange", domain: [0, 1] } },
      },
    }
    : {
      mark: { type: "rect", aria: false },
      encoding: {
        x: { field: "x", type: "quantitative", title: "x₁", scale: { domain: [x0, x1], nice: false, zero: false }, axis: { grid: false } },
        x2: { field: "x2" },
        y: { field: "y", type: "quantitative", title: "x₂", scale: { domain: [y0, y1], nice: false, zero: false }, axis: { grid: false } },
        y2: { field: "y2" },
        color: { field: "predicted", type: "nominal", title: "class", scale: classScale },
        opacity: { field: "confidence", type: "quantitative", scale: { domain: [1 / numClasses, 1], range: [0.1, 0.6] }, legend: null },
      },
    };
  const size = options.width ?? 360;
  return {
    $schema: VEGALITE_SCHEMA,
    title,
    description: describe([title, ...lines]),
    width: size,
    height: options.height ?? size,
    layer: [
      {
        data: { values: cells },
        transform: [
          { calculate: `${x0} + datum.i * ${wx}`, as: "x" }, { calculate: `${x0} + (datum.i + 1) * ${wx}`, as: "x2" },
          { calculate: `${y0} + datum.j * ${wy}`, as: "y" }, { calculate: `${y0} + (datum.j + 1) * ${wy}`, as: "y2" },
          ...(binary ? [] : [{ calculate: `${JSON.stringify(names)}[datum.c]`, as: "predicted" }]),
        ],
        ...background,
      },
      {
        data: { values: data },
        // aria: false here too: hundreds of points read one by one are noise; the SVG's <desc>
        // and the text summary say what the chart shows (and the SVG stays half the size).
        mark: { type: "point", filled: true, size: 30, stroke: "black", strokeWidth: 0.5, opacity: 0.9, aria: false },
        encoding: {
          x: { field: "x1", type: "quantitative" },
          y: { field: "x2", type: "quantitative" },
          color: { field: "class", type: "nominal", title: "class", scale: classScale },
          shape: { field: "class", type: "nominal", title: "class", scale: { domain: names } },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Rows of a matrix given as nested arrays or as flat data with a shape. */
function toRows(chart: string, m: MatrixLike, what: string): number[][] {
  if ("shape" in m && "data" in m && !Array.isArray(m)) {
    const [n, k = 1] = m.shape;
    if (m.shape.length > 2 || n * k !== m.data.length) {
      throw new LibraryError(messages.chartBadData(chart, `${what} has shape (${m.shape.join(", ")}) but ${m.data.length} values.`));
    }
    return Array.from({ length: n }, (_, i) => Array.from({ length: k }, (_, j) => m.data[i * k + j]));
  }
  const rows = Array.from(m as ArrayLike<ArrayLike<number>>, (r) => Array.from(r));
  if (rows.length === 0) throw new LibraryError(messages.chartNoRows(chart, "points"));
  return rows;
}

/** Class probabilities per point, whatever form predict returned them in. */
function toProbs(chart: string, out: MatrixLike | ArrayLike<number>, n: number, logits: boolean): number[][] {
  const isFlat = !("shape" in out) && out.length > 0 && typeof (out as ArrayLike<unknown>)[0] === "number";
  const binary = (p: number) => (logits ? sigmoid(p) : p);
  let rows: number[][];
  if (isFlat) {
    const flat = out as ArrayLike<number>;
    if (flat.length === n) rows = Array.from(flat, (p) => [1 - binary(p), binary(p)]);
    else if (flat.length % n === 0 && flat.length > n) {
      const k = flat.length / n;
      rows = Array.from({ length: n }, (_, i) => Array.from({ length: k }, (_, j) => flat[i * k + j]));
    } else throw new LibraryError(messages.chartPredictShape(chart, `${flat.length} numbers`, n));
  } else {
    rows = toRows(chart, out as MatrixLike, "predict's output");
    if (rows.length !== n) throw new LibraryError(messages.chartPredictShape(chart, `${rows.length} rows`, n));
    if (rows[0].length === 1) rows = rows.map(([p]) => [1 - binary(p), binary(p)]);
    else if (logits) rows = rows.map(softmax);
  }
  if (rows.some((r) => r.some((p) => !Number.isFinite(p)))) {
    throw new LibraryError(messages.chartBadData(chart, "predict returned NaN or infinite probabilities; check the model's weights (did training diverge?)."));
  }
  return rows;
}

/** Softmax of one row, shifted by its maximum so exp never overflows. */
function softmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function argmax(p: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
  return best;
}

function padded(xs: number[], pad: number): [number, number] {
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const m = (hi - lo) * pad;
  return [lo - m, hi + m];
}

/** Four significant digits keep the spec (and the notebook holding it) small. */
const round = (x: number): number => Number(x.toPrecision(4));
