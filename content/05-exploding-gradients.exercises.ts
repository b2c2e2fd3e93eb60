/**
 * Checks for lesson 05, "Exploding gradients and clipping", keyed by the exercise ids in
 * `05-exploding-gradients.md`. Each expected value is computed here independently of the learner's
 * code (closed forms in logarithms, a forward-mode recursion, a scale-safe norm); random inputs come
 * from our own seeded Rng, built when the module loads.
 */

import { casesFor, defineExercise, defineLesson, matchesClose } from "../src/exercises/index.js";
import { Rng } from "../src/random/rng.js";

const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));

// ------------------------------------------------------------------------------------------------
// overflow-depth: the norm gLast · s^k first exceeds Number.MAX_VALUE at
//   k = floor((ln MAX − ln gLast) / ln s) + 1.

type LayersToOverflow = (gLast: number, s: number) => number;

const LN_MAX = Math.log(Number.MAX_VALUE);

/** The exact number of layers, computed in logarithms (never forms s^k or MAX / gLast). */
const overflowOracle: LayersToOverflow = (gLast, s) => Math.floor((LN_MAX - Math.log(gLast)) / Math.log(s)) + 1;

/**
 * How far (in layers) an input sits from a boundary where k jumps: cases closer than this would
 * let rounding decide the answer, so none is used (checked when the module loads).
 */
const margin = ([gLast, s]: [number, number]): number => {
  const r = (LN_MAX - Math.log(gLast)) / Math.log(s);
  return Math.min(r - Math.floor(r), Math.ceil(r) - r);
};

const overflowInputs: [number, number][] = [
  [1, 1.5], [1, 3], [1, 10], [0.5, 1.5], [3, 1.1],
  [1e-10, 10], [1e-300, 2.5], [1e-100, 1e10], [2e-5, 1.07],
  [1e10, 1.5], [1e300, 7], [1.5e308, 1.1], [1e308, 3],
  [1, 1.001], [1e-5, 1.01], [1, 1e100], [42, 1.3], [0.01, 1.75],
];

const overflowHidden: [number, number][] = (() => {
  const rng = new Rng(505);
  const out: [number, number][] = [];
  while (out.length < 10) {
    const gLast = 10 ** rng.uniformIn(-300, 300);
    const s = 1 + 10 ** rng.uniformIn(-2.5, 1);
    if (margin([gLast, s]) > 1e-3) out.push([gLast, s]);
  }
  return out;
})();

// Instructor-only (the release drops it): it needs the hidden inputs and the formula itself.
instructor: for (const input of [...overflowInputs, ...overflowHidden]) {
  if (!(margin(input) > 1e-3)) throw new Error(`05 overflow-depth: the case ${show(input)} sits on a boundary; pick another.`);
}

const overflowTable = new Map(overflowInputs.map(([g, s]) => [`${g},${s}`, overflowOracle(g, s)]));

/** An integer, exactly. */
const sameInteger = (actual: unknown, expected: unknown): boolean => typeof actual === "number" && actual === expected;

const overflowCaseName = ([gLast, s]: [number, number]): string => {
  if (gLast * s > Number.MAX_VALUE) return "already one layer down is too much";
  if (gLast < 1e-6) return "a tiny gradient at the last layer (s^k overflows long before gLast · s^k)";
  if (gLast > 1e6) return "a huge gradient at the last layer";
  if (s < 1.02) return "factors just above 1 (tens of thousands of layers and more)";
  if (s > 1e6) return "enormous factors";
  return "ordinary gradients and factors";
};

/** Names the mistake when the returned value gives it away. */
const overflowDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (typeof actual !== "number" || typeof expected !== "number") return undefined;
  if (actual === Infinity) return "Infinity: a logarithm of Infinity crept in. The literal 1.8e308 (or MAX_VALUE / gLast for a tiny gLast) is already Infinity; use Math.log(Number.MAX_VALUE) - Math.log(gLast).";
  if (!Number.isInteger(actual)) return "A whole number of layers: round the real solution of ln gLast + k ln s = ln(MAX_VALUE) to the next integer above it.";
  if (actual === expected - 1) return "One layer short: that is the last layer whose norm is still finite; the first one past Number.MAX_VALUE is one further.";
  if (actual === expected + 1) return "One layer too many: at k = floor(r) + 1, with r = (ln MAX_VALUE - ln gLast) / ln s, the norm already exceeds Number.MAX_VALUE.";
  return undefined;
};

