import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gradCheck } from "../../src/diagnostics/gradcheck.js";
import { heNormal } from "../../src/nn/init.js";
import { Linear } from "../../src/nn/linear.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import { tensor } from "../../src/tensor/tensor.js";
import { GRAD_CHECK, randomTensor, seedArb } from "../ops/check-op.js";

describe("Linear", () => {
  it("weight (out, in) from the initializer and seed, bias (out) zeros", () => {
    const layer = new Linear(3, 5, { init: "he", seed: 9 });
    expect(layer.weight.shape).toEqual([5, 3]);
    expect(layer.bias!.shape).toEqual([5]);
    expect(layer.weight.toList()).toEqual(heNormal()([5, 3], new Rng(9)).toList());
    expect(layer.bias!.toList()).toEqual([0, 0, 0, 0, 0]);
    expect(layer.namedParameters().map(([n]) => n)).toEqual(["weight", "bias"]);
    expect(layer.parameterCount()).toBe(20);
  });

  it("computes x Wᵀ + b (by hand for a 1 x 2 -> 2 case)", () => {
    const layer = new Linear(2, 2, { init: (shape) => tensor([[1, 2], [3, 4]], shape) });
    layer.bias!.data.set([0.5, -1]);
    expect(layer.forward(tensor([[1, -1]])).toList()).toEqual([1 - 2 + 0.5, 3 - 4 - 1]);
  });

  it("gradients of input, weight and bias pass the finite-difference check", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), seedArb, (batch, nIn, nOut, bias, seed) => {
      const layer = new Linear(nIn, nOut, { seed, bias });
      const rng = new Rng(seed);
      layer.bias?.data.set(randomTensor([nOut], rng).data); // non-zero, so a wrong bias path shows
      const X = randomTensor([batch, nIn], rng, {}, "X");
      const r = gradCheck(() => ops.sum(ops.tanh(layer.forward(X))), [X, ...layer.parameters()], GRAD_CHECK);
      expect(r.ok, r.summary).toBe(true);
    }), { numRuns: 25 });
  });

  it("biasInit draws the bias after the weight from the same stream", () => {
    const plain = new Linear(3, 4, { init: "he", seed: 2 });
    const withBias = new Linear(3, 4, { init: "he", biasInit: "standardNormal", seed: 2 });
    expect(withBias.weight.toList()).toEqual(plain.weight.toList());
    expect(withBias.bias!.toList().every((v) => v !== 0)).toBe(true);
  });

  it("without bias it has only a weight", () => {
    const layer = new Linear(4, 2, { bias: false });
    expect(layer.bias).toBeNull();
    expect(layer.parameters()).toEqual([layer.weight]);
  });

  it("bad sizes and mismatched inputs get clear errors", () => {
    expect(() => new Linear(0, 3)).toThrow(/Linear: input features must be a positive integer, got 0/);
    expect(() => new Linear(3, 2.5)).toThrow(/Linear: output features must be a positive integer, got 2.5/);
    expect(() => new Linear(3, -1)).toThrow(/output features must be a positive integer, got -1/);
    expect(() => new Linear(3, 2).forward(tensor([[1, 2]]))).toThrow(/Linear: expected inputs with 3 features \(shape \(batch, 3\)\), got \(1, 2\)/);
    expect(() => new Linear(3, 2).forward(tensor([1, 2, 3]))).toThrow(/expected inputs with 3 features/);
    expect(() => new Linear(3, 2, { init: "glorott" })).toThrow(/unknown initializer 'glorott'/);
  });
});
