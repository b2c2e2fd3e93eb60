import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { Rng } from "../../src/random/rng.js";
import { checkOp, randomTensor, runs, seedArb } from "./check-op.js";

const dim = fc.integer({ min: 1, max: 5 });

/** Naive triple loop: out[i][j] = Σ_p a[i][p] b[p][j], with b given as (k, n) or, if `bT`, (n, k). */
function matmulRef(m: number, k: number, n: number, bT = false) {
  return (a: Float64Array, b: Float64Array, bias?: Float64Array) => {
    const out: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = bias ? bias[j] : 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * (bT ? b[j * k + p] : b[p * n + j]);
        out.push(s);
      }
    }
    return out;
  };
}

describe("matmul", () => {
  it("(m, k) x (k, n): values and gradients, random sizes", () => {
    fc.assert(fc.property(dim, dim, dim, seedArb, (m, k, n, seed) => {
      checkOp([[m, k], [k, n]], ops.matmul, { seed, reference: matmulRef(m, k, n) });
    }), runs);
  });

  it("sizes above the kernel's 4-way unrolling", () => {
    checkOp([[3, 9], [9, 6]], ops.matmul, { reference: matmulRef(3, 9, 6) });
  });

  it("the same matrix on both sides gets both contributions", () => {
    checkOp([[4, 4]], (a) => ops.matmul(a, a));
  });

  it("names the inner sizes when they differ", () => {
    expect(() => ops.matmul(tensor([[1, 2, 3]]), tensor([[1, 2]]))).toThrow(/matmul: \(1, 3\) x \(1, 2\): inner sizes 3 and 1 differ/);
    expect(() => ops.matmul(tensor([1, 2]), tensor([[1, 2]]))).toThrow(/matmul: expected a 2-D/);
  });
});

describe("linear (fused x Wᵀ + b)", () => {
  it("with bias: values and gradients of x, W and b", () => {
    fc.assert(fc.property(dim, dim, dim, seedArb, (batch, nIn, nOut, seed) => {
      checkOp([[batch, nIn], [nOut, nIn], [nOut]], ops.linear, { seed, reference: matmulRef(batch, nIn, nOut, true) });
    }), runs);
  });

  it("without bias", () => {
    fc.assert(fc.property(dim, dim, dim, seedArb, (batch, nIn, nOut, seed) => {
      checkOp([[batch, nIn], [nOut, nIn]], (x, w) => ops.linear(x, w, null), { seed, reference: matmulRef(batch, nIn, nOut, true) });
    }), runs);
  });

  it("equals matmul with the transpose plus a broadcast bias", () => {
    const rng = new Rng(3);
    const [x, w, b] = [[5, 7], [3, 7], [3]].map((s) => randomTensor(s, rng));
    const fused = ops.linear(x, w, b).toList();
    const composed = ops.add(ops.matmul(x, ops.transpose(w)), b).toList();
    fused.forEach((v, i) => expect(v).toBeCloseTo(composed[i], 12));
  });

  it("names the mismatch", () => {
    expect(() => ops.linear(tensor([[1, 2, 3]]), tensor([[1, 2]]), null)).toThrow(/linear: .*inner sizes 3 and 2 differ/);
  });
});
