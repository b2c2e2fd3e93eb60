/**
 * Checks for lesson 07, "Remedy: initialization", keyed by the exercise ids in
 * `07-remedy-initialization.md`. Expected values are closed forms computed here without the
 * learner's code; random inputs come from our own seeded Rng, built when this module loads. The
 * initializer's checks hand the learner a seeded stream of uniform numbers and compare what comes
 * back in a way that does not depend on the order of the learner's draws (sorted magnitudes).
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));

// ------------------------------------------------------------------------------------------------
// uniform-variance: Var(U[a, b]) = (b - a)² / 12. For [-a, a] it is a²/3, the step from Glorot's
// variance to the uniform limit sqrt(6 / (n_in + n_out)).

type UniformVariance = (a: number, b: number) => number;
const varianceOracle: UniformVariance = (a, b) => (b - a) ** 2 / 12;

const varianceChecks = casesFor<{ uniformVariance: UniformVariance }>();

/** Intervals [a, b] with a < b: symmetric ones, a dense grid of shifted ones, both signs, tiny and huge. */
const symmetric: [number, number][] = [[-1, 1], [-0.5, 0.5], [-3, 3], [-Math.sqrt(6 / 64), Math.sqrt(6 / 64)]];
const shifted: [number, number][] = (() => {
  const out: [number, number][] = [];
  for (const a of [-2, -0.75, 0, 0.3, 1.5]) for (const w of [0.4, 1, 2.5]) out.push([a, a + w]);
  return out;
})();
const negative: [number, number][] = [[-5, -2], [-1, -0.25], [-10, -9.5]];
const extreme: [number, number][] = [[0, 1e-6], [-2e-5, 3e-5], [-1e6, 3e6], [1e4, 1e4 + 0.01]];

/** Names the mistake when the value shows it: the whole width used as the half-width, the standard deviation. */
const varianceDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (typeof actual !== "number" || typeof expected !== "number" || !(expected > 0) || actual === expected) return undefined;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);
  if (near(actual, 4 * expected)) return "Four times too large: a²/3 holds for [-a, a], whose width is 2a, so a is half the width, (b - a)/2, not b - a.";
  if (near(actual * actual, expected)) return "That is the standard deviation; the variance is its square.";
  if (actual === 0) return "0, but an interval of width b - a > 0 has a positive variance, however small: do not round.";
  if (near(actual, expected)) return "Right to about 6 digits but not exact: return the value as computed, without rounding it (no toFixed, no Math.round).";
  return undefined;
};

/** What a learner who copied the public intervals and their answers into a table would have (a known-wrong answer). */
const variancePublicTable = new Map([...symmetric, ...shifted, ...negative, ...extreme].map(([a, b]) => [`${a}|${b}`, varianceOracle(a, b)]));

