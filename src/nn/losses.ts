/**
 * Loss functions, each one fused op with a closed-form backward. All return a scalar tensor: the
 * mean over the batch (over every value, for mse and bceWithLogits).
 *
 * Fusing matters for correctness as much as speed: softmax followed by log, done separately,
 * overflows for logits near 1000 and loses every digit for probabilities near 0, while the fused
 * log-sum-exp form stays exact, and its gradient is simply softmax - onehot.
 */

import { accumulate, record } from "../autodiff/engine.js";
import { LibraryError, messages } from "../messages.js";
import { sigmoidValue } from "../tensor/kernels.js";
import { sameShape, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** Class labels, one per row: an Int32Array (as the data sets give), a plain array, or a tensor. */
export type Labels = Int32Array | readonly number[] | Tensor;

const valuesOf = (y: Labels | Float64Array): ArrayLike<number> => (y instanceof Tensor ? y.data : y);

function checkFinite(loss: string, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new LibraryError(messages.nonFiniteOutput(loss, i, x[i]));
  }
}

/** Shapes that hold the same values in the same order, up to axes of size 1: (n) and (n, 1). */
function compatible(a: Shape, b: Shape): boolean {
  if (sameShape(a, b)) return true;
  return sameShape(a.filter((d) => d !== 1), b.filter((d) => d !== 1));
}

/**
 * Mean squared error: mean over all values of (yHat - y)².
 * Backward: dyHat = 2 (yHat - y) / n, dy = -dyHat.
 * @example mse(model.forward(X), y)   // yHat (batch, 1), y (batch, 1)
 */
export function mse(yHat: Tensor, y: Tensor): Tensor {
  if (!compatible(yHat.shape, y.shape)) throw new LibraryError(messages.lossShapes("mse", yHat.shape, y.shape));
  checkFinite("mse", yHat.data);
  const target = y.data;
  for (let i = 0; i < target.length; i++) {
    if (!Number.isFinite(target[i])) throw new LibraryError(messages.nanInput("mse (targets)", i, target[i]));
  }
  const n = yHat.size;
  const diff = new Float64Array(n); // yHat - y, kept for backward
  let total = 0;
  for (let i = 0; i < n; i++) {
    diff[i] = yHat.data[i] - target[i];
    total += diff[i] * diff[i];
  }
  return record(new Tensor(Float64Array.of(total / n), []), "mse", [yHat, y], (dy) => {
    const c = (2 * dy[0]) / n;
    if (yHat.requiresGrad) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) g[i] = c * diff[i];
      accumulate(yHat, g, true);
    }
    if (y.requiresGrad) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) g[i] = -c * diff[i];
      accumulate(y, g, true);
    }
  });
}

/**
 * Checks class labels against a (batch, classes) logits tensor; returns them as integers.
 * One logit column stands for two classes (z > 0 is class 1).
 */
function checkLabels(loss: string, logits: Tensor, labels: Labels): ArrayLike<number> {
  if (logits.rank !== 2) throw new LibraryError(messages.rankNeeded(loss, "2-D (batch, classes)", logits.shape));
  const batch = logits.shape[0];
  const classes = loss === "accuracy" && logits.shape[1] === 1 ? 2 : logits.shape[1];
  const y = valuesOf(labels);
  if (y.length !== batch) throw new LibraryError(messages.labelCount(loss, batch, y.length));
  for (let i = 0; i < batch; i++) {
    const c = y[i];
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new LibraryError(messages.labelOutOfRange(loss, i, c, classes));
  }
  return y;
}

