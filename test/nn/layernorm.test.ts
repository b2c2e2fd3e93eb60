import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { LayerNorm, layerNorm } from "../../src/nn/layernorm.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkOp, randomTensor, runs, seedArb, shapeArb } from "../ops/check-op.js";

/** Layer norm composed from primitive ops: an independent forward and backward. */
function composed(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const axis = x.rank - 1;
  const centered = ops.sub(x, ops.mean(x, axis, { keepDims: true }));
  const variance = ops.mean(ops.square(centered), axis, { keepDims: true });
  return ops.add(ops.mul(ops.div(centered, ops.sqrt(ops.add(variance, eps))), gamma), beta);
}

describe("LayerNorm", () => {
  // With one or two features x̂ is 0 or ±1 whatever x is: x's true gradient is then of the order
  // of ε, below what a relative error can judge, so the finite-difference check uses three or more.
  it("values and gradients (x, gamma, beta) on 1-D to 3-D inputs", () => {
    fc.assert(fc.property(shapeArb.filter((s) => s[s.length - 1] > 2), seedArb, (s, seed) => {
      const D = s[s.length - 1];
      checkOp([s, [D], [D]], (x, g, b) => layerNorm(x, g, b), { seed, range: [-3, 3] });
    }), runs);
  });

  it("matches layer norm composed from primitive ops, forward and backward", () => {
    fc.assert(fc.property(shapeArb, seedArb, (s, seed) => {
      const D = s[s.length - 1];
      const rng = new Rng(seed);
      const ln = new LayerNorm(D);
      ln.gamma.data.set(randomTensor([D], rng, { range: [0.5, 2] }).data);
      ln.beta.data.set(randomTensor([D], rng).data);
      const X = randomTensor(s, rng, { range: [-3, 3] });
      const dy = randomTensor(s, rng).data;
      X.requiresGrad = true;
      const y = ln.forward(X);
      backward(y, { seed: dy });
      const [gx, gg, gb] = [X.grad!.toList(), ln.gamma.grad!.toList(), ln.beta.grad!.toList()];
      for (const t of [X, ln.gamma, ln.beta]) t.grad = null;
      const want = composed(X, ln.gamma, ln.beta);
      backward(want, { seed: dy });
      y.toList().forEach((v, k) => expect(v).toBeCloseTo(want.data[k], 12));
      gx.forEach((v, k) => expect(v).toBeCloseTo(X.grad!.data[k], 10));
      gg.forEach((v, k) => expect(v).toBeCloseTo(ln.gamma.grad!.data[k], 10));
      gb.forEach((v, k) => expect(v).toBeCloseTo(ln.beta.grad!.data[k], 10));
    }), runs);
  });

  it("each row comes out with mean 0 and variance ~1 (gamma 1, beta 0)", () => {
    const y = new LayerNorm(6).forward(randomTensor([4, 6], new Rng(1), { range: [-5, 5] }));
    for (let r = 0; r < 4; r++) {
      const row = y.toList().slice(r * 6, r * 6 + 6);
      const mean = row.reduce((a, b) => a + b) / 6;
      expect(mean).toBeCloseTo(0, 12);
      expect(row.reduce((a, b) => a + (b - mean) ** 2, 0) / 6).toBeCloseTo(1, 4);
    }
  });

  it("the same in training and evaluation mode, and fine with a batch of one", () => {
    const ln = new LayerNorm(3);
    const X = randomTensor([1, 3], new Rng(2));
    expect(ln.eval().forward(X).toList()).toEqual(ln.train().forward(X).toList());
  });

  it("a feature mismatch names the layer and the shapes", () => {
    expect(() => new LayerNorm(3).forward(randomTensor([2, 4], new Rng(0)))).toThrow(/LayerNorm: expected inputs with 3 features .* got \(2, 4\)/);
    expect(() => new LayerNorm(0)).toThrow(/LayerNorm: features must be a positive integer, got 0/);
  });
});
