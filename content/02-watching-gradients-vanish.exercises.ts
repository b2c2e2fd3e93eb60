/**
 * Checks for lesson 02, "Watching gradients vanish", keyed by the exercise ids in
 * `02-watching-gradients-vanish.md`. Each expected value is computed here, independently of the
 * learner's code, by a small oracle; random inputs come from our own seeded Rng, built when the
 * module loads, so no check depends on the order of a learner's random calls.
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const copyMatrix = (A: Matrix): Matrix => A.map((r) => [...r]);
const randomMatrix = (rng: Rng, rows: number, cols: number, scale = 1): Matrix =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));

// ------------------------------------------------------------------------------------------------
// bias-grad-norm: b_j is added to every row of Z = H Wᵀ + 1 bᵀ, so ∂C/∂b_j = Σ_i ∂C/∂Z_ij: the
// column sums of dZ (which already carries the 1/n of a batch-mean cost). Nielsen's ‖δ^l‖.

type BiasGradNorm = { biasGradNorm: (dZ: Matrix) => number };

/** The oracle: column sums, then the Euclidean norm. */
function biasGradNormOracle(dZ: Matrix): number {
  const sums = dZ[0].map((_, j) => dZ.reduce((s, row) => s + row[j], 0));
  return Math.sqrt(sums.reduce((s, v) => s + v * v, 0));
}

interface BiasCase {
  dZ: Matrix;
  about: string;
}

const biasCases: BiasCase[] = (() => {
  const rng = new Rng(2021);
  const out: BiasCase[] = [
    { dZ: [[1, 2], [3, -4], [-1, 0.5]], about: "a (3, 2) gradient by hand: column sums 3 and -1.5" },
    { dZ: [[1, -2], [-1, 2]], about: "columns that cancel: dZ is not zero, the bias gradient is" },
    { dZ: [[3, 4]], about: "one example: the bias gradient is that row" },
    { dZ: [[1], [2], [-4]], about: "one unit: the absolute value of the column sum" },
    { dZ: [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], about: "equal entries: sums add up, they do not average" },
  ];
  for (const [rows, cols, scale] of [[10, 4, 0.01], [3, 7, 1], [25, 3, 1e-4], [6, 6, 100], [2, 30, 1e-3]] as const) {
    out.push({ dZ: randomMatrix(rng, rows, cols, scale), about: "random gradients: more rows than units, more units than rows, tiny and large" });
  }
  return out;
})();

const biasHidden: BiasCase[] = (() => {
  const rng = new Rng(2022);
  return [[7, 5, 0.03], [40, 2, 1e-5], [4, 11, 3], [1, 9, 0.2]].map(([rows, cols, scale]) => ({
    dZ: randomMatrix(rng, rows, cols, scale),
    about: "more random gradients",
  }));
})();

const biasChecks = casesFor<BiasGradNorm>();