export const uniformVariance = defineExercise<{ uniformVariance: UniformVariance }>({
  id: "uniform-variance",
  names: ["uniformVariance"],
  checks: [
    ...varianceChecks({
      name: "symmetric intervals [-a, a]: a²/3",
      inputs: symmetric,
      show: ([a, b]) => `a = ${a}, b = ${b}`,
      expected: ([a, b]) => varianceOracle(a, b),
      actual: (s, [a, b]) => s.uniformVariance(a, b),
      hint: "For [-a, a] the density is 1/(2a), the mean is 0, and E[x²] = ∫ x²/(2a) dx from -a to a = a²/3.",
      diagnose: varianceDiagnosis,
    }),
    ...varianceChecks({
      name: "intervals not centred on 0: only the width counts",
      inputs: shifted,
      show: ([a, b]) => `a = ${a}, b = ${b}`,
      expected: ([a, b]) => varianceOracle(a, b),
      actual: (s, [a, b]) => s.uniformVariance(a, b),
      hint: "Shifting every value by the same amount leaves the variance unchanged: move [a, b] to [-w, w] with w = (b - a)/2, then use w²/3. Do not return E[x²]: the mean is not 0 here.",
      diagnose: varianceDiagnosis,
    }),
    ...varianceChecks({
      name: "intervals left of 0",
      inputs: negative,
      show: ([a, b]) => `a = ${a}, b = ${b}`,
      expected: ([a, b]) => varianceOracle(a, b),
      actual: (s, [a, b]) => s.uniformVariance(a, b),
      hint: "A variance is never negative and does not depend on where the interval sits, only on its width b - a.",
      diagnose: varianceDiagnosis,
    }),
    ...varianceChecks({
      name: "tiny, huge and far-from-0 intervals",
      inputs: extreme,
      show: ([a, b]) => `a = ${a}, b = ${b}`,
      expected: ([a, b]) => varianceOracle(a, b),
      actual: (s, [a, b]) => s.uniformVariance(a, b),
      hint: "Far from 0, E[x²] - E[x]² subtracts two nearly equal large numbers and loses most digits; compute from the width b - a instead. A tiny interval has a tiny variance, not 0: do not round.",
      // Relative only: with an absolute floor, 0 would pass for [0, 1e-6], whose variance is 8.3e-14.
      matches: matchesClose({ atol: 0 }),
      diagnose: varianceDiagnosis,
    }),
  ],
  hidden: varianceChecks({
    name: "random intervals",
    inputs: (() => {
      const rng = new Rng(701);
      return Array.from({ length: 6 }, () => {
        const a = 10 * (rng.uniform() - 0.5);
        return [a, a + 0.1 + 5 * rng.uniform()] as [number, number];
      });
    })(),
    show: ([a, b]) => `a = ${a}, b = ${b}`,
    expected: ([a, b]) => varianceOracle(a, b),
    actual: (s, [a, b]) => s.uniformVariance(a, b),
    hint: "The same formula for every interval.",
  }),
  wrong: [
    { mistake: "E[x²] = (a² + ab + b²)/3: the second moment, right only when the mean is 0", solution: { uniformVariance: (a, b) => (a * a + a * b + b * b) / 3 } },
    { mistake: "(b - a)²/3: the a²/3 rule with the whole width for a", solution: { uniformVariance: (a, b) => (b - a) ** 2 / 3 } },
    { mistake: "(b - a)/12: the square forgotten", solution: { uniformVariance: (a, b) => (b - a) / 12 } },
    { mistake: "b²/3: the symmetric formula on any interval", solution: { uniformVariance: (_a, b) => (b * b) / 3 } },
    { mistake: "(b - a)/√12: the standard deviation, not the variance", solution: { uniformVariance: (a, b) => (b - a) / Math.sqrt(12) } },
    { mistake: "a²/3 with the argument a (the lower end) taken for the half-width: right only on [-a, a]", solution: { uniformVariance: (a) => (a * a) / 3 } },
    { mistake: "rounded to 10 decimals: a tiny interval's variance becomes 0", solution: { uniformVariance: (a, b) => Number(((b - a) ** 2 / 12).toFixed(10)) } },
    {
      mistake: "a table of the public intervals' answers, 1 for any other",
      solution: { uniformVariance: (a, b) => variancePublicTable.get(`${a}|${b}`) ?? 1 },
      caughtBy: "hidden",
    },
    {
      mistake: "E[x²] - E[x]²: right on paper, loses its digits far from 0",
      solution: { uniformVariance: (a, b) => (a * a + a * b + b * b) / 3 - ((a + b) / 2) ** 2 },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// he-uniform-weights: an (nOut, nIn) matrix from U[-a, a] with a = sqrt(6 / nIn), one draw of
// uniform01() per weight. Var = a²/3 = 2/nIn, He et al.'s condition for ReLU layers.

type HeUniformWeights = (nOut: number, nIn: number, uniform01: () => number) => number[][];

/** A seeded stream of numbers in [0, 1) that counts its draws. */
function stream(seed: number): { next: () => number; draws: () => number } {
  const rng = new Rng(seed);
  let count = 0;
  return { next: () => { count++; return rng.uniform(); }, draws: () => count };
}

/** The first n draws of stream(seed), mapped to |a (2u - 1)| and sorted: what any correct answer's magnitudes are. */
function sortedMagnitudes(seed: number, n: number, limit: number): number[] {
  const s = stream(seed);
  return Array.from({ length: n }, () => Math.abs(limit * (2 * s.next() - 1))).sort((x, y) => x - y);
}

const heLimit = (nIn: number) => Math.sqrt(6 / nIn);

interface WeightCase { nOut: number; nIn: number; seed: number }

/** Shapes: square ones, tall and wide ones (so fan-in and fan-out differ both ways), a single weight. */
const weightCases: WeightCase[] = [
  { nOut: 4, nIn: 4, seed: 1 }, { nOut: 3, nIn: 8, seed: 2 }, { nOut: 8, nIn: 3, seed: 3 },
  { nOut: 1, nIn: 1, seed: 4 }, { nOut: 2, nIn: 50, seed: 5 }, { nOut: 50, nIn: 2, seed: 6 }, { nOut: 16, nIn: 32, seed: 7 },
];

/** What the learner returns, as plain data: rows (arrays of numbers) or whatever else came back. */
function rowsOf(W: unknown): number[][] | unknown {
  return Array.isArray(W) ? W.map((r) => (Array.isArray(r) || ArrayBuffer.isView(r) ? Array.from(r as ArrayLike<number>) : r)) : W;
}
const shapeOf = (W: unknown): unknown =>
  Array.isArray(W) ? { rows: W.length, columns: W.map((r) => (Array.isArray(r) || ArrayBuffer.isView(r) ? (r as ArrayLike<unknown>).length : typeof r)) } : typeof W;

const weightChecks = casesFor<{ heUniformWeights: HeUniformWeights }>();

/**
 * Names the mistake when every magnitude is the right one times the same factor: the draws are
 * mapped right (a · (2u - 1)), only the limit a is off.
 */
const limitDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length || expected.length === 0) return undefined;
  if (!actual.every((v) => typeof v === "number" && Number.isFinite(v))) return undefined;
  const last = expected.length - 1;
  const r = (actual[last] as number) / (expected[last] as number);
  if (!(r > 0) || Math.abs(r - 1) < 1e-9) return undefined;
  const scaled = expected.every((e: number, i) => Math.abs((actual[i] as number) - r * e) <= 1e-9 * Math.max(1e-12, r * e));
  return scaled
    ? `Every weight is the right draw times ${Number(r.toPrecision(3))}: the mapping a · (2u - 1) is right, the limit a is not. Var(U[-a, a]) = a²/3 must equal 2/n_in.`
    : undefined;
};

export const heUniformWeights = defineExercise<{ heUniformWeights: HeUniformWeights }>({
  id: "he-uniform-weights",
  names: ["heUniformWeights"],
  checks: [
    ...weightChecks({
      name: "shape: nOut rows of nIn weights",
      inputs: weightCases,
      show: (c) => `nOut = ${c.nOut}, nIn = ${c.nIn}`,
      expected: (c) => ({ rows: c.nOut, columns: new Array(c.nOut).fill(c.nIn) }),
      actual: (s, c) => shapeOf(s.heUniformWeights(c.nOut, c.nIn, stream(c.seed).next)),
      hint: "W has shape (n_out, n_in): one row per unit of the layer, one column per input. Return an array of nOut arrays of nIn numbers.",
      matches: matchesClose({ rtol: 0, atol: 0 }),
    }),
    ...weightChecks({
      name: "one draw of uniform01() per weight",
      inputs: weightCases,
      show: (c) => `nOut = ${c.nOut}, nIn = ${c.nIn}`,
      expected: (c) => c.nOut * c.nIn,
      actual: (s, c) => {
        const u = stream(c.seed);
        s.heUniformWeights(c.nOut, c.nIn, u.next);
        return u.draws();
      },
      hint: "Call uniform01() exactly once for each weight (nOut · nIn times), and use no other source of randomness.",
      matches: matchesClose({ rtol: 0, atol: 0 }),
    }),
    ...weightChecks({
      name: "every weight lies in [-a, a] with a = √(6/nIn), and uses the draws as U[-a, a] would",
      inputs: weightCases,
      show: (c) => `nOut = ${c.nOut}, nIn = ${c.nIn}: a = ${heLimit(c.nIn).toPrecision(4)}`,
      expected: (c) => sortedMagnitudes(c.seed, c.nOut * c.nIn, heLimit(c.nIn)),
      actual: (s, c) => {
        const W = rowsOf(s.heUniformWeights(c.nOut, c.nIn, stream(c.seed).next));
        if (!Array.isArray(W) || !W.every(Array.isArray)) return W;
        return (W as unknown[][]).flat().map((w) => (typeof w === "number" ? Math.abs(w) : w)).sort((x, y) => (x as number) - (y as number));
      },
      hint: "Turn each u = uniform01() in [0, 1) into a · (2u - 1), which lies in [-a, a]. The limit comes from Var = a²/3 = 2/n_in, so a = √(6/n_in): fan-in (the number of columns), a square root, and 6, not 2.",
      diagnose: limitDiagnosis,
    }),
    ...weightChecks({
      name: "the weights' variance is 2/nIn (large layers)",
      inputs: [{ nOut: 200, nIn: 50, seed: 11 }, { nOut: 60, nIn: 300, seed: 12 }],
      show: (c) => `nOut = ${c.nOut}, nIn = ${c.nIn}: 2/nIn = ${(2 / c.nIn).toPrecision(4)}`,
      expected: (c) => 2 / c.nIn,
      actual: (s, c) => {
        const W = s.heUniformWeights(c.nOut, c.nIn, stream(c.seed).next);
        if (!Array.isArray(W)) return W;
        const all = W.flatMap((r) => Array.from(r as ArrayLike<number>));
        return all.reduce((t, w) => t + w * w, 0) / all.length;
      },
      hint: "He et al. want Var(W) = 2/n_in for ReLU layers; a uniform U[-a, a] has variance a²/3.",
      matches: matchesClose({ rtol: 0.06 }),
    }),
    ...weightChecks({
      name: "the weights are centred on 0: about half of them negative (large layers)",
      inputs: [{ nOut: 200, nIn: 50, seed: 11 }, { nOut: 60, nIn: 300, seed: 12 }],
      show: (c) => `nOut = ${c.nOut}, nIn = ${c.nIn}: the share of negative weights`,
      expected: () => 0.5,
      actual: (s, c) => {
        const W = s.heUniformWeights(c.nOut, c.nIn, stream(c.seed).next);
        if (!Array.isArray(W)) return W;
        const all = W.flatMap((r) => Array.from(r as ArrayLike<number>));
        return all.filter((w) => w < 0).length / all.length;
      },
      hint: "U[-a, a] is symmetric about 0: a · (2u - 1) is negative for u < 1/2. Do not take the absolute value or drop the sign.",
      // 10,000 and 18,000 weights: a correct answer's share is 0.5 within 0.01 (two standard deviations).
      matches: matchesClose({ atol: 0.02 }),
    }),
  ],
  hidden: weightChecks({
    name: "other shapes and streams",
    inputs: [{ nOut: 7, nIn: 13, seed: 701 }, { nOut: 13, nIn: 7, seed: 702 }, { nOut: 5, nIn: 5, seed: 703 }],
    show: (c) => `nOut = ${c.nOut}, nIn = ${c.nIn}`,
    expected: (c) => ({ magnitudes: sortedMagnitudes(c.seed, c.nOut * c.nIn, heLimit(c.nIn)), rows: c.nOut, columns: c.nIn }),
    actual: (s, c) => {
      const W = rowsOf(s.heUniformWeights(c.nOut, c.nIn, stream(c.seed).next));
      // The same reading of the answer as the public checks: rows may be arrays or typed arrays.
      if (!Array.isArray(W) || !W.every(Array.isArray)) return W;
      const rows = W as number[][];
      return {
        magnitudes: rows.flat().map(Math.abs).sort((x, y) => x - y),
        rows: rows.length,
        columns: rows[0].length,
      };
    },
    hint: "The same rule for any shape.",
  }),
  wrong: [
    { mistake: "fan-out for fan-in: a = √(6/nOut)", solution: { heUniformWeights: (o, i, u) => fill(o, i, u, Math.sqrt(6 / o)) } },
    { mistake: "a missing square root: a = 6/nIn", solution: { heUniformWeights: (o, i, u) => fill(o, i, u, 6 / i) } },
    { mistake: "the normal standard deviation √(2/nIn) used as the uniform limit", solution: { heUniformWeights: (o, i, u) => fill(o, i, u, Math.sqrt(2 / i)) } },
    { mistake: "LeCun's limit √(3/nIn): the ReLU factor 2 forgotten", solution: { heUniformWeights: (o, i, u) => fill(o, i, u, Math.sqrt(3 / i)) } },
    { mistake: "U[0, a]: the draws not centred", solution: { heUniformWeights: (o, i, u) => Array.from({ length: o }, () => Array.from({ length: i }, () => Math.sqrt(6 / i) * u())) } },
    { mistake: "the shape transposed: nIn rows of nOut", solution: { heUniformWeights: (o, i, u) => fill(i, o, u, Math.sqrt(6 / i)) } },
    { mistake: "Glorot's limit √(6/(nIn + nOut)) for a ReLU layer", solution: { heUniformWeights: (o, i, u) => fill(o, i, u, Math.sqrt(6 / (i + o))) } },
    {
      mistake: "|a (2u - 1)|: the right magnitudes, every weight positive",
      solution: { heUniformWeights: (o, i, u) => fill(o, i, u, Math.sqrt(6 / i)).map((r) => r.map(Math.abs)) },
    },
    {
      mistake: "the first row's draws repeated in every row: nOut · nIn draws, but the rows are copies",
      solution: {
        heUniformWeights: (o, i, u) => {
          const first = fill(1, i, u, Math.sqrt(6 / i))[0];
          for (let k = i; k < o * i; k++) u();
          return Array.from({ length: o }, () => [...first]);
        },
      },
    },
  ],
});

/** A (rows, cols) matrix of limit · (2u - 1): the helper of the wrong answers. */
function fill(rows: number, cols: number, u: () => number, limit: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => limit * (2 * u() - 1)));
}

