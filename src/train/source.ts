/**
 * Where `fit` gets its mini-batches from: a fixed data set, shuffled and cut into batches each
 * epoch (along its batch axis: rows of X (n, features), or sequences of X (T, n, features)), or
 * a function of the step that returns that step's batch, fresh data every step, as in the
 * online training of the sequence-task papers (Hochreiter & Schmidhuber 1997).
 */

import { batches } from "../data/batches.js";
import { checkDataset, numPoints, type Dataset } from "../data/dataset.js";
import { LibraryError, messages } from "../messages.js";
import type { Rng } from "../random/rng.js";
import { assertFinite } from "../tensor/tensor.js";

/**
 * A function of the step (from 0) that returns the batch to train on at that step.
 * @example (step) => data.addingProblem({ n: 32, T: 50, seed: 1000 + step })
 */
export type BatchFn = (step: number) => Dataset;

/** Training data as `fit` consumes it. */
export interface BatchSource {
  /** The fixed training set, scored on evaluation steps; undefined for a batch function. */
  full: Dataset | undefined;
  /** A batch that shows the data's kind (labels or targets): it picks the default loss. */
  sample: Dataset;
  /** Steps in one epoch: Infinity for a batch function (one endless epoch). */
  perEpoch: number;
  /** One epoch's batches, the first of which trains step `first`; none for step `total` on. */
  epoch(first: number, total: number): Iterable<Dataset>;
}

/** Checks `ds` and makes the source: batches of `batchSize` drawn with `rng`, or the function's. */
export function batchSource(
  ds: Dataset | BatchFn,
  options: { batchSize?: number; epochs?: number },
  rng: Rng,
): BatchSource {
  if (typeof ds === "function") {
    if (options.epochs !== undefined) throw new LibraryError(messages.batchFnOption("fit", "epochs"));
    if (options.batchSize !== undefined) throw new LibraryError(messages.batchFnOption("fit", "batchSize"));
    const at = (step: number): Dataset => checked(ds(step), step);
    let first: Dataset | undefined = at(0);
    return {
      full: undefined,
      sample: first,
      perEpoch: Infinity,
      *epoch(start: number, total: number) {
        // Step 0's batch was drawn already to pick the loss: use it rather than draw it twice.
        for (let step = start; step < total; step++) {
          const batch: Dataset = step === 0 && first !== undefined ? first : at(step);
          first = undefined;
          yield batch;
        }
      },
    };
  }
  checked(ds, undefined);
  const n = numPoints(ds);
  const batchSize = Math.min(options.batchSize ?? 32, n);
  return { full: ds, sample: ds, perEpoch: Math.ceil(n / batchSize), epoch: () => batches(ds, batchSize, rng) };
}

function checked(ds: Dataset, step: number | undefined): Dataset {
  if (step !== undefined && (typeof ds !== "object" || ds === null || !("X" in ds))) {
    throw new LibraryError(messages.batchFnResult("fit", step, ds === null ? "null" : typeof ds));
  }
  checkDataset(step === undefined ? "fit" : `fit (batch of step ${step})`, ds);
  assertFinite(step === undefined ? "fit (X)" : `fit (X of step ${step})`, ds.X);
  return ds;
}
