/**
 * Checks for lesson 10, "Through time: RNNs and backpropagation through time", keyed by the
 * exercise ids in `10-through-time.md`. Expected values are computed here without the learner's
 * code: the backward recursion by a direct loop with an explicit transpose, the verdicts from the
 * rule written out case by case, the norms of matrix powers by multiplying the matrix out and
 * taking the largest singular value of the 2 × 2 result. Random inputs come from our own seeded
 * Rng, built when this module loads.
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

// --- small, obviously correct helpers (the oracles) ---------------------------------------------

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const copy = (W: Matrix): Matrix => W.map((r) => [...r]);
const transpose = (A: Matrix): Matrix => A[0].map((_, j) => A.map((row) => row[j]));
const matVec = (A: Matrix, v: number[]): number[] => A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const tanhPrime = (x: number) => 1 - Math.tanh(x) ** 2;
const randomMatrix = (rng: Rng, rows: number, cols: number, scale = 1): Matrix =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
const randomVector = (rng: Rng, n: number, scale = 1): number[] => Array.from({ length: n }, () => scale * rng.normal());

// ------------------------------------------------------------------------------------------------
// bptt-norms: g_T = ∇_{h_T} ℓ;  g_{t-1} = W_hᵀ (φ'(z_t) ⊙ g_t) for t = T, ..., 1; return ‖g_t‖, t = 0..T.

type BpttNorms = (W: Matrix, dphis: number[][], gLast: number[]) => number[];

/** The oracle: the transposed Jacobian diag(φ'(z_t)) W of step t, applied from t = T down to 1. */
const bpttOracle: BpttNorms = (W, dphis, gLast) => {
  const Wt = transpose(W);
  const T = dphis.length;
  const out = new Array<number>(T + 1);
  let g = [...gLast];
  out[T] = norm(g);
  for (let t = T; t >= 1; t--) {
    const d = dphis[t - 1]; // φ'(z_t)
    g = matVec(Wt, g.map((gi, i) => d[i] * gi));
    out[t - 1] = norm(g);
  }
  return out;
};

interface BpttCase {
  W: Matrix;
  dphis: number[][];
  gLast: number[];
  about: string;
}

/** Slopes tanh'(z) for pre-activations spread over [-3, 3], different at every step and unit. */
const tanhSlopes = (rng: Rng, T: number, H: number): number[][] =>
  Array.from({ length: T }, () => Array.from({ length: H }, () => tanhPrime(rng.uniformIn(-3, 3))));

const bpttCases: BpttCase[] = (() => {
  const rng = new Rng(1001);
  const nonNormal = [[0.9, 2], [0, 0.9]];
  return [
    { W: [[1, 2], [0, 1]], dphis: [], gLast: [3, 4], about: "T = 0: only h_T, whose gradient is gLast" },
    { W: [[1, 2], [0, 1]], dphis: [[1, 1]], gLast: [1, 0], about: "one step with W = [[1, 2], [0, 1]]: Wᵀ, not W" },
    { W: nonNormal, dphis: Array.from({ length: 6 }, () => [1, 1]), gLast: [1, 0], about: "a linear net (φ' = 1) with a non-normal W: the transpose changes the norms" },
    { W: nonNormal, dphis: Array.from({ length: 7 }, () => [1, 1]), gLast: [0, 1], about: "a linear net (φ' = 1) with a non-normal W: the transpose changes the norms" },
    {
      W: [[0.5, -1.5], [2, 0.3]],
      dphis: [[1, 0.1], [0.1, 1], [1, 0.1], [0.1, 1], [1, 0.1]],
      gLast: [1, -1],
      about: "slopes that alternate from step to step: each step uses its own φ'(z_t)",
    },
    { W: randomMatrix(rng, 3, 3), dphis: tanhSlopes(rng, 4, 3), gLast: randomVector(rng, 3), about: "tanh slopes, a random 3 × 3 W, T = 4 (even)" },
    { W: randomMatrix(rng, 3, 3), dphis: tanhSlopes(rng, 5, 3), gLast: randomVector(rng, 3), about: "tanh slopes, a random 3 × 3 W, T = 5 (odd)" },
    { W: randomMatrix(rng, 5, 5, -1), dphis: tanhSlopes(rng, 8, 5), gLast: randomVector(rng, 5), about: "tanh slopes, a random 5 × 5 W, T = 8" },
    {
      W: [[0.2, 3, -1], [0, -0.5, 2], [1, 0, 0.4]],
      dphis: [[1, 1, 1], [1, 0, 1], [1, 1, 1], [1, 1, 1]],
      gLast: [1, 2, 3],
      about: "a zero slope at one unit blocks only what flows through that unit",
    },
    { W: [[1, 0], [0, 1]], dphis: [[0, 0], [1, 1], [1, 1]], gLast: [2, 1], about: "all slopes zero at t = 1: nothing reaches h_0" },
    { W: randomMatrix(rng, 4, 4, 3), dphis: Array.from({ length: 20 }, () => [1, 1, 1, 1]), gLast: randomVector(rng, 4), about: "large weights over 20 steps: an exploding gradient" },
  ];
})();

