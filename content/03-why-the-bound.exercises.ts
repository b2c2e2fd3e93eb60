/**
 * Checks for lesson 03, "Why: the 1/4 bound and the weights", keyed by the exercise ids in
 * `03-why-the-bound.md`. Expected values are computed here without the learner's code: weight
 * matrices are built from chosen singular values (W = U diag(σ) Vᵀ with random orthogonal U, V),
 * so their spectral norm is known exactly; the rest are closed forms or short exact loops. Random
 * inputs come from our own seeded Rng, built when this module loads.
 */

import { cases, casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";
import { Tensor } from "../src/tensor/tensor.js";
import { largestSingularValue } from "../src/diagnostics/spectral.js";

type Matrix = number[][];

// --- small, obviously correct helpers (the oracles) ---------------------------------------------

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const copy = (W: Matrix): Matrix => W.map((r) => [...r]);
/**
 * σ'(x) as the textbook writes it, σ(x)(1 - σ(x)): the slope handed to the learner's code. Not the
 * form that overflows for no x: that is lesson 01's exercise, and these checks reach the student
 * release. The learner's code calls this same function, so the checks compare like with like.
 */
const sigmoidPrime = (x: number) => {
  const s = 1 / (1 + Math.exp(-x));
  return s * (1 - s);
};
const tanhPrime = (x: number) => 1 - Math.tanh(x) ** 2;
const reluPrime = (x: number) => (x > 0 ? 1 : 0);

/** A random (n, n) orthogonal matrix: Gram-Schmidt on a Gaussian one, each column projected twice. */
function randomOrthogonal(rng: Rng, n: number): Matrix {
  const cols: number[][] = [];
  while (cols.length < n) {
    let v = Array.from({ length: n }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        const dot = q.reduce((s, qi, i) => s + qi * v[i], 0);
        v = v.map((vi, i) => vi - dot * q[i]);
      }
    }
    const norm = Math.sqrt(v.reduce((s, vi) => s + vi * vi, 0));
    if (norm > 1e-6) cols.push(v.map((vi) => vi / norm));
  }
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i])); // columns -> rows
}

/**
 * A (rows, cols) matrix with singular values `sigmas` (length min(rows, cols)): U diag(σ) Vᵀ.
 * Its spectral norm is max σ, known exactly; its Frobenius norm is sqrt(Σ σ²).
 */
function withSingularValues(rng: Rng, rows: number, cols: number, sigmas: readonly number[]): Matrix {
  const U = randomOrthogonal(rng, rows);
  const V = randomOrthogonal(rng, cols);
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) =>
    sigmas.reduce((s, sg, r) => s + U[i][r] * sg * V[j][r], 0)));
}

/** Singular values for a matrix: the largest `top`, the others spread below 0.9 · top (a clear gap). */
function spread(rng: Rng, count: number, top: number): number[] {
  return [top, ...Array.from({ length: count - 1 }, () => top * (0.1 + 0.8 * rng.uniform()))];
}

const spectral = (W: Matrix): number => largestSingularValue(new Tensor(Float64Array.from(W.flat()), [W.length, W[0].length]));

// ------------------------------------------------------------------------------------------------
// norm-bound: ‖∇h_1‖ <= Π_{k=2..L} γ ‖W_k‖₂ · ‖∇h_L‖. The learner's code gets norm2 (the spectral
// norm) as an argument, as lesson 01's layerJacobian gets dphi: the cell then needs no import.

type Norm2 = (W: Matrix) => number;
type NormBound = (weights: Matrix[], gamma: number, gLastNorm: number, norm2: Norm2) => number;

interface BoundCase {
  weights: Matrix[];
  /** The spectral norms, known by construction. */
  norms: number[];
  gamma: number;
  gLastNorm: number;
  about: string;
}

