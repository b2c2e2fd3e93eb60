/**
 * Checks for lesson 06, "Remedy: activation functions", keyed by the exercise ids in
 * `06-remedy-activations.md`. Each expected value is computed here, independently of the learner's
 * code, by a one-line oracle (a comparison, a column scan, a closed form); random inputs come from
 * our own seeded Rng, built when this module loads, so no check depends on the order of a learner's
 * random calls.
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

type Matrix = number[][];

const fmt = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));
const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
const copyMatrix = (A: Matrix): Matrix => A.map((r) => [...r]);

/** A number (not a string or a boolean that prints like one) within 1e-9 of the expected one; NaN only for NaN. */
const sameNumber = matchesClose();

// ------------------------------------------------------------------------------------------------
// leaky-relu-prime: φ(x) = x for x > 0, a·x otherwise, so φ'(x) = 1 for x > 0 and a for x < 0.
// At the kink x = 0 the library (like PyTorch and TensorFlow) takes the left-hand slope a; a NaN
// input gives NaN.

type LeakyReluPrime = { leakyReluPrime: (x: number, slope: number) => number };

const leakyOracle = (x: number, slope: number): number => (Number.isNaN(x) ? NaN : x > 0 ? 1 : slope);

interface LeakyCase {
  x: number;
  slope: number;
  about: string;
}

const leakyCases: LeakyCase[] = (() => {
  const out: LeakyCase[] = [];
  // A dense grid on both sides of 0 (0 itself is its own case below), three slopes.
  for (const slope of [0.01, 0.2, 0.3]) {
    for (let i = 0; i < 14; i++) out.push({ x: Number((-4.55 + 0.7 * i).toFixed(2)), slope, about: "a grid of inputs from -4.55 to 4.55, both signs" });
  }
  for (const x of [1e6, Infinity]) out.push({ x, slope: 0.01, about: "large positive inputs: the slope stays 1" });
  for (const x of [-1e6, -Infinity]) out.push({ x, slope: 0.01, about: "large negative inputs: the slope stays the leak" });
  for (const slope of [0.01, 0.2, 0]) {
    out.push({ x: 0, slope, about: "the kink: x = 0 takes the negative side's slope (the library's convention)" });
    out.push({ x: -0, slope, about: "the kink: x = 0 takes the negative side's slope (the library's convention)" });
  }
  for (const x of [1e-300, -1e-300, 5e-324, -5e-324, 1e-12, -1e-12]) out.push({ x, slope: 0.01, about: "tiny inputs on either side of the kink" });
  for (const x of [-2, 2]) out.push({ x, slope: 0, about: "slope 0 gives ReLU's derivative" });
  // A learned (PReLU) slope can be negative or above 1: the derivative is still the slope itself.
  for (const [x, slope] of [[-1, -0.25], [0, -0.25], [3, -0.25], [-1, 1.5], [0.5, 1.5]]) out.push({ x, slope, about: "any slope, negative or above 1: the derivative on the negative side is the slope itself" });
  out.push({ x: NaN, slope: 0.01, about: "NaN in, NaN out" });
  out.push({ x: NaN, slope: 0.2, about: "NaN in, NaN out" });
  return out;
})();

const leakyHidden: LeakyCase[] = (() => {
  const rng = new Rng(606);
  return Array.from({ length: 16 }, (_, i) => ({
    x: i % 4 === 0 ? (rng.uniform() < 0.5 ? -1 : 1) * 10 ** rng.uniformIn(-200, -5) : rng.uniformIn(-20, 20),
    slope: rng.uniformIn(0.001, 0.5),
    about: "more inputs and slopes",
  }));
})();

const leakyChecks = casesFor<LeakyReluPrime>();

/** What a learner who copied the public cases and their answers into a table would have (a known-wrong answer). */
const leakyPublicTable = new Map(leakyCases.map((c) => [`${fmt(c.x)}|${c.slope}`, leakyOracle(c.x, c.slope)]));