// ------------------------------------------------------------------------------------------------
// predicted-rms: RMS(h_L) = RMS(x) · Π_k |g_k| √c, for layers with Var(W_k) = g_k² / n_in and an
// activation that keeps a share c of the second moment (identity 1, ReLU 1/2).

type PredictedRms = (rms0: number, gains: number[], activation: "identity" | "relu") => number;
const factorOf = (act: string) => (act === "relu" ? 0.5 : 1);
const rmsOracle: PredictedRms = (rms0, gains, act) => gains.reduce((r, g) => r * Math.abs(g) * Math.sqrt(factorOf(act)), rms0);

interface RmsCase { rms0: number; gains: number[]; activation: "identity" | "relu"; about: string }

const rmsCases: RmsCase[] = [
  { rms0: 1, gains: [], activation: "relu", about: "no layers: the input's RMS" },
  { rms0: 0.7, gains: [1], activation: "identity", about: "one linear layer with g = 1 keeps the RMS" },
  { rms0: 1, gains: [1], activation: "relu", about: "one ReLU layer with g = 1 keeps 1/√2 of it" },
  { rms0: 2, gains: [Math.SQRT2, Math.SQRT2, Math.SQRT2], activation: "relu", about: "He's gain √2 with ReLU keeps it, layer after layer" },
  { rms0: 1, gains: new Array(30).fill(1), activation: "relu", about: "30 ReLU layers with Glorot's g = 1: 2^-15" },
  { rms0: 0.1, gains: new Array(7).fill(2), activation: "identity", about: "7 linear layers with g = 2 (odd depth)" },
  { rms0: 0.1, gains: new Array(8).fill(0.5), activation: "relu", about: "8 ReLU layers with g = 0.5 (even depth)" },
  { rms0: 1.5, gains: [0.5, 1, 1.5, 2, 2.5], activation: "identity", about: "a different gain in every layer" },
  { rms0: 1.5, gains: [0.5, 1, 1.5, 2, 2.5], activation: "relu", about: "a different gain in every layer" },
  { rms0: 1, gains: [-1.5, 2, 0.5], activation: "identity", about: "negative gains flip the weights' signs, not the RMS (one negative)" },
  { rms0: 1, gains: [-1, -2, -0.5], activation: "relu", about: "negative gains flip the weights' signs, not the RMS (three negatives)" },
  { rms0: 1, gains: [-2, -2], activation: "relu", about: "negative gains flip the weights' signs, not the RMS (two negatives)" },
  { rms0: 3, gains: [1.2, 0, 1.2], activation: "identity", about: "a zero gain silences everything above it" },
];

