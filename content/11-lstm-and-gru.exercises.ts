/**
 * Checks for lesson 11, "LSTM and GRU", keyed by the exercise ids in `11-lstm-and-gru.md`. Each
 * expected value is computed here independently of the learner's code (the closed forms of the
 * lesson written out entry by entry, a log-space count); random inputs come from our own seeded Rng,
 * built when the module loads.
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const copyMatrix = (A: Matrix): Matrix => A.map((r) => [...r]);
const randomMatrix = (rng: Rng, rows: number, cols: number, scale = 1): Matrix =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
const uniformVector = (rng: Rng, n: number, low: number, high: number): number[] => Array.from({ length: n }, () => rng.uniformIn(low, high));
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** A list (of the given length) of arrays of numbers, close to the expected one. */
const listOfArraysClose = (rtol: number) => (actual: unknown, expected: unknown): boolean =>
  Array.isArray(actual) &&
  Array.isArray(expected) &&
  actual.length === expected.length &&
  actual.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number")) &&
  matchesClose({ rtol, atol: 1e-300 })(actual, expected);

/** An array of numbers (not a typed array, not a number), close to the expected one. */
const arrayClose = (rtol: number) => (actual: unknown, expected: unknown): boolean =>
  Array.isArray(actual) && actual.every((x) => typeof x === "number") && matchesClose({ rtol, atol: 1e-300 })(actual, expected);

// ------------------------------------------------------------------------------------------------
// lstm-cell-jacobian: dc_t/dc_{t-1} with h_{t-1} = o_{t-1} ⊙ tanh(c_{t-1}) feeding the gates of step t:
//   J = diag(f) + [diag(c_{t-1} f(1-f)) W_f + diag(g i(1-i)) W_i + diag(i (1-g²)) W_g] diag(o_{t-1} (1 - tanh²(c_{t-1}))).

/** One step's values: gates of step t, the previous cell state and output gate, the recurrent blocks (H, H). */
export interface CellStep {
  f: number[];
  i: number[];
  g: number[];
  cPrev: number[];
  oPrev: number[];
  Wf: Matrix;
  Wi: Matrix;
  Wg: Matrix;
}
type CellJacobian = (step: CellStep) => Matrix;

const cellJacobianOracle: CellJacobian = ({ f, i, g, cPrev, oPrev, Wf, Wi, Wg }) =>
  f.map((_, j) =>
    f.map((__, k) => {
      const direct = j === k ? f[j] : 0;
      const intoGates = cPrev[j] * f[j] * (1 - f[j]) * Wf[j][k] + g[j] * i[j] * (1 - i[j]) * Wi[j][k] + i[j] * (1 - g[j] * g[j]) * Wg[j][k];
      const throughH = oPrev[k] * (1 - Math.tanh(cPrev[k]) ** 2);
      return direct + intoGates * throughH;
    }),
  );

const copyStep = (s: CellStep): CellStep => ({
  f: [...s.f], i: [...s.i], g: [...s.g], cPrev: [...s.cPrev], oPrev: [...s.oPrev], Wf: copyMatrix(s.Wf), Wi: copyMatrix(s.Wi), Wg: copyMatrix(s.Wg),
});

interface JacobianCase {
  step: CellStep;
  about: string;
}

/** A random step of H units: gates spread over (0, 1), g over (-1, 1), c_{t-1} of both signs. */
const randomStep = (rng: Rng, H: number, options: { fRange?: [number, number]; iRange?: [number, number]; cScale?: number; wScale?: number } = {}): CellStep => {
  const [fLo, fHi] = options.fRange ?? [0.02, 0.98];
  const [iLo, iHi] = options.iRange ?? [0.02, 0.98];
  const cScale = options.cScale ?? 1.5;
  const wScale = options.wScale ?? 1;
  return {
    f: uniformVector(rng, H, fLo, fHi),
    i: uniformVector(rng, H, iLo, iHi),
    g: uniformVector(rng, H, -0.98, 0.98),
    cPrev: Array.from({ length: H }, () => cScale * rng.normal()),
    oPrev: uniformVector(rng, H, 0.05, 0.95),
    Wf: randomMatrix(rng, H, H, wScale),
    Wi: randomMatrix(rng, H, H, wScale),
    Wg: randomMatrix(rng, H, H, wScale),
  };
};