/** A chain of matrices with the given shapes (rows, cols) and spectral norms. */
function chain(rng: Rng, shapes: readonly [number, number][], norms: readonly number[], gamma: number, gLastNorm: number, about: string): BoundCase {
  const weights = shapes.map(([r, c], k) => withSingularValues(rng, r, c, spread(rng, Math.min(r, c), norms[k])));
  return { weights, norms: [...norms], gamma, gLastNorm, about };
}

const boundOracle = (c: BoundCase): number => c.norms.reduce((p, s) => p * c.gamma * s, c.gLastNorm);

const boundCases: BoundCase[] = (() => {
  const rng = new Rng(301);
  return [
    { weights: [], norms: [], gamma: 0.25, gLastNorm: 2.5, about: "L = 1: no layer in between, the bound is ‖∇h_L‖" },
    { weights: [[[3, 0], [0, -5]]], norms: [5], gamma: 0.25, gLastNorm: 1, about: "one diagonal W, sigmoid: 5/4" },
    chain(rng, [[3, 3]], [2], 1, 1, "one square layer, tanh (γ = 1)"),
    chain(rng, [[2, 3], [4, 2], [3, 4]], [1.5, 0.8, 2.2], 0.25, 0.7, "widths 3 → 2 → 4 → 3: non-square weights"),
    chain(rng, [[4, 4], [4, 4], [4, 4], [4, 4]], [1, 1, 1, 1], 0.25, 1, "four sigmoid layers with ‖W‖ = 1: (1/4)^4"),
    chain(rng, [[5, 5], [5, 5], [5, 5]], [3, 3, 3], 1, 2, "‖W‖ = 3 with tanh: the bound grows"),
    chain(rng, Array.from({ length: 12 }, () => [3, 3] as [number, number]), Array.from({ length: 12 }, (_, k) => 0.5 + 0.25 * k), 0.25, 1, "12 layers, norms from 0.5 to 3.25"),
    chain(rng, [[3, 5], [5, 3]], [4, 0.3], 0.5, 3, "γ = 1/2 and mixed norms"),
    chain(rng, [[4, 4], [4, 4]], [2, 2], 1, 0, "a zero gradient at the top stays zero"),
    chain(rng, [[3, 3], [3, 3], [3, 3]], [2, 2, 2], 0, 1, "γ = 0: nothing passes"),
  ];
})();

/** The norm function the checks hand to the learner's code: the library's power iteration on plain arrays. */
const norm2: Norm2 = (W) => spectral(W);

const boundChecks = casesFor<{ normBound: NormBound }>();