const bpttChecks = casesFor<{ bpttNorms: BpttNorms }>();

/** Names the mistakes that show in the returned norms themselves: the order, a missing entry, squares. */
const bpttDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (!Array.isArray(actual) || !Array.isArray(expected) || !actual.every((x) => typeof x === "number")) return undefined;
  const e = expected as number[];
  const a = actual as number[];
  const close = matchesClose({ rtol: 1e-9, atol: 1e-300 });
  if (a.length === e.length - 1) return `${a.length} norms where ${e.length} are due: include both ends, ‖∇h_0 ℓ‖ first and ‖gLast‖ last (t = 0..T).`;
  if (e.length > 1 && close([...a].reverse(), e)) return "Right norms, wrong order: entry t is ‖∇h_t ℓ‖, so ‖gLast‖ (t = T) comes last, though the loop computes it first.";
  if (close(a, e.map((x) => x * x))) return "These are the squared norms: take the square root (Math.hypot(...g)).";
  return undefined;
};
const bpttShow = (c: BpttCase) =>
  c.dphis.length > 5 || c.W.length > 3
    ? `W = ${show(c.W)}, dphis = ${c.dphis.length} steps of ${c.W.length} slopes, gLast = ${show(c.gLast)}`
    : `W = ${show(c.W)}, dphis = ${show(c.dphis)}, gLast = ${show(c.gLast)}`;

