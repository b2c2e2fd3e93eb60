/**
 * Checks for lesson 08, "Remedy: normalization", keyed by the exercise ids in
 * `08-remedy-normalization.md`. Each expected value is computed here independently of the learner's
 * code: batch norm's backward pass step by step through the variance and the mean (the route of
 * Ioffe & Szegedy's section 3, not the three-term formula the lesson derives), the running
 * statistics from their definition, and the eval/train ratio from the two variances. Random inputs
 * come from our own seeded Rng, built when the module loads.
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const copy = (A: Matrix): Matrix => A.map((row) => [...row]);

/** Column j of a (batch, features) matrix. */
const column = (A: Matrix, j: number): number[] => A.map((row) => row[j]);
const meanOf = (v: number[]): number => v.reduce((s, a) => s + a, 0) / v.length;
/** The biased variance (divide by N): what the forward pass normalizes with. */
const biasedVar = (v: number[]): number => {
  const m = meanOf(v);
  return v.reduce((s, a) => s + (a - m) ** 2, 0) / v.length;
};

/**
 * A (rows, cols) matrix whose columns have their own offset and scale: column j is
 * offset_j + scale_j · N(0, 1), offsets from -5 to 5 and scales over three decades, so a feature
 * mixed up with an example, or one column's statistics used for another, gives other numbers.
 */
function randomBatch(rng: Rng, rows: number, cols: number): Matrix {
  const offsets = Array.from({ length: cols }, () => rng.uniformIn(-5, 5));
  const scales = Array.from({ length: cols }, () => 10 ** rng.uniformIn(-1.5, 1.5));
  return Array.from({ length: rows }, () => Array.from({ length: cols }, (_, j) => offsets[j] + scales[j] * rng.normal()));
}
const randomVector = (rng: Rng, n: number, low: number, high: number): number[] => Array.from({ length: n }, () => rng.uniformIn(low, high));
/** γ of both signs, away from 0 (a γ near 0 would hide every term of dx). */
const randomGamma = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => (rng.uniformIn(0, 1) < 0.3 ? -1 : 1) * rng.uniformIn(0.5, 2.5));

// ------------------------------------------------------------------------------------------------
// batch-norm-backward: per feature, dx = (γ/s)(dy - mean(dy) - x̂ mean(dy x̂)), s = sqrt(σ²_biased + ε).

type BatchNormBackward = (x: Matrix, gamma: number[], dy: Matrix, eps: number) => Matrix;

/**
 * The oracle, the long way: through ∂ℓ/∂σ² and ∂ℓ/∂μ as in Ioffe & Szegedy (2015, section 3),
 *   dx̂_i = γ dy_i,
 *   dσ² = Σ_i dx̂_i (x_i - μ) · (-1/2)(σ² + ε)^(-3/2),
 *   dμ  = Σ_i dx̂_i · (-1/s) + dσ² · Σ_i (-2 (x_i - μ) / N),
 *   dx_i = dx̂_i / s + dσ² · 2 (x_i - μ) / N + dμ / N.
 */
const backwardOracle: BatchNormBackward = (x, gamma, dy, eps) => {
  const N = x.length;
  const D = gamma.length;
  const dx: Matrix = x.map((row) => row.map(() => 0));
  for (let j = 0; j < D; j++) {
    const xs = column(x, j);
    const mu = meanOf(xs);
    const v = biasedVar(xs);
    const s = Math.sqrt(v + eps);
    let dVar = 0;
    let dMu = 0;
    let centeredSum = 0;
    for (let i = 0; i < N; i++) {
      const dxhat = gamma[j] * dy[i][j];
      dVar += dxhat * (xs[i] - mu) * -0.5 * (v + eps) ** -1.5;
      dMu += -dxhat / s;
      centeredSum += (-2 * (xs[i] - mu)) / N;
    }
    dMu += dVar * centeredSum;
    for (let i = 0; i < N; i++) dx[i][j] = (gamma[j] * dy[i][j]) / s + (dVar * 2 * (xs[i] - mu)) / N + dMu / N;
  }
  return dx;
};

