/**
 * Seeded sequence tasks with long time lags, the benchmarks on which vanilla RNNs fail and the
 * LSTM was shown to succeed. Every task is time-major, X (T, n, features), the layout of
 * `nn.RNN` / `nn.LSTM` / `nn.GRU`, and the sequence length T is a parameter. One seed gives
 * bit-identical data; draw a fresh batch each training step with a fresh seed.
 *
 * All sequences of one call have the same length T: a batch needs it. The original tasks draw
 * each sequence's length at random from a small range above T; we note it where it matters.
 */

import { LibraryError, messages } from "../messages.js";
import { toRng, type Rng } from "../random/rng.js";
import { Tensor } from "../tensor/tensor.js";

/** Options every sequence task takes. */
export interface SequenceTaskOptions {
  /** Number of sequences (the batch size). Default 32. */
  n?: number;
  /** Sequence length (for the copy task: the delay). Each task has its own minimum. */
  T: number;
  /** Seed or generator; the same seed gives bit-identical data. Default 0. */
  seed?: number | Rng;
}

/**
 * Sequences X (T, n, features) with one numeric target per sequence, y (n, 1). A regression
 * data set with the batch on axis 1, so `fit`, `evaluate` and `data.batches` take it as it is.
 */
export interface SequenceRegressionTask {
  name: string;
  X: Tensor;
  y: Tensor;
  T: number;
  numClasses: 0;
  /** Sequences are columns of axis 1 of X (T, n, features). */
  batchAxis: 1;
}

/** Sequences X (T, n, features) with class labels (per sequence, or per step and sequence). */
export interface SequenceClassificationTask {
  name: string;
  X: Tensor;
  /** Labels: (n) for one label per sequence; time-major (T·n) for one per step. */
  y: Int32Array;
  numClasses: number;
  T: number;
  /** Sequences are columns of axis 1 of X (T, n, features). */
  batchAxis: 1;
}

function setup(task: string, options: SequenceTaskOptions, minT: number): { n: number; T: number; rng: Rng } {
  const n = options.n ?? 32;
  if (!Number.isInteger(n) || n <= 0) throw new LibraryError(messages.positiveInteger(`${task}: n`, n));
  if (!Number.isInteger(options.T) || options.T < minT) throw new LibraryError(messages.sequenceLength(task, options.T, minT));
  return { n, T: options.T, rng: toRng(options.seed) };
}

// --- the adding problem ----------------------------------------------------------------------

export interface AddingOptions extends SequenceTaskOptions {
  /**
   * "original" (default): Hochreiter & Schmidhuber (1997), Experiment 4. Values in [-1, 1];
   *   target 0.5 + (X1 + X2) / 4, in [0, 1].
   * "unit": the common modern variant (e.g. Le et al. 2015; Arjovsky et al. 2016). Values in
   *   [0, 1], target X1 + X2; here one marker falls in each half of the sequence (papers vary).
   */
  variant?: "original" | "unit";
}

/**
 * The adding problem. Each step is a pair (value, marker); exactly two steps are marked with 1,
 * and the net must output, at the last step, a function of the two marked values X1 and X2.
 *
 * "original" (Hochreiter & Schmidhuber 1997, Experiment 4): values uniform in [-1, 1]. X1's
 * position is drawn among the first 10 steps, X2's among the first T/2 - 1 steps not already
 * marked, so the lag to the end is at least T/2. The first and last steps carry marker -1
 * unless marked; if the first step is marked, its value is set to 0 (the paper's rule). Target
 * 0.5 + (X1 + X2)/4. A sequence counts as solved when |yHat - y| < 0.04. (The paper draws each
 * length from [T, T + T/10]; here every sequence has length T.) Needs T >= 4.
 *
 * "unit": values uniform in [0, 1], one marker uniform in each half, no -1 markers, target
 * X1 + X2 (its variance is 1/6: the mean-predicting baseline's squared error). Needs T >= 2.
 * @example const { X, y } = data.addingProblem({ n: 64, T: 50, seed: step })  // X (50, 64, 2), y (64, 1)
 */
