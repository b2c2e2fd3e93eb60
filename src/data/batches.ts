/** Shuffled mini-batches and a train/test split. */

import { LibraryError, messages } from "../messages.js";
import { toRng, type Rng } from "../random/rng.js";
import { checkDataset, isClassification, numPoints, takeRows, type Dataset } from "./dataset.js";

/**
 * One epoch of mini-batches: the rows in a fresh random order (drawn from `rng`), cut into
 * batches of `batchSize`; the last batch keeps the remainder (it may be smaller).
 * Call it once per epoch with the same Rng to get a new order each time.
 * @example for (const batch of data.batches(ds, 32, rng)) { ... batch.X (32, 2), batch.y ... }
 */
export function* batches<D extends Dataset>(ds: D, batchSize: number, rng: Rng | number = 0): Generator<D> {
  checkDataset("batches", ds);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new LibraryError(messages.positiveInteger("batches: batchSize", batchSize));
  const n = numPoints(ds);
  const order = toRng(rng).permutation(n);
  for (let start = 0; start < n; start += batchSize) {
    yield takeRows(ds, order.subarray(start, Math.min(n, start + batchSize)));
  }
}

/** Number of batches `batches` yields per epoch. */
export function batchesPerEpoch(ds: Dataset, batchSize: number): number {
  return Math.ceil(numPoints(ds) / batchSize);
}

/**
 * Splits a data set into a training and a test part, at random (seeded). Classification sets
 * are split class by class (stratified), so both parts keep the class balance.
 * Rows keep their original relative order inside each part.
 * @example const { train, test } = data.trainTestSplit(ds, 0.2, 1)
 */
export function trainTestSplit<D extends Dataset>(ds: D, testFraction = 0.2, seed: number | Rng = 0): { train: D; test: D } {
  checkDataset("trainTestSplit", ds);
  if (!(testFraction > 0 && testFraction < 1)) throw new LibraryError(messages.badFraction("trainTestSplit", "testFraction", testFraction));
  const n = numPoints(ds);
  const rng = toRng(seed);
  const groups: number[][] = [];
  // Stratified by label when there is one label per example (not per time step of a sequence).
  if (isClassification(ds) && ds.y.length === n) {
    for (let c = 0; c < ds.numClasses; c++) groups.push([]);
    ds.y.forEach((label, i) => groups[label].push(i));
  } else {
    groups.push(Array.from({ length: n }, (_, i) => i));
  }
  const isTest = new Uint8Array(n);
  for (const rows of groups) {
    const perm = rng.permutation(rows.length);
    const nTest = Math.round(testFraction * rows.length);
    for (let k = 0; k < nTest; k++) isTest[rows[perm[k]]] = 1;
  }
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let i = 0; i < n; i++) (isTest[i] ? testRows : trainRows).push(i);
  if (trainRows.length === 0 || testRows.length === 0) throw new LibraryError(messages.splitEmpty("trainTestSplit", n, testFraction));
  return { train: takeRows(ds, trainRows), test: takeRows(ds, testRows) };
}