const jacobianInputs: JacobianCase[] = (() => {
  const rng = new Rng(1101);
  const zero = (H: number) => Array.from({ length: H }, () => new Array(H).fill(0));
  const out: JacobianCase[] = [
    {
      step: { f: [0.7], i: [0.4], g: [-0.5], cPrev: [0.8], oPrev: [0.6], Wf: [[1.5]], Wi: [[-2]], Wg: [[0.5]] },
      about: "one unit: diag(f) plus the three gate terms",
    },
    {
      step: { f: [0.6, 0.9], i: [0.3, 0.5], g: [0.2, -0.7], cPrev: [1, -0.5], oPrev: [0.5, 0.8], Wf: [[1, 2], [-3, 4]], Wi: [[0.5, -1], [2, 0]], Wg: [[-1, 1], [3, -2]] },
      about: "two units, W not symmetric: rows are units of step t, columns units of step t-1",
    },
    { step: { ...randomStep(rng, 3), Wf: zero(3), Wi: zero(3), Wg: zero(3) }, about: "zero recurrent weights: only diag(f) is left" },
    { step: { ...randomStep(rng, 3), oPrev: [0, 0, 0] }, about: "a closed output gate o_{t-1} = 0: h_{t-1} does not see c_{t-1}" },
    { step: { ...randomStep(rng, 3), cPrev: [0, 0, 0] }, about: "c_{t-1} = 0: no forget-gate term, tanh' = 1" },
  ];
  for (const H of [2, 3, 4, 5]) out.push({ step: randomStep(rng, H), about: "random steps, gates anywhere in (0, 1)" });
  out.push({ step: randomStep(rng, 4, { cScale: 0.3, wScale: 3 }), about: "large recurrent weights: the gate terms dominate" });
  out.push({ step: randomStep(rng, 3, { fRange: [0.97, 0.999], iRange: [0.001, 0.03] }), about: "remembering (f near 1, i near 0): small but nonzero gate terms" });
  out.push({ step: randomStep(rng, 3, { fRange: [0.01, 0.1] }), about: "forgetting (f near 0)" });
  out.push({ step: randomStep(rng, 4, { cScale: 4 }), about: "large |c_{t-1}|: tanh near saturation on some units" });
  return out;
})();

const jacobianHidden: JacobianCase[] = (() => {
  const rng = new Rng(1102);
  return [3, 4, 6, 2, 5].map((H) => ({ step: randomStep(rng, H, { cScale: rng.uniformIn(0.2, 3), wScale: rng.uniformIn(0.3, 2) }), about: "more random steps" }));
})();

const jacobianChecks = casesFor<{ cellJacobian: CellJacobian }>();
const showStep = (s: CellStep) =>
  `f = ${show(s.f)}, i = ${show(s.i)}, g = ${show(s.g)}, cPrev = ${show(s.cPrev)}, oPrev = ${show(s.oPrev)}, Wf = ${show(s.Wf)}, Wi = ${show(s.Wi)}, Wg = ${show(s.Wg)}`;
/** What each case isolates, so the hint names the factor it tests rather than restating the formula. */
const jacobianHint = (c: JacobianCase): string => {
  const a = c.about;
  if (a.startsWith("zero") || a.startsWith("a closed")) return "Only the direct path is left here: c_t = f ⊙ c_{t-1} + ..., so the diagonal is f and everything else is 0.";
  if (a.startsWith("one unit")) return "With one unit no index can be swapped: check each factor. Forget gate c_{t-1} f(1-f), input gate g i(1-i), candidate i(1-g²), each times its weight, all times o_{t-1}(1 - tanh²(c_{t-1})), plus f on the diagonal.";
  if (a.startsWith("two units")) return "Row j belongs to unit j of c_t (its gates f_j, i_j, g_j, c_{t-1,j} and W[j][k]); column k to unit k of c_{t-1} (o_{t-1,k} and 1 - tanh²(c_{t-1,k})). A transposed block or swapped diagonals still fit one unit, not two.";
  if (a.startsWith("c_{t-1} = 0")) return "With c_{t-1} = 0 the forget-gate term c_{t-1} f(1-f) is 0 and tanh'(0) = 1: the input-gate and candidate terms remain, times o_{t-1}.";
  if (a.startsWith("remembering")) return "f near 1 and i near 0 make the gate terms small, not 0: keep all three of them.";
  if (a.startsWith("large |c")) return "h_{t-1} = o_{t-1} tanh(c_{t-1}) changes with c_{t-1} at the slope o_{t-1}(1 - tanh²(c_{t-1})): the derivative of tanh, which is near 0 here, not tanh itself.";
  return "Entry [j][k] is ∂c_t[j]/∂c_{t-1}[k]: f_j when j = k, plus the three gate terms of row j, each with its own weight block, times unit k's o_{t-1,k}(1 - tanh²(c_{t-1,k})).";
};