export const normBound = defineExercise<{ normBound: NormBound }>({
  id: "norm-bound",
  names: ["normBound"],
  checks: [
    ...boundChecks({
      name: (c) => c.about,
      inputs: boundCases,
      show: (c) => `weights = ${c.weights.length > 3 ? `${c.weights.length} matrices of shape (3, 3) with ‖W‖₂ = ${show(c.norms)}` : show(c.weights)}, gamma = ${c.gamma}, gLastNorm = ${c.gLastNorm}`,
      expected: boundOracle,
      actual: (s, c) => s.normBound(c.weights.map(copy), c.gamma, c.gLastNorm, norm2),
      hint: "Start from ‖∇h_L‖ and multiply by one factor γ·norm2(W) for every matrix: L - 1 factors, each with its own γ.",
      matches: matchesClose({ rtol: 1e-6, atol: 1e-300 }),
    }),
    {
      name: "leaves the weights unchanged",
      input: "weights = [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 0], [0, 1]]], gamma = 0.25, gLastNorm = 1",
      expected: [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 0], [0, 1]]],
      actual: (s) => {
        const weights = [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 0], [0, 1]]];
        s.normBound(weights, 0.25, 1, norm2);
        return weights;
      },
      hint: "Do not reverse, sort, pop or rescale the caller's list or matrices; the product does not depend on the order, so read them as they are.",
      matches: matchesClose({ rtol: 0, atol: 0 }),
    },
  ],
  hidden: boundChecks({
    name: "random chains of other shapes and norms",
    inputs: (() => {
      const rng = new Rng(3011);
      return Array.from({ length: 4 }, (_, i) => {
        const widths = Array.from({ length: 3 + i }, () => 2 + rng.int(5));
        const shapes = widths.slice(1).map((w, k) => [w, widths[k]] as [number, number]);
        return chain(rng, shapes, shapes.map(() => 0.3 + 3 * rng.uniform()), [0.25, 1, 0.5, 1][i], 0.1 + rng.uniform(), "");
      });
    })(),
    show: (c) => `${c.weights.length} matrices, gamma = ${c.gamma}`,
    expected: boundOracle,
    actual: (s, c) => s.normBound(c.weights.map(copy), c.gamma, c.gLastNorm, norm2),
    hint: "The same product for any chain.",
    matches: matchesClose({ rtol: 1e-6, atol: 1e-300 }),
  }),
  wrong: [
    { mistake: "γ once instead of once per layer", solution: { normBound: (ws, g, n, nm) => g * ws.reduce((p, W) => p * nm(W), n) } },
    { mistake: "one γ too many: γ^L for L - 1 layers", solution: { normBound: (ws, g, n, nm) => g * ws.reduce((p, W) => p * g * nm(W), n) } },
    { mistake: "off by one over layers: skips the first matrix (as if the list started at W_1)", solution: { normBound: (ws, g, n, nm) => ws.slice(1).reduce((p, W) => p * g * nm(W), n) } },
    { mistake: "forgets ‖∇h_L‖", solution: { normBound: (ws, g, _n, nm) => ws.reduce((p, W) => p * g * nm(W), 1) } },
    {
      mistake: "the Frobenius norm sqrt(Σ W_ij²) instead of norm2",
      solution: { normBound: (ws, g, n) => ws.reduce((p, W) => p * g * Math.sqrt(W.flat().reduce((s, w) => s + w * w, 0)), n) },
    },
    {
      mistake: "adds the factors instead of multiplying them",
      solution: { normBound: (ws, g, n, nm) => n * ws.reduce((p, W) => p + g * nm(W), ws.length ? 0 : 1) },
    },
    {
      mistake: "reverses the caller's list in place (to go from the top down)",
      solution: { normBound: (ws, g, n, nm) => ws.reverse().reduce((p, W) => p * g * nm(W), n) },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// depth-for-bound: the smallest L with (s γ)^(L-1) < tol; Infinity when s γ >= 1.

type DepthForBound = (s: number, gamma: number, tol: number) => number;

/** Exact for these inputs: f ** k is exact for the powers of two used at the boundaries. */
const depthOracle: DepthForBound = (s, gamma, tol) => {
  const f = s * gamma;
  if (f >= 1) return Infinity;
  let k = 0;
  while (f ** k >= tol) k++;
  return k + 1;
};

type DepthInput = [number, number, number];

function depthCaseName([s, gamma, tol]: DepthInput): string {
  const f = s * gamma;
  if (f >= 1) return "s·γ >= 1: the bound never falls (Infinity)";
  if (f === 0) return "s = 0: the bound is 0 from the second layer on";
  const k = Math.log(tol) / Math.log(f);
  if (Math.abs(k - Math.round(k)) < 1e-9) return "exact boundaries: (s·γ)^(L-1) equal to tol is not below it";
  return gamma === 0.25 ? "sigmoid (γ = 1/4), many scales and tolerances" : "tanh (γ = 1), many scales and tolerances";
}

const depthInputs: DepthInput[] = [
  [1, 0.25, 1e-6], // the example in the text: L = 11
  [4, 0.25, 1e-6], [8, 0.25, 1e-3], [1, 1, 1e-6], [1.5, 1, 0.5],
  [0, 1, 1e-6], [0, 0.25, 0.5],
  [2, 0.25, 2 ** -10], [1, 0.25, 4 ** -5], [0.5, 1, 0.5], [0.25, 1, 2 ** -40],
  ...[0.3, 0.5, 1.5, 2, 3, 3.9].flatMap((s) => [1e-2, 1e-6, 1e-12].map((tol) => [s, 0.25, tol] as DepthInput)),
  ...[0.15, 0.35, 0.7, 0.9, 0.99].flatMap((s) => [0.3, 1e-6].map((tol) => [s, 1, tol] as DepthInput)),
];

export const depthForBound = defineExercise<{ depthForBound: DepthForBound }>({
  id: "depth-for-bound",
  names: ["depthForBound"],
  checks: cases({
    name: depthCaseName,
    inputs: depthInputs,
    show: ([s, gamma, tol]) => `s = ${s}, gamma = ${gamma}, tol = ${tol}`,
    expected: ([s, gamma, tol]) => depthOracle(s, gamma, tol),
    actual: (sol, [s, gamma, tol]) => sol.depthForBound(s, gamma, tol),
    hint: ([s, gamma]) => (s * gamma >= 1
      ? "When s·γ >= 1 the bound (s·γ)^(L-1) never drops below 1, so no depth makes it small: return Infinity."
      : "Depth L has L - 1 factors s·γ. Find the smallest L with (s·γ)^(L-1) strictly below tol; a loop over L is safest, a formula with logs and ceil is off by one when (s·γ)^(L-1) hits tol exactly."),
    matches: matchesClose({ rtol: 0, atol: 0 }),
    diagnose: (actual, expected) => {
      if (typeof actual !== "number" || typeof expected !== "number" || !Number.isFinite(expected)) return undefined;
      if (actual === expected - 1) return "One too few: you counted the factors s·γ (L - 1), not the layers L, or stopped where (s·γ)^(L-1) equals tol instead of going below it.";
      if (actual === expected + 1) return "One too many: depth L has L - 1 factors, so check (s·γ)^(L-1), not (s·γ)^L, against tol.";
      return undefined;
    },
  }),
  hidden: cases({
    name: "random scales and tolerances",
    inputs: (() => {
      const rng = new Rng(3021);
      return Array.from({ length: 8 }, (_, i): DepthInput => [Number((0.05 + 4.5 * rng.uniform()).toFixed(3)), i % 2 ? 1 : 0.25, 10 ** -(1 + 11 * rng.uniform())]);
    })(),
    show: ([s, gamma, tol]) => `s = ${s}, gamma = ${gamma}, tol = ${tol.toPrecision(3)}`,
    expected: ([s, gamma, tol]) => depthOracle(s, gamma, tol),
    actual: (sol, [s, gamma, tol]) => sol.depthForBound(s, gamma, tol),
    hint: "The same rule for every scale and tolerance.",
    matches: matchesClose({ rtol: 0, atol: 0 }),
  }),
  wrong: [
    {
      mistake: "ceil(log(tol) / log(s·γ)) + 1: off by one at exact boundaries, and -Infinity when s·γ = 1",
      solution: { depthForBound: (s, g, tol) => Math.ceil(Math.log(tol) / Math.log(s * g)) + 1 },
    },
    {
      mistake: "counts the factors, not the layers: returns L - 1",
      solution: { depthForBound: (s, g, tol) => depthOracle(s, g, tol) - 1 },
    },
    { mistake: "forgets γ: uses s alone", solution: { depthForBound: (s, _g, tol) => depthOracle(s, 1, tol) } },
    {
      mistake: "stops at (s·γ)^(L-1) <= tol instead of < tol",
      solution: {
        depthForBound: (s, g, tol) => {
          if (s * g >= 1) return Infinity;
          let L = 1;
          while ((s * g) ** (L - 1) > tol) L++;
          return L;
        },
      },
    },
    { mistake: "returns -1 when the bound never falls", solution: { depthForBound: (s, g, tol) => (s * g >= 1 ? -1 : depthOracle(s, g, tol)) } },
  ],
});

// ------------------------------------------------------------------------------------------------
// typical-gain: E‖J_kᵀ v‖² = ‖J_k‖_F² / n_out for a random unit v, J_k = diag(φ'(z)) W (n_out, n_in).

type TypicalGain = (W: Matrix, z: number[], dphi: (z: number) => number) => number;

const gainOracle: TypicalGain = (W, z, dphi) =>
  Math.sqrt(W.reduce((s, row, i) => s + row.reduce((t, w) => t + (dphi(z[i]) * w) ** 2, 0), 0) / W.length);

type Act = "sigmoid" | "tanh" | "relu";
const dphiOf: Record<Act, (x: number) => number> = { sigmoid: sigmoidPrime, tanh: tanhPrime, relu: reluPrime };

interface GainCase {
  W: Matrix;
  z: number[];
  act: Act;
  about: string;
}

const randomMatrix = (rng: Rng, rows: number, cols: number, scale = 1): Matrix =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));

