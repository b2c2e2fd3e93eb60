/**
 * Checks for lesson 04, "The impact on learning", keyed by the exercise ids in
 * `04-impact-on-learning.md`. Each expected value is computed here independently of the learner's
 * code (short, obviously correct oracles); random inputs come from our own seeded Rng, built when
 * the module loads, so no check depends on the order of a learner's random calls. Every check
 * passes copies to the learner and compares the originals afterwards where an input could be
 * changed in place.
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const showList = (xs: readonly number[]) => (xs.length > 8 ? `${show(xs.slice(0, 6))}... (${xs.length} values)` : show(xs));
/** Numbers spread over many decades, e.g. update:data ratios or gradient norms: 10^(lo..hi). */
const logUniform = (rng: Rng, lo: number, hi: number) => 10 ** (lo + (hi - lo) * rng.uniform());

// ------------------------------------------------------------------------------------------------
// update-to-data: after one plain SGD step the update is -lr ∇W, so ‖ΔW‖ / ‖W‖ = lr ‖∇W‖ / ‖W‖.

type UpdateToData = { updateToData: (lr: number, gradNorms: number[], weightNorms: number[]) => number[] };
const updateOracle = (lr: number, g: readonly number[], w: readonly number[]) => g.map((gk, k) => (lr * gk) / w[k]);

interface UpdateCase {
  lr: number;
  gradNorms: number[];
  weightNorms: number[];
  about: string;
}

const updateCases: UpdateCase[] = (() => {
  const rng = new Rng(4101);
  const random = (layers: number, lr: number, about: string): UpdateCase => ({
    lr,
    gradNorms: Array.from({ length: layers }, () => logUniform(rng, -6, 1)),
    weightNorms: Array.from({ length: layers }, () => logUniform(rng, -1, 2)),
    about,
  });
  return [
    { lr: 0.1, gradNorms: [0.02, 0.1, 0.5], weightNorms: [5, 5, 3], about: "three layers, lr 0.1" },
    { lr: 0.1, gradNorms: [1e-4, 2e-3, 0.3, 4], weightNorms: [5.4, 5.5, 5.3, 3.1], about: "gradients over many decades (a vanishing gradient)" },
    { lr: 1, gradNorms: [0.5], weightNorms: [2], about: "one layer, lr 1" },
    { lr: 0.003, gradNorms: [3, 0.3, 30], weightNorms: [0.7, 12, 1.5], about: "other learning rates: the ratio is proportional to lr" },
    { lr: 2.5, gradNorms: [0.2, 0.04], weightNorms: [0.5, 0.08], about: "other learning rates: the ratio is proportional to lr" },
    { lr: 0.1, gradNorms: [0, 0.3], weightNorms: [4, 6], about: "a zero gradient: the layer does not move" },
    { lr: 0.1, gradNorms: [], weightNorms: [], about: "no layers: an empty list" },
    random(6, 0.05, "six random layers"),
    random(10, 0.5, "ten random layers"),
  ];
})();

const updateHidden: UpdateCase[] = (() => {
  const rng = new Rng(4102);
  return [3, 7, 12].map((layers) => ({
    lr: logUniform(rng, -4, 0.5),
    gradNorms: Array.from({ length: layers }, () => logUniform(rng, -7, 1)),
    weightNorms: Array.from({ length: layers }, () => logUniform(rng, -2, 2)),
    about: "random learning rates and layers",
  }));
})();

const updateTable = new Map(updateCases.map((c) => [JSON.stringify([c.lr, c.gradNorms, c.weightNorms]), updateOracle(c.lr, c.gradNorms, c.weightNorms)]));