/**
 * Softmax cross-entropy of logits (batch, classes) against integer labels, averaged over the batch:
 *     L_i = log Σ_c exp(z_ic) - z_{i,y_i}
 * computed with the log-sum-exp shift (subtracting the row's max), so no exp overflows.
 * Backward: dz = (softmax(z) - onehot(y)) / batch.
 * @example softmaxCrossEntropy(model.forward(X), ds.y)
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Labels): Tensor {
  const y = checkLabels("softmaxCrossEntropy", logits, labels);
  checkFinite("softmaxCrossEntropy", logits.data);
  const [batch, classes] = logits.shape;
  const z = logits.data;
  const p = new Float64Array(batch * classes); // softmax, kept for backward
  let total = 0;
  for (let i = 0; i < batch; i++) {
    const o = i * classes;
    let m = -Infinity;
    for (let c = 0; c < classes; c++) if (z[o + c] > m) m = z[o + c];
    let s = 0;
    for (let c = 0; c < classes; c++) {
      p[o + c] = Math.exp(z[o + c] - m);
      s += p[o + c];
    }
    for (let c = 0; c < classes; c++) p[o + c] /= s;
    total += m + Math.log(s) - z[o + y[i]];
  }
  return record(new Tensor(Float64Array.of(total / batch), []), "softmaxCrossEntropy", [logits], (dy) => {
    const c = dy[0] / batch;
    const g = new Float64Array(batch * classes);
    for (let i = 0; i < batch; i++) {
      const o = i * classes;
      for (let k = 0; k < classes; k++) g[o + k] = c * p[o + k];
      g[o + y[i]] -= c;
    }
    accumulate(logits, g, true);
  });
}

/**
 * Binary cross-entropy on logits z with targets t in [0, 1], averaged over all values, in the
 * stable form  max(z, 0) - z t + log(1 + e^{-|z|})  (equal to -t log σ(z) - (1 - t) log(1 - σ(z)),
 * but never takes the log of 0 or exponentiates a large positive number).
 * Backward: dz = (σ(z) - t) / n.
 * @example bceWithLogits(model.forward(X), targets)   // logits (batch, 1), targets (batch, 1) or (batch)
 */
export function bceWithLogits(logits: Tensor, targets: Tensor | Float64Array | Int32Array | readonly number[]): Tensor {
  const t = valuesOf(targets);
  if (targets instanceof Tensor ? !compatible(logits.shape, targets.shape) : t.length !== logits.size) {
    const tShape = targets instanceof Tensor ? targets.shape : [t.length];
    throw new LibraryError(messages.lossShapes("bceWithLogits", logits.shape, tShape));
  }
  checkFinite("bceWithLogits", logits.data);
  for (let i = 0; i < t.length; i++) {
    if (!(t[i] >= 0 && t[i] <= 1)) throw new LibraryError(messages.targetOutOfRange("bceWithLogits", i, t[i]));
  }
  const n = logits.size;
  const z = logits.data;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.max(z[i], 0) - z[i] * t[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
  const inputs = targets instanceof Tensor ? [logits, targets] : [logits];
  return record(new Tensor(Float64Array.of(total / n), []), "bceWithLogits", inputs, (dy) => {
    const c = dy[0] / n;
    if (logits.requiresGrad) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        g[i] = c * (sigmoidValue(z[i]) - t[i]);
      }
      accumulate(logits, g, true);
    }
    if (targets instanceof Tensor && targets.requiresGrad) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) g[i] = -c * z[i]; // d/dt of -z t
      accumulate(targets, g, true);
    }
  });
}

/**
 * The fraction of rows whose predicted class equals the label (no gradient). With one output
 * column the prediction is z > 0 (class 1) as for bceWithLogits; otherwise the argmax.
 * @example accuracy(model.forward(X), ds.y)   // 0.97
 */
export function accuracy(logits: Tensor, labels: Labels): number {
  const y = checkLabels("accuracy", logits, labels);
  const [batch, classes] = logits.shape;
  const z = logits.data;
  let correct = 0;
  for (let i = 0; i < batch; i++) {
    let predicted: number;
    if (classes === 1) predicted = z[i] > 0 ? 1 : 0;
    else {
      predicted = 0;
      for (let c = 1; c < classes; c++) if (z[i * classes + c] > z[i * classes + predicted]) predicted = c;
    }
    if (predicted === y[i]) correct++;
  }
  return correct / batch;
}