export function addingProblem(options: AddingOptions): SequenceRegressionTask {
  const variant = options.variant ?? "original";
  const task = `addingProblem (${variant})`;
  const { n, T, rng } = setup(task, options, variant === "original" ? 4 : 2);
  const X = new Float64Array(T * n * 2); // (T, n, 2): step t of sequence s at (t * n + s) * 2
  const y = new Float64Array(n);
  const at = (t: number, s: number) => (t * n + s) * 2;
  for (let s = 0; s < n; s++) {
    let p1: number, p2: number;
    if (variant === "original") {
      for (let t = 0; t < T; t++) X[at(t, s)] = rng.uniformIn(-1, 1);
      X[at(0, s) + 1] = -1;
      X[at(T - 1, s) + 1] = -1;
      const half = Math.floor(T / 2);
      p1 = rng.int(Math.min(10, half));
      // One of the first half - 1 positions other than p1.
      p2 = rng.int(half - 1);
      if (p2 >= p1) p2 += 1;
    } else {
      for (let t = 0; t < T; t++) X[at(t, s)] = rng.uniform();
      const half = Math.floor(T / 2);
      p1 = rng.int(half);
      p2 = half + rng.int(T - half);
    }
    X[at(p1, s) + 1] = 1;
    X[at(p2, s) + 1] = 1;
    if (variant === "original") {
      if (p1 === 0) X[at(p1, s)] = 0;
      if (p2 === 0) X[at(p2, s)] = 0;
      y[s] = 0.5 + (X[at(p1, s)] + X[at(p2, s)]) / 4;
    } else {
      y[s] = X[at(p1, s)] + X[at(p2, s)];
    }
  }
  return { name: `adding problem (${variant}), T = ${T}`, X: new Tensor(X, [T, n, 2]), y: new Tensor(y, [n, 1]), T, numClasses: 0, batchAxis: 1 };
}

/**
 * The fraction of sequences with |yHat - y| < tolerance: Hochreiter & Schmidhuber's criterion
 * for the adding problem, with their tolerance 0.04 by default.
 */
export function fractionSolved(yHat: Tensor, y: Tensor, tolerance = 0.04): number {
  if (yHat.size !== y.size) throw new LibraryError(messages.dataSizeMismatch("fractionSolved", yHat.size, y.shape));
  let solved = 0;
  for (let i = 0; i < y.size; i++) if (Math.abs(yHat.data[i] - y.data[i]) < tolerance) solved++;
  return solved / y.size;
}

// --- the copy (memory) task ------------------------------------------------------------------

export interface CopyOptions extends SequenceTaskOptions {
  /** Number of distinct symbols to remember (default 8). */
  symbols?: number;
  /** How many symbols to copy (default 10). */
  length?: number;
}

/**
 * The copy memory task in the form of Arjovsky, Shah & Bengio (2016), after Hochreiter &
 * Schmidhuber (1997): the net reads `length` random symbols (1..symbols), then T - 1 blanks (0),
 * then a delimiter (symbols + 1), then `length` more blanks, and must output blanks until the
 * delimiter and then the symbols it read, in order. Each symbol is recalled T + length steps
 * after it was seen. Sequences have T + 2·length steps.
 * X is one-hot (T + 2·length, n, symbols + 2); y holds the target symbol of every step,
 * time-major (entry t·n + s), in 0..symbols (0 = blank). The memoryless baseline (blanks, then a
 * uniform guess) has cross-entropy length · ln(symbols) / (T + 2·length) per step.
 * @example data.copyTask({ n: 32, T: 50, seed: 1 })  // X (70, 32, 10)
 */
