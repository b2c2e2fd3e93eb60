import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { gradCheck } from "../../src/diagnostics/gradcheck.js";
import { accuracy, bceWithLogits, mse, softmaxCrossEntropy } from "../../src/nn/losses.js";
import { Rng } from "../../src/random/rng.js";
import { Tensor, tensor } from "../../src/tensor/tensor.js";
import { GRAD_CHECK, randomTensor, seedArb } from "../ops/check-op.js";

const batchClasses = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 5 }), seedArb);
const sigma = (z: number) => 1 / (1 + Math.exp(-z));

describe("mse", () => {
  it("equals the mean of squared differences; gradients of both sides pass", () => {
    fc.assert(fc.property(batchClasses, ([n, d, seed]) => {
      const rng = new Rng(seed);
      const yHat = randomTensor([n, d], rng, {}, "yHat");
      const y = randomTensor([n, d], rng, {}, "y");
      let want = 0;
      for (let i = 0; i < n * d; i++) want += (yHat.data[i] - y.data[i]) ** 2 / (n * d);
      expect(mse(yHat, y).item()).toBeCloseTo(want, 13);
      const r = gradCheck(() => mse(yHat, y), [yHat, y], GRAD_CHECK);
      expect(r.ok, r.summary).toBe(true);
    }), { numRuns: 25 });
  });

  it("accepts (n) targets for (n, 1) predictions, rejects other shapes", () => {
    expect(mse(tensor([[1], [2]]), tensor([1, 4])).item()).toBe(2);
    expect(() => mse(tensor([[1, 2]]), tensor([1, 2, 3]))).toThrow(/mse: predictions \(1, 2\) and targets \(3\) differ in shape/);
  });

  it("NaN in predictions or targets is named", () => {
    expect(() => mse(tensor([1, NaN]), tensor([1, 2]))).toThrow(/mse: the model's output holds NaN at flat index 1.*lower the learning rate/);
    expect(() => mse(tensor([1, 2]), tensor([NaN, 2]))).toThrow(/mse \(targets\): input holds NaN at flat index 0/);
  });
});

describe("softmaxCrossEntropy", () => {
  it("equals -log softmax(z)[label] averaged over the batch; gradient passes", () => {
    fc.assert(fc.property(batchClasses, ([n, c, seed]) => {
      const rng = new Rng(seed);
      const logits = randomTensor([n, c], rng, { range: [-3, 3] }, "logits"); // every p above 5e-4
      const labels = Array.from({ length: n }, () => rng.int(c));
      let want = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < c; k++) s += Math.exp(logits.data[i * c + k]);
        want -= Math.log(Math.exp(logits.data[i * c + labels[i]]) / s) / n;
      }
      expect(softmaxCrossEntropy(logits, labels).item()).toBeCloseTo(want, 12);
      const r = gradCheck(() => softmaxCrossEntropy(logits, Int32Array.from(labels)), [logits], GRAD_CHECK);
      expect(r.ok, r.summary).toBe(true);
    }), { numRuns: 25 });
  });

  it("gradient is (softmax - onehot) / batch, and stays exact for logits near 1000", () => {
    const logits = tensor([[1000, 0, -1000], [0, 0, 0]], undefined, { requiresGrad: true });
    const loss = softmaxCrossEntropy(logits, [1, 2]);
    // Row 1: log-sum-exp = 1000 (e^-1000 vanishes), loss 1000; row 2: log 3.
    expect(loss.item()).toBeCloseTo((1000 + Math.log(3)) / 2, 10);
    backward(loss);
    const g = logits.grad!.toList();
    [1, -1, 0, 1 / 3, 1 / 3, 1 / 3 - 1].forEach((v, k) => expect(g[k]).toBeCloseTo(v / 2, 15));
  });

  it("labels as an Int32Array, an array, or a tensor", () => {
    const z = randomTensor([3, 4], new Rng(0));
    const a = softmaxCrossEntropy(z, Int32Array.of(0, 3, 1)).item();
    expect(softmaxCrossEntropy(z, [0, 3, 1]).item()).toBe(a);
    expect(softmaxCrossEntropy(z, tensor([0, 3, 1])).item()).toBe(a);
  });

  it("bad labels and NaN logits get clear errors", () => {
    const z = randomTensor([2, 3], new Rng(0));
    expect(() => softmaxCrossEntropy(z, [0, 3])).toThrow(/softmaxCrossEntropy: label 3 at position 1 is not a class index 0..2/);
    expect(() => softmaxCrossEntropy(z, [0, -1])).toThrow(/label -1 at position 1/);
    expect(() => softmaxCrossEntropy(z, [0, 1.5])).toThrow(/label 1.5 at position 1/);
    expect(() => softmaxCrossEntropy(z, [0])).toThrow(/softmaxCrossEntropy: 2 rows of logits but 1 labels/);
    expect(() => softmaxCrossEntropy(tensor([1, 2]), [0])).toThrow(/softmaxCrossEntropy: expected a 2-D \(batch, classes\) tensor/);
    const bad = new Tensor(Float64Array.of(0, NaN, 1, 2, 3, 4), [2, 3]);
    expect(() => softmaxCrossEntropy(bad, [0, 1])).toThrow(/softmaxCrossEntropy: the model's output holds NaN at flat index 1/);
  });
});