interface BackwardCase {
  x: Matrix;
  gamma: number[];
  dy: Matrix;
  eps: number;
  about: string;
}

const backwardCases: BackwardCase[] = (() => {
  const rng = new Rng(801);
  const make = (N: number, D: number, eps: number, about: string): BackwardCase => ({
    x: randomBatch(rng, N, D),
    gamma: randomGamma(rng, D),
    dy: randomBatch(rng, N, D).map((row) => row.map((v) => v / 3)),
    eps,
    about,
  });
  return [
    { x: [[1, 0], [2, 4], [6, -1]], gamma: [1, 1], dy: [[1, 0], [0, 1], [0, 0]], eps: 1e-5, about: "a small (3, 2) batch, γ = 1" },
    make(4, 3, 1e-5, "more examples than features: (4, 3)"),
    make(3, 5, 1e-5, "more features than examples: (3, 5)"),
    make(6, 2, 1e-5, "(6, 2)"),
    make(5, 1, 1e-5, "one feature: (5, 1)"),
    make(4, 4, 1e-5, "a square batch (4, 4): statistics over the wrong axis still fit, but give other numbers"),
    make(7, 3, 0.5, "a large ε (0.5): where ε sits matters"),
    make(2, 3, 1, "a batch of two (with ε = 1, so x̂ is not ±1 and every term counts)"),
    make(2, 4, 0.3, "a batch of two (with ε = 0.3)"),
    make(8, 3, 1e-3, "γ of both signs, (8, 3)"),
    {
      x: [[2, 1], [2, -1], [2, 3], [2, 0]],
      gamma: [1.5, -0.7],
      dy: [[1, 0.5], [-2, 1], [0.5, -1], [3, 0.25]],
      eps: 1e-5,
      about: "a constant feature: its variance is 0, and ε keeps 1/s finite",
    },
  ];
})();

const backwardHidden: BackwardCase[] = (() => {
  const rng = new Rng(802);
  return Array.from({ length: 8 }, () => {
    const N = 2 + rng.int(8);
    const D = 1 + rng.int(6);
    const eps = N === 2 ? rng.uniformIn(0.2, 2) : 10 ** rng.uniformIn(-5, 0);
    return {
      x: randomBatch(rng, N, D),
      gamma: randomGamma(rng, D),
      dy: randomBatch(rng, N, D).map((row) => row.map((v) => v / 3)),
      eps,
      about: "seeded random batches, features and ε",
    };
  });
})();

/**
 * Close to 1e-7 relative, with an absolute floor scaled to the case's largest expected entry (two
 * correct formulas differ in the last bits, and an entry that should be 0 comes out near 1e-16).
 */
const closeMatrix = (actual: unknown, expected: unknown): boolean => {
  const flat = (expected as Matrix).flat();
  const largest = Math.max(...flat.map(Math.abs), 1e-300);
  return matchesClose({ rtol: 1e-7, atol: 1e-9 * largest })(actual, expected);
};

/**
 * Names the mistakes recognisable from the value: NaN or ±Infinity (a division by sqrt(σ²) without ε,
 * which a constant feature turns into 0/0), and a column of zeros where the gradient is not zero
 * (a feature with σ² = 0 treated as having no gradient).
 */
function backwardDiagnosis(actual: unknown, expected: unknown): string | undefined {
  if (!Array.isArray(actual) || !actual.every(Array.isArray)) return undefined;
  const A = actual as unknown[][];
  const E = expected as Matrix;
  if (A.some((row) => row.some((v) => typeof v === "number" && !Number.isFinite(v)))) {
    return "Your dx holds NaN or Infinity: somewhere you divide by sqrt(σ²) (or by σ²) without ε. A feature whose values are all equal has σ² = 0; with s = sqrt(σ² + ε) in every division (x̂ too) it stays finite.";
  }
  if (A.length !== E.length || A.some((row, i) => row.length !== E[i].length)) return undefined;
  const zeroColumn = E[0].some((_, j) => A.every((row) => row[j] === 0) && E.some((row) => Math.abs(row[j]) > 1e-9));
  if (zeroColumn) return "One feature's gradient is all zeros where it should not be: a constant feature has x̂ = 0, but dx = (γ/s)(dy − mean(dy)) with s = sqrt(ε), not 0.";
  // Section 2: each feature's gradient sums to zero over the batch, whatever else is wrong.
  const columnSumsOff = E[0].some((_, j) => {
    const sum = A.reduce((t, row) => t + (row[j] as number), 0);
    const scale = Math.max(...E.map((row) => Math.abs(row[j])), ...A.map((row) => Math.abs(row[j] as number)));
    return Math.abs(sum) > 1e-6 * scale * A.length;
  });
  if (columnSumsOff) return "A column of your dx does not sum to 0, and each feature's gradient must (section 2): subtract mean(dy), the mean down the column (over the batch), inside the bracket, and take every statistic per column.";
  return undefined;
}