const rmsChecks = casesFor<{ predictedRms: PredictedRms }>();

/**
 * Names a ReLU mistake when the value shows it, from the expected value and the depth L alone: the
 * halving forgotten (√2^L too large), forgotten in the first layer only (√2 too large), or applied
 * to the RMS instead of the mean square (√2^L too small).
 */
const rmsDiagnosis = (c: RmsCase) => (actual: unknown, expected: unknown): string | undefined => {
  if (c.activation !== "relu" || typeof actual !== "number" || typeof expected !== "number" || !(expected > 0)) return undefined;
  const L = c.gains.length;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);
  if (L >= 1 && near(actual, expected * Math.SQRT2 ** L)) return "As if ReLU kept the whole second moment: it keeps half of E[z²], so each layer's factor on the RMS carries 1/√2.";
  if (L >= 2 && near(actual, expected * Math.SQRT2)) return "The first layer halves too: z_1 is symmetric whatever the input, so ReLU keeps half of E[z_1²] there as well.";
  if (L >= 1 && near(actual, expected / Math.SQRT2 ** L)) return "ReLU halves the mean square E[h²], so the RMS (its square root) only by √2 per layer, not by 2.";
  return undefined;
};

/** What a learner who copied the public cases and their answers into a table would have (a known-wrong answer). */
const rmsPublicTable = new Map(rmsCases.map((c) => [`${c.rms0}|${c.gains.join()}|${c.activation}`, rmsOracle(c.rms0, c.gains, c.activation)]));