/** Names the transposed answer, which the values show: rows are units of c_t, columns units of c_{t-1}. */
const jacobianDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (!Array.isArray(expected)) return undefined;
  const H = expected.length;
  if (!Array.isArray(actual) || actual.length !== H || !actual.every((row) => Array.isArray(row) && row.length === H && row.every((x: unknown) => typeof x === "number"))) {
    return `Return an H × H matrix (here H = ${H}) of plain arrays, number[][]: one array per row j (unit j of c_t), each of H numbers.`;
  }
  if (H < 2) return undefined;
  const e = expected as Matrix;
  const a = actual as Matrix;
  const transposed = e[0].map((_, j) => e.map((row) => row[j]));
  return listOfArraysClose(1e-9)(a, transposed)
    ? "This is the transpose: entry [j][k] is ∂c_t[j]/∂c_{t-1}[k], so unit j's gates scale row j and unit k's slope o_{t-1,k}(1 - tanh²(c_{t-1,k})) scales column k."
    : undefined;
};

const cellJacobianWrong = (term: (s: CellStep, j: number, k: number) => number): CellJacobian => (s) =>
  s.f.map((_, j) => s.f.map((__, k) => (j === k ? s.f[j] : 0) + term(s, j, k)));

export const lstmCellJacobian = defineExercise<{ cellJacobian: CellJacobian }>({
  id: "lstm-cell-jacobian",
  names: ["cellJacobian"],
  checks: [
    ...jacobianChecks({
      name: (c) => c.about,
      inputs: jacobianInputs,
      show: (c) => showStep(c.step),
      expected: (c) => cellJacobianOracle(copyStep(c.step)),
      actual: (sol, c) => sol.cellJacobian(copyStep(c.step)),
      hint: jacobianHint,
      matches: listOfArraysClose(1e-9),
      diagnose: jacobianDiagnosis,
    }),
    {
      name: "leaves its inputs unchanged",
      input: showStep(jacobianInputs[1].step),
      expected: jacobianInputs[1].step,
      actual: (sol) => {
        const s = copyStep(jacobianInputs[1].step);
        sol.cellJacobian(s);
        return s;
      },
      hint: "Build a new matrix; do not scale the gates or the weight blocks in place.",
    },
  ],
  hidden: jacobianChecks({
    name: (c) => c.about,
    inputs: jacobianHidden,
    show: (c) => showStep(c.step),
    expected: (c) => cellJacobianOracle(copyStep(c.step)),
    actual: (sol, c) => sol.cellJacobian(copyStep(c.step)),
    hint: "The same formula holds for every step and every width H.",
    matches: listOfArraysClose(1e-9),
    diagnose: jacobianDiagnosis,
  }),
  wrong: [
    { mistake: "diag(f_t) only: drops the paths through h_{t-1} and the gates", solution: { cellJacobian: cellJacobianWrong(() => 0) } },
    {
      mistake: "tanh(c_{t-1}) where its derivative 1 - tanh²(c_{t-1}) belongs",
      solution: {
        cellJacobian: cellJacobianWrong((s, j, k) =>
          (s.cPrev[j] * s.f[j] * (1 - s.f[j]) * s.Wf[j][k] + s.g[j] * s.i[j] * (1 - s.i[j]) * s.Wi[j][k] + s.i[j] * (1 - s.g[j] ** 2) * s.Wg[j][k]) * s.oPrev[k] * Math.tanh(s.cPrev[k])),
      },
    },
    {
      mistake: "the transpose slip: W[k][j] instead of W[j][k]",
      solution: {
        cellJacobian: cellJacobianWrong((s, j, k) =>
          (s.cPrev[j] * s.f[j] * (1 - s.f[j]) * s.Wf[k][j] + s.g[j] * s.i[j] * (1 - s.i[j]) * s.Wi[k][j] + s.i[j] * (1 - s.g[j] ** 2) * s.Wg[k][j]) * s.oPrev[k] * (1 - Math.tanh(s.cPrev[k]) ** 2)),
      },
    },
    {
      mistake: "forgets the output gate: dh_{t-1}/dc_{t-1} taken as 1 - tanh²(c_{t-1})",
      solution: {
        cellJacobian: cellJacobianWrong((s, j, k) =>
          (s.cPrev[j] * s.f[j] * (1 - s.f[j]) * s.Wf[j][k] + s.g[j] * s.i[j] * (1 - s.i[j]) * s.Wi[j][k] + s.i[j] * (1 - s.g[j] ** 2) * s.Wg[j][k]) * (1 - Math.tanh(s.cPrev[k]) ** 2)),
      },
    },
    {
      mistake: "the forget-gate term without c_{t-1}: f(1-f) W_f alone",
      solution: {
        cellJacobian: cellJacobianWrong((s, j, k) =>
          (s.f[j] * (1 - s.f[j]) * s.Wf[j][k] + s.g[j] * s.i[j] * (1 - s.i[j]) * s.Wi[j][k] + s.i[j] * (1 - s.g[j] ** 2) * s.Wg[j][k]) * s.oPrev[k] * (1 - Math.tanh(s.cPrev[k]) ** 2)),
      },
    },
    {
      mistake: "forgets the candidate's path: no i(1-g²) W_g term",
      solution: {
        cellJacobian: cellJacobianWrong((s, j, k) =>
          (s.cPrev[j] * s.f[j] * (1 - s.f[j]) * s.Wf[j][k] + s.g[j] * s.i[j] * (1 - s.i[j]) * s.Wi[j][k]) * s.oPrev[k] * (1 - Math.tanh(s.cPrev[k]) ** 2)),
      },
    },
    {
      mistake: "the output gate on the wrong side: o_{t-1,j} (the row's unit) instead of o_{t-1,k}",
      solution: {
        cellJacobian: cellJacobianWrong((s, j, k) =>
          (s.cPrev[j] * s.f[j] * (1 - s.f[j]) * s.Wf[j][k] + s.g[j] * s.i[j] * (1 - s.i[j]) * s.Wi[j][k] + s.i[j] * (1 - s.g[j] ** 2) * s.Wg[j][k]) * s.oPrev[j] * (1 - Math.tanh(s.cPrev[k]) ** 2)),
      },
    },
    {
      mistake: "the two diagonals swapped: the gates of unit k and the h-derivative of unit j",
      solution: {
        cellJacobian: cellJacobianWrong((s, j, k) =>
          (s.cPrev[k] * s.f[k] * (1 - s.f[k]) * s.Wf[j][k] + s.g[k] * s.i[k] * (1 - s.i[k]) * s.Wi[j][k] + s.i[k] * (1 - s.g[k] ** 2) * s.Wg[j][k]) * s.oPrev[j] * (1 - Math.tanh(s.cPrev[j]) ** 2)),
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// cell-grad-through-time: along the cell path only, dℓ/dc_{t-1} = f_t ⊙ dℓ/dc_t, so
//   out[t] = (f_{t+1} ⊙ ... ⊙ f_T) ⊙ gLast for t = 0..T, out[T] = gLast.

type CellGradThroughTime = (fs: Matrix, gLast: number[]) => Matrix;

const cellGradOracle: CellGradThroughTime = (fs, gLast) => {
  const T = fs.length;
  const out: Matrix = new Array(T + 1);
  out[T] = [...gLast];
  for (let t = T; t >= 1; t--) out[t - 1] = out[t].map((g, j) => fs[t - 1][j] * g);
  return out;
};

interface PathCase {
  fs: Matrix;
  gLast: number[];
  about: string;
}

const pathInputs: PathCase[] = (() => {
  const rng = new Rng(1111);
  const randomPath = (T: number, H: number, lo = 0.02, hi = 0.98): PathCase => ({
    fs: Array.from({ length: T }, () => uniformVector(rng, H, lo, hi)),
    gLast: Array.from({ length: H }, () => rng.normal()),
    about: "",
  });
  return [
    { fs: [], gLast: [0.5, -2], about: "T = 0: c_T is the only cell state" },
    { fs: [[0.5, 0.25]], gLast: [1, -4], about: "one step: out[0] = f_1 ⊙ gLast" },
    { fs: [[0.9], [0.8], [0.5]], gLast: [2], about: "three steps, one unit: out[t] multiplies the f's after t" },
    { fs: [[1, 1], [1, 1], [1, 1], [1, 1]], gLast: [0.3, -0.7], about: "f = 1: the carousel carries the gradient unchanged" },
    { fs: [[0.9, 0.8], [0, 0.5], [0.7, 0.6]], gLast: [1, 1], about: "f = 0 at step 2 cuts the path for every earlier step" },
    { ...randomPath(5, 3), about: "random forget gates, gLast of both signs" },
    { ...randomPath(8, 4), about: "random forget gates, gLast of both signs" },
    { ...randomPath(6, 2, 0.9, 0.999), about: "forget gates near 1" },
    { ...randomPath(40, 3, 0.4, 0.6), about: "40 steps with f near 1/2: tiny values at the start" },
  ];
})();

const pathHidden: PathCase[] = (() => {
  const rng = new Rng(1112);
  return [3, 7, 12, 20].map((T) => ({
    fs: Array.from({ length: T }, () => uniformVector(rng, 3, 0, 1)),
    gLast: Array.from({ length: 3 }, () => 3 * rng.normal()),
    about: "more random paths",
  }));
})();

const pathChecks = casesFor<{ cellGradThroughTime: CellGradThroughTime }>();
const pathDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (!Array.isArray(actual) || !Array.isArray(expected)) return undefined;
  if (actual.length === expected.length - 1) return `${actual.length} vectors where ${expected.length} are due: out[0] is ∂ℓ/∂c_0 and out[T] is gLast (t = 0..T).`;
  if (expected.length > 1 && listOfArraysClose(1e-12)([...actual].reverse(), expected)) return "Right vectors, wrong order: out[t] is ∂ℓ/∂c_t, so gLast (t = T) comes last, though the loop computes it first.";
  return undefined;
};
const copyPath = (c: PathCase) => ({ fs: copyMatrix(c.fs), gLast: [...c.gLast] });

export const cellGradThroughTime = defineExercise<{ cellGradThroughTime: CellGradThroughTime }>({
  id: "cell-grad-through-time",
  names: ["cellGradThroughTime"],
  checks: [
    ...pathChecks({
      name: (c) => c.about,
      inputs: pathInputs,
      show: (c) => `fs = ${show(c.fs)}, gLast = ${show(c.gLast)}`,
      expected: (c) => cellGradOracle(c.fs, c.gLast),
      actual: (sol, c) => {
        const { fs, gLast } = copyPath(c);
        return sol.cellGradThroughTime(fs, gLast);
      },
      hint: (c) =>
        c.fs.length === 0
          ? "With no steps the answer is [gLast]: a list of T + 1 = 1 vectors."
          : "Return T + 1 vectors, out[T] = gLast, then out[t-1] = fs[t-1] ⊙ out[t] (fs[t-1] is f_t, the gate of the step from c_{t-1} to c_t).",
      matches: listOfArraysClose(1e-12),
      diagnose: pathDiagnosis,
    }),
    {
      name: "leaves fs and gLast unchanged",
      input: `fs = ${show(pathInputs[2].fs)}, gLast = ${show(pathInputs[2].gLast)}`,
      expected: { fs: pathInputs[2].fs, gLast: pathInputs[2].gLast },
      actual: (sol) => {
        const { fs, gLast } = copyPath(pathInputs[2]);
        sol.cellGradThroughTime(fs, gLast);
        return { fs, gLast };
      },
      hint: "Make a new vector at each step (map), instead of multiplying gLast in place and pushing the same array again.",
    },
  ],
  hidden: pathChecks({
    name: (c) => c.about,
    inputs: pathHidden,
    show: (c) => `fs = ${show(c.fs)}, gLast = ${show(c.gLast)}`,
    expected: (c) => cellGradOracle(c.fs, c.gLast),
    actual: (sol, c) => {
      const { fs, gLast } = copyPath(c);
      return sol.cellGradThroughTime(fs, gLast);
    },
    hint: "The same recursion holds for every path.",
    matches: listOfArraysClose(1e-12),
    diagnose: pathDiagnosis,
  }),
  wrong: [
    {
      mistake: "includes f_T: out[t] multiplies f_t ... f_T (out[T] = f_T ⊙ gLast)",
      solution: {
        cellGradThroughTime: (fs, g) => {
          const T = fs.length;
          const out: Matrix = new Array(T + 1);
          out[T] = T > 0 ? g.map((v, j) => fs[T - 1][j] * v) : [...g];
          for (let t = T; t >= 1; t--) out[t - 1] = out[t].map((v, j) => (t >= 2 ? fs[t - 2][j] : 1) * v);
          return out;
        },
      },
    },
    {
      mistake: "off by one: multiplies by f_{t-1} on the way from c_t to c_{t-1}",
      solution: {
        cellGradThroughTime: (fs, g) => {
          const T = fs.length;
          const out: Matrix = new Array(T + 1);
          out[T] = [...g];
          for (let t = T; t >= 1; t--) out[t - 1] = out[t].map((v, j) => (t >= 2 ? fs[t - 2][j] : 1) * v);
          return out;
        },
      },
    },
    {
      mistake: "uses 1 - f, the fraction forgotten",
      solution: { cellGradThroughTime: (fs, g) => cellGradOracle(fs.map((f) => f.map((v) => 1 - v)), g) },
    },
    {
      mistake: "scales gLast in place and pushes the same array at every step",
      solution: {
        cellGradThroughTime: (fs, g) => {
          const out: Matrix = [g];
          for (let t = fs.length; t >= 1; t--) {
            for (let j = 0; j < g.length; j++) g[j] *= fs[t - 1][j];
            out.unshift(g);
          }
          return out;
        },
      },
    },
    {
      mistake: "runs forward in time: out[t] = (f_1 ⊙ ... ⊙ f_t) ⊙ gLast",
      solution: {
        cellGradThroughTime: (fs, g) => {
          const out: Matrix = [[...g]];
          for (const f of fs) out.push(out[out.length - 1].map((v, j) => v * f[j]));
          return out;
        },
      },
    },
    {
      mistake: "the list in the wrong order: out[0] = gLast",
      solution: { cellGradThroughTime: (fs, g) => cellGradOracle(fs, g).reverse() },
    },
    {
      mistake: "stops one step early: leaves out c_0",
      solution: { cellGradThroughTime: (fs, g) => cellGradOracle(fs, g).slice(1) },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// forget-bias-horizon: with every forget gate at f = σ(b), the cell path multiplies the gradient by
// f^k over k steps; the first k with f^k < tol is floor(ln tol / ln f) + 1.

type StepsToFade = (forgetBias: number, tol: number) => number;

/** ln σ(b), accurate for every b (no 1 - tiny). */
const logSigmoid = (b: number): number => (b >= 0 ? -Math.log1p(Math.exp(-b)) : b - Math.log1p(Math.exp(b)));
const fadeRatio = (b: number, tol: number): number => Math.log(tol) / logSigmoid(b);
const fadeOracle: StepsToFade = (b, tol) => Math.floor(fadeRatio(b, tol)) + 1;

/** How far a case sits from a place where the count jumps: rounding must not decide the answer. */
const fadeMargin = ([b, tol]: [number, number]): number => {
  const r = fadeRatio(b, tol);
  return Math.min(r - Math.floor(r), Math.ceil(r) - r);
};

const fadeInputs: [number, number][] = [
  [0, 0.1], [0, 1e-3], [0, 0.3], [1, 1e-3], [1, 0.1], [1, 0.37], [3, 1e-3], [3, 0.5], [3, 1e-8],
  [-1, 0.1], [-2, 1e-3], [-3, 1e-100], [-0.5, 0.2],
  [0.5, 0.05], [1.5, 0.01], [2, 1e-4], [2.5, 0.3], [4, 1e-3], [5, 0.01], [6, 1e-6], [8, 1e-3], [10, 0.1],
];

/**
 * Bias 0 gives f = 1/2 exactly, so tol = 2^-n makes f^n = tol exactly, in floating point too: the
 * first k with f^k < tol is n + 1, and "f^k <= tol" (Math.ceil, a loop `while (p > tol)`) gives n.
 */
const fadeExact: [number, number][] = [[0, 0.5], [0, 0.25], [0, 2 ** -10]];
const fadeExactHidden: [number, number][] = [[0, 2 ** -17]];

const fadeHidden: [number, number][] = (() => {
  const rng = new Rng(1121);
  const out: [number, number][] = [];
  while (out.length < 10) {
    const input: [number, number] = [rng.uniformIn(-3, 7), 10 ** rng.uniformIn(-12, -0.2)];
    if (fadeMargin(input) > 1e-3) out.push(input);
  }
  return [...out, ...fadeExactHidden];
})();

// Instructor-only (the release drops it): it needs the hidden inputs and the formula itself.
instructor: for (const input of [...fadeInputs, ...fadeHidden]) {
  if (fadeExactHidden.includes(input)) continue;
  if (!(fadeMargin(input) > 1e-3)) throw new Error(`11 forget-bias-horizon: the case ${show(input)} sits on a boundary; pick another.`);
}
// The exact cases: f^n = tol to the last bit, and the count is n + 1 by the oracle and by a plain loop.
instructor: for (const [b, tol] of [...fadeExact, ...fadeExactHidden]) {
  const n = -Math.log2(tol);
  let k = 0;
  for (let p = 1; p >= tol; p *= 0.5) k++;
  if (b !== 0 || sigmoid(b) ** n !== tol || fadeOracle(b, tol) !== n + 1 || k !== n + 1) throw new Error(`11 forget-bias-horizon: the exact case ${show([b, tol])} is not exact.`);
}

const sameInteger = (actual: unknown, expected: unknown): boolean => typeof actual === "number" && actual === expected;

const fadeCaseName = ([b, tol]: [number, number]): string => {
  if (fadeExact.some(([eb, et]) => eb === b && et === tol)) return "f^k = tol exactly is not below tol: bias 0, tol = 2^-n";
  if (b === 0) return "bias 0: f = 1/2";
  if (b === 1) return "the library's default bias 1: f ≈ 0.73";
  if (b < 0) return "a negative bias: f below 1/2";
  if (b >= 4) return "large biases: f near 1, hundreds or thousands of steps";
  return "biases between 0 and 4";
};

const fadeChecks = casesFor<{ stepsToFade: StepsToFade }>();
const fadeDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (typeof actual === "string") return "Return the count as a number, not a string.";
  if (typeof actual !== "number" || typeof expected !== "number" || !Number.isFinite(actual)) return undefined;
  if (!Number.isInteger(actual)) return "Return a whole number of steps: the smallest integer k with f^k < tol, not the ratio ln tol / ln f itself.";
  if (actual === expected - 1) return "One short: f^k must be strictly below tol. At this k, f^k is still at or above tol (with bias 0 and tol = 2^-n, f^n equals tol exactly): floor(ln tol / ln f) + 1, not Math.ceil.";
  return undefined;
};

export const forgetBiasHorizon = defineExercise<{ stepsToFade: StepsToFade }>({
  id: "forget-bias-horizon",
  names: ["stepsToFade"],
  checks: fadeChecks({
    name: fadeCaseName,
    inputs: [...fadeInputs, ...fadeExact],
    show: ([b, tol]) => `forgetBias = ${b}, tol = ${tol}`,
    expected: ([b, tol]) => fadeOracle(b, tol),
    actual: (sol, [b, tol]) => sol.stepsToFade(b, tol),
    hint: ([b]) =>
      b >= 4
        ? "For f near 1, ln f is not -(1 - f) closely enough; use Math.log(f) itself, with f = σ(b)."
        : "f = σ(b) = 1 / (1 + e^(-b)); the smallest whole k with f^k < tol is floor(ln tol / ln f) + 1 (f^k = tol exactly does not count).",
    matches: sameInteger,
    diagnose: fadeDiagnosis,
  }),
  hidden: fadeChecks({
    name: "more biases and tolerances",
    inputs: fadeHidden,
    show: ([b, tol]) => `forgetBias = ${b}, tol = ${tol}`,
    expected: ([b, tol]) => fadeOracle(b, tol),
    actual: (sol, [b, tol]) => sol.stepsToFade(b, tol),
    hint: "The same formula holds for every bias and every tolerance in (0, 1).",
    matches: sameInteger,
    diagnose: fadeDiagnosis,
  }),
  wrong: [
    { mistake: "off by one: floor(ln tol / ln f), the last step still at or above tol", solution: { stepsToFade: (b, tol) => Math.floor(Math.log(tol) / Math.log(sigmoid(b))) } },
    { mistake: "reads the gate as the fraction forgotten: 1 - σ(b)", solution: { stepsToFade: (b, tol) => Math.floor(Math.log(tol) / Math.log(1 - sigmoid(b))) + 1 } },
    { mistake: "takes the bias itself as f", solution: { stepsToFade: (b, tol) => Math.floor(Math.log(tol) / Math.log(b)) + 1 } },
    { mistake: "ln f ≈ -(1 - f): right only for f near 1", solution: { stepsToFade: (b, tol) => Math.floor(-Math.log(tol) / (1 - sigmoid(b))) + 1 } },
    { mistake: "rounds to the nearest whole number instead of taking the first k below tol", solution: { stepsToFade: (b, tol) => Math.round(Math.log(tol) / Math.log(sigmoid(b))) } },
    { mistake: "Math.ceil(ln tol / ln f): the first k with f^k <= tol, wrong when f^k = tol exactly", solution: { stepsToFade: (b, tol) => Math.ceil(Math.log(tol) / Math.log(sigmoid(b))) } },
    {
      mistake: "a loop that stops at f^k <= tol (while p > tol)",
      solution: {
        stepsToFade: (b, tol) => {
          let k = 0;
          for (let p = 1; p > tol; p *= sigmoid(b)) k++;
          return k;
        },
      },
    },
    { mistake: "tanh(b) in place of σ(b)", solution: { stepsToFade: (b, tol) => Math.floor(Math.log(tol) / Math.log(Math.tanh(b))) + 1 } },
  ],
});

// ------------------------------------------------------------------------------------------------
// gru-update-path: in the library's GRU, h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}, so the direct path
// h_{t-1} -> h_t carries diag(z_t); over T steps its diagonal is z_1 ⊙ ... ⊙ z_T. The gate rows are
// the library's layout [r | z | n], 3H numbers per step.

type GruDirectPath = (gates: Matrix, H: number) => number[];

const gruOracle: GruDirectPath = (gates, H) => {
  const out = new Array(H).fill(1);
  for (const row of gates) for (let j = 0; j < H; j++) out[j] *= row[H + j];
  return out;
};

interface GruCase {
  gates: Matrix;
  H: number;
  about: string;
}

/** A gate row [r | z | n]: r and z in (0, 1), n in (-1, 1). */
const gateRow = (rng: Rng, H: number, zLo = 0.02, zHi = 0.98): number[] => [
  ...uniformVector(rng, H, 0.02, 0.98),
  ...uniformVector(rng, H, zLo, zHi),
  ...uniformVector(rng, H, -0.98, 0.98),
];

const gruInputs: GruCase[] = (() => {
  const rng = new Rng(1131);
  const random = (T: number, H: number, zLo?: number, zHi?: number) => Array.from({ length: T }, () => gateRow(rng, H, zLo, zHi));
  return [
    { gates: [], H: 2, about: "T = 0: h_T is h_0, the factor is 1" },
    { gates: [[0.3, 0.8, -0.5]], H: 1, about: "one step, one unit: the factor is z_1" },
    { gates: [[0.9, 0.1, 0.6, 0.7, -0.4, 0.2], [0.2, 0.3, 0.5, 0.5, 0.9, -0.9]], H: 2, about: "two steps: r, z and n blocks hold different numbers" },
    { gates: [[0.5, 0.5, 1, 1, 0.3, -0.3], [0.5, 0.5, 1, 1, -0.8, 0.8], [0.5, 0.5, 1, 1, 0, 0]], H: 2, about: "z = 1: the state, and its gradient, pass unchanged" },
    { gates: [[0.4, 0.4, 0.9, 0.9, 0.1, 0.1], [0.4, 0.4, 0, 0.5, 0.1, 0.1]], H: 2, about: "z = 0 in one unit: that unit's direct path is cut" },
    { gates: random(5, 3), H: 3, about: "random gates, 5 steps" },
    { gates: random(4, 4), H: 4, about: "random gates, 4 steps" },
    { gates: random(30, 2, 0.4, 0.6), H: 2, about: "30 steps with z near 1/2 (a GRU at initialization)" },
  ];
})();

const gruHidden: GruCase[] = (() => {
  const rng = new Rng(1132);
  return [[6, 3], [11, 2], [3, 5]].map(([T, H]) => ({ gates: Array.from({ length: T }, () => gateRow(rng, H, 0, 1)), H, about: "more random gates" }));
})();

const gruChecks = casesFor<{ gruDirectPath: GruDirectPath }>();

export const gruUpdatePath = defineExercise<{ gruDirectPath: GruDirectPath }>({
  id: "gru-update-path",
  names: ["gruDirectPath"],
  checks: [
    ...gruChecks({
      name: (c) => c.about,
      inputs: gruInputs,
      show: (c) => `gates = ${show(c.gates)}, H = ${c.H}`,
      expected: (c) => gruOracle(c.gates, c.H),
      actual: (sol, c) => sol.gruDirectPath(copyMatrix(c.gates), c.H),
      hint: "Each row is [r_1..r_H | z_1..z_H | n_1..n_H]; z_t sits at columns H..2H-1. In this library h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}: the direct path keeps z, over every step t = 1..T.",
      matches: arrayClose(1e-12),
    }),
    {
      name: "leaves the gate rows unchanged",
      input: `gates = ${show(gruInputs[2].gates)}, H = 2`,
      expected: gruInputs[2].gates,
      actual: (sol) => {
        const gates = copyMatrix(gruInputs[2].gates);
        sol.gruDirectPath(gates, 2);
        return gates;
      },
      hint: "Read the gates; keep the running product in a new array.",
    },
  ],
  hidden: gruChecks({
    name: (c) => c.about,
    inputs: gruHidden,
    show: (c) => `gates = ${show(c.gates)}, H = ${c.H}`,
    expected: (c) => gruOracle(c.gates, c.H),
    actual: (sol, c) => sol.gruDirectPath(copyMatrix(c.gates), c.H),
    hint: "The same product holds for every T and H.",
    matches: arrayClose(1e-12),
  }),
  wrong: [
    {
      mistake: "the product of 1 - z: the convention of Chung et al. (2014), not this library's",
      solution: { gruDirectPath: (gates, H) => gruOracle(gates.map((r) => r.map((v, k) => (k >= H && k < 2 * H ? 1 - v : v))), H) },
    },
    { mistake: "reads the reset gate r (columns 0..H-1)", solution: { gruDirectPath: (gates, H) => gruOracle(gates.map((r) => [...r.slice(H, 2 * H), ...r.slice(0, H)]), H) } },
    { mistake: "reads the candidate n (columns 2H..3H-1)", solution: { gruDirectPath: (gates, H) => gruOracle(gates.map((r) => [...r.slice(0, H), ...r.slice(2 * H, 3 * H)]), H) } },
    { mistake: "off by one: skips the first step", solution: { gruDirectPath: (gates, H) => gruOracle(gates.slice(1), H) } },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("lstm-cell-jacobian", { cellJacobian: cellJacobian })`. */
export const lesson = defineLesson({
  "lstm-cell-jacobian": lstmCellJacobian,
  "cell-grad-through-time": cellGradThroughTime,
  "forget-bias-horizon": forgetBiasHorizon,
  "gru-update-path": gruUpdatePath,
});
