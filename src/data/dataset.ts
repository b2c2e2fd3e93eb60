/**
 * The data set type every generator returns and `fit` consumes, with the helpers that check,
 * slice and standardize one.
 */

import { LibraryError, messages } from "../messages.js";
import type { Rng } from "../random/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { batchAxisOf, checkSequences, takeSequences } from "./time-major.js";

/** Column means and standard deviations, to apply a training set's scaling to a test set. */
export interface Standardization {
  mean: number[];
  std: number[];
}

/** Points X (n, features) with class labels 0..numClasses-1. */
export interface ClassificationDataset {
  X: Tensor;
  y: Int32Array;
  numClasses: number;
  name: string;
  /** Present if X was standardized: the statistics used. */
  standardization?: Standardization;
  /** The axis of X that indexes examples: 1 for sequences X (T, n, features) (see time-major.ts). Default 0. */
  batchAxis?: 0 | 1;
}

/** Points X (n, features) with numeric targets y (n, 1); numClasses is 0. */
export interface RegressionDataset {
  X: Tensor;
  y: Tensor;
  numClasses: 0;
  name: string;
  standardization?: Standardization;
  /** The axis of X that indexes examples: 1 for sequences X (T, n, features). Default 0. */
  batchAxis?: 0 | 1;
}

export type Dataset = ClassificationDataset | RegressionDataset;

/** Options every generator accepts. */
export interface GeneratorOptions {
  /** Number of points (all classes together). */
  n?: number;
  /** Standard deviation of the Gaussian jitter added to each point. */
  noise?: number;
  /** Seed (or generator): the same seed gives bit-identical data. Default 0. */
  seed?: number | Rng;
  /** Scale each column of X to mean 0 and standard deviation 1. Default false. */
  standardize?: boolean;
}

/** True for a data set with class labels. */
export function isClassification(ds: Dataset): ds is ClassificationDataset {
  return ds.y instanceof Int32Array;
}

/** Number of points. */
export function numPoints(ds: Dataset): number {
  return ds.X.shape[batchAxisOf(ds)];
}

/** Throws unless n is a positive integer. */
export function checkCount(op: string, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new LibraryError(messages.positiveInteger(`${op}: n`, n));
  return n;
}

/** Throws unless noise is zero or a positive finite number. */
export function checkNoise(op: string, noise: number): number {
  if (typeof noise !== "number" || !Number.isFinite(noise) || noise < 0) {
    throw new LibraryError(messages.nonNegativeNumber(`${op}: noise`, noise));
  }
  return noise;
}

/** Class sizes as equal as possible: the first n mod k classes get one point more. */
export function balancedCounts(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
}

/** A new data set holding the rows `rows` of `ds` (of a sequence set: those sequences), in that order (values copied). */
export function takeRows<D extends Dataset>(ds: D, rows: ArrayLike<number>): D {
  if (batchAxisOf(ds) === 1) return takeSequences(ds, rows);
  const [, features] = ds.X.shape;
  const X = new Float64Array(rows.length * features);
  for (let r = 0; r < rows.length; r++) {
    X.set(ds.X.data.subarray(rows[r] * features, (rows[r] + 1) * features), r * features);
  }
  const Xt = new Tensor(X, [rows.length, features]);
  if (isClassification(ds)) {
    const y = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) y[r] = ds.y[rows[r]];
    return { ...ds, X: Xt, y } as D;
  }
  const targets = (ds as RegressionDataset).y;
  const width = targets.shape[1] ?? 1;
  const y = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    y.set(targets.data.subarray(rows[r] * width, (rows[r] + 1) * width), r * width);
  }
  return { ...ds, X: Xt, y: new Tensor(y, [rows.length, width]) } as D;
}

/** Mean and (population) standard deviation of each column of X (n, features). */
export function columnStats(X: Tensor): Standardization {
  const [n, features] = X.shape;
  const mean = new Array<number>(features).fill(0);
  const std = new Array<number>(features).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < features; j++) mean[j] += X.data[i * features + j] / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) std[j] += (X.data[i * features + j] - mean[j]) ** 2 / n;
  }
  // A constant column keeps std 1, so it is centred but not divided by zero.
  return { mean, std: std.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/**
 * Scales each column of X to mean 0 and standard deviation 1 (a new data set; `ds` is unchanged).
 * Pass the training set's `standardization` to scale a test set the same way.
 * @example const train2 = standardize(train); const test2 = standardize(test, train2.standardization)
 */
export function standardize<D extends Dataset>(ds: D, stats?: Standardization): D {
  const [n, features] = ds.X.shape;
  const s = stats ?? columnStats(ds.X);
  if (s.mean.length !== features) throw new LibraryError(messages.featuresMismatch("standardize", s.mean.length, features));
  const X = new Float64Array(n * features);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) X[i * features + j] = (ds.X.data[i * features + j] - s.mean[j]) / s.std[j];
  }
  return { ...ds, X: new Tensor(X, [n, features]), standardization: { mean: [...s.mean], std: [...s.std] } };
}

/** Checks that X is (n, features) and y has one label or target per row (sequence sets: see time-major.ts). */
export function checkDataset(op: string, ds: Dataset): void {
  if (batchAxisOf(ds) === 1) return checkSequences(op, ds);
  if (ds.X.rank !== 2) throw new LibraryError(messages.rankNeeded(op, "2-D (n, features)", ds.X.shape));
  const rows = ds.X.shape[0];
  const labels = isClassification(ds) ? ds.y.length : ds.y.shape[0];
  if (labels !== rows) throw new LibraryError(messages.labelsLength(op, rows, labels));
}