const backwardChecks = casesFor<{ batchNormBackward: BatchNormBackward }>();

export const batchNormBackward = defineExercise<{ batchNormBackward: BatchNormBackward }>({
  id: "batch-norm-backward",
  names: ["batchNormBackward"],
  checks: [
    ...backwardChecks({
      name: (c) => c.about,
      inputs: backwardCases,
      show: (c) => `x = ${show(c.x)}, gamma = ${show(c.gamma)}, dy = ${show(c.dy)}, eps = ${c.eps}`,
      expected: (c) => backwardOracle(copy(c.x), [...c.gamma], copy(c.dy), c.eps),
      actual: (s, c) => s.batchNormBackward(copy(c.x), [...c.gamma], copy(c.dy), c.eps),
      hint: (c) =>
        c.about.startsWith("a constant feature")
          ? "A constant feature has σ² = 0 but s = sqrt(ε) > 0: x̂ = 0 there, and dx = (γ/s)(dy − mean(dy)), neither 0 nor NaN. Put ε inside the square root everywhere you divide, x̂ too."
          : c.x.length === 2
            ? "With two rows every term matters: per feature (column), dx = (γ/s)(dy − mean(dy) − x̂·mean(dy·x̂)), s = sqrt(σ² + ε), σ² the biased variance (divide by N = 2)."
            : "Work column by column (one feature over the batch): μ, the biased σ² (divide by N), s = sqrt(σ² + ε), x̂ = (x − μ)/s, then dx = (γ/s)(dy − mean(dy) − x̂·mean(dy·x̂)).",
      matches: closeMatrix,
      diagnose: backwardDiagnosis,
    }),
    {
      name: "leaves x, gamma and dy unchanged",
      input: "x = [[1, 2], [3, 5], [4, 0]], gamma = [2, -1], dy = [[1, -1], [0.5, 2], [-3, 1]], eps = 1e-5",
      expected: { x: [[1, 2], [3, 5], [4, 0]], gamma: [2, -1], dy: [[1, -1], [0.5, 2], [-3, 1]] },
      actual: (s) => {
        const x = [[1, 2], [3, 5], [4, 0]];
        const gamma = [2, -1];
        const dy = [[1, -1], [0.5, 2], [-3, 1]];
        s.batchNormBackward(x, gamma, dy, 1e-5);
        return { x, gamma, dy };
      },
      hint: "Build a new matrix for dx: centring x or scaling dy in place changes the caller's arrays.",
    },
  ],
  hidden: backwardChecks({
    name: (c) => c.about,
    inputs: backwardHidden,
    show: (c) => `x = ${show(c.x)}, gamma = ${show(c.gamma)}, dy = ${show(c.dy)}, eps = ${c.eps}`,
    expected: (c) => backwardOracle(copy(c.x), [...c.gamma], copy(c.dy), c.eps),
    actual: (s, c) => s.batchNormBackward(copy(c.x), [...c.gamma], copy(c.dy), c.eps),
    hint: "The same formula holds for every batch, width and ε.",
    matches: closeMatrix,
    diagnose: backwardDiagnosis,
  }),
  wrong: [
    {
      mistake: "forgets the mean(dy) term: (γ/s)(dy − x̂·mean(dy·x̂))",
      solution: { batchNormBackward: (x, g, dy, eps) => bnBackwardVariant(x, g, dy, eps, { meanTerm: false }) },
    },
    {
      mistake: "forgets the x̂·mean(dy·x̂) term: (γ/s)(dy − mean(dy))",
      solution: { batchNormBackward: (x, g, dy, eps) => bnBackwardVariant(x, g, dy, eps, { xhatTerm: false }) },
    },
    {
      mistake: "treats the batch mean and variance as constants: (γ/s) dy, evaluation mode's gradient",
      solution: { batchNormBackward: (x, g, dy, eps) => bnBackwardVariant(x, g, dy, eps, { meanTerm: false, xhatTerm: false }) },
    },
    {
      mistake: "uses the unbiased variance (divide by N − 1) in s and x̂",
      solution: { batchNormBackward: (x, g, dy, eps) => bnBackwardVariant(x, g, dy, eps, { unbiased: true }) },
    },
    {
      mistake: "normalizes over the features of each example (rows) instead of over the batch (columns)",
      solution: {
        batchNormBackward: (x, g, dy, eps) => {
          // Layer norm's backward: statistics over each row.
          return x.map((row, i) => {
            const mu = meanOf(row);
            const s = Math.sqrt(biasedVar(row) + eps);
            const xhat = row.map((v) => (v - mu) / s);
            const d = dy[i].map((v, j) => v * g[j]);
            const md = meanOf(d);
            const mdx = meanOf(d.map((v, j) => v * xhat[j]));
            return d.map((v, j) => (v - md - xhat[j] * mdx) / s);
          });
        },
      },
    },
    {
      mistake: "forgets γ: (1/s)(dy − mean(dy) − x̂·mean(dy·x̂))",
      solution: { batchNormBackward: (x, g, dy, eps) => bnBackwardVariant(x, g.map(() => 1), dy, eps, {}) },
    },
    {
      mistake: "ε outside the square root: s = sqrt(σ²) + ε",
      solution: { batchNormBackward: (x, g, dy, eps) => bnBackwardVariant(x, g, dy, eps, { epsOutside: true }) },
    },
    {
      mistake: "x̂ = (x − μ)/sqrt(σ²) without ε: NaN for a constant feature, slightly off elsewhere",
      solution: {
        batchNormBackward: (x, g, dy, eps) =>
          bnBackwardVariant(x, g, dy, eps, {}).map((row, i) =>
            row.map((_, j) => {
              const xs = column(x, j);
              const mu = meanOf(xs);
              const v = biasedVar(xs);
              const s = Math.sqrt(v + eps);
              const xhat = xs.map((a) => (a - mu) / Math.sqrt(v));
              const gs = column(dy, j);
              return (g[j] / s) * (gs[i] - meanOf(gs) - xhat[i] * meanOf(gs.map((a, k) => a * xhat[k])));
            }),
          ),
      },
    },
    {
      mistake: "gives a constant feature (σ² = 0) no gradient at all",
      solution: {
        batchNormBackward: (x, g, dy, eps) => {
          const dx = bnBackwardVariant(x, g, dy, eps, {});
          for (let j = 0; j < g.length; j++) if (biasedVar(column(x, j)) === 0) for (const row of dx) row[j] = 0;
          return dx;
        },
      },
    },
    {
      mistake: "a table of the public cases' answers (zeros for any other input)",
      solution: { batchNormBackward: (x, g, dy, eps) => backwardTable.get(JSON.stringify([x, g, dy, eps])) ?? x.map((row) => row.map(() => 0)) },
      caughtBy: "hidden",
    },
    {
      mistake: "right values, but centres x in place (the caller's x changes)",
      solution: {
        batchNormBackward: (x, g, dy, eps) => {
          const dx = bnBackwardVariant(x, g, dy, eps, {});
          for (let j = 0; j < g.length; j++) {
            const mu = meanOf(column(x, j));
            for (const row of x) row[j] -= mu;
          }
          return dx;
        },
      },
    },
  ],
});

