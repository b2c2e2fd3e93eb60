/**
 * Sequence data sets with the batch on axis 1: X (T, n, features), the layout of `nn.RNN`,
 * `nn.LSTM`, `nn.GRU`. A data set says so with `batchAxis: 1`; `batches`, `takeRows`,
 * `numPoints` and `fit` then slice sequences (columns of axis 1), not time steps.
 *
 * The targets come in one of two layouts, told apart by their length:
 *   per sequence  y has n entries (Int32Array (n) or Tensor (n, k)): one target per sequence,
 *                 read from the last step (addingProblem, temporalOrder);
 *   per step      y has T·n entries, time-major: entry t·n + s is step t of sequence s
 *                 (Int32Array (T·n) or Tensor (T·n, k)): one target per step (copyTask).
 * Time-major per-step targets line up with a model that reads every step and returns
 * (T·B, outputs), row t·B + b: see `nn.SequenceModel` with `readout: "every"`.
 */

import { LibraryError, messages } from "../messages.js";
import { Tensor } from "../tensor/tensor.js";
import type { Dataset, RegressionDataset } from "./dataset.js";

/** The axis of X that indexes examples: 1 for time-major sequence sets, else 0. */
export function batchAxisOf(ds: Pick<Dataset, "batchAxis">): 0 | 1 {
  return ds.batchAxis === 1 ? 1 : 0;
}

/** How many targets `ds.y` holds (labels, or rows of a target tensor). */
function targetCount(ds: Dataset): number {
  return ds.y instanceof Int32Array ? ds.y.length : ds.y.shape[0];
}

/** True if the targets are one per step (T·n, time-major) rather than one per sequence (n). */
export function isPerStep(ds: Dataset): boolean {
  const [T, n] = ds.X.shape;
  return T > 1 && targetCount(ds) === T * n;
}

/** Checks a sequence set: X (T, n, features), and n or T·n targets. */
export function checkSequences(op: string, ds: Dataset): void {
  if (ds.X.rank !== 3) throw new LibraryError(messages.rankNeeded(`${op} (batchAxis 1)`, "3-D (time, n, features)", ds.X.shape));
  const [T, n] = ds.X.shape;
  const count = targetCount(ds);
  if (count !== n && count !== T * n) throw new LibraryError(messages.labelsLength(`${op} (sequences X (${T}, ${n}, ...))`, n, count));
}

/**
 * The sequences `rows` of a time-major set, in that order (values copied): X (T, n, F) ->
 * (T, rows.length, F), and their targets in the same layout as the set's.
 */
export function takeSequences<D extends Dataset>(ds: D, rows: ArrayLike<number>): D {
  const [T, n, F] = ds.X.shape;
  const r = rows.length;
  const X = new Float64Array(T * r * F); // (T, r, F)
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < r; i++) {
      const from = (t * n + rows[i]) * F;
      X.set(ds.X.data.subarray(from, from + F), (t * r + i) * F);
    }
  }
  const perStep = isPerStep(ds);
  // Where entry (t, i) of the new targets comes from: time-major per step, else by sequence.
  const source = (t: number, i: number) => (perStep ? t * n + rows[i] : rows[i]);
  const steps = perStep ? T : 1;
  const Xt = new Tensor(X, [T, r, F]);
  if (ds.y instanceof Int32Array) {
    const y = new Int32Array(steps * r);
    for (let t = 0; t < steps; t++) for (let i = 0; i < r; i++) y[t * r + i] = ds.y[source(t, i)];
    return { ...ds, X: Xt, y } as D;
  }
  const targets = (ds as RegressionDataset).y;
  const width = targets.rank > 1 ? targets.size / targets.shape[0] : 1;
  const y = new Float64Array(steps * r * width);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < r; i++) {
      const from = source(t, i) * width;
      y.set(targets.data.subarray(from, from + width), (t * r + i) * width);
    }
  }
  return { ...ds, X: Xt, y: new Tensor(y, [steps * r, ...targets.shape.slice(1)]) } as D;
}