describe("bceWithLogits", () => {
  it("equals -t log σ(z) - (1 - t) log(1 - σ(z)); gradients of logits and targets pass", () => {
    fc.assert(fc.property(batchClasses, ([n, d, seed]) => {
      const rng = new Rng(seed);
      const z = randomTensor([n, d], rng, { range: [-5, 5] }, "z");
      const t = randomTensor([n, d], rng, { range: [0, 1] }, "t");
      // Keep σ(z) - t, each logit's gradient, well above finite-difference noise.
      for (let i = 0; i < n * d; i++) {
        const s = sigma(z.data[i]);
        if (Math.abs(s - t.data[i]) < 0.05) t.data[i] = s + 0.05 <= 1 ? s + 0.05 : s - 0.05;
      }
      let want = 0;
      for (let i = 0; i < n * d; i++) want -= (t.data[i] * Math.log(sigma(z.data[i])) + (1 - t.data[i]) * Math.log(1 - sigma(z.data[i]))) / (n * d);
      expect(bceWithLogits(z, t).item()).toBeCloseTo(want, 12);
      const r = gradCheck(() => bceWithLogits(z, t), [z, t], GRAD_CHECK);
      expect(r.ok, r.summary).toBe(true);
    }), { numRuns: 25 });
  });

  it("stays finite and exact for large logits, where log σ(z) would underflow", () => {
    expect(bceWithLogits(tensor([800]), [0]).item()).toBe(800);
    expect(bceWithLogits(tensor([-800]), [1]).item()).toBe(800);
    expect(bceWithLogits(tensor([800]), [1]).item()).toBe(0);
    const z = tensor([[800], [-800]], undefined, { requiresGrad: true });
    backward(bceWithLogits(z, Float64Array.of(0, 0)));
    expect(z.grad!.toList()).toEqual([0.5, 0]); // (σ(z) - t) / n
  });

  it("targets as (n) for (n, 1) logits; wrong sizes and values are named", () => {
    expect(bceWithLogits(tensor([[0], [0]]), Int32Array.of(0, 1)).item()).toBeCloseTo(Math.log(2), 15);
    expect(() => bceWithLogits(tensor([[0], [0]]), [0, 1, 1])).toThrow(/bceWithLogits: predictions \(2, 1\) and targets \(3\) differ in shape/);
    expect(() => bceWithLogits(tensor([0, 0]), [0, 2])).toThrow(/bceWithLogits: target 2 at position 1 is outside \[0, 1\]/);
    expect(() => bceWithLogits(tensor([0, 0]), [0, NaN])).toThrow(/target NaN at position 1/);
    expect(() => bceWithLogits(tensor([0, Infinity]), [0, 1])).toThrow(/bceWithLogits: the model's output holds Infinity at flat index 1/);
  });
});

describe("accuracy", () => {
  it("argmax for several classes, z > 0 for one column", () => {
    expect(accuracy(tensor([[1, 2, 0], [3, 1, 2], [0, 0, 5]]), [1, 0, 0])).toBeCloseTo(2 / 3, 15);
    expect(accuracy(tensor([[0.3], [-2], [4]]), Int32Array.of(1, 1, 1))).toBeCloseTo(2 / 3, 15);
  });

  it("records no graph", () => {
    const z = tensor([[1, 2]], undefined, { requiresGrad: true });
    expect(accuracy(z, [1])).toBe(1);
    expect(z.node).toBeNull();
  });

  it("label errors are named", () => {
    expect(() => accuracy(tensor([[1, 2]]), [2])).toThrow(/accuracy: label 2 at position 0 is not a class index 0..1/);
    expect(() => accuracy(tensor([[1], [2]]), [2, 0])).toThrow(/accuracy: label 2/);
  });
});