const updateFamily = {
  name: (c: UpdateCase) => c.about,
  show: (c: UpdateCase) => `lr = ${c.lr}, gradNorms = ${showList(c.gradNorms)}, weightNorms = ${showList(c.weightNorms)}`,
  expected: (c: UpdateCase) => updateOracle(c.lr, c.gradNorms, c.weightNorms),
  actual: (s: UpdateToData, c: UpdateCase) => s.updateToData(c.lr, [...c.gradNorms], [...c.weightNorms]),
  hint: "The SGD update of layer k is -lr ∇W_k, so its norm is lr · gradNorms[k]; divide it by that layer's weightNorms[k]. One number per layer, in layer order.",
  matches: matchesClose({ rtol: 1e-9, atol: 0 }),
  diagnose: (actual: unknown, expected: unknown): string | undefined => {
    // Every layer off by the same factor: the learning rate is missing, or is not the argument.
    if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length || expected.length === 0) return undefined;
    const ratios = expected.map((e, k) => (typeof actual[k] === "number" && e !== 0 ? actual[k] / e : NaN)).filter((r) => !Number.isNaN(r));
    if (ratios.length === 0 || !ratios.every((r) => Math.abs(r - ratios[0]) <= 1e-9 * Math.abs(ratios[0])) || Math.abs(ratios[0] - 1) < 1e-9) return undefined;
    return `Every layer is off by the same factor (${Number(ratios[0].toPrecision(4))}): multiply by the argument lr (not a fixed 0.1, not lr twice), once per layer.`;
  },
};