export function copyTask(options: CopyOptions): SequenceClassificationTask {
  const { n, T, rng } = setup("copyTask", options, 1);
  const K = options.symbols ?? 8;
  const L = options.length ?? 10;
  if (!Number.isInteger(K) || K <= 0) throw new LibraryError(messages.positiveInteger("copyTask: symbols", K));
  if (!Number.isInteger(L) || L <= 0) throw new LibraryError(messages.positiveInteger("copyTask: length", L));
  const steps = T + 2 * L;
  const F = K + 2;
  const X = new Float64Array(steps * n * F);
  const y = new Int32Array(steps * n);
  for (let s = 0; s < n; s++) {
    const input = new Int32Array(steps); // blanks (0) by default
    for (let t = 0; t < L; t++) {
      input[t] = 1 + rng.int(K);
      y[(T + L + t) * n + s] = input[t];
    }
    input[T + L - 1] = K + 1; // the delimiter: "now repeat"
    for (let t = 0; t < steps; t++) X[(t * n + s) * F + input[t]] = 1;
  }
  return { name: `copy task, delay T = ${T}`, X: new Tensor(X, [steps, n, F]), y, numClasses: K + 1, T: steps, batchAxis: 1 };
}

// --- temporal order --------------------------------------------------------------------------

/** The symbols of the temporal order task, in the order of their one-hot columns. */
export const temporalOrderSymbols = ["a", "b", "c", "d", "B", "E", "X", "Y"] as const;

/**
 * The temporal order task (Hochreiter & Schmidhuber 1997, Experiment 6a): classify a sequence
 * by the order of two relevant symbols. A sequence starts with E, ends with the trigger B, and
 * is otherwise random distractors from {a, b, c, d}, except at two positions t1 and t2 that
 * hold X or Y. The class is XX -> 0, XY -> 1, YX -> 2, YY -> 3 (the paper's Q, R, S, U).
 * The paper uses lengths 100 to 110 with t1 in [10, 20] and t2 in [50, 60]; we scale those
 * ranges with T: t1 in [T/10, 2T/10], t2 in [T/2, 6T/10] (1-based), and fix the length to T.
 * X is one-hot (T, n, 8) over `temporalOrderSymbols`; y (n) holds the class. Chance is 25%.
 * Needs T >= 10.
 * @example data.temporalOrder({ n: 32, T: 100, seed: 1 })
 */
export function temporalOrder(options: SequenceTaskOptions): SequenceClassificationTask {
  const { n, T, rng } = setup("temporalOrder", options, 10);
  const F = temporalOrderSymbols.length;
  const col = (sym: (typeof temporalOrderSymbols)[number]) => temporalOrderSymbols.indexOf(sym);
  const X = new Float64Array(T * n * F);
  const y = new Int32Array(n);
  const range = (lo: number, hi: number) => lo + rng.int(hi - lo + 1); // inclusive
  for (let s = 0; s < n; s++) {
    const seq = new Int32Array(T);
    for (let t = 1; t < T - 1; t++) seq[t] = rng.int(4); // a, b, c, d
    seq[0] = col("E");
    seq[T - 1] = col("B");
    // 1-based ranges from the paper, scaled by T/100, then to 0-based positions.
    const t1 = range(Math.max(2, Math.round(T / 10)), Math.round((2 * T) / 10)) - 1;
    const t2 = range(Math.max(t1 + 2, Math.round(T / 2)), Math.max(t1 + 2, Math.round((6 * T) / 10))) - 1;
    const first = rng.int(2), second = rng.int(2); // 0: X, 1: Y
    seq[t1] = col("X") + first;
    seq[t2] = col("X") + second;
    y[s] = 2 * first + second;
    for (let t = 0; t < T; t++) X[(t * n + s) * F + seq[t]] = 1;
  }
  return { name: `temporal order, T = ${T}`, X: new Tensor(X, [T, n, F]), y, numClasses: 4, T, batchAxis: 1 };
}