/** The answers to the public cases, looked up: what a table of them would give. */
const backwardTable = new Map(backwardCases.map((c) => [JSON.stringify([c.x, c.gamma, c.dy, c.eps]), backwardOracle(copy(c.x), [...c.gamma], copy(c.dy), c.eps)]));

/** The three-term formula with switches for the wrong answers above. */
function bnBackwardVariant(
  x: Matrix,
  gamma: number[],
  dy: Matrix,
  eps: number,
  o: { meanTerm?: boolean; xhatTerm?: boolean; unbiased?: boolean; epsOutside?: boolean },
): Matrix {
  const N = x.length;
  const dx: Matrix = x.map((row) => row.map(() => 0));
  for (let j = 0; j < gamma.length; j++) {
    const xs = column(x, j);
    const mu = meanOf(xs);
    const v = biasedVar(xs) * (o.unbiased ? N / (N - 1) : 1);
    const s = o.epsOutside ? Math.sqrt(v) + eps : Math.sqrt(v + eps);
    const xhat = xs.map((a) => (a - mu) / s);
    const g = column(dy, j);
    const mg = meanOf(g);
    const mgx = meanOf(g.map((a, i) => a * xhat[i]));
    for (let i = 0; i < N; i++) {
      dx[i][j] = (gamma[j] / s) * (g[i] - (o.meanTerm === false ? 0 : mg) - (o.xhatTerm === false ? 0 : xhat[i] * mgx));
    }
  }
  return dx;
}