const gainCases: GainCase[] = (() => {
  const rng = new Rng(303);
  // Pre-activations on a grid from -6 to 6: every kind of slope, both signs.
  const grid = (n: number) => Array.from({ length: n }, (_, i) => -6 + (12 * i) / (n - 1) + 0.013);
  return [
    { W: [[1, 2, 3], [4, 5, 6]], z: [0, 1], act: "sigmoid", about: "a (2, 3) layer: average over its 2 rows (outputs)" },
    { W: [[1, -1], [2, 0.5], [-3, 4]], z: [-2, 0.5, 2], act: "tanh", about: "a (3, 2) layer: average over its 3 rows (outputs)" },
    { W: [[2, 0, 0], [0, 2, 0], [0, 0, 2]], z: [0, 0, 0], act: "tanh", about: "2I at z = 0: every direction gains exactly 2" },
    { W: randomMatrix(rng, 12, 12), z: grid(12), act: "sigmoid", about: "slopes that differ from unit to unit, z from -6 to 6" },
    { W: randomMatrix(rng, 9, 5, 3), z: grid(9), act: "tanh", about: "slopes that differ from unit to unit, z from -6 to 6" },
    { W: randomMatrix(rng, 6, 10), z: grid(6).map((v) => -v), act: "relu", about: "ReLU: the units with z <= 0 pass nothing" },
    { W: randomMatrix(rng, 4, 4, 10), z: [30, -40, 25, -800], act: "sigmoid", about: "saturated units: a tiny gain, not NaN" },
    { W: [[0, 0], [0, 0]], z: [0.3, -0.3], act: "sigmoid", about: "zero weights: zero gain" },
    { W: randomMatrix(rng, 1, 7), z: [0.4], act: "tanh", about: "one output unit" },
  ];
})();

