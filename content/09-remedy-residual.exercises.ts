/**
 * Checks for lesson 09, "Remedy: residual connections", keyed by the exercise ids in
 * `09-remedy-residual.md`. Each expected value is computed here independently of the learner's
 * code (short, obviously correct oracles); random inputs come from our own seeded Rng, built when
 * the module loads, so no check depends on the order of a learner's random calls. Inputs are given
 * to the learner as copies and the originals compared afterwards where an answer could change them.
 */

import { casesFor, defineExercise, defineLesson, formatValue, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const showList = (xs: readonly number[]) => (xs.length > 8 ? `${show(xs.slice(0, 6))}... (${xs.length} values)` : show(xs));
const copyMatrix = (A: Matrix): Matrix => A.map((row) => [...row]);
const randomMatrix = (rng: Rng, rows: number, cols: number): Matrix =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
/** Evenly spread values over [lo, hi] with a random offset, so both signs and ordinary values appear. */
const spread = (rng: Rng, n: number, lo: number, hi: number): number[] =>
  Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + rng.uniform())) / n);
/** The stub's error must stay an error (the stub fails every check), whatever a check catches. */
const UNFINISHED = /Unfinished exercise/;

// ------------------------------------------------------------------------------------------------
// residual-jacobian: h_k = h_{k-1} + φ(W h_{k-1} + b) has ∂h_k/∂h_{k-1} = I + diag(φ'(z)) W.

type ResidualJacobian = { residualJacobian: (W: Matrix, z: number[], dphi: (z: number) => number) => Matrix };

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

/** The oracle: entry (i, j) is [i = j] + φ'(z_i) W_ij. */
const residualOracle = (W: Matrix, z: readonly number[], dphi: (z: number) => number): Matrix =>
  W.map((row, i) => row.map((w, j) => (i === j ? 1 : 0) + dphi(z[i]) * w));

interface JacobianCase {
  W: Matrix;
  z: number[];
  act: "tanh" | "sigmoid";
  about: string;
}
const dphiOf = (c: JacobianCase) => (c.act === "tanh" ? tanhPrime : sigmoidPrime);

const jacobianCases: JacobianCase[] = (() => {
  const rng = new Rng(9101);
  const out: JacobianCase[] = [
    { W: [[0.5, -1, 2], [1.5, -0.5, 0.25], [-2, 3, -1]], z: [-1, 0.3, 2], act: "tanh", about: "a 3 × 3 block with tanh" },
    { W: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], z: [0.4, -1.2, 3], act: "tanh", about: "zero weights: J = I, the skip path alone" },
    { W: [[1, -2], [3, 4]], z: [0, 0], act: "tanh", about: "tanh at z = 0 (slope 1): J = I + W" },
    { W: [[5, -2], [1, 3]], z: [40, -0.5], act: "tanh", about: "a saturated unit keeps its row of I, not a row of zeros" },
    { W: [[-3]], z: [0.5], act: "sigmoid", about: "one unit: J = 1 + φ'(z) w" },
    { W: [[2, -1], [-4, 0.5]], z: [-2, 1], act: "sigmoid", about: "a 2 × 2 block with sigmoid" },
  ];
  // Random blocks: entries of both signs, z spread over [-3, 3] (ordinary slopes, not only 0 and 1).
  for (const [n, act] of [[2, "tanh"], [3, "sigmoid"], [4, "tanh"], [5, "sigmoid"], [5, "tanh"]] as const) {
    const z = spread(rng, n, -3, 3);
    out.push({ W: randomMatrix(rng, n, n), z: Array.from(rng.permutation(n), (k) => z[k]), act, about: "random square blocks, z over [-3, 3]" });
  }
  return out;
})();

const jacobianHidden: JacobianCase[] = (() => {
  const rng = new Rng(9102);
  return ([[6, "tanh"], [7, "sigmoid"], [8, "tanh"]] as const).map(([n, act]) => ({
    W: randomMatrix(rng, n, n).map((row) => row.map((w) => 2 * w)),
    z: spread(rng, n, -4, 4).reverse(),
    act,
    about: "more random blocks",
  }));
})();