// ------------------------------------------------------------------------------------------------
// running-stats: r_mean ← (1 − m) r_mean + m μ_B, r_var ← (1 − m) r_var + m σ²_B N/(N − 1).

type RunningStats = { runningMean: number[]; runningVar: number[] };
type UpdateRunningStats = (x: Matrix, runningMean: number[], runningVar: number[], momentum: number) => RunningStats;

const runningOracle: UpdateRunningStats = (x, runningMean, runningVar, m) => {
  const N = x.length;
  return {
    runningMean: runningMean.map((r, j) => (1 - m) * r + m * meanOf(column(x, j))),
    runningVar: runningVar.map((r, j) => (1 - m) * r + (m * biasedVar(column(x, j)) * N) / (N - 1)),
  };
};

interface RunningCase {
  x: Matrix;
  runningMean: number[];
  runningVar: number[];
  momentum: number;
  about: string;
}

const runningCases: RunningCase[] = (() => {
  const rng = new Rng(811);
  const make = (N: number, D: number, momentum: number, about: string, fresh = false): RunningCase => ({
    x: randomBatch(rng, N, D),
    runningMean: fresh ? Array(D).fill(0) : randomVector(rng, D, -3, 3),
    runningVar: fresh ? Array(D).fill(1) : randomVector(rng, D, 0.2, 5),
    momentum,
    about,
  });
  return [
    { x: [[1], [2], [6]], runningMean: [0], runningVar: [1], momentum: 0.1, about: "one feature, mean 3, biased variance 14/3, unbiased 7" },
    make(4, 3, 0.1, "a fresh layer (mean 0, variance 1), momentum 0.1, (4, 3)", true),
    make(3, 5, 0.1, "more features than examples: (3, 5)"),
    make(6, 2, 0.1, "(6, 2)"),
    make(2, 3, 0.1, "a batch of two: the correction N/(N − 1) doubles the variance"),
    make(2, 2, 0.3, "a batch of two, momentum 0.3"),
    make(5, 4, 0.25, "momentum 0.25"),
    make(4, 4, 0.9, "momentum 0.9: the new batch counts most"),
    make(3, 2, 1, "momentum 1: the batch's statistics replace the old ones"),
    make(3, 2, 0, "momentum 0: nothing changes"),
    make(10, 3, 0.1, "a batch of ten"),
  ];
})();

const runningHidden: RunningCase[] = (() => {
  const rng = new Rng(812);
  return Array.from({ length: 8 }, () => {
    const N = 2 + rng.int(9);
    const D = 1 + rng.int(6);
    return {
      x: randomBatch(rng, N, D),
      runningMean: randomVector(rng, D, -3, 3),
      runningVar: randomVector(rng, D, 0.1, 10),
      momentum: rng.uniformIn(0.02, 0.98),
      about: "seeded random batches and momenta",
    };
  });
})();

