import { describe, expect, it } from "vitest";
import { resolveLoss } from "../../src/train/loss.js";
import { tensor } from "../../src/tensor/tensor.js";

const labels = { y: Int32Array.of(0, 2), numClasses: 3 };
const targets = { y: tensor([[1], [0]]), numClasses: 0 as const };

describe("resolveLoss", () => {
  it("defaults: softmax cross-entropy for labels, mse for targets", () => {
    expect(resolveLoss("fit", undefined, labels).name).toBe("softmaxCrossEntropy");
    expect(resolveLoss("fit", undefined, targets).name).toBe("mse");
  });

  it("mse on class labels compares with one-hot rows (hand-computed)", () => {
    const { fn } = resolveLoss("fit", "mse", labels);
    // rows (1, 0, 0) and (0, 0, 1) against outputs (0.5, 0, 0) and (0, 1, 1): squared errors 0.25 + 1
    expect(fn(tensor([[0.5, 0, 0], [0, 1, 1]]), labels.y).item()).toBeCloseTo(1.25 / 6, 15);
  });

  it("bceWithLogits on labels 0/1 uses them as targets", () => {
    const { fn } = resolveLoss("fit", "bceWithLogits", { y: Int32Array.of(1, 0), numClasses: 2 });
    // -log σ(0) - log(1 - σ(0)) over 2 values = log 2
    expect(fn(tensor([[0], [0]]), Int32Array.of(1, 0)).item()).toBeCloseTo(Math.LN2, 15);
  });

  it("a function is used as is; unknown names and mismatches get clear errors", () => {
    const custom = () => tensor([1]);
    expect(resolveLoss("fit", custom, labels).fn).toBe(custom);
    expect(() => resolveLoss("fit", "hinge" as "mse", labels)).toThrow(/unknown loss 'hinge'/);
    expect(() => resolveLoss("fit", "softmaxCrossEntropy", targets)).toThrow(/needs class labels/);
    const { fn } = resolveLoss("fit", "softmaxCrossEntropy", labels);
    expect(() => fn(tensor([[1, 2], [3, 4]]), labels.y)).toThrow("fit: the model has 2 outputs but the data set has 3 classes; build the model with outputs: 3.");
  });
});