const overflowChecks = casesFor<{ layersToOverflow: LayersToOverflow }>();

export const overflowDepth = defineExercise<{ layersToOverflow: LayersToOverflow }>({
  id: "overflow-depth",
  names: ["layersToOverflow"],
  checks: overflowChecks({
    name: overflowCaseName,
    inputs: overflowInputs,
    show: ([gLast, s]) => `gLast = ${gLast}, s = ${s}`,
    expected: ([gLast, s]) => overflowOracle(gLast, s),
    actual: (sol, [gLast, s]) => sol.layersToOverflow(gLast, s),
    hint: ([gLast]) =>
      gLast < 1e-6
        ? "Work in logarithms: ln(gLast · s^k) = ln gLast + k ln s. Both s ** k and Number.MAX_VALUE / gLast overflow to Infinity here."
        : "Solve ln gLast + k ln s > ln(Number.MAX_VALUE) for the smallest whole k. Use Number.MAX_VALUE itself: 1e308 is too small, and the literal 1.8e308 is already Infinity.",
    matches: sameInteger,
    diagnose: overflowDiagnosis,
  }),
  hidden: overflowChecks({
    name: "more gradients and factors",
    inputs: overflowHidden,
    show: ([gLast, s]) => `gLast = ${gLast}, s = ${s}`,
    expected: ([gLast, s]) => overflowOracle(gLast, s),
    actual: (sol, [gLast, s]) => sol.layersToOverflow(gLast, s),
    hint: "The same formula holds for every gLast > 0 and s > 1.",
    matches: sameInteger,
    diagnose: overflowDiagnosis,
  }),
  wrong: [
    {
      mistake: "off by one: the last layer that is still finite, floor(...) without + 1",
      solution: { layersToOverflow: (g, s) => Math.floor((Math.log(Number.MAX_VALUE) - Math.log(g)) / Math.log(s)) },
    },
    {
      mistake: "forgets gLast: counts from a norm of 1",
      solution: { layersToOverflow: (_g, s) => Math.floor(Math.log(Number.MAX_VALUE) / Math.log(s)) + 1 },
    },
    {
      mistake: "ln(MAX_VALUE / gLast): the quotient itself overflows to Infinity when gLast < 1",
      solution: { layersToOverflow: (g, s) => Math.floor(Math.log(Number.MAX_VALUE / g) / Math.log(s)) + 1 },
    },
    {
      mistake: "writes the largest double as the literal 1.8e308, which is already Infinity",
      solution: { layersToOverflow: (g, s) => Math.floor((Math.log(1.8e308) - Math.log(g)) / Math.log(s)) + 1 },
    },
    {
      mistake: "takes 1e308 as the largest double",
      solution: { layersToOverflow: (g, s) => Math.floor((Math.log(1e308) - Math.log(g)) / Math.log(s)) + 1 },
    },
    {
      mistake: "a table of the public cases' answers",
      solution: { layersToOverflow: (g, s) => overflowTable.get(`${g},${s}`) ?? 1 },
      caughtBy: "hidden",
    },
    {
      mistake: "a loop on gLast * s ** k: s ** k overflows first when gLast is tiny",
      solution: {
        layersToOverflow: (g, s) => {
          let k = 1;
          while (g * s ** k <= Number.MAX_VALUE) k++;
          return k;
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// cliff-gradient: x_t = w σ(x_{t-1}) + b from x_0 = 0.5, ℓ = (σ(x_T) − 0.85)²;
//   dx_t/dw = σ(x_{t-1}) + w σ'(x_{t-1}) dx_{t-1}/dw,   dℓ/dw = 2 (σ(x_T) − 0.85) σ'(x_T) dx_T/dw.

type CliffGradient = (w: number, b: number, T: number) => number;

const X0 = 0.5;
const TARGET = 0.85;

/** σ in the form that never overflows. */
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Forward mode: carry x_t and dx_t/dw together. */
const cliffOracle: CliffGradient = (w, b, T) => {
  let x = X0;
  let dx = 0;
  for (let t = 1; t <= T; t++) {
    const s = sigmoid(x);
    dx = s + w * s * (1 - s) * dx; // uses x_{t-1}, before x moves on
    x = w * s + b;
  }
  const s = sigmoid(x);
  return 2 * (s - TARGET) * s * (1 - s) * dx;
};

interface CliffCase {
  w: number;
  b: number;
  T: number;
  about: string;
}

const cliffInputs: CliffCase[] = [
  { w: 2, b: 1, T: 0, about: "T = 0: x_0 does not depend on w" },
  { w: 2, b: 1, T: 1, about: "one step: only σ(x_0) multiplies w" },
  { w: -3, b: 0.5, T: 1, about: "one step: only σ(x_0) multiplies w" },
  ...[-6, -2.5, -0.7, 0, 0.7, 1.5, 3, 4.2, 6.5, 8].flatMap((w): CliffCase[] => [
    { w, b: -3, T: 2, about: "two steps: the recursion begins (w of both signs)" },
    { w, b: 0.4, T: 3, about: "three steps (w of both signs)" },
    { w, b: -1.5, T: 8, about: "eight steps (w of both signs)" },
  ]),
  { w: 5.4, b: -3, T: 15, about: "the lesson's slice: on the plateau" },
  { w: 5.6112, b: -3, T: 15, about: "the lesson's slice: on the wall" },
  { w: 5.8, b: -3, T: 15, about: "the lesson's slice: in the valley" },
  { w: 5.6228571, b: -3, T: 50, about: "50 steps, on the wall: a huge slope" },
  { w: -4, b: 2, T: 21, about: "a negative weight over an odd number of steps" },
  { w: 30, b: -15, T: 40, about: "a large weight: σ saturates" },
];

const cliffHidden: CliffCase[] = (() => {
  const rng = new Rng(515);
  return Array.from({ length: 12 }, () => ({
    w: rng.uniformIn(-8, 8),
    b: rng.uniformIn(-4, 4),
    T: 1 + rng.int(30),
    about: "more weights, biases and lengths",
  }));
})();

const cliffTable = new Map(cliffInputs.map((c) => [`${c.w},${c.b},${c.T}`, cliffOracle(c.w, c.b, c.T)]));

/** Close to 1e-6 relative: different but correct ways to write σ differ in the last bits, which 50 steps near the wall amplify. */
const closeNumber = (actual: unknown, expected: unknown): boolean =>
  typeof actual === "number" && matchesClose({ rtol: 1e-6, atol: 1e-12 })(actual, expected);

/** Names the mistake when the value gives it away: the opposite sign, half or twice the slope, or close but not exact. */
const cliffDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (typeof actual !== "number" || typeof expected !== "number" || expected === 0 || !Number.isFinite(actual)) return undefined;
  const r = actual / expected;
  const near = (x: number) => Math.abs(r - x) <= 1e-6 * Math.abs(x);
  if (near(-1)) return "The right size with the wrong sign: ℓ = (σ(x_T) − 0.85)², so dℓ/dσ(x_T) = 2(σ(x_T) − 0.85), not 2(0.85 − σ(x_T)).";
  if (near(0.5)) return "Exactly half: the derivative of the square brings a factor 2.";
  if (near(2)) return "Exactly twice the slope: the factor 2 of the square appears once.";
  if (Math.abs(r - 1) < 1e-2) return "Close, but not exact: a finite difference (or an approximate σ) is off in the last digits, and on a wall by far more. Carry dx_t/dw through the loop exactly.";
  return undefined;
};

const cliffChecks = casesFor<{ cliffGradient: CliffGradient }>();

export const cliffGradient = defineExercise<{ cliffGradient: CliffGradient }>({
  id: "cliff-gradient",
  names: ["cliffGradient"],
  checks: cliffChecks({
    name: (c) => c.about,
    inputs: cliffInputs,
    show: (c) => `w = ${c.w}, b = ${c.b}, T = ${c.T}`,
    expected: (c) => cliffOracle(c.w, c.b, c.T),
    actual: (sol, c) => sol.cliffGradient(c.w, c.b, c.T),
    hint: (c) =>
      c.T <= 1
        ? "With T = 0 the loss does not depend on w; with T = 1, dx_1/dw = σ(x_0). Then multiply by dℓ/dx_T = 2(σ(x_T) − 0.85) σ'(x_T)."
        : "Carry x and dx = dx_t/dw through the loop: dx ← σ(x) + w σ'(x) dx, computed from the old x before x ← w σ(x) + b; at the end multiply by 2(σ(x_T) − 0.85) σ'(x_T).",
    matches: closeNumber,
    diagnose: cliffDiagnosis,
  }),
  hidden: cliffChecks({
    name: (c) => c.about,
    inputs: cliffHidden,
    show: (c) => `w = ${c.w}, b = ${c.b}, T = ${c.T}`,
    expected: (c) => cliffOracle(c.w, c.b, c.T),
    actual: (sol, c) => sol.cliffGradient(c.w, c.b, c.T),
    hint: "The same recursion holds for every w, b and T.",
    matches: closeNumber,
    diagnose: cliffDiagnosis,
  }),
  wrong: [
    {
      mistake: "drops the recursive term: as if w acted only in the last step",
      solution: {
        cliffGradient: (w, b, T) => {
          if (T === 0) return 0;
          let x = X0;
          for (let t = 1; t < T; t++) x = w * sigmoid(x) + b;
          const dx = sigmoid(x);
          const s = sigmoid(w * sigmoid(x) + b);
          return 2 * (s - TARGET) * s * (1 - s) * dx;
        },
      },
    },
    {
      mistake: "update-order slip: moves x on first, then uses the new x in dx's recursion",
      solution: {
        cliffGradient: (w, b, T) => {
          let x = X0;
          let dx = 0;
          for (let t = 1; t <= T; t++) {
            x = w * sigmoid(x) + b;
            const s = sigmoid(x);
            dx = s + w * s * (1 - s) * dx;
          }
          const s = sigmoid(x);
          return 2 * (s - TARGET) * s * (1 - s) * dx;
        },
      },
    },
    {
      mistake: "forgets σ'(x_T) in dℓ/dx_T: 2(σ(x_T) − 0.85) dx_T/dw",
      solution: {
        cliffGradient: (w, b, T) => {
          let x = X0;
          let dx = 0;
          for (let t = 1; t <= T; t++) {
            const s = sigmoid(x);
            dx = s + w * s * (1 - s) * dx;
            x = w * s + b;
          }
          return 2 * (sigmoid(x) - TARGET) * dx;
        },
      },
    },
    {
      mistake: "off by one: T − 1 steps",
      solution: { cliffGradient: (w, b, T) => (T === 0 ? 0 : cliffOracle(w, b, T - 1)) },
    },
    {
      mistake: "forgets the 2 from differentiating the square",
      solution: { cliffGradient: (w, b, T) => cliffOracle(w, b, T) / 2 },
    },
    {
      mistake: "a central finite difference of the loss instead of the derivative (inexact, and far off on the wall of 50 steps)",
      solution: {
        cliffGradient: (w, b, T) => {
          const loss = (v: number) => {
            let x = X0;
            for (let t = 0; t < T; t++) x = v * sigmoid(x) + b;
            return (sigmoid(x) - TARGET) ** 2;
          };
          const h = 1e-6;
          return (loss(w + h) - loss(w - h)) / (2 * h);
        },
      },
    },
    {
      mistake: "a table of the public cases' answers",
      solution: { cliffGradient: (w, b, T) => cliffTable.get(`${w},${b},${T}`) ?? 0 },
      caughtBy: "hidden",
    },
    {
      mistake: "forgets w in the recursion: dx ← σ(x) + σ'(x) dx",
      solution: {
        cliffGradient: (w, b, T) => {
          let x = X0;
          let dx = 0;
          for (let t = 1; t <= T; t++) {
            const s = sigmoid(x);
            dx = s + s * (1 - s) * dx;
            x = w * s + b;
          }
          const s = sigmoid(x);
          return 2 * (s - TARGET) * s * (1 - s) * dx;
        },
      },
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// clip-global-norm: g ← g · min(1, θ / ‖g‖), ‖g‖ over every tensor together.

type ClipByGlobalNorm = (grads: number[][], theta: number) => number[][];

/** ‖g‖ over all tensors, scaled by the largest entry first so that no square overflows. */
const globalNorm = (grads: readonly (readonly number[])[]): number => {
  let big = 0;
  for (const g of grads) for (const x of g) big = Math.max(big, Math.abs(x));
  if (big === 0) return 0;
  let sum = 0;
  for (const g of grads) for (const x of g) sum += (x / big) ** 2;
  return big * Math.sqrt(sum);
};

const clipOracle: ClipByGlobalNorm = (grads, theta) => {
  const norm = globalNorm(grads);
  const factor = norm > theta ? theta / norm : 1;
  return grads.map((g) => g.map((x) => x * factor));
};

/** A list of arrays of numbers (not typed arrays, not a flat list), close to the expected one. */
const nestedClose = (actual: unknown, expected: unknown): boolean =>
  Array.isArray(actual) &&
  actual.every((g) => Array.isArray(g) && g.every((x) => typeof x === "number")) &&
  matchesClose({ rtol: 1e-9, atol: 1e-300 })(actual, expected);

interface ClipCase {
  grads: number[][];
  theta: number;
  about: string;
}

const clipInputs: ClipCase[] = [
  { grads: [[3, 4], [12]], theta: 6.5, about: "several tensors above θ: one factor for all (‖g‖ = 13)" },
  { grads: [[6, -8]], theta: 5, about: "one tensor above θ" },
  { grads: [[0.3, -0.4], [0.1], [-0.2, 0.05, 0]], theta: 1, about: "below θ: unchanged, not scaled up" },
  { grads: [[3], [4]], theta: 5, about: "‖g‖ exactly θ: unchanged" },
  { grads: [[-3, 4]], theta: 5, about: "‖g‖ exactly θ: unchanged" },
  { grads: [[0, 0], [0], [0, 0, 0]], theta: 1, about: "all-zero gradients: zeros, not NaN" },
  { grads: [[1e200, -1e200], [1e200]], theta: 1, about: "entries of 1e200: their squares overflow" },
  { grads: [[3e200], [-4e200, 0]], theta: 1e200, about: "entries of 1e200: their squares overflow" },
  { grads: [[1, 2, 2]], theta: 1e-3, about: "a tiny θ" },
  { grads: [[100, 1], [-0.5]], theta: 1, about: "one entry dominates (clipping by value would turn the direction)" },
];

/** Seeded random lists of 1-4 tensors, entries on scales from 1e-2 to 1e2, θ from 0.1 to 10. */
const randomClipCases = (seed: number, n: number, about: string): ClipCase[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const scale = 10 ** rng.uniformIn(-2, 2);
    const grads = Array.from({ length: 1 + rng.int(4) }, () => Array.from({ length: 1 + rng.int(7) }, () => scale * rng.normal()));
    return { grads, theta: 10 ** rng.uniformIn(-1, 1), about };
  });
};
const clipRandom = randomClipCases(525, 8, "random gradients of several tensors, above and below θ");
const clipHidden = randomClipCases(535, 10, "more random gradients");

const copy = (grads: readonly (readonly number[])[]): number[][] => grads.map((g) => [...g]);
const clipTable = new Map([...clipInputs, ...clipRandom].map((c) => [JSON.stringify([c.grads, c.theta]), clipOracle(c.grads, c.theta)]));

/** Names the mistake when the returned value gives it away. */
const clipDiagnosis = (actual: unknown, expected: unknown): string | undefined => {
  if (!Array.isArray(actual)) return "Return a list of arrays, one per tensor, like grads (not one flat array, not a number).";
  const entries = actual.flatMap((g) => (Array.isArray(g) ? g : []));
  if (entries.some((x) => typeof x === "number" && Number.isNaN(x))) return "NaN: a 0/0 somewhere. When ‖g‖ = 0 (or is still 0 after scaling) there is nothing to clip.";
  if (entries.some((x) => x === Infinity || x === -Infinity)) return "An entry came back infinite: x · θ overflows for x = 3e200 and θ = 1e200. Compute the factor θ/‖g‖ first, then multiply each entry by it.";
  const wanted = (expected as number[][]).flat();
  if (entries.length === wanted.length && entries.every((x) => x === 0) && wanted.some((x) => x !== 0)) return "All zeros: ‖g‖ came out as Infinity because the squares of 1e200 overflow. Divide by the largest |entry| before squaring, or use Math.hypot.";
  return undefined;
};

const clipChecks = casesFor<{ clipByGlobalNorm: ClipByGlobalNorm }>();

export const clipGlobalNorm = defineExercise<{ clipByGlobalNorm: ClipByGlobalNorm }>({
  id: "clip-global-norm",
  names: ["clipByGlobalNorm"],
  checks: [
    ...clipChecks({
      name: (c) => c.about,
      inputs: [...clipInputs, ...clipRandom],
      show: (c) => `grads = ${show(c.grads)}, θ = ${c.theta}`,
      expected: (c) => clipOracle(c.grads, c.theta),
      actual: (sol, c) => sol.clipByGlobalNorm(copy(c.grads), c.theta),
      hint: (c) =>
        c.about.includes("1e200")
          ? "Squaring 1e200 gives Infinity: divide every entry by the largest |entry| before squaring (then multiply the root back), or use Math.hypot."
          : c.about.includes("zero")
            ? "When ‖g‖ = 0 there is nothing to clip: do not divide by the norm (0/0 is NaN)."
            : "One norm over ALL the tensors, ‖g‖ = sqrt of the sum of every squared entry; multiply every entry by min(1, θ/‖g‖), so gradients already within θ stay as they are.",
      matches: nestedClose,
      diagnose: clipDiagnosis,
    }),
    {
      name: "leaves its inputs unchanged",
      input: "grads = [[30, -40], [120]], θ = 13",
      expected: [[30, -40], [120]],
      actual: (sol) => {
        const grads = [[30, -40], [120]];
        sol.clipByGlobalNorm(grads, 13);
        return grads;
      },
      hint: "Build new arrays (grads.map(g => g.map(...))) instead of scaling the entries in place: the caller still needs the raw gradient, e.g. to chart its norm.",
      matches: nestedClose,
    },
    {
      name: "returns new arrays, also when nothing is clipped",
      input: "grads = [[0.1, 0.2], [0.3]], θ = 5",
      expected: true,
      actual: (sol) => {
        const grads = [[0.1, 0.2], [0.3]];
        const out = sol.clipByGlobalNorm(grads, 5);
        return Array.isArray(out) && out !== grads && out.length === grads.length && out.every((g, i) => g !== grads[i]);
      },
      hint: "Return copies even below θ: a caller that edits the result must not edit the gradients it passed in.",
      matches: (a, e) => a === e,
    },
  ],
  hidden: clipChecks({
    name: (c) => c.about,
    inputs: clipHidden,
    show: (c) => `grads = ${show(c.grads)}, θ = ${c.theta}`,
    expected: (c) => clipOracle(c.grads, c.theta),
    actual: (sol, c) => sol.clipByGlobalNorm(copy(c.grads), c.theta),
    hint: "The same rule for every list of gradients.",
    matches: nestedClose,
    diagnose: clipDiagnosis,
  }),
  wrong: [
    {
      mistake: "clips each tensor by its own norm",
      solution: { clipByGlobalNorm: (grads, theta) => grads.map((g) => clipOracle([g], theta)[0]) },
    },
    {
      mistake: "clips by value: each entry into [−θ, θ]",
      solution: { clipByGlobalNorm: (grads, theta) => grads.map((g) => g.map((x) => Math.max(-theta, Math.min(theta, x)))) },
    },
    {
      mistake: "forgets the min: always rescales to norm θ, scaling small gradients up",
      solution: {
        clipByGlobalNorm: (grads, theta) => {
          const norm = globalNorm(grads);
          return grads.map((g) => g.map((x) => (x * theta) / norm));
        },
      },
    },
    {
      mistake: "sums the squares directly: Infinity for entries of 1e200, and the gradient comes back as zeros",
      solution: {
        clipByGlobalNorm: (grads, theta) => {
          const norm = Math.sqrt(grads.flat().reduce((s, x) => s + x * x, 0));
          const factor = Math.min(1, theta / norm);
          return grads.map((g) => g.map((x) => x * factor));
        },
      },
    },
    {
      mistake: "normalizes first, g/‖g‖ · min(‖g‖, θ): 0/0 = NaN for zero gradients",
      solution: {
        clipByGlobalNorm: (grads, theta) => {
          const norm = globalNorm(grads);
          return grads.map((g) => g.map((x) => (x / norm) * Math.min(norm, theta)));
        },
      },
    },
    {
      mistake: "multiplies x · θ before dividing by ‖g‖: Infinity for entries of 3e200 and θ = 1e200",
      solution: {
        clipByGlobalNorm: (grads, theta) => {
          const norm = globalNorm(grads);
          return grads.map((g) => g.map((x) => (norm > theta ? (x * theta) / norm : x)));
        },
      },
    },
    {
      mistake: "a table of the public cases' answers (copies otherwise)",
      solution: { clipByGlobalNorm: (grads, theta) => clipTable.get(JSON.stringify([grads, theta])) ?? grads.map((g) => [...g]) },
      caughtBy: "hidden",
    },
    {
      mistake: "scales the input arrays in place and returns them",
      solution: {
        clipByGlobalNorm: (grads, theta) => {
          const norm = globalNorm(grads);
          const factor = Math.min(1, theta / norm);
          for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= factor;
          return grads;
        },
      },
    },
  ],
});

/** The lesson's exercises, for its check cells: `await lesson.check("clip-global-norm", { clipByGlobalNorm: clipByGlobalNorm })`. */
export const lesson = defineLesson({
  "overflow-depth": overflowDepth,
  "cliff-gradient": cliffGradient,
  "clip-global-norm": clipGlobalNorm,
});