const gainChecks = casesFor<{ typicalGain: TypicalGain }>();

export const typicalGain = defineExercise<{ typicalGain: TypicalGain }>({
  id: "typical-gain",
  names: ["typicalGain"],
  checks: [
    ...gainChecks({
      name: (c) => c.about,
      inputs: gainCases,
      show: (c) => `W = ${c.W.length > 3 ? `a (${c.W.length}, ${c.W[0].length}) matrix` : show(c.W)}, z = ${show(c.z)}, dphi = ${c.act}'`,
      expected: (c) => gainOracle(c.W, c.z, dphiOf[c.act]),
      actual: (s, c) => s.typicalGain(copy(c.W), [...c.z], dphiOf[c.act]),
      hint: "Square every entry of J = diag(φ'(z)) W (row i scaled by φ'(z_i)), add them up, divide by the number of rows n_out (the length of v), then take the square root.",
      matches: matchesClose({ rtol: 1e-9, atol: 1e-300 }),
      diagnose: (actual, expected) =>
        typeof actual === "number" && typeof expected === "number" && expected > 1e-150 && Math.abs(expected - 1) > 1e-6 && Math.abs(actual - expected ** 2) <= 1e-9 * expected ** 2
          ? "This is the mean square ‖J‖_F² / n_out: take its square root."
          : undefined,
    }),
    {
      name: "leaves W and z unchanged",
      input: "W = [[1, 2], [3, 4]], z = [0, 1], dphi = sigmoid'",
      expected: { W: [[1, 2], [3, 4]], z: [0, 1] },
      actual: (s) => {
        const W = [[1, 2], [3, 4]];
        const z = [0, 1];
        s.typicalGain(W, z, sigmoidPrime);
        return { W, z };
      },
      hint: "Build J (or just the sum) without writing into W or z (no scaling W's rows in place, no z[i] = dphi(z[i])): the caller still needs both.",
      matches: matchesClose({ rtol: 0, atol: 0 }),
    },
  ],
  hidden: gainChecks({
    name: "random layers of other shapes",
    inputs: (() => {
      const rng = new Rng(3031);
      const acts: Act[] = ["sigmoid", "tanh", "relu", "tanh"];
      return acts.map((act, i): GainCase => {
        const rows = 2 + rng.int(8);
        return { W: randomMatrix(rng, rows, 2 + rng.int(8), 0.5 + i), z: Array.from({ length: rows }, () => 3 * rng.normal()), act, about: "" };
      });
    })(),
    show: (c) => `W (${c.W.length}, ${c.W[0].length}), dphi = ${c.act}'`,
    expected: (c) => gainOracle(c.W, c.z, dphiOf[c.act]),
    actual: (s, c) => s.typicalGain(copy(c.W), [...c.z], dphiOf[c.act]),
    hint: "The same formula for every layer.",
    matches: matchesClose({ rtol: 1e-9, atol: 1e-300 }),
  }),
  wrong: [
    {
      mistake: "divides by n_in (the columns) instead of n_out",
      solution: { typicalGain: (W, z, d) => Math.sqrt(W.reduce((s, row, i) => s + row.reduce((t, w) => t + (d(z[i]) * w) ** 2, 0), 0) / W[0].length) },
    },
    {
      mistake: "the mean slope times ‖W‖_F / √n_out: averages the slopes before weighting them by the rows of W",
      solution: { typicalGain: (W, z, d) => (z.reduce((s, v) => s + d(v), 0) / z.length) * gainOracle(W, z.map(() => 0), () => 1) },
    },
    { mistake: "forgets the square root: the mean square", solution: { typicalGain: (W, z, d) => gainOracle(W, z, d) ** 2 } },
    {
      mistake: "the largest slope for every unit: max φ'(z) · ‖W‖_F / √n_out",
      solution: { typicalGain: (W, z, d) => Math.max(...z.map(d)) * gainOracle(W, z.map(() => 0), () => 1) },
    },
    { mistake: "the worst case ‖W‖₂ · max φ'(z) (the bound, not the typical gain)", solution: { typicalGain: (W, z, d) => spectral(W) * Math.max(...z.map(d)) } },
    {
      mistake: "scales the columns (W diag(φ'(z))) instead of the rows",
      solution: { typicalGain: (W, z, d) => Math.sqrt(W.reduce((s, row) => s + row.reduce((t, w, j) => t + (d(z[j]) * w) ** 2, 0), 0) / W.length) },
    },
    {
      mistake: "averages over every entry (divides by n_out · n_in)",
      solution: { typicalGain: (W, z, d) => gainOracle(W, z, d) / Math.sqrt(W[0].length) },
    },
    {
      mistake: "scales W's rows in place",
      solution: {
        typicalGain: (W, z, d) => {
          W.forEach((row, i) => row.forEach((w, j) => { row[j] = d(z[i]) * w; }));
          return Math.sqrt(W.flat().reduce((s, v) => s + v * v, 0) / W.length);
        },
      },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("norm-bound", { normBound: normBound })`. */
export const lesson = defineLesson({
  "norm-bound": normBound,
  "depth-for-bound": depthForBound,
  "typical-gain": typicalGain,
});