export const updateToData = defineExercise<UpdateToData>({
  id: "update-to-data",
  names: ["updateToData"],
  checks: [
    ...casesFor<UpdateToData>()({ ...updateFamily, inputs: updateCases }),
    {
      name: "leaves gradNorms and weightNorms unchanged",
      input: "lr = 0.1, gradNorms = [0.02, 0.1], weightNorms = [5, 3]",
      expected: { gradNorms: [0.02, 0.1], weightNorms: [5, 3] },
      actual: (s) => {
        const gradNorms = [0.02, 0.1];
        const weightNorms = [5, 3];
        s.updateToData(0.1, gradNorms, weightNorms);
        return { gradNorms, weightNorms };
      },
      hint: "Build a new array (map) instead of writing the ratios into gradNorms or weightNorms: the caller still needs them.",
    },
  ],
  hidden: casesFor<UpdateToData>()({ ...updateFamily, inputs: updateHidden }),
  wrong: [
    { mistake: "forgets the learning rate: ‖∇W‖ / ‖W‖ is the grad:data ratio", solution: { updateToData: (_lr, g, w) => g.map((gk, k) => gk / w[k]) } },
    { mistake: "the update's norm, not divided by the weights: lr ‖∇W‖", solution: { updateToData: (lr, g) => g.map((gk) => lr * gk) } },
    { mistake: "upside down: ‖W‖ / (lr ‖∇W‖)", solution: { updateToData: (lr, g, w) => g.map((gk, k) => w[k] / (lr * gk)) } },
    { mistake: "returns log10 of the ratio, the y-axis of Karpathy's chart", solution: { updateToData: (lr, g, w) => g.map((gk, k) => Math.log10((lr * gk) / w[k])) } },
    { mistake: "uses the lesson's learning rate 0.1 instead of the argument lr", solution: { updateToData: (_lr, g, w) => g.map((gk, k) => (0.1 * gk) / w[k]) } },
    {
      mistake: "a table of the public cases' answers",
      solution: { updateToData: (lr, g, w) => updateTable.get(JSON.stringify([lr, g, w])) ?? g.map(() => 0) },
      caughtBy: "hidden",
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// log10-ratios: Karpathy's update:data chart in one number per layer, the mean over the recorded
// steps of log10(updateToData).

interface Row {
  step: number;
  layer: string;
  metric: string;
  value: number;
}
type Log10Ratios = { log10Ratios: (rows: Row[]) => Record<string, number> };

function log10Oracle(rows: readonly Row[]): Record<string, number> {
  const sums = new Map<string, { s: number; n: number }>();
  for (const r of rows) {
    if (r.metric !== "updateToData") continue;
    const cell = sums.get(r.layer) ?? { s: 0, n: 0 };
    cell.s += Math.log10(r.value);
    cell.n += 1;
    sums.set(r.layer, cell);
  }
  const out: Record<string, number> = {};
  for (const [layer, { s, n }] of sums) out[layer] = s / n;
  return out;
}

interface RatioCase {
  rows: Row[];
  about: string;
}

/** Rows of a run: for each step and layer an updateToData value (and, with `extra`, rows of other metrics). */
function runRows(layers: readonly string[], steps: readonly number[], value: (layer: number, step: number) => number, extra = false): Row[] {
  const rows: Row[] = [];
  for (const step of steps) {
    layers.forEach((layer, k) => {
      if (extra) rows.push({ step, layer, metric: "gradToData", value: 10 * value(k, step) });
      rows.push({ step, layer, metric: "updateToData", value: value(k, step) });
      if (extra) rows.push({ step, layer, metric: "weightGradNorm", value: 1e3 * value(k, step) });
    });
  }
  return rows;
}

function shuffled<T>(xs: readonly T[], rng: Rng): T[] {
  const p = rng.permutation(xs.length);
  return Array.from(p, (i) => xs[i]);
}

const nielsenLayers = ["layer1", "layer2", "layer3", "layer4", "output"];

/**
 * Rows as two recorders would leave them: weightGradNorm at every step 0..10, updateToData every 5
 * steps for layer1 and output but only at steps 0 and 5 for layer2. Dividing by the number of
 * distinct steps (11), or by one count shared by every layer, gives other numbers.
 */
function otherSteps(): Row[] {
  const rows: Row[] = [];
  for (let step = 0; step <= 10; step++) {
    for (const layer of ["layer1", "layer2", "output"]) rows.push({ step, layer, metric: "weightGradNorm", value: 0.5 + step });
  }
  for (const step of [0, 5, 10]) {
    rows.push({ step, layer: "layer1", metric: "updateToData", value: 10 ** (-4 - step / 5) });
    if (step < 10) rows.push({ step, layer: "layer2", metric: "updateToData", value: 10 ** (-3 + step / 5) });
    rows.push({ step, layer: "output", metric: "updateToData", value: 10 ** (-2 + step / 10) });
  }
  return rows;
}
const ratioCases: RatioCase[] = (() => {
  const rng = new Rng(4201);
  // A vanishing profile that also wobbles over the steps by up to 100x: the mean of the logs and the
  // log of the mean then differ a lot, and so do the mean and the median or the last value.
  const wobbly = (k: number, step: number) => 1e-2 * 0.2 ** (4 - k) * 10 ** (Math.sin(1.7 * step + k) + (step % 3 === 0 ? 1 : 0));
  return [
    { rows: runRows(["layer1"], [0, 10, 20], () => 1e-3), about: "one layer, the same ratio every step: its log10" },
    { rows: runRows(["layer1", "output"], [0, 5], (k, step) => (k === 0 ? [1e-5, 1e-3][step / 5] : [0.1, 0.001][step / 5])), about: "two steps, values two decades apart: the mean of the logs, not the log of the mean" },
    { rows: runRows(nielsenLayers, [0, 5, 10, 15, 20, 25], wobbly), about: "five layers over six steps, ratios that vary over the steps" },
    { rows: runRows(nielsenLayers, [0, 5, 10, 15], wobbly, true), about: "rows of other metrics mixed in: only updateToData counts" },
    { rows: shuffled(runRows(nielsenLayers, [0, 10, 20, 30, 40], wobbly, true), rng), about: "rows in any order" },
    { rows: runRows(["layer1", "layer2"], [0, 1, 2, 3], (k, step) => (k === 0 ? [3, 0.3, 30, 0.03][step] : [2, 5, 0.5, 7][step])), about: "ratios above and below 1: positive and negative logs" },
    { rows: runRows(["layer1", "layer2", "layer3"], [0, 1, 2, 3, 4, 5, 6], (k, step) => 10 ** (-k - 2 - 3 * Math.cos(step))), about: "seven steps, values spread over six decades" },
    { rows: otherSteps(), about: "other metrics recorded at other steps, and a layer recorded less often: average over that layer's own updateToData rows" },
    { rows: [], about: "no rows: an empty object" },
  ];
})();

const ratioHidden: RatioCase[] = (() => {
  const rng = new Rng(4202);
  return [3, 6].map((depth) => {
    const layers = [...Array.from({ length: depth }, (_, k) => `layer${k + 1}`), "output"];
    const steps = Array.from({ length: 3 + rng.int(6) }, (_, i) => 7 * i);
    return { rows: shuffled(runRows(layers, steps, () => logUniform(rng, -6, 0), true), rng), about: "random runs" };
  });
})();

const copyRows = (rows: readonly Row[]): Row[] => rows.map((r) => ({ ...r }));
const ratioTable = new Map(ratioCases.map((c) => [JSON.stringify(c.rows), log10Oracle(c.rows)]));
/** Fresh rows in a fixed shuffled order (neither by step nor by layer), so that any in-place sort shows. */
const unchangedRows = (): Row[] => shuffled(runRows(["layer1", "layer2", "output"], [0, 1, 2, 3], (k, step) => 10 ** (-3 + k - step / 2), true), new Rng(4203));
const showRows = (c: RatioCase) => `${c.rows.length} rows: ${show(c.rows.slice(0, 4))}${c.rows.length > 4 ? " ..." : ""}`;
const ratioFamily = {
  name: (c: RatioCase) => c.about,
  show: showRows,
  expected: (c: RatioCase) => log10Oracle(c.rows),
  actual: (s: Log10Ratios, c: RatioCase) => s.log10Ratios(copyRows(c.rows)),
  hint: (c: RatioCase) => c.about.includes("mean of the logs")
    ? "Take log10 of every value first, then average the logs (the geometric mean, in log10): averaging the values first lets the largest one dominate."
    : "Keep the rows whose metric is \"updateToData\"; for each layer average Math.log10(value) over its rows; return { layerName: thatMean }.",
  diagnose: (actual: unknown, expected: unknown): string | undefined => {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return undefined;
    const e = Object.entries(expected as Record<string, number>).filter(([, v]) => v !== 0);
    const a = actual as Record<string, unknown>;
    if (e.length > 0 && e.every(([k, v]) => typeof a[k] === "number" && Math.abs((a[k] as number) - v * Math.LN10) <= 1e-9 * Math.abs(v * Math.LN10))) {
      return "Every value is ln 10 ≈ 2.303 times too large: Math.log is the natural log; use Math.log10.";
    }
    return undefined;
  },
  matches: (actual: unknown, expected: unknown) => {
    // The same layers, no more, no fewer; each value within rounding.
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const a = Object.keys(actual).sort();
    const e = Object.keys(expected as object).sort();
    return a.length === e.length && a.every((k, i) => k === e[i]) && matchesClose({ rtol: 1e-9, atol: 1e-12 })(actual, expected);
  },
};

export const log10Ratios = defineExercise<Log10Ratios>({
  id: "log10-ratios",
  names: ["log10Ratios"],
  checks: [
    ...casesFor<Log10Ratios>()({ ...ratioFamily, inputs: ratioCases }),
    {
      name: "leaves the rows unchanged (their order too)",
      input: "rows of three layers over four steps, with other metrics, in shuffled order",
      expected: unchangedRows(),
      actual: (s) => {
        const rows = unchangedRows();
        s.log10Ratios(rows);
        return rows;
      },
      hint: "Filter and map into new arrays; do not sort, splice or overwrite the rows you were given.",
    },
  ],
  hidden: casesFor<Log10Ratios>()({ ...ratioFamily, inputs: ratioHidden }),
  wrong: [
    {
      mistake: "log10 of the mean ratio instead of the mean of the log10s",
      solution: {
        log10Ratios: (rows) => {
          const out: Record<string, number> = {};
          for (const layer of new Set(rows.filter((r) => r.metric === "updateToData").map((r) => r.layer))) {
            const v = rows.filter((r) => r.metric === "updateToData" && r.layer === layer).map((r) => r.value);
            out[layer] = Math.log10(v.reduce((a, b) => a + b, 0) / v.length);
          }
          return out;
        },
      },
    },
    {
      mistake: "natural log (Math.log) instead of log10",
      solution: {
        log10Ratios: (rows) => {
          const out: Record<string, number> = {};
          for (const layer of new Set(rows.filter((r) => r.metric === "updateToData").map((r) => r.layer))) {
            const v = rows.filter((r) => r.metric === "updateToData" && r.layer === layer).map((r) => Math.log(r.value));
            out[layer] = v.reduce((a, b) => a + b, 0) / v.length;
          }
          return out;
        },
      },
    },
    {
      mistake: "forgets to keep only the updateToData rows",
      solution: {
        log10Ratios: (rows) => {
          const out: Record<string, number> = {};
          for (const layer of new Set(rows.map((r) => r.layer))) {
            const v = rows.filter((r) => r.layer === layer).map((r) => Math.log10(r.value));
            out[layer] = v.reduce((a, b) => a + b, 0) / v.length;
          }
          return out;
        },
      },
    },
    {
      mistake: "sorts the caller's rows in place (by layer) before averaging",
      solution: {
        log10Ratios: (rows) => {
          rows.sort((a, b) => (a.layer < b.layer ? -1 : a.layer > b.layer ? 1 : 0));
          return log10Oracle(rows);
        },
      },
    },
    {
      mistake: "divides each layer's sum by the number of distinct steps in all the rows, not by that layer's own updateToData rows",
      solution: {
        log10Ratios: (rows) => {
          const steps = new Set(rows.map((r) => r.step)).size;
          const out: Record<string, number> = {};
          for (const r of rows) if (r.metric === "updateToData") out[r.layer] = (out[r.layer] ?? 0) + Math.log10(r.value) / steps;
          return out;
        },
      },
    },
    {
      mistake: "sorts the caller's rows by step in place",
      solution: {
        log10Ratios: (rows) => {
          rows.sort((a, b) => a.step - b.step);
          return log10Oracle(rows);
        },
      },
    },
    {
      mistake: "a table of the public cases' answers",
      solution: { log10Ratios: (rows) => ratioTable.get(JSON.stringify(rows)) ?? {} },
      caughtBy: "hidden",
    },
    {
      mistake: "uses only the last recorded step",
      solution: {
        log10Ratios: (rows) => {
          const out: Record<string, number> = {};
          for (const r of rows) if (r.metric === "updateToData") out[r.layer] = Math.log10(r.value);
          return out;
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// relative-change: how far a layer's weights moved, ‖W1 - W0‖ / ‖W0‖ (Frobenius norms); 0 when
// nothing moved from all-zero weights, Infinity when they moved away from all zeros; a shape
// mismatch throws.

type RelativeChange = { relativeChange: (W0: Matrix, W1: Matrix) => number };

const frob = (A: Matrix) => Math.sqrt(A.reduce((s, row) => s + row.reduce((t, a) => t + a * a, 0), 0));
function relativeOracle(W0: Matrix, W1: Matrix): number {
  const d = frob(W1.map((row, i) => row.map((w, j) => w - W0[i][j])));
  const n = frob(W0);
  if (n === 0) return d === 0 ? 0 : Infinity;
  return d / n;
}

interface ChangeCase {
  W0: Matrix;
  W1: Matrix;
  about: string;
}

const randomMatrix = (rng: Rng, rows: number, cols: number, scale = 1): Matrix =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
const plus = (A: Matrix, B: Matrix, b = 1): Matrix => A.map((row, i) => row.map((a, j) => a + b * B[i][j]));

const changeCases: ChangeCase[] = (() => {
  const rng = new Rng(4301);
  const A = randomMatrix(rng, 3, 5);
  const B = randomMatrix(rng, 30, 20, 1 / Math.sqrt(20));
  const C = randomMatrix(rng, 4, 4);
  const rows = [[1, 2, 3], [4, 5, 6]];
  return [
    { W0: [[3, 4]], W1: [[3, 4]], about: "nothing moved: 0" },
    { W0: [[3, 4]], W1: [[6, 8]], about: "doubled: the change is as large as W0" },
    { W0: [[3, 4]], W1: [[0, 0]], about: "moved to zero: 1" },
    { W0: [[3, 4]], W1: [[-3, -4]], about: "sign flipped: the change is twice W0 (same norm, yet it moved)" },
    { W0: rows, W1: [[4, 5, 6], [1, 2, 3]], about: "rows swapped: the norm is the same, the weights moved" },
    { W0: A, W1: plus(A, randomMatrix(rng, 3, 5, 0.01)), about: "a (3, 5) layer, a small random step" },
    { W0: B, W1: plus(B, randomMatrix(rng, 30, 20, 0.2)), about: "a (30, 20) layer, a larger step" },
    { W0: C, W1: plus(C, C, -0.5), about: "a (4, 4) layer shrunk by half: 0.5" },
    { W0: [[0.001, -0.002, 0.003]], W1: [[0.001, -0.002, 0.0031]], about: "tiny weights: only the ratio matters" },
    { W0: [[1e6, -1e6], [2e6, 0]], W1: [[1.1e6, -1e6], [2e6, 5e5]], about: "huge weights: only the ratio matters" },
    { W0: [[0, 0, 0]], W1: [[0, 0, 0]], about: "all-zero weights that did not move: 0" },
    { W0: [[0, 0], [0, 0]], W1: [[0, 1e-3], [0, 0]], about: "all-zero weights that moved: Infinity" },
  ];
})();

const changeHidden: ChangeCase[] = (() => {
  const rng = new Rng(4302);
  return [[2, 7], [9, 3], [1, 12]].map(([r, c]) => {
    const W0 = randomMatrix(rng, r, c, Math.exp(rng.normal()));
    return { W0, W1: plus(W0, randomMatrix(rng, r, c, Math.exp(2 * rng.normal() - 2))), about: "random layers" };
  });
})();

const copyMatrix = (A: Matrix): Matrix => A.map((row) => [...row]);
const changeTable = new Map(changeCases.map((c) => [JSON.stringify([c.W0, c.W1]), relativeOracle(c.W0, c.W1)]));
const changeFamily = {
  name: (c: ChangeCase) => c.about,
  show: (c: ChangeCase) => {
    const size = `${c.W0.length} × ${c.W0[0].length}`;
    return c.W0.length * c.W0[0].length > 12 ? `W0, W1 of shape (${size}): W0 starts ${show(c.W0[0].slice(0, 3))}...` : `W0 = ${show(c.W0)}, W1 = ${show(c.W1)}`;
  },
  expected: (c: ChangeCase) => relativeOracle(c.W0, c.W1),
  actual: (s: RelativeChange, c: ChangeCase) => s.relativeChange(copyMatrix(c.W0), copyMatrix(c.W1)),
  hint: (c: ChangeCase) => c.about.includes("all-zero")
    ? "When ‖W0‖ = 0 the ratio is not defined: return 0 if W1 is all zeros too (nothing moved), Infinity otherwise (0/0 would give NaN)."
    : c.about.includes("norm is the same") || c.about.includes("same norm") || c.about.includes("sign")
      ? "Subtract first, then take the norm: ‖W1 - W0‖, not ‖W1‖ - ‖W0‖ (weights can move a lot and keep their norm)."
      : "Frobenius norm of the difference, ‖W1 - W0‖ = √(Σᵢⱼ (W1ᵢⱼ - W0ᵢⱼ)²), divided by ‖W0‖ = √(Σᵢⱼ W0ᵢⱼ²).",
  matches: matchesClose({ rtol: 1e-9, atol: 0 }),
};

/** What a call does on shapes that do not fit: "throws", or the value it returned. */
const throwsOn = (s: RelativeChange, W0: Matrix, W1: Matrix): unknown => {
  try {
    const v = s.relativeChange(W0, W1);
    return `returned ${show(v)}`;
  } catch (e) {
    // The stub's "Unfinished exercise" is not an answer: let it through, so the check reads as unfinished.
    if (e instanceof Error && /^Unfinished exercise\b/.test(e.message)) throw e;
    return "throws";
  }
};

export const relativeChange = defineExercise<RelativeChange>({
  id: "relative-change",
  names: ["relativeChange"],
  checks: [
    ...casesFor<RelativeChange>()({ ...changeFamily, inputs: changeCases }),
    ...casesFor<RelativeChange>()({
      name: "shapes that differ throw an Error",
      inputs: [
        { W0: [[1, 2, 3], [4, 5, 6]], W1: [[1, 2], [3, 4], [5, 6]], about: "(2, 3) against (3, 2)" },
        { W0: [[1, 2], [3, 4]], W1: [[1, 2]], about: "(2, 2) against (1, 2): fewer rows" },
        { W0: [[1, 2]], W1: [[1, 2], [3, 4]], about: "(1, 2) against (2, 2): more rows" },
        { W0: [[1, 2, 3]], W1: [[1, 2, 3, 4]], about: "(1, 3) against (1, 4): a longer row" },
      ],
      show: (c) => `${c.about}: W0 = ${show(c.W0)}, W1 = ${show(c.W1)}`,
      expected: () => "throws",
      actual: (s, c) => throwsOn(s, copyMatrix(c.W0), copyMatrix(c.W1)),
      hint: "Check that W0 and W1 have the same number of rows and each row the same length, and `throw new Error(...)` if not: a silent answer from mismatched weights hides a bug.",
    }),
    {
      name: "leaves W0 and W1 unchanged",
      input: "W0 = [[1, 2], [3, 4]], W1 = [[1.5, 2], [3, 3]]",
      expected: { W0: [[1, 2], [3, 4]], W1: [[1.5, 2], [3, 3]] },
      actual: (s) => {
        const W0 = [[1, 2], [3, 4]];
        const W1 = [[1.5, 2], [3, 3]];
        s.relativeChange(W0, W1);
        return { W0, W1 };
      },
      hint: "Compute the difference into new numbers; do not subtract W0 from W1 in place.",
    },
  ],
  hidden: casesFor<RelativeChange>()({ ...changeFamily, inputs: changeHidden }),
  wrong: [
    {
      mistake: "the change of the norm, |‖W1‖ - ‖W0‖| / ‖W0‖, instead of the norm of the change",
      solution: { relativeChange: (W0, W1) => Math.abs(frob(W1) - frob(W0)) / frob(W0) },
    },
    {
      mistake: "divides by ‖W1‖ (the new weights) instead of ‖W0‖",
      solution: { relativeChange: (W0, W1) => frob(W1.map((r, i) => r.map((w, j) => w - W0[i][j]))) / frob(W1) },
    },
    {
      mistake: "squared norms: forgets the square roots",
      solution: { relativeChange: (W0, W1) => frob(W1.map((r, i) => r.map((w, j) => w - W0[i][j]))) ** 2 / frob(W0) ** 2 },
    },
    {
      mistake: "the mean of the entries' relative changes |ΔWᵢⱼ| / |W0ᵢⱼ|",
      solution: {
        relativeChange: (W0, W1) => {
          const all = W0.flatMap((r, i) => r.map((w, j) => Math.abs(W1[i][j] - w) / Math.abs(w)));
          return all.reduce((a, b) => a + b, 0) / all.length;
        },
      },
    },
    {
      mistake: "subtracts W0 from W1 in place",
      solution: {
        relativeChange: (W0, W1) => {
          if (W0.length !== W1.length || W0.some((r, i) => r.length !== W1[i].length)) throw new Error("shapes differ");
          W1.forEach((r, i) => r.forEach((w, j) => (r[j] = w - W0[i][j])));
          const n = frob(W0);
          return n === 0 ? (frob(W1) === 0 ? 0 : Infinity) : frob(W1) / n;
        },
      },
    },
    {
      mistake: "a table of the public cases' answers (shapes still checked)",
      solution: {
        relativeChange: (W0, W1) => {
          if (W0.length !== W1.length || W0.some((r, i) => r.length !== W1[i].length)) throw new Error("shapes differ");
          return changeTable.get(JSON.stringify([W0, W1])) ?? 0;
        },
      },
      caughtBy: "hidden",
    },
    {
      mistake: "no care for all-zero W0 (0/0 gives NaN) nor for shapes",
      solution: { relativeChange: (W0, W1) => frob(W1.map((r, i) => r.map((w, j) => w - W0[i][j]))) / frob(W0) },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("update-to-data", { updateToData: updateToData })`. */
export const lesson = defineLesson({
  "update-to-data": updateToData,
  "log10-ratios": log10Ratios,
  "relative-change": relativeChange,
});