/** Names the slips recognisable from the value alone: the identity left out, and the transpose. */
function jacobianDiagnosis(actual: unknown, expected: unknown): string | undefined {
  const E = expected as Matrix;
  if (!Array.isArray(actual) || actual.length !== E.length || !actual.every((row) => Array.isArray(row) && row.length === E.length)) return undefined;
  const A = actual as number[][];
  const close = (f: (i: number, j: number) => number) => A.every((row, i) => row.every((v, j) => typeof v === "number" && Math.abs(v - f(i, j)) <= 1e-9 * Math.max(1, Math.abs(v))));
  const isIdentity = close((i, j) => (i === j ? 1 : 0));
  if (!isIdentity && close((i, j) => E[i][j] - (i === j ? 1 : 0))) return "That is diag(φ'(z)) W, the plain layer's Jacobian: the skip adds the identity, 1 on the diagonal.";
  if (E.length > 1 && !close((i, j) => E[i][j]) && close((i, j) => E[j][i])) return "That is the transpose: entry (i, j) is ∂h_i/∂x_j, so row i of W is scaled by unit i's slope φ'(z_i).";
  return undefined;
}

const jacobianFamily = {
  name: (c: JacobianCase) => c.about,
  show: (c: JacobianCase) => `W = ${show(c.W)}, z = ${show(c.z)}, φ = ${c.act}`,
  expected: (c: JacobianCase) => residualOracle(c.W, c.z, dphiOf(c)),
  actual: (s: ResidualJacobian, c: JacobianCase) => s.residualJacobian(copyMatrix(c.W), [...c.z], dphiOf(c)),
  hint: "Entry (i, j) is 1 on the diagonal (the skip path), plus φ'(z_i) W[i][j] (the branch): row i of W scaled by unit i's slope, then I added.",
  matches: matchesClose({ rtol: 1e-10, atol: 1e-14 }),
  diagnose: jacobianDiagnosis,
};

/** The answers to the public cases, looked up: what a table of them would give. */
const jacobianTable = new Map(jacobianCases.map((c) => [JSON.stringify([c.W, c.z]), residualOracle(c.W, c.z, dphiOf(c))]));

/** What the learner's function does with a W that is not square: returns something, or throws. */
function onNonSquare(s: ResidualJacobian, W: Matrix, z: number[]): string {
  try {
    const result: unknown = s.residualJacobian(W, z, tanhPrime);
    if (result !== null && typeof (result as { then?: unknown }).then === "function") {
      (result as Promise<unknown>).then(undefined, () => undefined); // a rejected Promise must not go unhandled
      return "returned a Promise (the answer must be synchronous)";
    }
    return `returned ${formatValue(result)}`;
  } catch (e) {
    if (UNFINISHED.test(e instanceof Error ? e.message : String(e))) throw e;
    // An Error of any realm (the learner's cell may run in another one): an object with a message.
    const isError = e !== null && typeof e === "object" && typeof (e as { message?: unknown }).message === "string";
    return isError ? "throws an Error" : `throws ${formatValue(e)}, which is not an Error`;
  }
}