export const predictedRms = defineExercise<{ predictedRms: PredictedRms }>({
  id: "predicted-rms",
  names: ["predictedRms"],
  checks: [
    ...rmsCases.flatMap((c0) => rmsChecks({
      name: (c) => c.about,
      inputs: [c0],
      show: (c) => `rms0 = ${c.rms0}, gains = ${show(c.gains)}, activation = "${c.activation}"`,
      expected: (c) => rmsOracle(c.rms0, c.gains, c.activation),
      actual: (s, c) => s.predictedRms(c.rms0, [...c.gains], c.activation),
      hint: (c) => c.activation === "relu"
        ? "Each layer multiplies E[h²] by n_in Var(W) · 1/2 = g²/2 (ReLU keeps half of the second moment), so the RMS by |g|/√2: one factor per layer, the first included."
        : "Each linear layer multiplies E[h²] by n_in Var(W) = g², so the RMS (a square root) by |g|.",
      diagnose: rmsDiagnosis(c0),
    })),
    {
      name: "leaves the gains unchanged",
      input: 'rms0 = 1, gains = [0.5, -2, 3], activation = "relu"',
      expected: [0.5, -2, 3],
      actual: (s) => {
        const gains = [0.5, -2, 3];
        s.predictedRms(1, gains, "relu");
        return gains;
      },
      hint: "Read the gains without sorting, reversing, popping or squaring them in place: the caller still needs them.",
      matches: matchesClose({ rtol: 0, atol: 0 }),
    },
  ],
  hidden: rmsChecks({
    name: "random depths and gains",
    inputs: (() => {
      const rng = new Rng(703);
      return Array.from({ length: 6 }, (_, i) => ({
        rms0: 0.05 + rng.uniform(),
        gains: Array.from({ length: 1 + rng.int(12) }, () => (rng.uniform() < 0.2 ? -1 : 1) * (0.3 + 2 * rng.uniform())),
        activation: (i % 2 ? "relu" : "identity") as "identity" | "relu",
        about: "",
      }));
    })(),
    show: (c) => `rms0 = ${c.rms0}, ${c.gains.length} gains, activation = "${c.activation}"`,
    expected: (c) => rmsOracle(c.rms0, c.gains, c.activation),
    actual: (s, c) => s.predictedRms(c.rms0, [...c.gains], c.activation),
    hint: "The same product for any list of gains.",
  }),
  wrong: [
    { mistake: "ReLU's halving forgotten", solution: { predictedRms: (r, gs) => gs.reduce((x, g) => x * Math.abs(g), r) } },
    { mistake: "the halving applied to the RMS instead of the variance: |g|/2 per ReLU layer", solution: { predictedRms: (r, gs, a) => gs.reduce((x, g) => x * Math.abs(g) * factorOf(a), r) } },
    { mistake: "the variance factor g² c used for the RMS: a missing square root", solution: { predictedRms: (r, gs, a) => gs.reduce((x, g) => x * g * g * factorOf(a), r) } },
    { mistake: "the sign kept: Π g √c can come out negative", solution: { predictedRms: (r, gs, a) => gs.reduce((x, g) => x * g * Math.sqrt(factorOf(a)), r) } },
    {
      mistake: "off by one: the first layer's input is not a ReLU output, so no halving there",
      solution: { predictedRms: (r, gs, a) => gs.reduce((x, g, k) => x * Math.abs(g) * (k === 0 ? 1 : Math.sqrt(factorOf(a))), r) },
    },
    {
      mistake: "a table of the public cases' answers, rms0 for any other",
      solution: { predictedRms: (r, gs, a) => rmsPublicTable.get(`${r}|${gs.join()}|${a}`) ?? r },
      caughtBy: "hidden",
    },
    {
      mistake: "squares the caller's gains in place",
      solution: { predictedRms: (r, gs, a) => { gs.forEach((g, k) => { gs[k] = g * g * factorOf(a); }); return r * Math.sqrt(gs.reduce((p, v) => p * v, 1)); } },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("uniform-variance", { uniformVariance: uniformVariance })`. */
export const lesson = defineLesson({
  "uniform-variance": uniformVariance,
  "he-uniform-weights": heUniformWeights,
  "predicted-rms": predictedRms,
});
