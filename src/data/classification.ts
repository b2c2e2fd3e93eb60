/**
 * Seeded 2-D classification sets: small, fast, and hard in different ways.
 *   twoSpirals  two interleaved spirals: needs a deep-ish net with a curvy boundary
 *   moons       two interleaving half circles (the shape of scikit-learn's make_moons)
 *   circles     a ring around a disc: not linearly separable, easy for one hidden layer
 *   xor         four quadrants, opposite ones share a class: the classic a linear model cannot do
 *   blobs       k Gaussian clusters on a circle: the easy multi-class case
 * Every point is drawn from the given seed's Rng, so one seed gives bit-identical data on
 * every run. Rows come shuffled (so the first rows hold every class); classes are balanced.
 */

import { LibraryError, messages } from "../messages.js";
import { toRng, type Rng } from "../random/rng.js";
import { Tensor } from "../tensor/tensor.js";
import {
  balancedCounts,
  checkCount,
  checkNoise,
  standardize as standardizeDataset,
  takeRows,
  type ClassificationDataset,
  type GeneratorOptions,
} from "./dataset.js";

/** Builds the data set from per-class point makers, then shuffles the rows. */
function build(
  name: string,
  options: GeneratorOptions,
  defaults: { n: number; noise: number },
  numClasses: number,
  point: (c: number, i: number, count: number, rng: Rng) => [number, number],
): ClassificationDataset {
  const n = checkCount(name, options.n ?? defaults.n);
  const noise = checkNoise(name, options.noise ?? defaults.noise);
  if (n < numClasses) throw new LibraryError(messages.tooFewPoints(name, n, numClasses));
  const rng = toRng(options.seed);
  const X = new Float64Array(n * 2); // (n, 2)
  const y = new Int32Array(n);
  let row = 0;
  balancedCounts(n, numClasses).forEach((count, c) => {
    for (let i = 0; i < count; i++, row++) {
      const [a, b] = point(c, i, count, rng);
      X[2 * row] = a + noise * rng.normal();
      X[2 * row + 1] = b + noise * rng.normal();
      y[row] = c;
    }
  });
  const ds: ClassificationDataset = { X: new Tensor(X, [n, 2]), y, numClasses, name };
  const shuffled = takeRows(ds, rng.permutation(n));
  return options.standardize ? standardizeDataset(shuffled) : shuffled;
}

export interface SpiralOptions extends GeneratorOptions {
  /** How many times each arm winds around the centre. Default 1.5. */
  turns?: number;
}

/**
 * Two interleaved spirals (Lang & Witbrock, 1988, in a smaller form). Class c's arm is
 * r = s, angle = 2π·turns·s + cπ for s evenly spaced in (0.1, 1]; radius at most about 1.
 * Defaults: n = 400, noise = 0.05, turns = 1.5.
 * @example const ds = data.twoSpirals({ n: 400, noise: 0.05, seed: 1 })
 */
export function twoSpirals(options: SpiralOptions = {}): ClassificationDataset {
  const turns = options.turns ?? 1.5;
  if (!Number.isFinite(turns) || turns <= 0) throw new LibraryError(messages.positiveNumber("twoSpirals: turns", turns));
  return build("twoSpirals", options, { n: 400, noise: 0.05 }, 2, (c, i, count) => {
    const s = 0.1 + (0.9 * (i + 1)) / count;
    const angle = 2 * Math.PI * turns * s + c * Math.PI;
    return [s * Math.cos(angle), s * Math.sin(angle)];
  });
}

/**
 * Two interleaving half circles: class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t),
 * t uniform in [0, π]. Defaults: n = 200, noise = 0.1.
 */
export function moons(options: GeneratorOptions = {}): ClassificationDataset {
  return build("moons", options, { n: 200, noise: 0.1 }, 2, (c, _i, _count, rng) => {
    const t = Math.PI * rng.uniform();
    return c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  });
}

export interface CirclesOptions extends GeneratorOptions {
  /** Radius of the inner circle (class 1) relative to the outer one (class 0), in (0, 1). Default 0.5. */
  factor?: number;
}

/** A ring of radius 1 (class 0) around a ring of radius `factor` (class 1). Defaults: n = 200, noise = 0.05. */
export function circles(options: CirclesOptions = {}): ClassificationDataset {
  const factor = options.factor ?? 0.5;
  if (!(factor > 0 && factor < 1)) throw new LibraryError(messages.badFraction("circles", "factor", factor));
  return build("circles", options, { n: 200, noise: 0.05 }, 2, (c, _i, _count, rng) => {
    const t = 2 * Math.PI * rng.uniform();
    const r = c === 0 ? 1 : factor;
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

/**
 * Points uniform in the square [-1, 1]²; class 1 where exactly one coordinate is positive.
 * The class is decided before the noise is added, so noise near the axes makes label noise.
 * Defaults: n = 200, noise = 0.
 */
export function xor(options: GeneratorOptions = {}): ClassificationDataset {
  // Each class fills its two quadrants: draw a point in the first quadrant and reflect it.
  return build("xor", options, { n: 200, noise: 0 }, 2, (c, i, _count, rng) => {
    const a = rng.uniform();
    const b = rng.uniform();
    const flip = i % 2 === 0 ? 1 : -1; // alternate between the class's two quadrants
    return c === 0 ? [flip * a, flip * b] : [flip * a, -flip * b];
  });
}

export interface BlobsOptions extends GeneratorOptions {
  /** Number of classes (clusters). Default 3. */
  classes?: number;
  /** Distance of the cluster centres from the origin (centres evenly spaced on a circle). Default 2. */
  radius?: number;
}

/**
 * k Gaussian clusters with standard deviation `noise`, centred on a circle of radius `radius`.
 * Defaults: n = 300, classes = 3, noise = 0.5, radius = 2.
 * @example data.blobs({ n: 300, classes: 4, seed: 2 })
 */
export function blobs(options: BlobsOptions = {}): ClassificationDataset {
  const k = options.classes ?? 3;
  if (!Number.isInteger(k) || k < 2) throw new LibraryError(messages.positiveInteger("blobs: classes (at least 2)", k));
  const radius = options.radius ?? 2;
  if (!Number.isFinite(radius) || radius < 0) throw new LibraryError(messages.nonNegativeNumber("blobs: radius", radius));
  return build("blobs", options, { n: 300, noise: 0.5 }, k, (c) => {
    const angle = (2 * Math.PI * c) / k;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}
