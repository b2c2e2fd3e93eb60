import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { gradCheck } from "../../src/diagnostics/gradcheck.js";
import { BatchNorm1d } from "../../src/nn/batchnorm.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { GRAD_CHECK, randomTensor, seedArb } from "../ops/check-op.js";

const sizes = fc.tuple(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 5 }), seedArb);
// With two rows x̂ is ±1 whatever x is (up to ε): the true gradient of x is then of the order of
// ε itself, below what a relative error can judge. Finite-difference checks use three rows or more.
const gradSizes = fc.tuple(fc.integer({ min: 3, max: 7 }), fc.integer({ min: 1, max: 5 }), seedArb);

/** A BatchNorm1d with random γ, β and running statistics (so no term can hide behind 1 or 0). */
function randomBn(D: number, rng: Rng): BatchNorm1d {
  const bn = new BatchNorm1d(D);
  bn.gamma.data.set(randomTensor([D], rng, { range: [0.5, 2] }).data);
  bn.beta.data.set(randomTensor([D], rng).data);
  bn.runningMean.set(randomTensor([D], rng).data);
  bn.runningVar.set(randomTensor([D], rng, { range: [0.5, 2] }).data);
  return bn;
}

/**
 * Batch norm's backward as Ioffe & Szegedy (2015) write it, step by step through σ² and μ, with
 * plain loops: an independent route to the closed form the op uses.
 */
function paperBackward(x: Float64Array, dy: Float64Array, gamma: Float64Array, N: number, D: number, eps: number): Float64Array {
  const dx = new Float64Array(N * D);
  for (let j = 0; j < D; j++) {
    let mu = 0;
    for (let i = 0; i < N; i++) mu += x[i * D + j] / N;
    let v = 0;
    for (let i = 0; i < N; i++) v += (x[i * D + j] - mu) ** 2 / N;
    const s = Math.sqrt(v + eps);
    let dVar = 0, dMu = 0, sumCentered = 0;
    for (let i = 0; i < N; i++) {
      const dxhat = dy[i * D + j] * gamma[j];
      dVar += dxhat * (x[i * D + j] - mu) * -0.5 * (v + eps) ** -1.5;
      dMu += -dxhat / s;
      sumCentered += -2 * (x[i * D + j] - mu) / N;
    }
    dMu += dVar * sumCentered;
    for (let i = 0; i < N; i++) {
      dx[i * D + j] = (dy[i * D + j] * gamma[j]) / s + (dVar * 2 * (x[i * D + j] - mu)) / N + dMu / N;
    }
  }
  return dx;
}

