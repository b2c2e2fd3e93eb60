import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { gradCheck } from "../../src/diagnostics/gradcheck.js";
import { backward } from "../../src/autodiff/engine.js";

describe("smoke", () => {
  it("grad checks a small chain", () => {
    const x = tensor([[0.1, -0.2, 0.3], [0.5, 0.4, -0.7]], undefined, { name: "x" });
    const W = tensor([[0.2, -0.1, 0.4], [0.3, 0.8, -0.5]], undefined, { name: "W" });
    const b = tensor([0.1, -0.3], undefined, { name: "b" });
    const r = gradCheck(() => ops.mean(ops.square(ops.tanh(ops.linear(x, W, b)))), [x, W, b]);
    expect(r.ok, r.summary).toBe(true);
    const r2 = gradCheck(() => ops.sum(ops.mul(ops.sigmoid(ops.matmul(x, ops.transpose(W))), ops.concat([b, b], 0).data.length > 0 ? ops.add(b, 1) : b)), [x, W, b]);
    expect(r2.ok, r2.summary).toBe(true);
  });
  it("accumulates a value used twice", () => {
    const a = tensor([3], undefined, { requiresGrad: true });
    const y = ops.mul(a, a);
    backward(y);
    expect(a.grad!.data[0]).toBe(6);
  });
});