const leakyHint = (c: LeakyCase): string => {
  if (Number.isNaN(c.x)) return "NaN > 0 and NaN <= 0 are both false: test for NaN (or order the comparisons so that it falls through) and return NaN, so a broken value shows up instead of becoming a slope.";
  if (c.x === 0) return "At exactly 0 the library takes the slope of the negative side: x > 0 gives 1, everything else (0 and -0 included) gives the slope.";
  return "For x > 0 the function is x, with slope 1; for x < 0 it is slope · x, whose derivative is the argument `slope` itself, whatever its value or sign (not a fixed 0.01, not clamped).";
};

export const leakyReluPrime = defineExercise<LeakyReluPrime>({
  id: "leaky-relu-prime",
  names: ["leakyReluPrime"],
  checks: leakyChecks({
    name: (c) => c.about,
    inputs: leakyCases,
    show: (c) => `x = ${fmt(c.x)}, slope = ${c.slope}`,
    expected: (c) => leakyOracle(c.x, c.slope),
    actual: (s, c) => s.leakyReluPrime(c.x, c.slope),
    hint: leakyHint,
    matches: sameNumber,
  }),
  hidden: leakyChecks({
    name: (c) => c.about,
    inputs: leakyHidden,
    show: (c) => `x = ${c.x}, slope = ${c.slope}`,
    expected: (c) => leakyOracle(c.x, c.slope),
    actual: (s, c) => s.leakyReluPrime(c.x, c.slope),
    hint: leakyHint,
    matches: sameNumber,
  }),
  wrong: [
    { mistake: "x >= 0 ? 1 : slope: the right-hand slope at the kink", solution: { leakyReluPrime: (x, a) => (x >= 0 ? 1 : a) } },
    { mistake: "x > 0 ? 1 : 0.01: the library's slope hard-coded instead of the argument", solution: { leakyReluPrime: (x) => (x > 0 ? 1 : 0.01) } },
    { mistake: "x > 0 ? x : slope · x: the function, not its derivative", solution: { leakyReluPrime: (x, a) => (x > 0 ? x : a * x) } },
    { mistake: "x > 0 ? 1 : slope: right everywhere except NaN, which becomes the slope", solution: { leakyReluPrime: (x, a) => (x > 0 ? 1 : a) } },
    { mistake: "x > 0 ? 1 : x < 0 ? slope : 0: ReLU's value at the kink", solution: { leakyReluPrime: (x, a) => (x > 0 ? 1 : x < 0 ? a : 0) } },
    {
      mistake: "Math.max(slope, x > 0 ? 1 : 0) with a NaN test: right only for slopes between 0 and 1",
      solution: { leakyReluPrime: (x, a) => (Number.isNaN(x) ? NaN : Math.max(a, x > 0 ? 1 : 0)) },
    },
    {
      mistake: "a table of the public cases (inputs and slopes), 0.5 for anything else",
      solution: { leakyReluPrime: (x, a) => leakyPublicTable.get(`${fmt(x)}|${a}`) ?? 0.5 },
      caughtBy: "hidden",
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// dead-unit-fraction: Z has one row per example and one column per unit. A unit is dead on the
// batch when z <= 0 for EVERY example (ReLU'(0) = 0 counts z = 0 as off); the answer is the
// number of dead units over the number of units.

type DeadUnitFraction = { deadUnitFraction: (Z: Matrix) => number };

const deadOracle = (Z: Matrix): number => {
  const units = Z[0].length;
  let dead = 0;
  for (let j = 0; j < units; j++) if (Z.every((row) => row[j] <= 0)) dead++;
  return dead / units;
};

interface DeadCase {
  Z: Matrix;
  about: string;
}

/** Pre-activations of a batch: unit j is N(0, 1) plus its own bias, drawn so that some units are dead. */
function randomPreActivations(rng: Rng, rows: number, cols: number): Matrix {
  const bias = Array.from({ length: cols }, () => rng.uniformIn(-4, 1));
  return Array.from({ length: rows }, () => bias.map((b) => Number((rng.normal() + b).toFixed(3))));
}

const deadCases: DeadCase[] = (() => {
  const rng = new Rng(616);
  const out: DeadCase[] = [
    { Z: [[-1, 2, 0], [-3, -1, 0], [-0.5, 4, -2]], about: "three examples, three units, by hand: units 1 and 3 are dead" },
    { Z: [[-1, -1], [-1, 0.001], [-1, -1]], about: "a unit active for a single example is alive" },
    { Z: [[2, -1, -1], [-1, -2, -1], [-3, -1, -2]], about: "a unit active only on the first example is alive: read every row" },
    { Z: [[-1, -2, -1], [-1, -2, -3], [-1, -2, 4]], about: "a unit active only on the last example is alive: read every row" },
    { Z: [[-1, 1e-10, -2], [-0.5, -1, 5e-324], [-2, -3, -1]], about: "a tiny positive pre-activation is still active (its slope is 1): no tolerance" },
    { Z: [[0, 0, 1], [0, -1, 0]], about: "exact zeros count as off (ReLU'(0) = 0)" },
    { Z: [[-0, 1]], about: "exact zeros count as off (ReLU'(0) = 0)" },
    { Z: [[-1, 2, 0, -3]], about: "one example: dead means inactive for it" },
    { Z: [[-1, -2, -3, -4, 5], [-1, -2, -3, -4, 6]], about: "two examples, five units: count units (columns), not examples" },
    { Z: [[-1, 1], [-2, 1], [-3, 1], [-4, 1], [-5, 1], [-6, -1]], about: "six examples, two units: count units (columns), not examples" },
    { Z: [[0.5, 1, 2], [3, 0.1, 4]], about: "no dead unit" },
    { Z: [[-0.5, -1, -2], [-3, -0.1, 0]], about: "every unit dead" },
  ];
  for (const [rows, cols] of [[8, 5], [20, 12], [3, 16], [50, 7], [12, 12]] as const) {
    out.push({ Z: randomPreActivations(rng, rows, cols), about: "random pre-activations of several batch shapes" });
  }
  return out;
})();

const deadHidden: DeadCase[] = (() => {
  const rng = new Rng(626);
  return [[30, 9], [4, 25], [15, 15], [100, 3], [7, 40]].map(([rows, cols]) => ({ Z: randomPreActivations(rng, rows, cols), about: "more random batches" }));
})();

/** The matrix as the learner reads it: the shape, and the rows (the first six of a tall one). */
const showZ = (Z: Matrix): string =>
  `Z (${Z.length} × ${Z[0].length}) = ${Z.length <= 6 ? show(Z) : `${show(Z.slice(0, 6)).slice(0, -1)}, ... ${Z.length - 6} more rows]`}`;

const deadChecks = casesFor<DeadUnitFraction>();

/**
 * Names the mistake when the value shows it: the count instead of the fraction, a percentage, the
 * share of live units. `units` is the number of columns of the case's Z.
 */
const deadDiagnosis = (units: number) => (actual: unknown, expected: unknown): string | undefined => {
  if (typeof actual !== "number" || typeof expected !== "number" || actual === expected) return undefined;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  // Above 1 a value cannot be a fraction: only then is a count or a percentage certain.
  if (actual > 1 && near(actual, expected * units)) return `That is the number of dead units; return their fraction: divide by the number of units (columns), ${units} here.`;
  if (actual > 1 && near(actual, 100 * expected)) return "That is a percentage; return the fraction, between 0 and 1.";
  if (near(actual, 1 - expected)) return "That is the share of live units (active on at least one example); return the share of dead ones.";
  return undefined;
};

/** What a learner who copied the public batches and their answers into a table would have (a known-wrong answer). */
const deadPublicTable = new Map(deadCases.map((c) => [JSON.stringify(c.Z), deadOracle(c.Z)]));

export const deadUnitFraction = defineExercise<DeadUnitFraction>({
  id: "dead-unit-fraction",
  names: ["deadUnitFraction"],
  checks: [
    ...deadCases.flatMap((c0) => deadChecks({
      name: (c) => c.about,
      inputs: [c0],
      show: (c) => showZ(c.Z),
      expected: (c) => deadOracle(c.Z),
      actual: (s, c) => s.deadUnitFraction(copyMatrix(c.Z)),
      hint: (c) =>
        c.about.includes("zeros")
          ? "ReLU'(0) = 0: a unit at exactly z = 0 passes no gradient, so test z <= 0, not z < 0."
          : c.about.includes("tolerance")
            ? "A unit with z > 0 on some example passes the gradient there with slope 1, however small z is: compare with 0 exactly, not with a small threshold."
            : "Look at each column j (one unit) and ask whether Z[i][j] <= 0 for every row i (every example, the first and the last included); divide the number of such columns by the number of columns.",
      matches: matchesClose(),
      diagnose: deadDiagnosis(c0.Z[0].length),
    })),
    {
      name: "leaves Z unchanged",
      input: "Z = [[-1, 2, 0], [-3, -1, 0.5], [-0.5, 4, -2]]",
      expected: [[-1, 2, 0], [-3, -1, 0.5], [-0.5, 4, -2]],
      actual: (s) => {
        const Z = [[-1, 2, 0], [-3, -1, 0.5], [-0.5, 4, -2]];
        s.deadUnitFraction(Z);
        return Z;
      },
      hint: "Read Z without writing into it (no clamping with Math.max in place, no sorting of its rows): the caller still needs the pre-activations.",
      matches: matchesClose(),
    },
  ],
  hidden: deadHidden.flatMap((c0) => deadChecks({
    name: (c) => c.about,
    inputs: [c0],
    show: (c) => showZ(c.Z),
    expected: (c) => deadOracle(c.Z),
    actual: (s, c) => s.deadUnitFraction(copyMatrix(c.Z)),
    hint: "The share of columns whose entries are all <= 0.",
    matches: matchesClose(),
    diagnose: deadDiagnosis(c0.Z[0].length),
  })),
  wrong: [
    {
      mistake: "the share of entries that are <= 0 (inactive values), not of units inactive for every example",
      solution: { deadUnitFraction: (Z) => Z.flat().filter((z) => z <= 0).length / Z.flat().length },
    },
    {
      mistake: "z < 0 instead of z <= 0: a unit at exactly 0 passes no gradient either",
      solution: { deadUnitFraction: (Z) => Z[0].filter((_, j) => Z.every((row) => row[j] < 0)).length / Z[0].length },
    },
    {
      mistake: "per example: the share of rows (examples) on which every unit is off",
      solution: { deadUnitFraction: (Z) => Z.filter((row) => row.every((z) => z <= 0)).length / Z.length },
    },
    {
      mistake: "some instead of every: a unit counted as dead when it is off for any one example",
      solution: { deadUnitFraction: (Z) => Z[0].filter((_, j) => Z.some((row) => row[j] <= 0)).length / Z[0].length },
    },
    {
      mistake: "applies ReLU in place (Z[i][j] = max(0, z)) and counts all-zero columns: right number, the caller's Z is changed",
      solution: {
        deadUnitFraction: (Z) => {
          for (const row of Z) row.forEach((z, j) => { row[j] = Math.max(0, z); });
          return Z[0].filter((_, j) => Z.every((row) => row[j] === 0)).length / Z[0].length;
        },
      },
    },
    {
      mistake: "the number of dead units, not their fraction",
      solution: { deadUnitFraction: (Z) => Z[0].filter((_, j) => Z.every((row) => row[j] <= 0)).length },
    },
    {
      mistake: "off by one over the examples: the last row is never read",
      solution: { deadUnitFraction: (Z) => Z[0].filter((_, j) => Z.slice(0, -1).every((row) => row[j] <= 0)).length / Z[0].length },
    },
    {
      mistake: "a tolerance: z < 1e-9 counted as off, so a barely active unit is called dead",
      solution: { deadUnitFraction: (Z) => Z[0].filter((_, j) => Z.every((row) => row[j] < 1e-9)).length / Z[0].length },
    },
    {
      mistake: "a table of the public batches' answers, 0.25 for any other batch",
      solution: { deadUnitFraction: (Z) => deadPublicTable.get(JSON.stringify(Z)) ?? 0.25 },
      caughtBy: "hidden",
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// relu-norm-ratio: each (leaky) ReLU layer multiplies the gradient's norm by g · sqrt(E[φ'(z)²]) =
// g · sqrt((1 + a²)/2) for weights of gain g and z symmetric around 0, so over L hidden layers
// ‖∇h_1‖ / ‖∇h_L‖ ≈ (g · sqrt((1 + a²)/2))^(L-1).

type PredictedNormRatio = { predictedNormRatio: (depth: number, gain: number, slope: number) => number };

const ratioOracle = (depth: number, gain: number, slope: number): number => (gain * Math.sqrt((1 + slope * slope) / 2)) ** (depth - 1);

interface RatioCase {
  depth: number;
  gain: number;
  slope: number;
  about: string;
}

const ratioCases: RatioCase[] = (() => {
  const out: RatioCase[] = [];
  for (const gain of [1, 2.5]) out.push({ depth: 1, gain, slope: 0, about: "one layer: h_1 is h_L" });
  for (const depth of [2, 3, 8, 9]) out.push({ depth, gain: 1, slope: 0, about: "ReLU with gain 1: 1/√2 per layer" });
  for (const depth of [5, 30]) out.push({ depth, gain: Math.SQRT2, slope: 0, about: "He's gain √2: flat" });
  for (const gain of [0.5, 0.8, 1.2, 1.7, 2, 2.5, 3]) {
    for (const depth of [4, 7]) out.push({ depth, gain, slope: 0, about: "gains from 0.5 to 3, odd and even depths" });
  }
  for (const slope of [0.01, 0.1, 0.25, 0.5, 1]) {
    for (const depth of [6, 11]) out.push({ depth, gain: 1.3, slope, about: "leaky slopes: the negative side adds a² / 2" });
  }
  out.push({ depth: 5, gain: 1.1, slope: -0.3, about: "a negative slope: only its square counts" });
  out.push({ depth: 50, gain: 1, slope: 0, about: "deep networks: tiny and huge ratios" });
  out.push({ depth: 40, gain: 2.5, slope: 0.2, about: "deep networks: tiny and huge ratios" });
  return out;
})();

const ratioHidden: RatioCase[] = (() => {
  const rng = new Rng(636);
  return Array.from({ length: 12 }, () => ({
    depth: 1 + rng.int(40),
    gain: rng.uniformIn(0.3, 3),
    slope: rng.uniformIn(-1, 1),
    about: "more depths, gains and slopes",
  }));
})();

const ratioChecks = casesFor<PredictedNormRatio>();

/**
 * Names the mistake when the value shows it, from the expected value and the depth alone: the ratio of
 * squared norms (expected²), or one factor too many or too few (the factor per layer is
 * expected^(1/(depth − 1))).
 */
const ratioDiagnosis = (depth: number) => (actual: unknown, expected: unknown): string | undefined => {
  // At depth 2 the squared ratio and one factor too many give the same number: the hint covers both.
  if (depth === 2 || typeof actual !== "number" || typeof expected !== "number" || !(expected > 0) || expected === 1) return undefined;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);
  if (near(actual, expected * expected)) return "That is the ratio of the squared norms: each layer multiplies the norm by the square root of what it does to the squared norm.";
  if (depth >= 2) {
    const perLayer = expected ** (1 / (depth - 1));
    if (near(actual, expected * perLayer)) return "One factor too many: between h_1 and h_L there are depth − 1 layers' Jacobians, not depth.";
    if (near(actual, expected / perLayer)) return "One factor too few: between h_1 and h_L there are depth − 1 layers' Jacobians.";
  }
  return undefined;
};

/** What a learner who copied the public cases and their answers into a table would have (a known-wrong answer). */
const ratioPublicTable = new Map(ratioCases.map((c) => [`${c.depth}|${c.gain}|${c.slope}`, ratioOracle(c.depth, c.gain, c.slope)]));

export const reluNormRatio = defineExercise<PredictedNormRatio>({
  id: "relu-norm-ratio",
  names: ["predictedNormRatio"],
  checks: ratioCases.flatMap((c0) => ratioChecks({
    name: (c) => c.about,
    inputs: [c0],
    show: (c) => `depth = ${c.depth}, gain = ${Number(c.gain.toPrecision(6))}, slope = ${c.slope}`,
    expected: (c) => ratioOracle(c.depth, c.gain, c.slope),
    actual: (s, c) => s.predictedNormRatio(c.depth, c.gain, c.slope),
    hint: (c) =>
      c.slope !== 0
        ? "On the negative side φ'(z)² = a², so E[φ'(z)²] = (1 + a²)/2 for z symmetric around 0: use its square root, not the mean slope (1 + a)/2."
        : "One factor per layer between h_1 and h_L (depth − 1 of them), each g · sqrt(E[φ'(z)²]) with E[φ'(z)²] = 1/2 for ReLU: the norm, not its square.",
    matches: matchesClose(),
    diagnose: ratioDiagnosis(c0.depth),
  })),
  hidden: ratioHidden.flatMap((c0) => ratioChecks({
    name: (c) => c.about,
    inputs: [c0],
    show: (c) => `depth = ${c.depth}, gain = ${c.gain}, slope = ${c.slope}`,
    expected: (c) => ratioOracle(c.depth, c.gain, c.slope),
    actual: (s, c) => s.predictedNormRatio(c.depth, c.gain, c.slope),
    hint: "The same formula holds for every depth, gain and slope.",
    matches: matchesClose(),
    diagnose: ratioDiagnosis(c0.depth),
  })),
  wrong: [
    { mistake: "off by one over layers: the power depth instead of depth − 1", solution: { predictedNormRatio: (L, g, a) => (g * Math.sqrt((1 + a * a) / 2)) ** L } },
    { mistake: "the ratio of squared norms: forgets the square root", solution: { predictedNormRatio: (L, g, a) => ((g * g * (1 + a * a)) / 2) ** (L - 1) } },
    { mistake: "E[φ'] instead of sqrt(E[φ'²]): g (1 + a)/2 per layer", solution: { predictedNormRatio: (L, g, a) => ((g * (1 + a)) / 2) ** (L - 1) } },
    { mistake: "the mean slope inside the root: g sqrt((1 + a)/2)", solution: { predictedNormRatio: (L, g, a) => (g * Math.sqrt((1 + a) / 2)) ** (L - 1) } },
    { mistake: "ignores the leak: (g/√2)^(depth − 1) for every slope", solution: { predictedNormRatio: (L, g) => (g / Math.SQRT2) ** (L - 1) } },
    { mistake: "ignores the gain: (1/√2)^(depth − 1)", solution: { predictedNormRatio: (L, _g, a) => Math.sqrt((1 + a * a) / 2) ** (L - 1) } },
    {
      mistake: "a table of the public cases' answers, 1 for anything else",
      solution: { predictedNormRatio: (L, g, a) => ratioPublicTable.get(`${L}|${g}|${a}`) ?? 1 },
      caughtBy: "hidden",
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("leaky-relu-prime", { leakyReluPrime: leakyReluPrime })`. */
export const lesson = defineLesson({
  "leaky-relu-prime": leakyReluPrime,
  "dead-unit-fraction": deadUnitFraction,
  "relu-norm-ratio": reluNormRatio,
});