describe("BatchNorm1d, training mode", () => {
  it("normalizes each feature with the batch mean and biased variance", () => {
    fc.assert(fc.property(sizes, ([N, D, seed]) => {
      const rng = new Rng(seed);
      const bn = randomBn(D, rng);
      const X = randomTensor([N, D], rng, { range: [-3, 3] });
      const y = bn.forward(X).data;
      for (let j = 0; j < D; j++) {
        let mu = 0, v = 0;
        for (let i = 0; i < N; i++) mu += X.data[i * D + j] / N;
        for (let i = 0; i < N; i++) v += (X.data[i * D + j] - mu) ** 2 / N;
        for (let i = 0; i < N; i++) {
          const want = (bn.gamma.data[j] * (X.data[i * D + j] - mu)) / Math.sqrt(v + 1e-5) + bn.beta.data[j];
          expect(y[i * D + j]).toBeCloseTo(want, 12);
        }
      }
    }), { numRuns: 30 });
  });

  it("backward equals the paper's step-by-step derivation (plain loops)", () => {
    fc.assert(fc.property(sizes, ([N, D, seed]) => {
      const rng = new Rng(seed);
      const bn = randomBn(D, rng);
      const X = randomTensor([N, D], rng, { range: [-3, 3] });
      X.requiresGrad = true;
      const dy = randomTensor([N, D], rng).data;
      backward(bn.forward(X), { seed: dy });
      const want = paperBackward(X.data, dy, bn.gamma.data, N, D, 1e-5);
      want.forEach((v, k) => expect(X.grad!.data[k]).toBeCloseTo(v, 10));
    }), { numRuns: 30 });
  });

  it("gradients of x, gamma and beta pass the finite-difference check", () => {
    fc.assert(fc.property(gradSizes, ([N, D, seed]) => {
      const rng = new Rng(seed);
      const bn = randomBn(D, rng);
      const X = randomTensor([N, D], rng, { range: [-3, 3] }, "X");
      const R = randomTensor([N, D], rng, { range: [-1.5, 1.5], awayFromZero: 0.5 });
      const r = gradCheck(() => ops.sum(ops.mul(bn.forward(X), R)), [X, bn.gamma, bn.beta], GRAD_CHECK);
      expect(r.ok, r.summary).toBe(true);
    }), { numRuns: 30 });
  });

  it("updates running mean (momentum 0.1) and running variance with the unbiased estimate", () => {
    const bn = new BatchNorm1d(1);
    bn.forward(new Tensor(Float64Array.of(1, 2, 6), [3, 1])); // mean 3, biased var 14/3, unbiased 7
    expect(bn.runningMean[0]).toBeCloseTo(0.9 * 0 + 0.1 * 3, 15);
    expect(bn.runningVar[0]).toBeCloseTo(0.9 * 1 + 0.1 * 7, 15);
    bn.forward(new Tensor(Float64Array.of(0, 0, 3), [3, 1])); // mean 1, unbiased var 3
    expect(bn.runningMean[0]).toBeCloseTo(0.9 * 0.3 + 0.1 * 1, 15);
    expect(bn.runningVar[0]).toBeCloseTo(0.9 * 1.6 + 0.1 * 3, 15);
  });

  it("a batch of one is an error in training mode, fine in evaluation mode", () => {
    const bn = new BatchNorm1d(2);
    const x = new Tensor(Float64Array.of(1, 2), [1, 2]);
    expect(() => bn.forward(x)).toThrow(/BatchNorm1d: training mode needs a batch of at least 2 rows.*model\.eval\(\)/);
    expect(bn.eval().forward(x).shape).toEqual([1, 2]);
  });

  it("bad sizes and options get clear errors", () => {
    expect(() => new BatchNorm1d(0)).toThrow(/BatchNorm1d: features must be a positive integer, got 0/);
    expect(() => new BatchNorm1d(3, { momentum: 1.5 })).toThrow(/momentum must be a number in \[0, 1\], got 1.5/);
    expect(() => new BatchNorm1d(3).forward(new Tensor(new Float64Array(8), [4, 2]))).toThrow(/BatchNorm1d: expected inputs with 3 features/);
  });
});

describe("BatchNorm1d, evaluation mode", () => {
  it("uses the running statistics: each row on its own, an affine map", () => {
    fc.assert(fc.property(sizes, ([N, D, seed]) => {
      const rng = new Rng(seed);
      const bn = randomBn(D, rng).eval();
      const before = [Array.from(bn.runningMean), Array.from(bn.runningVar)];
      const X = randomTensor([N, D], rng, { range: [-3, 3] });
      const y = bn.forward(X).data;
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < D; j++) {
          const want = (bn.gamma.data[j] * (X.data[i * D + j] - bn.runningMean[j])) / Math.sqrt(bn.runningVar[j] + 1e-5) + bn.beta.data[j];
          expect(y[i * D + j]).toBeCloseTo(want, 12);
        }
      }
      expect([Array.from(bn.runningMean), Array.from(bn.runningVar)]).toEqual(before); // not updated
    }), { numRuns: 20 });
  });

  it("gradients pass the finite-difference check", () => {
    fc.assert(fc.property(sizes, ([N, D, seed]) => {
      const rng = new Rng(seed);
      const bn = randomBn(D, rng).eval();
      const X = randomTensor([N, D], rng, { range: [-3, 3] }, "X");
      const R = randomTensor([N, D], rng, { range: [-1.5, 1.5], awayFromZero: 0.5 });
      const r = gradCheck(() => ops.sum(ops.mul(bn.forward(X), R)), [X, bn.gamma, bn.beta], GRAD_CHECK);
      expect(r.ok, r.summary).toBe(true);
    }), { numRuns: 20 });
  });
});
