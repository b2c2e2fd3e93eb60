/**
 * Losses by name, adapted to the data set's kind of targets, so `fit` and the diagnostics can
 * take `loss: "mse"` as well as a function.
 */

import type { Dataset } from "../data/dataset.js";
import { bceWithLogits, mse, softmaxCrossEntropy } from "../nn/losses.js";
import { LibraryError, messages } from "../messages.js";
import { Tensor } from "../tensor/tensor.js";

/** A loss: model outputs (batch, outputs) and the batch's labels or targets -> a scalar tensor. */
export type LossFn = (yHat: Tensor, y: Int32Array | Tensor) => Tensor;

export type LossName = "softmaxCrossEntropy" | "mse" | "bceWithLogits";

export const lossNames: readonly LossName[] = ["softmaxCrossEntropy", "mse", "bceWithLogits"];

/** Labels as a (batch, width) one-hot tensor, so mse can score a classifier (as Nielsen's ch. 1-5 do). */
function oneHot(labels: Int32Array, width: number): Tensor {
  const t = new Float64Array(labels.length * width);
  for (let i = 0; i < labels.length; i++) t[i * width + labels[i]] = 1;
  return new Tensor(t, [labels.length, width]);
}

/**
 * The loss to train `ds` with: a function is used as is; a name is looked up; no loss means
 * softmax cross-entropy for class labels and mean squared error for numeric targets.
 * Adaptations: mse on class labels compares with one-hot rows; bceWithLogits on labels 0/1
 * uses them as targets.
 */
export function resolveLoss(op: string, loss: LossName | LossFn | undefined, ds: Pick<Dataset, "y" | "numClasses">): { fn: LossFn; name: string } {
  if (typeof loss === "function") return { fn: loss, name: loss.name || "custom loss" };
  const classification = ds.y instanceof Int32Array;
  const name = loss ?? (classification ? "softmaxCrossEntropy" : "mse");
  switch (name) {
    case "softmaxCrossEntropy":
      if (!classification) throw new LibraryError(messages.lossNeedsLabels(op, name));
      return {
        name,
        fn: (yHat, y) => {
          if (yHat.rank === 2 && yHat.shape[1] !== ds.numClasses) {
            throw new LibraryError(messages.outputsMismatch(op, yHat.shape[1], ds.numClasses));
          }
          return softmaxCrossEntropy(yHat, y as Int32Array);
        },
      };
    case "mse":
      return { name, fn: (yHat, y) => mse(yHat, y instanceof Int32Array ? oneHot(y, yHat.shape[1]) : y) };
    case "bceWithLogits":
      return {
        name,
        fn: (yHat, y) => bceWithLogits(yHat, y instanceof Int32Array ? new Tensor(Float64Array.from(y), yHat.shape) : y),
      };
    default:
      throw new LibraryError(messages.unknownName("loss", String(name), lossNames));
  }
}