export const biasGradNorm = defineExercise<BiasGradNorm>({
  id: "bias-grad-norm",
  names: ["biasGradNorm"],
  checks: [
    ...biasChecks({
      name: (c) => c.about,
      inputs: biasCases,
      show: (c) => `dZ = ${show(c.dZ)}`,
      expected: (c) => biasGradNormOracle(c.dZ),
      actual: (s, c) => s.biasGradNorm(copyMatrix(c.dZ)),
      hint: "b_j is added to row i of Z for every example i, so ∂C/∂b_j = Σ_i dZ[i][j] (a column sum, no extra 1/n: dZ already has it); return the norm of the vector of column sums.",
      diagnose: (actual, expected) =>
        typeof actual === "number" && typeof expected === "number" && expected > 0 && expected !== 1 && Math.abs(actual - expected ** 2) <= 1e-9 * expected ** 2
          ? "This is the squared norm: take the square root of the sum of the squared column sums."
          : undefined,
    }),
    {
      name: "leaves dZ unchanged",
      input: "dZ = [[1, 2], [3, -4], [-1, 0.5]]",
      expected: [[1, 2], [3, -4], [-1, 0.5]],
      actual: (s) => {
        const dZ = [[1, 2], [3, -4], [-1, 0.5]];
        s.biasGradNorm(dZ);
        return dZ;
      },
      hint: "Add the columns up into a new array; do not accumulate into dZ's first row: the caller still needs dZ.",
    },
  ],
  hidden: biasChecks({
    name: (c) => c.about,
    inputs: biasHidden,
    show: (c) => `dZ = ${show(c.dZ)}`,
    expected: (c) => biasGradNormOracle(c.dZ),
    actual: (s, c) => s.biasGradNorm(copyMatrix(c.dZ)),
    hint: "The norm of the column sums of dZ.",
  }),
  wrong: [
    {
      mistake: "the norm of dZ itself (the library's preActivationGradNorm), not of its column sums",
      solution: { biasGradNorm: (dZ) => Math.sqrt(dZ.flat().reduce((s, v) => s + v * v, 0)) },
    },
    {
      mistake: "averages the columns: divides by the batch a second time",
      solution: { biasGradNorm: (dZ) => biasGradNormOracle(dZ) / dZ.length },
    },
    {
      mistake: "row sums (one per example) instead of column sums (one per unit)",
      solution: { biasGradNorm: (dZ) => Math.sqrt(dZ.reduce((s, row) => s + row.reduce((a, b) => a + b, 0) ** 2, 0)) },
    },
    {
      mistake: "multiplies by the batch size to 'undo the mean': dZ is already the mean cost's gradient",
      solution: { biasGradNorm: (dZ) => biasGradNormOracle(dZ) * dZ.length },
    },
    {
      mistake: "forgets the square root: the squared norm",
      solution: { biasGradNorm: (dZ) => biasGradNormOracle(dZ) ** 2 },
    },
    {
      mistake: "the sum of the absolute column sums (an L1 norm) instead of the Euclidean norm",
      solution: { biasGradNorm: (dZ) => dZ[0].reduce((s, _, j) => s + Math.abs(dZ.reduce((t, row) => t + row[j], 0)), 0) },
    },
    {
      mistake: "only the first example's row",
      solution: { biasGradNorm: (dZ) => Math.sqrt(dZ[0].reduce((s, v) => s + v * v, 0)) },
    },
    {
      mistake: "adds the columns into dZ[0] in place (right number, the caller's dZ is changed)",
      solution: {
        biasGradNorm: (dZ) => {
          for (let i = 1; i < dZ.length; i++) for (let j = 0; j < dZ[0].length; j++) dZ[0][j] += dZ[i][j];
          return Math.sqrt(dZ[0].reduce((s, v) => s + v * v, 0));
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// geometric-factor: fit log norms[k] ≈ a + k log q by least squares (k = 0 .. L-1) and return q.

type GeometricFactor = { geometricFactor: (norms: number[]) => number };

/** The oracle: the least-squares slope of ln(norm) against the layer index, exponentiated. */
function geometricFactorOracle(norms: number[]): number {
  const L = norms.length;
  const ys = norms.map(Math.log);
  const xMean = (L - 1) / 2;
  const yMean = ys.reduce((a, b) => a + b, 0) / L;
  let num = 0;
  let den = 0;
  ys.forEach((y, k) => {
    num += (k - xMean) * (y - yMean);
    den += (k - xMean) ** 2;
  });
  return Math.exp(num / den);
}

interface FactorCase {
  norms: number[];
  about: string;
}

const geometric = (c: number, q: number, L: number): number[] => Array.from({ length: L }, (_, k) => c * q ** k);

const factorCases: FactorCase[] = (() => {
  const rng = new Rng(3031);
  const noisy = (c: number, q: number, L: number, spread: number) => geometric(c, q, L).map((v) => v * Math.exp(spread * rng.normal()));
  const out: FactorCase[] = [
    { norms: geometric(0.003, 4, 4), about: "an exact geometric sequence, factor 4, 4 layers" },
    { norms: geometric(1e-5, 5, 5), about: "an exact geometric sequence, factor 5, 5 layers" },
    { norms: geometric(8, 0.5, 6), about: "growing towards the input (exploding): factor below 1" },
    { norms: [0.2, 0.2, 0.2], about: "equal norms: factor 1" },
    { norms: [0.07, 0.31], about: "two layers: the fit goes through both points" },
    { norms: [1, 10, 10, 100], about: "a staircase: the least-squares fit is not the endpoints' factor, nor the mean step" },
    { norms: [0.003, 0.017, 0.07, 0.285], about: "Nielsen's published four-layer norms" },
    { norms: [0.012, 0.06, 0.283], about: "Nielsen's published three-layer norms" },
  ];
  for (const [c, q, L, spread] of [[0.002, 4.5, 4, 0.3], [0.1, 2, 7, 0.5], [1e-4, 6, 5, 0.2], [3, 0.7, 8, 0.4], [0.05, 3, 3, 0.3]] as const) {
    out.push({ norms: noisy(c, q, L, spread), about: "noisy norms of several depths, shrinking and growing" });
  }
  return out;
})();

const factorHidden: FactorCase[] = (() => {
  const rng = new Rng(3032);
  return [[0.01, 3.5, 6], [2, 0.4, 5], [1e-3, 7, 4], [0.3, 1.5, 9]].map(([c, q, L]) => ({
    norms: geometric(c, q, L).map((v) => v * Math.exp(0.4 * rng.normal())),
    about: "more noisy norms",
  }));
})();

const factorChecks = casesFor<GeometricFactor>();

export const geometricFactor = defineExercise<GeometricFactor>({
  id: "geometric-factor",
  names: ["geometricFactor"],
  checks: [
    ...factorChecks({
      name: (c) => c.about,
      inputs: factorCases,
      show: (c) => `norms = ${show(c.norms)}`,
      expected: (c) => geometricFactorOracle(c.norms),
      actual: (s, c) => s.geometricFactor([...c.norms]),
      hint: "Fit a straight line to y_k = ln(norms[k]) against k = 0, 1, ..., L-1 by least squares: slope = Σ(k - k̄)(y_k - ȳ) / Σ(k - k̄)²; return exp(slope). Every point counts, not only the first and the last.",
      diagnose: (actual, expected) => {
        if (typeof actual !== "number" || typeof expected !== "number" || Math.abs(Math.log(expected)) < 1e-6) return undefined;
        const near = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
        if (near(actual, 1 / expected)) return "This is 1/q: the fit runs from the output towards the input. q is the factor from layer k to layer k + 1 (norms[k + 1] / norms[k] for an exact sequence).";
        if (near(actual, Math.log(expected))) return "This is the slope ln q itself: return q = exp(slope).";
        return undefined;
      },
    }),
    {
      name: "leaves norms unchanged",
      input: "norms = [1, 10, 10, 100]",
      expected: [1, 10, 10, 100],
      actual: (s) => {
        const norms = [1, 10, 10, 100];
        s.geometricFactor(norms);
        return norms;
      },
      hint: "Compute the logarithms into a new array (map), do not overwrite norms.",
    },
  ],
  hidden: factorChecks({
    name: (c) => c.about,
    inputs: factorHidden,
    show: (c) => `norms = ${show(c.norms)}`,
    expected: (c) => geometricFactorOracle(c.norms),
    actual: (s, c) => s.geometricFactor([...c.norms]),
    hint: "exp of the least-squares slope of ln(norms[k]) against k.",
  }),
  wrong: [
    {
      mistake: "the endpoints only: (last / first)^(1/(L-1)), exact only for an exact geometric sequence",
      solution: { geometricFactor: (n) => (n[n.length - 1] / n[0]) ** (1 / (n.length - 1)) },
    },
    {
      mistake: "off by one: (last / first)^(1/L)",
      solution: { geometricFactor: (n) => (n[n.length - 1] / n[0]) ** (1 / n.length) },
    },
    {
      mistake: "the arithmetic mean of the ratios of neighbours",
      solution: { geometricFactor: (n) => n.slice(1).reduce((s, v, k) => s + v / n[k], 0) / (n.length - 1) },
    },
    {
      mistake: "the median of the ratios of neighbours",
      solution: {
        geometricFactor: (n) => {
          const r = n.slice(1).map((v, k) => v / n[k]).sort((a, b) => a - b);
          return r.length % 2 ? r[(r.length - 1) / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
        },
      },
    },
    {
      mistake: "the wrong direction: exp(-slope), the factor from the output towards the input",
      solution: { geometricFactor: (n) => 1 / geometricFactorOracle(n) },
    },
    {
      mistake: "fits log10 but exponentiates with e",
      solution: { geometricFactor: (n) => geometricFactorOracle(n) ** (1 / Math.LN10) },
    },
    {
      mistake: "a line through the origin: slope Σ k·ln(norms[k]/norms[0]) / Σ k², without the means",
      solution: {
        geometricFactor: (n) => {
          let num = 0;
          let den = 0;
          n.forEach((v, k) => {
            num += k * Math.log(v / n[0]);
            den += k * k;
          });
          return Math.exp(num / den);
        },
      },
    },
    {
      mistake: "the slope itself, without exp",
      solution: { geometricFactor: (n) => Math.log(geometricFactorOracle(n)) },
    },
    {
      mistake: "takes the logarithms in place (right number, the caller's norms are changed)",
      solution: {
        geometricFactor: (n) => {
          const q = geometricFactorOracle(n);
          for (let k = 0; k < n.length; k++) n[k] = Math.log(n[k]);
          return q;
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// layer-ratios: from tidy rows, each hidden layer's value over the last hidden layer's, at one
// step and for one metric. The last hidden layer is the one with the largest number.

interface Row {
  step: number;
  layer: string;
  metric: string;
  value: number;
}
type Ratios = Record<string, number>;
type LayerRatios = { layerRatios: (rows: Row[], metric: string, step: number) => Ratios };

const layerNumber = (name: string): number | null => {
  const m = /^layer(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
};

/** The oracle: pick the rows, find the largest hidden-layer number, divide. */
function layerRatiosOracle(rows: readonly Row[], metric: string, step: number): Ratios {
  const picked = rows.filter((r) => r.metric === metric && r.step === step && layerNumber(r.layer) !== null);
  const last = picked.reduce((best, r) => (layerNumber(r.layer)! > layerNumber(best.layer)! ? r : best), picked[0]);
  const out: Ratios = {};
  for (const r of picked) out[r.layer] = r.value / last.value;
  return out;
}

/** An object with exactly the expected keys (no array, no extra layer), each value close. */
function sameRatios(actual: unknown, expected: unknown): boolean {
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
  const a = Object.keys(actual as object).sort();
  const e = Object.keys(expected as object).sort();
  return a.length === e.length && a.every((k, i) => k === e[i]) && matchesClose({ rtol: 1e-9, atol: 0 })(actual, expected);
}

interface RatioCase {
  rows: Row[];
  metric: string;
  step: number;
  about: string;
}

/** Rows of a run: for each step and layer, the metric (and an extra metric), values from `value`. */
function runRows(depth: number, steps: number[], value: (layer: number, step: number) => number, options: { output?: boolean; extra?: boolean } = {}): Row[] {
  const rows: Row[] = [];
  for (const step of steps) {
    for (let l = 1; l <= depth; l++) {
      rows.push({ step, layer: `layer${l}`, metric: "biasGradNorm", value: value(l, step) });
      if (options.extra) rows.push({ step, layer: `layer${l}`, metric: "activationStd", value: 0.2 + 0.01 * l });
    }
    if (options.output) rows.push({ step, layer: "output", metric: "biasGradNorm", value: 3 * value(depth, step) });
  }
  return rows;
}

function shuffled<T>(xs: readonly T[], rng: Rng): T[] {
  const p = rng.permutation(xs.length);
  return Array.from(p, (i) => xs[i]);
}

const vanishing = (depth: number) => (l: number, step: number) => 0.3 * 0.22 ** (depth - l) * (1 + 0.1 * Math.sin(step + l));

const ratioCases: RatioCase[] = (() => {
  const rng = new Rng(4041);
  return [
    { rows: runRows(4, [0], vanishing(4)), metric: "biasGradNorm", step: 0, about: "one step, rows in layer order" },
    { rows: shuffled(runRows(4, [0], vanishing(4)), rng), metric: "biasGradNorm", step: 0, about: "rows in any order" },
    { rows: shuffled(runRows(3, [0, 5, 10], vanishing(3)), rng), metric: "biasGradNorm", step: 5, about: "several steps: only the asked one counts" },
    { rows: runRows(3, [0, 5, 10], vanishing(3)), metric: "biasGradNorm", step: 0, about: "several steps: the first one asked" },
    { rows: runRows(4, [0, 5], vanishing(4), { extra: true }), metric: "biasGradNorm", step: 5, about: "other metrics mixed in" },
    { rows: runRows(2, [0, 5], vanishing(2), { extra: true }), metric: "activationStd", step: 0, about: "the metric asked for, not always biasGradNorm" },
    { rows: runRows(4, [0, 1], vanishing(4), { output: true }), metric: "biasGradNorm", step: 1, about: "the output layer is not a hidden layer" },
    { rows: runRows(12, [0], vanishing(12)), metric: "biasGradNorm", step: 0, about: "twelve layers: layer12 is the last, though 'layer9' sorts after it as text" },
    { rows: shuffled(runRows(10, [0, 3], vanishing(10), { output: true, extra: true }), rng), metric: "biasGradNorm", step: 3, about: "ten layers, shuffled, with everything mixed in" },
    { rows: runRows(5, [0], (l) => 2 ** (6 - l)), metric: "biasGradNorm", step: 0, about: "exploding: the first layer has the largest value, ratios above 1" },
    { rows: runRows(1, [0, 7], () => 0.4), metric: "biasGradNorm", step: 7, about: "one hidden layer: its ratio is 1" },
    {
      rows: (() => {
        const rows = runRows(3, [0], vanishing(3), { output: true });
        return [rows[rows.length - 1], ...rows.slice(0, -1)];
      })(),
      metric: "biasGradNorm",
      step: 0,
      about: "the output row comes first: it is neither a result nor the reference",
    },
  ];
})();

const ratioHidden: RatioCase[] = (() => {
  const rng = new Rng(4042);
  return [6, 11, 3, 15].map((depth) => {
    const steps = [0, 10 + rng.int(50), 100 + rng.int(50)];
    const rows = shuffled(runRows(depth, steps, () => Math.exp(3 * rng.normal()), { output: true, extra: true }), rng);
    return { rows, metric: "biasGradNorm", step: steps[1 + rng.int(2)], about: "random networks and values" };
  });
})();

const copyRows = (rows: readonly Row[]): Row[] => rows.map((r) => ({ ...r }));
const showRows = (c: RatioCase) =>
  `metric = "${c.metric}", step = ${c.step}, ${c.rows.length} rows: ${show(c.rows.slice(0, 4))}${c.rows.length > 4 ? " ..." : ""}`;
const ratioChecks = casesFor<LayerRatios>();

export const layerRatios = defineExercise<LayerRatios>({
  id: "layer-ratios",
  names: ["layerRatios"],
  checks: [
    ...ratioChecks({
      name: (c) => c.about,
      inputs: ratioCases,
      show: showRows,
      expected: (c) => layerRatiosOracle(c.rows, c.metric, c.step),
      actual: (s, c) => s.layerRatios(copyRows(c.rows), c.metric, c.step),
      hint: (c) => c.about.includes("twelve") || c.about.includes("ten")
        ? "Compare layer numbers, not names: parse the number after 'layer' (\"layer12\" > \"layer9\" as numbers, not as text)."
        : c.about.includes("output row comes first")
          ? "Drop the rows that are not 'layer<k>' before you look for the reference: a search that starts from the first row (reduce(..., picked[0])) keeps 'output' when its number is NaN."
          : "Keep the rows with this metric and step whose layer is 'layer<k>'; the reference is the one with the largest k, wherever it sits in the array; return { layerName: value / reference } for each.",
      matches: sameRatios,
      diagnose: (actual, expected) => {
        if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
          return Array.isArray(actual) ? "Return a plain object keyed by layer name ({ layer1: ..., layer2: ... }), not an array." : undefined;
        }
        const a = actual as Record<string, unknown>;
        const e = expected as Ratios;
        if ("output" in a) return "The output layer is not a hidden layer: leave 'output' out of the result.";
        const keys = Object.keys(e);
        if (keys.length > 1 && keys.every((k) => typeof a[k] === "number" && Math.abs((a[k] as number) * e[k] - 1) < 1e-9)) {
          return "Every ratio is upside down: divide each layer's value by the last layer's, not the other way round.";
        }
        return undefined;
      },
    }),
    {
      name: "leaves the rows unchanged",
      input: "the shuffled ten-layer rows",
      expected: ratioCases[8].rows,
      actual: (s) => {
        const rows = copyRows(ratioCases[8].rows);
        s.layerRatios(rows, "biasGradNorm", 3);
        return rows;
      },
      hint: "Do not sort, reorder or edit the caller's rows: filter into a new array first (rows.filter(...).sort(...)) and put the ratios in a new object.",
      matches: (a, e) => JSON.stringify(a) === JSON.stringify(e),
    },
  ],
  hidden: ratioChecks({
    name: (c) => c.about,
    inputs: ratioHidden,
    show: showRows,
    expected: (c) => layerRatiosOracle(c.rows, c.metric, c.step),
    actual: (s, c) => s.layerRatios(copyRows(c.rows), c.metric, c.step),
    hint: "Each hidden layer's value over the last hidden layer's, at this step and metric.",
    matches: sameRatios,
  }),
  wrong: [
    {
      mistake: "starts the search for the last layer from the first row without dropping 'output' (its number is NaN, so it stays the reference when it comes first)",
      solution: {
        layerRatios: (rows, metric, step) => {
          const picked = rows.filter((r) => r.metric === metric && r.step === step);
          const last = picked.reduce((best, r) => (parseInt(r.layer.slice(5)) > parseInt(best.layer.slice(5)) ? r : best), picked[0]);
          return Object.fromEntries(picked.filter((r) => r.layer !== "output").map((r) => [r.layer, r.value / last.value]));
        },
      },
    },
    {
      mistake: "takes the last row of the array as the reference (assumes the rows are sorted)",
      solution: {
        layerRatios: (rows, metric, step) => {
          const picked = rows.filter((r) => r.metric === metric && r.step === step && r.layer.startsWith("layer"));
          const ref = picked[picked.length - 1].value;
          return Object.fromEntries(picked.map((r) => [r.layer, r.value / ref]));
        },
      },
    },
    {
      mistake: "sorts the layer names as text, so 'layer9' comes after 'layer12'",
      solution: {
        layerRatios: (rows, metric, step) => {
          const picked = rows.filter((r) => r.metric === metric && r.step === step && r.layer.startsWith("layer"));
          const last = [...picked].sort((a, b) => (a.layer < b.layer ? -1 : 1))[picked.length - 1].value;
          return Object.fromEntries(picked.map((r) => [r.layer, r.value / last]));
        },
      },
    },
    {
      mistake: "ignores the step: a later step's rows overwrite the asked one",
      solution: { layerRatios: (rows, metric) => layerRatiosOracle(rows.filter((r) => r.metric === metric).map((r) => ({ ...r, step: 0 })), metric, 0) },
    },
    {
      mistake: "finds the last layer's row without the step filter (its first row, from another step)",
      solution: {
        layerRatios: (rows, metric, step) => {
          const picked = rows.filter((r) => r.metric === metric && r.step === step && layerNumber(r.layer) !== null);
          const lastName = picked.map((r) => r.layer).sort((a, b) => layerNumber(a)! - layerNumber(b)!).pop();
          const ref = rows.find((r) => r.layer === lastName && r.metric === metric)!.value;
          return Object.fromEntries(picked.map((r) => [r.layer, r.value / ref]));
        },
      },
    },
    {
      mistake: "ignores the metric",
      solution: { layerRatios: (rows, _metric, step) => layerRatiosOracle(rows.map((r) => ({ ...r, metric: "m" })), "m", step) },
    },
    {
      mistake: "an array of the ratios in layer order instead of an object keyed by layer name",
      solution: {
        layerRatios: (rows, metric, step) =>
          Object.entries(layerRatiosOracle(rows, metric, step)).sort(([a], [b]) => layerNumber(a)! - layerNumber(b)!).map(([, v]) => v) as unknown as Ratios,
      },
    },
    {
      mistake: "the ratio upside down: last layer / layer",
      solution: { layerRatios: (rows, metric, step) => Object.fromEntries(Object.entries(layerRatiosOracle(rows, metric, step)).map(([k, v]) => [k, 1 / v])) },
    },
    {
      mistake: "relative to the output layer",
      solution: {
        layerRatios: (rows, metric, step) => {
          const picked = rows.filter((r) => r.metric === metric && r.step === step);
          const ref = (picked.find((r) => r.layer === "output") ?? picked[picked.length - 1]).value;
          return Object.fromEntries(picked.filter((r) => r.layer !== "output").map((r) => [r.layer, r.value / ref]));
        },
      },
    },
    {
      mistake: "relative to the largest value (the same as the last layer only while gradients vanish)",
      solution: {
        layerRatios: (rows, metric, step) => {
          const picked = rows.filter((r) => r.metric === metric && r.step === step && r.layer.startsWith("layer"));
          const ref = Math.max(...picked.map((r) => r.value));
          return Object.fromEntries(picked.map((r) => [r.layer, r.value / ref]));
        },
      },
    },
    {
      mistake: "sorts the caller's rows in place (right numbers, the caller's array is reordered)",
      solution: {
        layerRatios: (rows, metric, step) => {
          rows.sort((a, b) => (layerNumber(a.layer) ?? 1e9) - (layerNumber(b.layer) ?? 1e9) || a.step - b.step);
          return layerRatiosOracle(rows, metric, step);
        },
      },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("layer-ratios", { layerRatios: layerRatios })`. */
export const lesson = defineLesson({
  "bias-grad-norm": biasGradNorm,
  "geometric-factor": geometricFactor,
  "layer-ratios": layerRatios,
});