export const residualJacobian = defineExercise<ResidualJacobian>({
  id: "residual-jacobian",
  names: ["residualJacobian"],
  checks: [
    ...casesFor<ResidualJacobian>()({ ...jacobianFamily, inputs: jacobianCases }),
    ...casesFor<ResidualJacobian>()({
      name: "a W that is not square is rejected (x + F(x) needs equal widths)",
      inputs: [
        { W: [[1, 2, 3], [4, 5, 6]], z: [0.5, -0.5] },
        { W: [[1, 2], [3, 4], [5, 6]], z: [0.5, -0.5, 1] },
      ],
      show: (c) => `W = ${show(c.W)} (shape ${c.W.length} × ${c.W[0].length}), z = ${show(c.z)}`,
      expected: () => "throws an Error",
      actual: (s, c) => onNonSquare(s, copyMatrix(c.W), [...c.z]),
      hint: "A residual block adds its input to its output, so W must map n units to n units: check that every row of W has W.length entries, and otherwise throw new Error(\"...\") (an Error, not a string).",
    }),
    {
      name: "leaves W and z unchanged",
      input: "W = [[1, 2], [3, 4]], z = [0, 1], φ = tanh",
      expected: { W: [[1, 2], [3, 4]], z: [0, 1] },
      actual: (s) => {
        const W = [[1, 2], [3, 4]];
        const z = [0, 1];
        s.residualJacobian(W, z, tanhPrime);
        return { W, z };
      },
      hint: "Build a new matrix (map) instead of adding I or scaling the rows of W in place: the caller still needs W.",
    },
  ],
  hidden: casesFor<ResidualJacobian>()({ ...jacobianFamily, inputs: jacobianHidden }),
  wrong: [
    {
      mistake: "forgets the identity: diag(φ'(z)) W, the plain layer's Jacobian",
      solution: { residualJacobian: (W, z, d) => W.map((row, i) => row.map((w) => d(z[i]) * w)) },
    },
    {
      mistake: "adds I to W before the diag: diag(φ'(z)) (I + W)",
      solution: { residualJacobian: (W, z, d) => W.map((row, i) => row.map((w, j) => d(z[i]) * ((i === j ? 1 : 0) + w))) },
    },
    {
      mistake: "transposes: I + (diag(φ'(z)) W)ᵀ",
      solution: { residualJacobian: (W, z, d) => W.map((row, i) => row.map((_, j) => (i === j ? 1 : 0) + d(z[j]) * W[j][i])) },
    },
    {
      mistake: "scales columns instead of rows: I + W diag(φ'(z))",
      solution: { residualJacobian: (W, z, d) => W.map((row, i) => row.map((w, j) => (i === j ? 1 : 0) + d(z[j]) * w)) },
    },
    {
      mistake: "forgets φ': I + W",
      solution: { residualJacobian: (W) => W.map((row, i) => row.map((w, j) => (i === j ? 1 : 0) + w)) },
    },
    {
      mistake: "writes the result into W and returns W",
      solution: {
        residualJacobian: (W, z, d) => {
          W.forEach((row, i) => row.forEach((w, j) => (row[j] = (i === j ? 1 : 0) + d(z[i]) * w)));
          return W;
        },
      },
    },
    {
      mistake: "checks only for more columns than rows: a tall W (3 × 2) slips through",
      solution: {
        residualJacobian: (W, z, d) => {
          if (W[0].length > W.length) throw new Error("W must be square");
          return W.map((row, i) => row.map((w, j) => (i === j ? 1 : 0) + d(z[i]) * w));
        },
      },
    },
    {
      mistake: "a table of the public cases' answers (I for any other square W)",
      solution: {
        residualJacobian: (W, z) => {
          if (W.some((row) => row.length !== W.length)) throw new Error("W must be square");
          return jacobianTable.get(JSON.stringify([W, z])) ?? W.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
        },
      },
      caughtBy: "hidden",
    },
    {
      mistake: "throws a string instead of an Error",
      solution: {
        residualJacobian: (W, z, d) => {
          if (W.some((row) => row.length !== W.length)) throw "W must be square";
          return W.map((row, i) => row.map((w, j) => (i === j ? 1 : 0) + d(z[i]) * w));
        },
      },
    },
    {
      mistake: "never checks the shape: a non-square W gives a matrix instead of an error",
      solution: { residualJacobian: (W, z, d) => W.map((row, i) => row.map((w, j) => (i === j ? 1 : 0) + d(z[i]) * w)) },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// gradient-bounds: through blocks with ‖A_k‖ = a_k, ‖(I + A_k)ᵀ g‖ lies between (1 - a_k)‖g‖ (when
// a_k < 1) and (1 + a_k)‖g‖; through plain layers, ‖A_kᵀ g‖ <= a_k ‖g‖. Chained over the blocks.

interface Bounds {
  residualLow: number;
  residualHigh: number;
  plainHigh: number;
}
type GradientBounds = { gradientBounds: (norms: number[]) => Bounds };

const boundsOracle = (norms: readonly number[]): Bounds => ({
  residualLow: norms.reduce((p, a) => p * Math.max(0, 1 - a), 1),
  residualHigh: norms.reduce((p, a) => p * (1 + a), 1),
  plainHigh: norms.reduce((p, a) => p * a, 1),
});

interface BoundsCase {
  norms: number[];
  about: string;
}

const boundsCases: BoundsCase[] = (() => {
  const rng = new Rng(9201);
  const out: BoundsCase[] = [
    { norms: [], about: "no blocks: the gradient is unchanged" },
    { norms: [0.25], about: "one block" },
    { norms: new Array<number>(49).fill(0.25), about: "49 blocks of norm 1/4 (the lesson's numbers)" },
    { norms: [0.3, 0.1, 0.6, 0.05], about: "blocks of different norms: one factor each" },
    { norms: [0, 0, 0], about: "zero branches: the skip alone, the plain stack gives 0" },
    { norms: [1], about: "a norm of exactly 1: no lower bound left" },
    { norms: [1.5], about: "a norm above 1: that block guarantees nothing below" },
    { norms: [1.5, 2], about: "two norms above 1 (an even count)" },
    { norms: [1.5, 2, 3], about: "three norms above 1 (an odd count)" },
    { norms: [0.2, 1.5, 0.3, 2.5], about: "norms above 1 among small ones" },
  ];
  // Equal norms over the whole range [0.05, 1.95], at odd and even depths.
  for (let i = 0; i < 20; i++) {
    const a = 0.05 + 0.1 * i + 0.01 * rng.uniform();
    out.push({ norms: new Array<number>(i % 2 === 0 ? 3 : 4).fill(a), about: "equal norms from 0.05 to 1.95, odd and even depths" });
  }
  for (const n of [7, 12]) out.push({ norms: spread(rng, n, 0, 0.9), about: "random norms below 1" });
  return out;
})();

const boundsHidden: BoundsCase[] = (() => {
  const rng = new Rng(9202);
  return [5, 17, 30, 60].map((n) => ({ norms: Array.from({ length: n }, () => 2 * rng.uniform() * rng.uniform()), about: "random lists of norms" }));
})();

/** Names the slips recognisable from the value: a negative lower bound, and a positive one where a block guarantees nothing. */
function boundsDiagnosis(actual: unknown, expected: unknown): string | undefined {
  if (actual === null || typeof actual !== "object") return undefined;
  const low = (actual as { residualLow?: unknown }).residualLow;
  if (typeof low !== "number") return undefined;
  if (low < 0) return "residualLow is negative, but a ratio of norms never is: clamp each block's factor, max(0, 1 − a_k), before multiplying.";
  if ((expected as Bounds).residualLow === 0 && low > 0) return "A block with a_k ≥ 1 guarantees nothing: its factor is max(0, 1 − a_k) = 0, so the whole lower bound is 0.";
  return undefined;
}

const boundsFamily = {
  name: (c: BoundsCase) => c.about,
  show: (c: BoundsCase) => `norms = ${showList(c.norms)}`,
  expected: (c: BoundsCase) => boundsOracle(c.norms),
  actual: (s: GradientBounds, c: BoundsCase) => s.gradientBounds([...c.norms]),
  hint: "Multiply one factor per block: max(0, 1 - a_k) for residualLow (a norm cannot go below 0, so a block with a_k >= 1 guarantees nothing), 1 + a_k for residualHigh, a_k for plainHigh. Return an object with exactly these three keys.",
  matches: matchesClose({ rtol: 1e-9, atol: 1e-300 }),
  diagnose: boundsDiagnosis,
};

/** The answers to the public cases, looked up: what a table of them would give. */
const boundsTable = new Map(boundsCases.map((c) => [JSON.stringify(c.norms), boundsOracle(c.norms)]));

export const gradientBounds = defineExercise<GradientBounds>({
  id: "gradient-bounds",
  names: ["gradientBounds"],
  checks: [
    ...casesFor<GradientBounds>()({ ...boundsFamily, inputs: boundsCases }),
    {
      name: "leaves norms unchanged",
      input: "norms = [0.5, 0.1, 0.3]",
      expected: [0.5, 0.1, 0.3],
      actual: (s) => {
        const norms = [0.5, 0.1, 0.3];
        s.gradientBounds(norms);
        return norms;
      },
      hint: "Read the norms without sorting or rewriting the caller's array.",
    },
  ],
  hidden: casesFor<GradientBounds>()({ ...boundsFamily, inputs: boundsHidden }),
  wrong: [
    {
      mistake: "no clamp: Π(1 - a_k), negative (or wrongly positive) when some a_k > 1",
      solution: { gradientBounds: (ns) => ({ ...boundsOracle(ns), residualLow: ns.reduce((p, a) => p * (1 - a), 1) }) },
    },
    {
      mistake: "clamps the product instead of each factor: max(0, Π(1 - a_k))",
      solution: { gradientBounds: (ns) => ({ ...boundsOracle(ns), residualLow: Math.max(0, ns.reduce((p, a) => p * (1 - a), 1)) }) },
    },
    {
      mistake: "first order only: 1 - Σ a_k and 1 + Σ a_k (close for tiny norms, wrong beyond)",
      solution: {
        gradientBounds: (ns) => {
          const s = ns.reduce((t, a) => t + a, 0);
          return { residualLow: Math.max(0, 1 - s), residualHigh: 1 + s, plainHigh: ns.reduce((p, a) => p * a, 1) };
        },
      },
    },
    {
      mistake: "|1 - a_k| instead of max(0, 1 - a_k): a block with a_k = 3 would promise a factor 2",
      solution: { gradientBounds: (ns) => ({ ...boundsOracle(ns), residualLow: ns.reduce((p, a) => p * Math.abs(1 - a), 1) }) },
    },
    {
      mistake: "a table of the public cases' answers",
      solution: { gradientBounds: (ns) => boundsTable.get(JSON.stringify(ns)) ?? { residualLow: 1, residualHigh: 1, plainHigh: 1 } },
      caughtBy: "hidden",
    },
    {
      mistake: "off by one: skips the first block",
      solution: { gradientBounds: (ns) => boundsOracle(ns.slice(1)) },
    },
    {
      mistake: "uses the largest norm for every block: (1 - max a)^n, a looser bound than the one asked for",
      solution: {
        gradientBounds: (ns) => {
          const a = ns.length ? Math.max(...ns) : 0;
          return { residualLow: Math.max(0, 1 - a) ** ns.length, residualHigh: (1 + a) ** ns.length, plainHigh: a ** ns.length };
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// gradient-gain: from diagnostic rows, ‖∂ℓ/∂h_1‖ / ‖∂ℓ/∂h_L‖ per run (L the last hidden layer).

interface Row {
  step: number;
  layer: string;
  metric: string;
  value: number;
  run: string;
}
type GradientGain = { gradientGain: (rows: Row[]) => Record<string, number> };

const hiddenIndex = (layer: string): number => {
  const m = /^layer(\d+)$/.exec(layer);
  return m ? Number(m[1]) : NaN;
};

function gainOracle(rows: readonly Row[]): Record<string, number> {
  const out: Record<string, number> = {};
  const runs = [...new Set(rows.map((r) => r.run))];
  for (const run of runs) {
    const mine = rows.filter((r) => r.run === run && r.metric === "activationGradNorm" && Number.isFinite(hiddenIndex(r.layer)));
    if (mine.length === 0) continue;
    const last = Math.max(...mine.map((r) => hiddenIndex(r.layer)));
    const first = mine.find((r) => hiddenIndex(r.layer) === 1)!;
    out[run] = first.value / mine.find((r) => hiddenIndex(r.layer) === last)!.value;
  }
  return out;
}

/** Rows of one run at step 0: activationGradNorm of layers 1..depth (values given), plus output and weight rows. */
function runRows(rng: Rng, run: string, values: readonly number[], options: { output?: boolean; weights?: boolean } = {}): Row[] {
  const rows: Row[] = values.map((value, k) => ({ step: 0, layer: `layer${k + 1}`, metric: "activationGradNorm", value, run }));
  if (options.output ?? true) rows.push({ step: 0, layer: "output", metric: "activationGradNorm", value: 10 * rng.uniform() + 0.5, run });
  if (options.weights ?? true) {
    for (let k = 0; k < values.length; k++) rows.push({ step: 0, layer: `layer${k + 1}`, metric: "weightGradNorm", value: rng.uniform() + 0.01, run });
  }
  return rows;
}
const shuffled = <T>(rng: Rng, xs: readonly T[]): T[] => Array.from(rng.permutation(xs.length), (i) => xs[i]);
/** A descending or rising series of norms over `depth` layers, spanning `decades` powers of ten. */
const series = (rng: Rng, depth: number, decades: number): number[] =>
  Array.from({ length: depth }, (_, k) => 10 ** (decades * (k / Math.max(1, depth - 1)) + 0.2 * rng.uniform() - 1));

interface GainCase {
  rows: Row[];
  about: string;
}

const gainCases: GainCase[] = (() => {
  const rng = new Rng(9301);
  return [
    { rows: runRows(rng, "plain", [0.01, 0.1, 0.5], { output: false, weights: false }), about: "one run, three layers in order" },
    { rows: runRows(rng, "plain", [0.02, 0.08, 0.3, 0.6]), about: "the output row and weight rows are not hidden activation gradients" },
    { rows: shuffled(rng, runRows(rng, "residual", [1.2, 0.9, 0.5, 0.2, 0.1])), about: "rows in no particular order" },
    { rows: runRows(rng, "deep", series(rng, 12, 5)), about: "12 layers: layer10 and layer12 come after layer2" },
    {
      rows: shuffled(rng, [...runRows(rng, "plain", series(rng, 50, 12)), ...runRows(rng, "residual", series(rng, 50, -1.4))]),
      about: "two runs of 50 layers, shuffled together",
    },
    {
      rows: [...runRows(rng, "a", [3, 2, 1]), ...runRows(rng, "b", [1e-14, 1e-7, 1e-3, 0.03, 0.04, 0.05, 0.02, 0.05, 0.03, 0.026])],
      about: "runs of different depths, a ratio below 1e-12",
    },
  ];
})();

const gainHidden: GainCase[] = (() => {
  const rng = new Rng(9302);
  return [0, 1, 2].map(() => {
    const names = ["plain", "residual", "scaled"].slice(0, 1 + rng.int(3));
    const rows = names.flatMap((run) => runRows(rng, run, series(rng, 2 + rng.int(59), 20 * rng.uniform() - 10)));
    return { rows: shuffled(rng, rows), about: "random runs and depths, shuffled" };
  });
})();

/** Names the slip recognisable from the value: every run's ratio upside down. */
function gainDiagnosis(actual: unknown, expected: unknown): string | undefined {
  if (actual === null || typeof actual !== "object") return undefined;
  const E = expected as Record<string, number>;
  const A = actual as Record<string, unknown>;
  const runs = Object.keys(E);
  if (runs.length > 0 && runs.every((r) => typeof A[r] === "number" && E[r] !== 1 && Math.abs((A[r] as number) * E[r] - 1) < 1e-9)) {
    return "Upside down: the ratio is layer 1's norm over the last hidden layer's (below 1 when the gradient vanishes on its way down).";
  }
  return undefined;
}

const gainFamily = {
  name: (c: GainCase) => c.about,
  show: (c: GainCase) => `${c.rows.length} rows, runs ${show([...new Set(c.rows.map((r) => r.run))])}, first rows ${show(c.rows.slice(0, 3))}`,
  expected: (c: GainCase) => gainOracle(c.rows),
  actual: (s: GradientGain, c: GainCase) => s.gradientGain(c.rows.map((r) => ({ ...r }))),
  hint: "For each run keep the activationGradNorm rows of the hidden layers ('layer1', 'layer2', ...; not 'output'); find layer1 and the layer with the largest number (compare numbers, not strings: 'layer10' > 'layer9'); divide layer1's value by that one's.",
  matches: matchesClose({ rtol: 1e-12, atol: 0 }),
  diagnose: gainDiagnosis,
};

/** The answers to the public cases, looked up: what a table of them would give. */
const gainTable = new Map(gainCases.map((c) => [JSON.stringify(c.rows), gainOracle(c.rows)]));

export const gradientGain = defineExercise<GradientGain>({
  id: "gradient-gain",
  names: ["gradientGain"],
  checks: [
    ...casesFor<GradientGain>()({ ...gainFamily, inputs: gainCases }),
    {
      name: "leaves the rows and their order unchanged",
      input: "rows of layer3, layer1, layer2 (in that order)",
      expected: ["layer3", "layer1", "layer2", 0.5, 0.01, 0.1],
      actual: (s) => {
        const rows: Row[] = [
          { step: 0, layer: "layer3", metric: "activationGradNorm", value: 0.5, run: "r" },
          { step: 0, layer: "layer1", metric: "activationGradNorm", value: 0.01, run: "r" },
          { step: 0, layer: "layer2", metric: "activationGradNorm", value: 0.1, run: "r" },
        ];
        s.gradientGain(rows);
        return [...rows.map((r) => r.layer), ...rows.map((r) => r.value)];
      },
      hint: "Sort a copy ([...rows].sort(...)) or search without sorting: the caller's rows must keep their order.",
    },
  ],
  hidden: casesFor<GradientGain>()({ ...gainFamily, inputs: gainHidden }),
  wrong: [
    {
      mistake: "takes the run's first and last activation rows as they come (rows need not be in layer order)",
      solution: {
        gradientGain: (rows) => {
          const out: Record<string, number> = {};
          for (const run of new Set(rows.map((r) => r.run))) {
            const mine = rows.filter((r) => r.run === run && r.metric === "activationGradNorm" && r.layer !== "output");
            out[run] = mine[0].value / mine[mine.length - 1].value;
          }
          return out;
        },
      },
    },
    {
      mistake: "sorts layer names as strings, so 'layer9' comes after 'layer12'",
      solution: {
        gradientGain: (rows) => {
          const out: Record<string, number> = {};
          for (const run of new Set(rows.map((r) => r.run))) {
            const mine = rows.filter((r) => r.run === run && r.metric === "activationGradNorm" && r.layer !== "output");
            const sorted = [...mine].sort((p, q) => (p.layer < q.layer ? -1 : p.layer > q.layer ? 1 : 0));
            out[run] = sorted[0].value / sorted[sorted.length - 1].value;
          }
          return out;
        },
      },
    },
    {
      mistake: "counts the output layer as the last layer",
      solution: {
        gradientGain: (rows) => {
          const out: Record<string, number> = {};
          for (const run of new Set(rows.map((r) => r.run))) {
            const mine = rows.filter((r) => r.run === run && r.metric === "activationGradNorm");
            const first = mine.find((r) => r.layer === "layer1")!;
            const output = mine.find((r) => r.layer === "output");
            const last = output ?? mine.reduce((b, r) => (hiddenIndex(r.layer) > hiddenIndex(b.layer) ? r : b), first);
            out[run] = first.value / last.value;
          }
          return out;
        },
      },
    },
    {
      mistake: "ignores the metric: reads weightGradNorm rows as well",
      solution: {
        gradientGain: (rows) => {
          const out: Record<string, number> = {};
          for (const run of new Set(rows.map((r) => r.run))) {
            const mine = rows.filter((r) => r.run === run && r.layer !== "output");
            const last = Math.max(...mine.map((r) => hiddenIndex(r.layer)));
            const lastRows = mine.filter((r) => hiddenIndex(r.layer) === last);
            out[run] = mine.find((r) => r.layer === "layer1")!.value / lastRows[lastRows.length - 1].value;
          }
          return out;
        },
      },
    },
    {
      mistake: "answers for the first run only",
      solution: {
        gradientGain: (rows) => {
          const all = gainOracle(rows);
          const run = rows[0].run;
          return { [run]: all[run] };
        },
      },
    },
    {
      mistake: "upside down: the last layer over layer 1",
      solution: { gradientGain: (rows) => Object.fromEntries(Object.entries(gainOracle(rows)).map(([k, v]) => [k, 1 / v])) },
    },
    {
      mistake: "a table of the public cases' answers",
      solution: { gradientGain: (rows) => gainTable.get(JSON.stringify(rows)) ?? {} },
      caughtBy: "hidden",
    },
    {
      mistake: "sorts the caller's rows in place",
      solution: {
        gradientGain: (rows) => {
          rows.sort((p, q) => hiddenIndex(p.layer) - hiddenIndex(q.layer));
          return gainOracle(rows);
        },
      },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("residual-jacobian", { residualJacobian: residualJacobian })`. */
export const lesson = defineLesson({
  "residual-jacobian": residualJacobian,
  "gradient-bounds": gradientBounds,
  "gradient-gain": gradientGain,
});