/** The answers to the public cases, looked up: what a table of them would give. */
const runningTable = new Map(runningCases.map((c) => [JSON.stringify([c.x, c.runningMean, c.runningVar, c.momentum]), runningOracle(copy(c.x), [...c.runningMean], [...c.runningVar], c.momentum)]));

const runningChecks = casesFor<{ updateRunningStats: UpdateRunningStats }>();
const showRunning = (c: RunningCase) => `x = ${show(c.x)}, runningMean = ${show(c.runningMean)}, runningVar = ${show(c.runningVar)}, momentum = ${c.momentum}`;

export const runningStats = defineExercise<{ updateRunningStats: UpdateRunningStats }>({
  id: "running-stats",
  names: ["updateRunningStats"],
  checks: [
    ...runningChecks({
      name: (c) => c.about,
      inputs: runningCases,
      show: showRunning,
      expected: (c) => runningOracle(copy(c.x), [...c.runningMean], [...c.runningVar], c.momentum),
      actual: (s, c) => s.updateRunningStats(copy(c.x), [...c.runningMean], [...c.runningVar], c.momentum),
      hint: (c) =>
        c.x.length === 2
          ? "The running variance estimates the variance of the whole population: per feature (column), use Σ(x − μ)²/(N − 1), which for N = 2 is twice the batch's own (biased) variance."
          : "Per feature (column): new = (1 − momentum) · old + momentum · batch value, with the batch mean and the unbiased variance Σ(x − μ)²/(N − 1).",
      matches: matchesClose({ rtol: 1e-9, atol: 1e-12 }),
    }),
    {
      name: "leaves x, runningMean and runningVar unchanged (returns new arrays)",
      input: "x = [[1, 2], [3, 6]], runningMean = [0, 0], runningVar = [1, 1], momentum = 0.1",
      expected: { x: [[1, 2], [3, 6]], runningMean: [0, 0], runningVar: [1, 1] },
      actual: (s) => {
        const x = [[1, 2], [3, 6]];
        const runningMean = [0, 0];
        const runningVar = [1, 1];
        s.updateRunningStats(x, runningMean, runningVar, 0.1);
        return { x, runningMean, runningVar };
      },
      hint: "Return new arrays: the library updates its buffers in place, but this function must leave the ones it is given alone.",
    },
  ],
  hidden: runningChecks({
    name: (c) => c.about,
    inputs: runningHidden,
    show: showRunning,
    expected: (c) => runningOracle(copy(c.x), [...c.runningMean], [...c.runningVar], c.momentum),
    actual: (s, c) => s.updateRunningStats(copy(c.x), [...c.runningMean], [...c.runningVar], c.momentum),
    hint: "The same update holds for every batch and momentum.",
    matches: matchesClose({ rtol: 1e-9, atol: 1e-12 }),
  }),
  wrong: [
    {
      mistake: "stores the biased variance (divide by N), the one the forward pass uses",
      solution: {
        updateRunningStats: (x, rm, rv, m) => ({
          runningMean: rm.map((r, j) => (1 - m) * r + m * meanOf(column(x, j))),
          runningVar: rv.map((r, j) => (1 - m) * r + m * biasedVar(column(x, j))),
        }),
      },
    },
    {
      mistake: "momentum the other way round: m · old + (1 − m) · batch",
      solution: {
        updateRunningStats: (x, rm, rv, m) => {
          const N = x.length;
          return {
            runningMean: rm.map((r, j) => m * r + (1 - m) * meanOf(column(x, j))),
            runningVar: rv.map((r, j) => m * r + ((1 - m) * biasedVar(column(x, j)) * N) / (N - 1)),
          };
        },
      },
    },
    {
      mistake: "the correction the wrong way round: σ²_B (N − 1)/N",
      solution: {
        updateRunningStats: (x, rm, rv, m) => {
          const N = x.length;
          return {
            runningMean: rm.map((r, j) => (1 - m) * r + m * meanOf(column(x, j))),
            runningVar: rv.map((r, j) => (1 - m) * r + (m * biasedVar(column(x, j)) * (N - 1)) / N),
          };
        },
      },
    },
    {
      mistake: "right values, but updates runningMean and runningVar in place (as the library's buffers are)",
      solution: {
        updateRunningStats: (x, rm, rv, m) => {
          const out = runningOracle(x, rm, rv, m);
          out.runningMean.forEach((v, j) => (rm[j] = v));
          out.runningVar.forEach((v, j) => (rv[j] = v));
          return { runningMean: rm, runningVar: rv };
        },
      },
    },
    {
      mistake: "a table of the public cases' answers (the old statistics for any other input)",
      solution: { updateRunningStats: (x, rm, rv, m) => runningTable.get(JSON.stringify([x, rm, rv, m])) ?? { runningMean: [...rm], runningVar: [...rv] } },
      caughtBy: "hidden",
    },
    {
      mistake: "the variance around the old running mean instead of the batch mean",
      solution: {
        updateRunningStats: (x, rm, rv, m) => {
          const N = x.length;
          return {
            runningMean: rm.map((r, j) => (1 - m) * r + m * meanOf(column(x, j))),
            runningVar: rv.map((r, j) => (1 - m) * r + (m * column(x, j).reduce((s, a) => s + (a - rm[j]) ** 2, 0)) / (N - 1)),
          };
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// eval-train-ratio: the same batch, fed until the running statistics settle on its mean and its
// unbiased variance; then (y_eval − β)/(y_train − β) = sqrt((σ²_B + ε) / (σ²_B N/(N − 1) + ε)).

type EvalToTrainRatio = (n: number, batchVar: number, eps: number) => number;

const ratioOracle: EvalToTrainRatio = (n, v, eps) => Math.sqrt((v + eps) / ((v * n) / (n - 1) + eps));

type RatioInput = [number, number, number];

const ratioInputs: RatioInput[] = [
  [2, 1, 0], [3, 1, 0], [4, 2.5, 0], [10, 0.3, 0], [100, 7, 0], [1000, 1, 0],
  ...[2, 3, 5, 8, 16, 32].flatMap((n): RatioInput[] => [0.01, 0.3, 1, 4, 50].map((v): RatioInput => [n, v, 1e-5])),
  [2, 1e-5, 1e-5], [4, 1e-5, 1e-5], [2, 0.5, 0.5], [3, 2, 1], [5, 1e-3, 0.1], [2, 1e-8, 1e-5], [8, 100, 10],
  [2, 0, 1e-5], [6, 0, 0.3],
];

const ratioHidden: RatioInput[] = (() => {
  const rng = new Rng(821);
  return Array.from({ length: 10 }, (): RatioInput => [2 + rng.int(60), 10 ** rng.uniformIn(-6, 3), rng.uniformIn(0, 1) < 0.5 ? 1e-5 : 10 ** rng.uniformIn(-3, 0)]);
})();

function ratioCaseName([n, v, eps]: RatioInput): string {
  if (eps === 0) return "ε = 0: only the batch size counts";
  if (v === 0) return "a constant feature: both modes output β";
  if (v <= 10 * eps) return "a variance not much larger than ε: ε counts";
  if (n === 2) return "a batch of two, ε = 1e-5";
  return "batches of 3 to 32, ε = 1e-5";
}

/** The answers to the public cases, looked up: what a table of them would give. */
const ratioTable = new Map(ratioInputs.map(([n, v, eps]) => [`${n},${v},${eps}`, ratioOracle(n, v, eps)]));

const closeNumber = (actual: unknown, expected: unknown): boolean => typeof actual === "number" && matchesClose({ rtol: 1e-9, atol: 1e-12 })(actual, expected);

/** Names the mistakes recognisable from the value: 0/0 for a constant feature, the inverse ratio. */
function ratioDiagnosis(actual: unknown, expected: unknown): string | undefined {
  if (typeof actual !== "number") return undefined;
  if (Number.isNaN(actual)) {
    return "NaN: you divided the two outputs, and for a constant feature both are β (0/0). Return the ratio of the divisors instead, sqrt((σ²_B + ε)/(σ²_B · n/(n − 1) + ε)): it is the same number wherever the outputs are not 0.";
  }
  const e = expected as number;
  if (e !== 1 && Math.abs(actual * e - 1) < 1e-9) return "That is the inverse: evaluation mode divides by the larger number (the unbiased variance), so its outputs are the smaller ones and the ratio is below 1.";
  return undefined;
}

const ratioChecks = casesFor<{ evalToTrainRatio: EvalToTrainRatio }>();

export const evalTrainRatio = defineExercise<{ evalToTrainRatio: EvalToTrainRatio }>({
  id: "eval-train-ratio",
  names: ["evalToTrainRatio"],
  checks: ratioChecks({
    name: ratioCaseName,
    inputs: ratioInputs,
    show: ([n, v, eps]) => `n = ${n}, batchVar = ${v}, eps = ${eps}`,
    expected: ([n, v, eps]) => ratioOracle(n, v, eps),
    actual: (s, [n, v, eps]) => s.evalToTrainRatio(n, v, eps),
    hint: ([, v, eps]) =>
      v === 0
        ? "For a constant feature both outputs are β, and (y_eval − β)/(y_train − β) is 0/0: return the ratio of the divisors, sqrt((σ²_B + ε)/(σ²_B · n/(n − 1) + ε)), which is 1 here."
        : v <= 10 * eps && eps > 0
          ? "Keep ε where it is in each mode: training divides by sqrt(σ²_B + ε), evaluation by sqrt(running variance + ε)."
          : "Training mode divides x − μ by sqrt(σ²_B + ε); evaluation mode by sqrt(r + ε), where the running variance r has settled on the unbiased σ²_B · n/(n − 1). The ratio of the outputs is the inverse ratio of the divisors.",
    matches: closeNumber,
    diagnose: ratioDiagnosis,
  }),
  hidden: ratioChecks({
    name: "seeded batch sizes, variances and ε",
    inputs: ratioHidden,
    show: ([n, v, eps]) => `n = ${n}, batchVar = ${v}, eps = ${eps}`,
    expected: ([n, v, eps]) => ratioOracle(n, v, eps),
    actual: (s, [n, v, eps]) => s.evalToTrainRatio(n, v, eps),
    hint: "The same formula holds for every n ≥ 2, variance and ε.",
    matches: closeNumber,
    diagnose: ratioDiagnosis,
  }),
  wrong: [
    { mistake: "the inverse: sqrt(n/(n − 1)), eval mode's output taken as the larger", solution: { evalToTrainRatio: (n, v, eps) => 1 / ratioOracle(n, v, eps) } },
    { mistake: "forgets the square root: (n − 1)/n", solution: { evalToTrainRatio: (n) => (n - 1) / n } },
    { mistake: "ignores ε: sqrt((n − 1)/n) for every variance", solution: { evalToTrainRatio: (n) => Math.sqrt((n - 1) / n) } },
    { mistake: "1: assumes the running variance equals the batch's own variance", solution: { evalToTrainRatio: () => 1 } },
    { mistake: "a table of the public cases' answers", solution: { evalToTrainRatio: (n, v, eps) => ratioTable.get(`${n},${v},${eps}`) ?? Math.sqrt((n - 1) / n) }, caughtBy: "hidden" },
    {
      mistake: "divides the two outputs of a two-row batch: 0/0 = NaN for a constant feature",
      solution: {
        evalToTrainRatio: (n, v, eps) => {
          const d = Math.sqrt(v); // x − μ of a row
          return d / Math.sqrt((v * n) / (n - 1) + eps) / (d / Math.sqrt(v + eps));
        },
      },
    },
    {
      mistake: "ε outside the square roots: (sqrt(σ²) + ε)/(sqrt(σ² n/(n − 1)) + ε)",
      solution: { evalToTrainRatio: (n, v, eps) => (Math.sqrt(v) + eps) / (Math.sqrt((v * n) / (n - 1)) + eps) },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("batch-norm-backward", { batchNormBackward: batchNormBackward })`. */
export const lesson = defineLesson({
  "batch-norm-backward": batchNormBackward,
  "running-stats": runningStats,
  "eval-train-ratio": evalTrainRatio,
});
