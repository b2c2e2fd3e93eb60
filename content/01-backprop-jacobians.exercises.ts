/**
 * Checks for lesson 01, "Backprop as a product of Jacobians", keyed by the exercise ids in
 * `01-backprop-jacobians.md`. Each expected value is computed here independently of the learner's
 * code (closed forms, or a direct matrix product); random inputs come from our own seeded Rng, so no
 * check depends on the order of a learner's random calls.
 */

import { cases, casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

// --- small, obviously correct matrix helpers (the oracle for the checks) -----------------------

const transpose = (A: Matrix): Matrix => A[0].map((_, j) => A.map((row) => row[j]));
const matVec = (A: Matrix, v: number[]): number[] => A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
const randomMatrix = (rng: Rng, rows: number, cols: number, scale = 1): Matrix =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
const randomVector = (rng: Rng, n: number, scale = 1): number[] => Array.from({ length: n }, () => scale * rng.normal());
const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));

// ------------------------------------------------------------------------------------------------
// sigmoid-prime: the derivative every Jacobian of a sigmoid layer is made of.

/** σ'(x) = e^{-|x|} / (1 + e^{-|x|})², the form that overflows for no x (σ' is even). */
const sigmoidPrimeOracle = (x: number) => {
  const e = Math.exp(-Math.abs(x));
  return e / (1 + e) ** 2;
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

type SigmoidPrime = { sigmoidPrime: (x: number) => number };
const sigmoidCases = casesFor<SigmoidPrime>();

/** -20, -18.75, ..., 20: ordinary values between the centre and saturation, where a cutoff shows. */
const denseGrid = Array.from({ length: 33 }, (_, i) => -20 + 1.25 * i).filter((x) => x !== 0 && Math.abs(x) !== 0.5 && Math.abs(x) !== 1 && x !== 2 && Math.abs(x) !== 3);
/** Seeded inputs no table of the public ones holds. */
const hiddenSigmoidInputs = (() => {
  const rng = new Rng(303);
  return Array.from({ length: 8 }, () => Number((40 * rng.uniform() - 20).toFixed(3)));
})();
/**
 * Relative, with no absolute floor: 0 is not "close" to σ'(15) ≈ 3e-7. The 1e-6 leaves room for
 * σ(x)(1 - σ(x)), which loses digits in 1 - σ(x) for large positive x.
 */
const slopeMatch = matchesClose({ rtol: 1e-6, atol: 0 });
const cutoffDiagnosis = (actual: unknown, expected: unknown): string | undefined =>
  actual === 0 && typeof expected === "number" && expected > 0
    ? "Correct near 0 but 0 here: σ'(x) is small for large |x| but never 0 below |x| ≈ 37; do not cut off or round to 0."
    : undefined;
/** What a learner who copied the public inputs and answers into a table would have. */
const publicTable = new Map<number, number>([0, NaN, -3, -1, -0.5, 0.5, 1, 2, 3, 1e-8, -800, -50, 50, 800, ...denseGrid].map((x) => [x, sigmoidPrimeOracle(x)]));

export const sigmoidPrime = defineExercise<SigmoidPrime>({
  id: "sigmoid-prime",
  names: ["sigmoidPrime"],
  checks: [
    ...sigmoidCases({
      name: "σ'(0) is 1/4, its largest value",
      inputs: [0],
      show: (x) => `x = ${x}`,
      expected: () => 0.25,
      actual: (s, x) => s.sigmoidPrime(x),
      hint: "At x = 0, σ(0) = 1/2, so σ(0)(1 - σ(0)) = 1/4.",
    }),
    ...sigmoidCases({
      name: "moderate inputs",
      inputs: [-3, -1, -0.5, 0.5, 1, 2, 3, 1e-8],
      show: (x) => `x = ${x}`,
      expected: sigmoidPrimeOracle,
      actual: (s, x) => s.sigmoidPrime(x),
      hint: "Differentiate σ(x) = 1/(1 + e^(-x)); the result can be written with σ(x) alone.",
    }),
    ...sigmoidCases({
      name: "large magnitudes give a tiny slope, not NaN",
      inputs: [-800, -50, 50, 800],
      show: (x) => `x = ${x}`,
      expected: sigmoidPrimeOracle,
      actual: (s, x) => s.sigmoidPrime(x),
      hint: "e^(800) is Infinity in float64 and Infinity/Infinity is NaN; write σ'(x) as σ(x)(1 - σ(x)), which never divides two infinities.",
    }),
    ...sigmoidCases({
      name: "a dense grid over [-20, 20]: small slopes are not 0",
      inputs: denseGrid,
      show: (x) => `x = ${x}`,
      expected: sigmoidPrimeOracle,
      actual: (s, x) => s.sigmoidPrime(x),
      hint: "σ'(x) = σ(x)(1 - σ(x)) at every x; it gets small away from 0 but never jumps.",
      matches: slopeMatch,
      diagnose: cutoffDiagnosis,
    }),
    ...sigmoidCases({
      name: "NaN in, NaN out",
      inputs: [NaN],
      show: () => "x = NaN",
      expected: () => NaN,
      actual: (s, x) => s.sigmoidPrime(x),
      hint: "Do not replace NaN by a number: a NaN slope should show up, not hide.",
    }),
  ],
  hidden: [
    ...sigmoidCases({
      name: "σ' is even: σ'(-x) = σ'(x)",
      inputs: [0.3, 7, 20],
      show: (x) => `x = ±${x}`,
      expected: () => 0,
      actual: (s, x) => s.sigmoidPrime(-x) - s.sigmoidPrime(x),
      hint: "σ'(x) is symmetric around 0.",
      matches: matchesClose({ atol: 1e-15 }),
    }),
    ...sigmoidCases({
      name: "other inputs",
      inputs: hiddenSigmoidInputs,
      show: (x) => `x = ${x}`,
      expected: sigmoidPrimeOracle,
      actual: (s, x) => s.sigmoidPrime(x),
      hint: "The formula holds at every x, not only at the inputs the public checks try.",
      matches: slopeMatch,
      diagnose: cutoffDiagnosis,
    }),
  ],
  wrong: [
    { mistake: "σ(x)(1 + σ(x)): a sign slip", solution: { sigmoidPrime: (x) => sigmoid(x) * (1 + sigmoid(x)) } },
    { mistake: "x(1 - x): the formula in terms of y = σ(x), applied to x", solution: { sigmoidPrime: (x) => x * (1 - x) } },
    { mistake: "1 - σ(x)²: tanh's derivative pattern", solution: { sigmoidPrime: (x) => 1 - sigmoid(x) ** 2 } },
    {
      mistake: "e^(-x)/(1 + e^(-x))²: right on paper, NaN for large negative x",
      solution: { sigmoidPrime: (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2 },
    },
    {
      mistake: "returns 0 beyond a cutoff (|x| > 10), exact near 0",
      solution: { sigmoidPrime: (x) => (Math.abs(x) > 10 ? 0 : sigmoid(x) * (1 - sigmoid(x))) },
    },
    {
      mistake: "a table of the public inputs' answers",
      solution: { sigmoidPrime: (x) => publicTable.get(x) ?? 0.1 },
      caughtBy: "hidden",
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// layer-jacobian: J_k = ∂h_k/∂h_{k-1} = diag(φ'(z_k)) W_k, shape (n_k, n_{k-1}).

type LayerJacobian = (W: Matrix, z: number[], dphi: (z: number) => number) => Matrix;

const jacobianOracle: LayerJacobian = (W, z, dphi) => W.map((row, i) => row.map((w) => dphi(z[i]) * w));
const tanhPrime = (x: number) => 1 - Math.tanh(x) ** 2;

interface JacobianCase {
  W: Matrix;
  z: number[];
  act: "sigmoid" | "tanh";
  /** What the case is about, shown as the check's name. */
  about: string;
}
/**
 * The sigmoid slope handed to the learner's layerJacobian: the textbook σ(x)(1 - σ(x)), exact
 * enough for these inputs. Not sigmoidPrimeOracle: that stable form is exercise sigmoid-prime's
 * answer, and these checks reach the student release (expected values go there as data).
 */
const sigmoidSlope = (x: number) => sigmoid(x) * (1 - sigmoid(x));
const dphiOf = (c: JacobianCase) => (c.act === "sigmoid" ? sigmoidSlope : tanhPrime);

const jacobianCases = (() => {
  const rng = new Rng(101);
  const out: JacobianCase[] = [
    { W: [[1, 2, 3], [4, 5, 6]], z: [0, 1], act: "sigmoid", about: "a (2, 3) layer: rows scale, not columns" },
    { W: [[1, -1], [2, 0.5], [-3, 4]], z: [-2, 0, 2], act: "tanh", about: "a (3, 2) layer with tanh" },
    { W: [[7]], z: [0], act: "sigmoid", about: "one unit: J = φ'(z) w" },
    { W: [[0, 0], [0, 0]], z: [0.3, -0.3], act: "sigmoid", about: "zero weights give a zero Jacobian" },
    { W: [[1e6, -1e6], [3, 4]], z: [40, 0], act: "sigmoid", about: "a saturated unit silences its row, even with huge weights" },
  ];
  for (const [rows, cols] of [[4, 5], [5, 3], [1, 6]] as const) {
    out.push({ W: randomMatrix(rng, rows, cols), z: randomVector(rng, rows, 2), act: rows === 5 ? "tanh" : "sigmoid", about: "random layers of several shapes" });
  }
  return out;
})();

const hiddenJacobianCases = (() => {
  const rng = new Rng(404);
  return ([[3, 7], [6, 2], [2, 2]] as const).map(([rows, cols], k): JacobianCase => ({
    W: randomMatrix(rng, rows, cols, 3),
    z: randomVector(rng, rows, 3),
    act: k === 1 ? "tanh" : "sigmoid",
    about: "other layers",
  }));
})();

const jacobianChecks = casesFor<{ layerJacobian: LayerJacobian }>();

export const layerJacobian = defineExercise<{ layerJacobian: LayerJacobian }>({
  id: "layer-jacobian",
  names: ["layerJacobian"],
  checks: [
    ...jacobianChecks({
      name: (c) => c.about,
      inputs: jacobianCases,
      show: (c) => `W = ${show(c.W)}, z = ${show(c.z)}, φ = ${c.act}`,
      expected: (c) => jacobianOracle(c.W, c.z, dphiOf(c)),
      actual: (s, c) => s.layerJacobian(c.W.map((r) => [...r]), [...c.z], dphiOf(c)),
      hint: "Row i of J is row i of W times φ'(z_i): unit i's slope scales everything that flows into unit i. J has W's shape.",
    }),
    {
      name: "leaves W and z unchanged",
      input: "W = [[1, 2], [3, 4]], z = [0, 1]",
      expected: { W: [[1, 2], [3, 4]], z: [0, 1] },
      actual: (s) => {
        const W = [[1, 2], [3, 4]];
        const z = [0, 1];
        s.layerJacobian(W, z, sigmoidSlope);
        return { W, z };
      },
      hint: "Build a new matrix instead of scaling W in place: the caller still needs W.",
    },
  ],
  hidden: jacobianChecks({
    name: "other layers",
    inputs: hiddenJacobianCases,
    show: (c) => `W = ${show(c.W)}, z = ${show(c.z)}, φ = ${c.act}`,
    expected: (c) => jacobianOracle(c.W, c.z, dphiOf(c)),
    actual: (s, c) => s.layerJacobian(c.W.map((r) => [...r]), [...c.z], dphiOf(c)),
    hint: "Row i of J is row i of W times φ'(z_i), for every shape.",
  }),
  wrong: [
    { mistake: "W diag(φ'(z)): scales columns instead of rows", solution: { layerJacobian: (W, z, d) => W.map((row) => row.map((w, j) => d(z[j]) * w)) } },
    { mistake: "Wᵀ diag(φ'(z)): the transpose slip", solution: { layerJacobian: (W, z, d) => transpose(W).map((row) => row.map((w, j) => d(z[j]) * w)) } },
    { mistake: "forgets φ': returns W", solution: { layerJacobian: (W) => W.map((r) => [...r]) } },
    { mistake: "applies φ' to the weights", solution: { layerJacobian: (W, _z, d) => W.map((r) => r.map(d)) } },
    {
      mistake: "scales W in place and returns it",
      solution: { layerJacobian: (W, z, d) => (W.forEach((row, i) => row.forEach((w, j) => (row[j] = d(z[i]) * w))), W) },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// grad-first-layer: ∂L/∂h_1 = J_2ᵀ J_3ᵀ ... J_Lᵀ ∂L/∂h_L.

type GradFirstLayer = (jacobians: Matrix[], gLast: number[]) => number[];

/** The oracle: transpose-multiply from the last Jacobian back to the first. */
const gradOracle: GradFirstLayer = (jacobians, gLast) => jacobians.reduceRight((g, J) => matVec(transpose(J), g), gLast);

interface ChainCase {
  widths: number[]; // n_1, ..., n_L
  jacobians: Matrix[]; // J_2 (n_2, n_1), ..., J_L (n_L, n_{L-1})
  gLast: number[];
  note: string;
}

const chainCases = (() => {
  const rng = new Rng(202);
  const chain = (widths: number[], note: string, scale = 1): ChainCase => ({
    widths,
    jacobians: widths.slice(1).map((n, k) => randomMatrix(rng, n, widths[k], scale)),
    gLast: randomVector(rng, widths[widths.length - 1]),
    note,
  });
  return [
    chain([3], "one layer: h_1 is h_L, nothing to multiply"),
    chain([2, 3], "one Jacobian, not square"),
    chain([2, 3, 4, 1], "widths 2, 3, 4, 1: only one order of products fits"),
    chain([3, 3, 3, 3], "square Jacobians: the order and the transposes change the numbers"),
    chain([4, 4, 4, 4, 4, 4], "depth 6, square"),
    chain([2, 5, 3, 5, 2], "widths 2, 5, 3, 5, 2"),
    chain([3, 3, 3, 3, 3], "entries near 1000: large magnitudes", 1000),
    { widths: [2, 2, 2], jacobians: [[[0, 0], [0, 0]], [[1, 2], [3, 4]]], gLast: [1, -1], note: "a zero Jacobian stops the gradient" },
  ];
})();

const copyChain = (c: ChainCase): { jacobians: Matrix[]; gLast: number[] } => ({ jacobians: c.jacobians.map((J) => J.map((r) => [...r])), gLast: [...c.gLast] });
const showChain = (c: ChainCase) => `widths ${c.widths.join(" → ")}, jacobians = ${show(c.jacobians)}, gLast = ${show(c.gLast)}`;
const hiddenChainCases = (() => {
  const rng = new Rng(505);
  return [[3, 2, 4], [5, 5, 5, 5, 5], [1, 4, 2, 3, 1, 2]].map((widths): ChainCase => ({
    widths,
    jacobians: widths.slice(1).map((n, k) => randomMatrix(rng, n, widths[k])),
    gLast: randomVector(rng, widths[widths.length - 1]),
    note: "other chains",
  }));
})();

export const gradFirstLayer = defineExercise<{ gradFirstLayer: GradFirstLayer }>({
  id: "grad-first-layer",
  names: ["gradFirstLayer"],
  checks: [
    ...cases({
      name: (c: ChainCase) => c.note,
      inputs: chainCases,
      show: showChain,
      expected: (c) => gradOracle(c.jacobians, c.gLast),
      actual: (s: { gradFirstLayer: GradFirstLayer }, c) => s.gradFirstLayer(copyChain(c).jacobians, copyChain(c).gLast),
      hint: "Start from gLast and work backwards: g ← J_kᵀ g for k = L, L-1, ..., 2. J_kᵀ g has entries Σ_i J_k[i][j] g[i].",
      matches: matchesClose({ rtol: 1e-9, atol: 1e-9 }),
    }),
    ...cases({
      name: "leaves the list of Jacobians and gLast unchanged",
      inputs: [chainCases[2], chainCases[4]],
      show: showChain,
      expected: (c) => ({ jacobians: c.jacobians, gLast: c.gLast }),
      actual: (s: { gradFirstLayer: GradFirstLayer }, c) => {
        const given = copyChain(c);
        s.gradFirstLayer(given.jacobians, given.gLast);
        return { jacobians: given.jacobians, gLast: given.gLast };
      },
      hint: "Walk the list backwards with an index (or a copy): reverse(), sort() or writing into gLast change the caller's arrays.",
      diagnose: (actual) => {
        const a = actual as { jacobians?: unknown[]; gLast?: unknown };
        if (!Array.isArray(a?.jacobians)) return undefined;
        return "Your function changed its inputs: the list of Jacobians (or gLast) is not what the caller passed after the call. Did you reverse() the list or update g in place? Walk backwards with an index instead.";
      },
    }),
  ],
  hidden: cases({
    name: "other chains",
    inputs: hiddenChainCases,
    show: showChain,
    expected: (c) => gradOracle(c.jacobians, c.gLast),
    actual: (s: { gradFirstLayer: GradFirstLayer }, c) => s.gradFirstLayer(copyChain(c).jacobians, copyChain(c).gLast),
    hint: "g ← J_kᵀ g from the last Jacobian down to the first, for every depth and width.",
    matches: matchesClose({ rtol: 1e-9, atol: 1e-9 }),
  }),
  wrong: [
    {
      mistake: "reverses the caller's list in place, then multiplies front to back",
      solution: { gradFirstLayer: (js, g) => js.reverse().reduce((v, J) => matVec(transpose(J), v), g) },
    },
    {
      mistake: "updates gLast in place",
      solution: {
        gradFirstLayer: (js, g) => {
          for (let k = js.length - 1; k >= 0; k--) {
            const next = matVec(transpose(js[k]), g);
            g.length = next.length;
            next.forEach((v, i) => (g[i] = v));
          }
          return g;
        },
      },
    },
    { mistake: "no transposes: g ← J_k g", solution: { gradFirstLayer: (js, g) => js.reduceRight((v, J) => matVec(J, v), g) } },
    { mistake: "wrong order: J_2ᵀ applied first", solution: { gradFirstLayer: (js, g) => js.reduce((v, J) => matVec(transpose(J), v), g) } },
    { mistake: "off by one: skips the last Jacobian", solution: { gradFirstLayer: (js, g) => js.slice(0, -1).reduceRight((v, J) => matVec(transpose(J), v), g) } },
    { mistake: "stops after the first step: J_Lᵀ gLast", solution: { gradFirstLayer: (js, g) => (js.length ? matVec(transpose(js[js.length - 1]), g) : g) } },
  ],
});

// ------------------------------------------------------------------------------------------------
// predict-ratio: a chain of scalar sigmoid units, every pre-activation at 0, weight w:
// ∂L/∂h_1 ÷ ∂L/∂h_L = (σ'(0) w)^(L-1) = (w/4)^(L-1).

type PredictedRatio = (depth: number, w: number) => number;
const ratioOracle: PredictedRatio = (depth, w) => (w / 4) ** (depth - 1);

const ratioInputs: [number, number][] = [
  [1, 1], [1, 100], [2, 1], [3, 1], [10, 1], [5, 4], [30, 8], [4, -2], [3, 0], [50, 1], [7, 0.5],
  // negative weights over both parities of depth - 1: a sign applied once, not per factor, fails
  [3, -2], [5, -6], [6, -3], [2, -1], [9, -4],
];
const hiddenRatioInputs: [number, number][] = [
  [12, 3], [20, -4], [6, 1e3],
  ...(() => {
    const rng = new Rng(606);
    return Array.from({ length: 6 }, (): [number, number] => [2 + rng.int(20), Number((12 * rng.uniform() - 6).toFixed(2))]);
  })(),
];
const ratioTable = new Map(ratioInputs.map(([d, w]) => [`${d},${w}`, ratioOracle(d, w)]));

/** The check's name for a (depth, w) pair: what that pair tests. */
function ratioCaseName([depth, w]: [number, number]): string {
  if (depth === 1) return "one layer: h_1 is h_L";
  if (w <= 0) return "a negative or zero weight (the sign counts)";
  if (w === 4) return "w = 4: every factor is 1";
  if (depth >= 30) return "deep chains (tiny and huge ratios)";
  return "a few layers";
}

export const predictRatio = defineExercise<{ predictedRatio: PredictedRatio }>({
  id: "predict-ratio",
  names: ["predictedRatio"],
  checks: cases({
    name: ratioCaseName,
    inputs: ratioInputs,
    show: ([depth, w]) => `depth = ${depth}, w = ${w}`,
    expected: ([depth, w]) => ratioOracle(depth, w),
    actual: (s, [depth, w]) => s.predictedRatio(depth, w),
    hint: "Count the Jacobians between h_1 and h_L (one per layer after the first), and what each one is when z = 0.",
    diagnose: (actual, expected) =>
      typeof actual === "number" && typeof expected === "number" && expected !== 0 && Math.abs(Math.abs(actual) - Math.abs(expected)) <= 1e-9 * Math.abs(expected) && Math.sign(actual) !== Math.sign(expected)
        ? "The size is right but the sign is not: each of the depth - 1 factors carries w's sign, so a negative w gives a positive ratio for an even number of factors. Raise w/4 itself to the power; do not apply the sign once."
        : undefined,
  }),
  hidden: cases({
    name: "more depths and weights",
    inputs: hiddenRatioInputs,
    show: ([depth, w]) => `depth = ${depth}, w = ${w}`,
    expected: ([depth, w]) => ratioOracle(depth, w),
    actual: (s, [depth, w]) => s.predictedRatio(depth, w),
    hint: "The same formula holds for every depth and weight.",
  }),
  wrong: [
    { mistake: "off by one over layers: (w/4)^L", solution: { predictedRatio: (L, w) => (w / 4) ** L } },
    { mistake: "forgets the weight: (1/4)^(L-1)", solution: { predictedRatio: (L) => 0.25 ** (L - 1) } },
    { mistake: "σ'(0) taken as 1/2: (w/2)^(L-1)", solution: { predictedRatio: (L, w) => (w / 2) ** (L - 1) } },
    { mistake: "drops the sign: |w/4|^(L-1)", solution: { predictedRatio: (L, w) => Math.abs(w / 4) ** (L - 1) } },
    { mistake: "applies the sign once: sign(w)·|w/4|^(L-1)", solution: { predictedRatio: (L, w) => Math.sign(w) * Math.abs(w / 4) ** (L - 1) } },
    { mistake: "a table of the public inputs' answers", solution: { predictedRatio: (L, w) => ratioTable.get(`${L},${w}`) ?? 1 }, caughtBy: "hidden" },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("sigmoid-prime", { sigmoidPrime })`. */
export const lesson = defineLesson({
  "sigmoid-prime": sigmoidPrime,
  "layer-jacobian": layerJacobian,
  "grad-first-layer": gradFirstLayer,
  "predict-ratio": predictRatio,
});