export const bpttNorms = defineExercise<{ bpttNorms: BpttNorms }>({
  id: "bptt-norms",
  names: ["bpttNorms"],
  checks: [
    ...bpttChecks({
      name: (c) => c.about,
      inputs: bpttCases,
      show: bpttShow,
      expected: (c) => bpttOracle(copy(c.W), c.dphis.map((d) => [...d]), [...c.gLast]),
      actual: (s, c) => s.bpttNorms(copy(c.W), c.dphis.map((d) => [...d]), [...c.gLast]),
      hint: "Return T + 1 norms, entry t for h_t (t = 0..T). Start with g = gLast; for t = T down to 1, g ← Wᵀ (φ'(z_t) ⊙ g), where φ'(z_t) is dphis[t - 1]: first the slopes, then Wᵀ.",
      matches: matchesClose({ rtol: 1e-9, atol: 1e-300 }),
      diagnose: bpttDiagnosis,
    }),
    {
      name: "leaves W, dphis and gLast unchanged",
      input: "W = [[0.5, -1.5], [2, 0.3]], dphis = [[1, 0.1], [0.1, 1]], gLast = [1, -1]",
      expected: { W: [[0.5, -1.5], [2, 0.3]], dphis: [[1, 0.1], [0.1, 1]], gLast: [1, -1] },
      actual: (s) => {
        const W = [[0.5, -1.5], [2, 0.3]];
        const dphis = [[1, 0.1], [0.1, 1]];
        const gLast = [1, -1];
        s.bpttNorms(W, dphis, gLast);
        return { W, dphis, gLast };
      },
      hint: "Build a new vector at every step (g = ...map(...)) instead of scaling gLast, W or the slopes in place: the caller still needs them.",
      matches: matchesClose({ rtol: 0, atol: 0 }),
    },
  ],
  hidden: bpttChecks({
    name: "random recurrent nets of other sizes and lengths",
    inputs: (() => {
      const rng = new Rng(10011);
      return Array.from({ length: 5 }, (): BpttCase => {
        const H = 2 + rng.int(5);
        const T = 3 + rng.int(10);
        return { W: randomMatrix(rng, H, H, 0.5 + rng.uniform()), dphis: tanhSlopes(rng, T, H), gLast: randomVector(rng, H), about: "" };
      });
    })(),
    show: bpttShow,
    expected: (c) => bpttOracle(copy(c.W), c.dphis.map((d) => [...d]), [...c.gLast]),
    actual: (s, c) => s.bpttNorms(copy(c.W), c.dphis.map((d) => [...d]), [...c.gLast]),
    hint: "The same recursion for every net.",
    matches: matchesClose({ rtol: 1e-9, atol: 1e-300 }),
    diagnose: bpttDiagnosis,
  }),
  wrong: [
    {
      mistake: "no transpose: g ← W (φ'(z_t) ⊙ g)",
      solution: {
        bpttNorms: (W, dphis, gLast) => {
          let g = [...gLast];
          const out = [norm(g)];
          for (let t = dphis.length; t >= 1; t--) {
            g = matVec(W, g.map((gi, i) => dphis[t - 1][i] * gi));
            out.unshift(norm(g));
          }
          return out;
        },
      },
    },
    {
      mistake: "slopes after the matrix: g ← φ'(z_t) ⊙ (Wᵀ g)",
      solution: {
        bpttNorms: (W, dphis, gLast) => {
          let g = [...gLast];
          const out = [norm(g)];
          for (let t = dphis.length; t >= 1; t--) {
            g = matVec(transpose(W), g).map((gi, i) => dphis[t - 1][i] * gi);
            out.unshift(norm(g));
          }
          return out;
        },
      },
    },
    {
      mistake: "off by one in time: the step from h_t to h_(t-1) uses φ'(z_(t-1)) (and φ'(z_1) twice)",
      solution: {
        bpttNorms: (W, dphis, gLast) => {
          let g = [...gLast];
          const out = [norm(g)];
          for (let t = dphis.length; t >= 1; t--) {
            const d = dphis[Math.max(t - 2, 0)];
            g = matVec(transpose(W), g.map((gi, i) => d[i] * gi));
            out.unshift(norm(g));
          }
          return out;
        },
      },
    },
    {
      mistake: "slopes in the wrong order: φ'(z_1) used first, on the way back from h_T",
      solution: { bpttNorms: (W, dphis, gLast) => bpttOracle(W, [...dphis].reverse(), gLast) },
    },
    {
      mistake: "forgets the slopes: g ← Wᵀ g, as in a linear net",
      solution: { bpttNorms: (W, dphis, gLast) => bpttOracle(W, dphis.map((d) => d.map(() => 1)), gLast) },
    },
    { mistake: "the norms from h_T down to h_0 (the order of the loop), not t = 0..T", solution: { bpttNorms: (W, dphis, gLast) => bpttOracle(W, dphis, gLast).reverse() } },
    { mistake: "leaves out h_0: returns T norms", solution: { bpttNorms: (W, dphis, gLast) => bpttOracle(W, dphis, gLast).slice(1) } },
    { mistake: "squared norms: forgets the square root", solution: { bpttNorms: (W, dphis, gLast) => bpttOracle(W, dphis, gLast).map((x) => x * x) } },
    {
      mistake: "records ‖g‖ before the step instead of after: every entry one step late, ‖∇h_0 ℓ‖ never computed",
      solution: {
        bpttNorms: (W, dphis, gLast) => {
          const T = dphis.length;
          const out = new Array<number>(T + 1);
          let g = [...gLast];
          out[T] = norm(g);
          for (let t = T; t >= 1; t--) {
            out[t - 1] = norm(g);
            g = matVec(transpose(W), g.map((gi, i) => dphis[t - 1][i] * gi));
          }
          return out;
        },
      },
    },
    {
      mistake: "multiplies the slopes into gLast in place",
      solution: {
        bpttNorms: (W, dphis, gLast) => {
          const out = bpttOracle(W, dphis, gLast);
          if (dphis.length) gLast.forEach((gi, i) => { gLast[i] = dphis[dphis.length - 1][i] * gi; });
          return out;
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// gradient-verdict: what W_h's σ_max and ρ alone guarantee about the gradient through many steps.
//   identity (linear):  ρ < 1 vanishes; ρ > 1 explodes (a gradient of general direction); ρ = 1 undetermined.
//   φ with |φ'| <= γ:   σ_max γ < 1 vanishes (sufficient); otherwise undetermined (σ_max γ > 1 is only necessary).

type Verdict = "vanishes" | "explodes" | "undetermined";
type GradientVerdict = (sigmaMax: number, rho: number, activation: string) => string;

const GAMMA: Record<string, number> = { sigmoid: 0.25, tanh: 1, relu: 1 };

const verdictOracle = (sigmaMax: number, rho: number, activation: string): Verdict => {
  if (activation === "identity") {
    if (rho < 1) return "vanishes";
    if (rho > 1) return "explodes";
    return "undetermined";
  }
  return sigmaMax * GAMMA[activation] < 1 ? "vanishes" : "undetermined";
};

type VerdictInput = [number, number, string];

function verdictCaseName([sigmaMax, rho, act]: VerdictInput): string {
  if (act === "identity") {
    if (rho === 1) return "linear, ρ = 1 exactly: neither is guaranteed";
    if (rho < 1 && sigmaMax > 1) return "linear, ρ < 1 < σ_max (non-normal): the spectral radius decides";
    return "linear: the spectral radius decides";
  }
  const f = sigmaMax * GAMMA[act];
  if (f === 1) return "σ_max γ = 1 exactly: not below 1, so nothing is guaranteed";
  if (f > 1 && rho * GAMMA[act] < 1) return "nonlinear, ρ γ < 1 < σ_max γ: the spectral radius does not decide";
  if (f > 1) return "nonlinear, σ_max γ > 1: only necessary for exploding, so undetermined";
  if (act === "sigmoid" && sigmaMax >= 1) return "sigmoid: σ_max between 1 and 4 still vanishes (γ = 1/4)";
  return "nonlinear, σ_max γ < 1: sufficient for vanishing";
}

/** A dense grid: σ_max from 0.2 to 6, ρ at a few fractions of it (ρ <= σ_max always), every activation. */
const verdictInputs: VerdictInput[] = [
  [4, 1, "sigmoid"], [1, 1, "tanh"], [1, 0.5, "relu"], [1, 1, "identity"], [3, 1, "identity"],
  [5, 0.9, "identity"], [5, 0.9, "tanh"], [1.2, 1.2, "tanh"], [1.2, 1.2, "relu"], [2, 1.5, "identity"],
  ...[0.2, 0.6, 0.95, 1.05, 1.5, 2.5, 3.5, 3.9, 4.1, 6].flatMap((s) =>
    [0.3, 0.7, 1].flatMap((frac) => ["identity", "tanh", "sigmoid", "relu"].map((act): VerdictInput => [s, Number((s * frac).toFixed(4)), act]))),
];

const verdictChecks = casesFor<{ gradientVerdict: GradientVerdict }>();
const verdictDiagnosis = (actual: unknown): string | undefined =>
  actual === "vanishes" || actual === "explodes" || actual === "undetermined"
    ? undefined
    : `Return exactly one of the three strings "vanishes", "explodes" or "undetermined" (lowercase, nothing else); this returned ${JSON.stringify(actual) ?? String(actual)}.`;

export const gradientVerdict = defineExercise<{ gradientVerdict: GradientVerdict }>({
  id: "gradient-verdict",
  names: ["gradientVerdict"],
  checks: verdictChecks({
    name: verdictCaseName,
    inputs: verdictInputs,
    show: ([s, r, act]) => `sigmaMax = ${s}, rho = ${r}, activation = "${act}"`,
    expected: ([s, r, act]) => verdictOracle(s, r, act),
    actual: (sol, [s, r, act]) => sol.gradientVerdict(s, r, act),
    hint: ([s, r, act]) => (act === "identity"
      ? "A linear net multiplies by W_hᵀ at every step: the spectral radius ρ decides, eventually (ρ < 1 vanishes, ρ > 1 explodes, ρ = 1 neither). σ_max only sets how much it can grow for a while."
      : `With φ' at most γ (${GAMMA[act]} for ${act}) only σ_max γ < 1 proves anything: it is sufficient for vanishing. σ_max γ >= 1 is merely necessary for exploding, so the answer is "undetermined"; ρ alone decides nothing once the slopes change from step to step.`),
    matches: matchesClose({ rtol: 0, atol: 0 }),
    diagnose: verdictDiagnosis,
  }),
  hidden: verdictChecks({
    name: "random matrices' σ_max and ρ",
    inputs: (() => {
      const rng = new Rng(10021);
      const acts = ["identity", "tanh", "sigmoid", "relu"];
      return Array.from({ length: 16 }, (_, i): VerdictInput => {
        const s = Number((0.1 + 6 * rng.uniform()).toFixed(3));
        return [s, Number((s * rng.uniform()).toFixed(3)), acts[i % 4]];
      });
    })(),
    show: ([s, r, act]) => `sigmaMax = ${s}, rho = ${r}, activation = "${act}"`,
    expected: ([s, r, act]) => verdictOracle(s, r, act),
    actual: (sol, [s, r, act]) => sol.gradientVerdict(s, r, act),
    hint: "The same rule for every matrix.",
    matches: matchesClose({ rtol: 0, atol: 0 }),
    diagnose: verdictDiagnosis,
  }),
  wrong: [
    {
      mistake: "the classic misreading: σ_max γ > 1 means the gradient explodes",
      solution: {
        gradientVerdict: (s, r, act) => {
          if (act === "identity") return verdictOracle(s, r, act);
          const f = s * GAMMA[act];
          return f < 1 ? "vanishes" : f > 1 ? "explodes" : "undetermined";
        },
      },
    },
    {
      mistake: "the spectral radius decides for every activation: ρ γ < 1 vanishes, ρ γ > 1 explodes",
      solution: {
        gradientVerdict: (_s, r, act) => {
          const f = r * (act === "identity" ? 1 : GAMMA[act]);
          return f < 1 ? "vanishes" : f > 1 ? "explodes" : "undetermined";
        },
      },
    },
    {
      mistake: "the largest singular value decides for the linear net too",
      solution: { gradientVerdict: (s, r, act) => (act === "identity" ? (s < 1 ? "vanishes" : r > 1 ? "explodes" : "undetermined") : verdictOracle(s, r, act)) },
    },
    { mistake: "forgets γ: σ_max < 1 for every activation", solution: { gradientVerdict: (s, r, act) => (act === "identity" ? verdictOracle(s, r, act) : s < 1 ? "vanishes" : "undetermined") } },
    {
      mistake: "<= instead of <: σ_max γ = 1 taken as vanishing",
      solution: { gradientVerdict: (s, r, act) => (act === "identity" ? verdictOracle(s, r, act) : s * GAMMA[act] <= 1 ? "vanishes" : "undetermined") },
    },
    {
      mistake: "linear net: ρ <= 1 taken as vanishing (at ρ = 1 an orthogonal W_h keeps the norm)",
      solution: { gradientVerdict: (s, r, act) => (act === "identity" ? (r <= 1 ? "vanishes" : "explodes") : verdictOracle(s, r, act)) },
    },
    {
      mistake: "nonlinear: σ_max γ < 1 vanishes, and ρ γ > 1 explodes (the spectral radius taken as sufficient for exploding)",
      solution: { gradientVerdict: (s, r, act) => (act === "identity" ? verdictOracle(s, r, act) : s * GAMMA[act] < 1 ? "vanishes" : r * GAMMA[act] > 1 ? "explodes" : "undetermined") },
    },
    { mistake: "treats ReLU as linear (it is piecewise linear: units switch off)", solution: { gradientVerdict: (s, r, act) => verdictOracle(s, r, act === "relu" ? "identity" : act) } },
  ],
});

// ------------------------------------------------------------------------------------------------
// power-norm: ‖A^k‖₂ for A = [[λ, a], [0, λ]]. A^k = [[λ^k, k a λ^(k-1)], [0, λ^k]], and for
// M = [[p, q], [0, p]], ‖M‖₂ = (|q| + sqrt(q² + 4p²)) / 2.

type PowerNorm = (lambda: number, a: number, k: number) => number;

/** The oracle: multiply A out k times, then σ_max of the 2 × 2 result from the eigenvalues of MᵀM. */
const powerNormOracle: PowerNorm = (lambda, a, k) => {
  let M: Matrix = [[1, 0], [0, 1]];
  const A: Matrix = [[lambda, a], [0, lambda]];
  for (let i = 0; i < k; i++) M = M.map((row) => [row[0] * A[0][0] + row[1] * A[1][0], row[0] * A[0][1] + row[1] * A[1][1]]);
  const [[m11, m12], [m21, m22]] = M;
  // MᵀM = [[x, y], [y, z]]; its largest eigenvalue is σ_max².
  const x = m11 * m11 + m21 * m21;
  const y = m11 * m12 + m21 * m22;
  const z = m12 * m12 + m22 * m22;
  const big = (x + z) / 2 + Math.sqrt(((x - z) / 2) ** 2 + y * y);
  return Math.sqrt(big);
};

type PowerInput = [number, number, number];

function powerCaseName([lambda, a, k]: PowerInput): string {
  if (k === 0 && lambda === 0) return "k = 0 with λ = 0: A⁰ = I still (0^(k-1) must not enter)";
  if (k === 0) return "k = 0: A⁰ = I";
  if (a === 0) return "a = 0: a diagonal matrix, ‖A^k‖ = |λ|^k";
  if (lambda === 0) return "λ = 0: A is nilpotent (A² = 0)";
  if (lambda < 0 || a < 0) return "negative λ or a, odd and even k: a norm is never negative";
  if (lambda === 0.9 && a === 5) return "λ = 0.9, a = 5, every k from 1 to 60: growth, then decay";
  return "other eigenvalues and off-diagonal entries";
}

const powerInputs: PowerInput[] = [
  [0.9, 5, 0], [0.5, -3, 0],
  ...Array.from({ length: 60 }, (_, i): PowerInput => [0.9, 5, i + 1]),
  [0.9, 0, 7], [-0.8, 0, 5], [1.1, 0, 4],
  [0, 3, 0], [0, 3, 1], [0, 3, 2], [0, -2, 3],
  ...[-0.9, -0.5].flatMap((l) => [1, 2, 3, 4, 9, 10].map((k): PowerInput => [l, 4, k])),
  ...[1, 2, 5, 6].map((k): PowerInput => [0.7, -2, k]),
  [1, 1, 10], [1, 1, 25], [1.05, 0.5, 30], [0.5, 20, 3], [0.95, 1, 40], [0.99, 0.1, 200], [0.9, 5, 300],
];

const powerChecks = casesFor<{ powerNorm: PowerNorm }>();
const powerDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (typeof actual !== "number" || typeof expected !== "number") return undefined;
  if (Number.isNaN(actual)) return "NaN: at λ = 0 and k = 0, λ^(k-1) = 0^(-1) = Infinity and k·a·Infinity = 0·Infinity = NaN. A⁰ = I, so take q = 0 when k = 0.";
  if (actual < 0) return "A norm is never negative: the formula takes |q|, and sqrt(...) is positive.";
  return undefined;
};

export const powerNorm = defineExercise<{ powerNorm: PowerNorm }>({
  id: "power-norm",
  names: ["powerNorm"],
  checks: powerChecks({
    name: powerCaseName,
    inputs: powerInputs,
    show: ([l, a, k]) => `lambda = ${l}, a = ${a}, k = ${k}`,
    expected: ([l, a, k]) => powerNormOracle(l, a, k),
    actual: (s, [l, a, k]) => s.powerNorm(l, a, k),
    hint: ([l, a, k]) => (k === 0
      ? "A⁰ is the identity matrix, whose spectral norm is 1."
      : l < 0 || a < 0
        ? "A^k = [[p, q], [0, p]] with p = λ^k and q = k a λ^(k-1), which can be negative; the norm is (|q| + sqrt(q² + 4p²)) / 2, never negative."
        : "A^k = [[p, q], [0, p]] with p = λ^k and q = k a λ^(k-1) (k - 1, not k); then ‖A^k‖₂ = (|q| + sqrt(q² + 4p²)) / 2, the spectral norm, not ρ^k, ‖A‖^k or the Frobenius norm."),
    matches: matchesClose({ rtol: 1e-9, atol: 1e-300 }),
    diagnose: powerDiagnosis,
  }),
  hidden: powerChecks({
    name: "random eigenvalues, off-diagonal entries and powers",
    inputs: (() => {
      const rng = new Rng(10031);
      return Array.from({ length: 10 }, (): PowerInput => [
        Number(rng.uniformIn(-1.1, 1.1).toFixed(3)), Number(rng.uniformIn(-10, 10).toFixed(2)), 1 + rng.int(80),
      ]);
    })(),
    show: ([l, a, k]) => `lambda = ${l}, a = ${a}, k = ${k}`,
    expected: ([l, a, k]) => powerNormOracle(l, a, k),
    actual: (s, [l, a, k]) => s.powerNorm(l, a, k),
    hint: "The same closed form for every λ, a and k.",
    matches: matchesClose({ rtol: 1e-9, atol: 1e-300 }),
    diagnose: powerDiagnosis,
  }),
  wrong: [
    { mistake: "the spectral radius alone: |λ|^k", solution: { powerNorm: (l, _a, k) => Math.abs(l) ** k } },
    {
      mistake: "no k = 0 case: q = k a λ^(k-1) is 0 · a · 0^(-1) = NaN when λ = 0 and k = 0",
      solution: { powerNorm: (l, a, k) => { const p = l ** k, q = k * a * l ** (k - 1); return (Math.abs(q) + Math.sqrt(q * q + 4 * p * p)) / 2; } },
    },
    { mistake: "the bound ‖A‖₂^k instead of ‖A^k‖₂", solution: { powerNorm: (l, a, k) => powerNormOracle(l, a, 1) ** k } },
    {
      mistake: "off by one: q = k a λ^k",
      solution: { powerNorm: (l, a, k) => { const p = l ** k, q = k * a * l ** k; return (Math.abs(q) + Math.sqrt(q * q + 4 * p * p)) / 2; } },
    },
    {
      mistake: "the Frobenius norm sqrt(2p² + q²)",
      solution: { powerNorm: (l, a, k) => { const p = l ** k, q = k * a * l ** (k - 1); return Math.sqrt(2 * p * p + q * q); } },
    },
    {
      mistake: "forgets the absolute value of q (a negative q gives the smallest singular value)",
      solution: { powerNorm: (l, a, k) => { const p = l ** k, q = k === 0 ? 0 : k * a * l ** (k - 1); return (q + Math.sqrt(q * q + 4 * p * p)) / 2; } },
    },
    {
      mistake: "the length of A^k's second column, sqrt(p² + q²)",
      solution: { powerNorm: (l, a, k) => { const p = l ** k, q = k === 0 ? 0 : k * a * l ** (k - 1); return Math.sqrt(p * p + q * q); } },
    },
    {
      mistake: "the largest entry of A^k, max(|p|, |q|)",
      solution: { powerNorm: (l, a, k) => Math.max(Math.abs(l ** k), Math.abs(k === 0 ? 0 : k * a * l ** (k - 1))) },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("bptt-norms", { bpttNorms: bpttNorms })`. */
export const lesson = defineLesson({
  "bptt-norms": bpttNorms,
  "gradient-verdict": gradientVerdict,
  "power-norm": powerNorm,
});
