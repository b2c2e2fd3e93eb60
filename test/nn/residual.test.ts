import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { gradCheck } from "../../src/diagnostics/gradcheck.js";
import { Linear } from "../../src/nn/linear.js";
import { Residual } from "../../src/nn/residual.js";
import { ActivationLayer, Sequential } from "../../src/nn/sequential.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import { GRAD_CHECK, randomTensor } from "../ops/check-op.js";

describe("Residual", () => {
  const block = () => new Sequential([new Linear(4, 4, { seed: 3 }), new ActivationLayer("tanh")]);

  it("computes x + F(x)", () => {
    const F = block();
    const res = new Residual(F);
    const X = randomTensor([3, 4], new Rng(0));
    const expected = ops.add(X, F.forward(X)).toList();
    expect(res.forward(X).toList()).toEqual(expected);
    expect(res.namedParameters().map(([n]) => n)).toEqual(["block.0.weight", "block.0.bias"]);
  });

  it("gradients pass the finite-difference check", () => {
    const res = new Residual(block());
    const X = randomTensor([3, 4], new Rng(1), {}, "X");
    const r = gradCheck(() => ops.sum(ops.square(res.forward(X))), [X, ...res.parameters()], GRAD_CHECK);
    expect(r.ok, r.summary).toBe(true);
  });

  it("the identity path carries the gradient even when F's Jacobian is 0", () => {
    const F = new Linear(4, 4, { init: "zeros" });
    const X = randomTensor([2, 4], new Rng(2));
    X.requiresGrad = true;
    backward(ops.sum(new Residual(F).forward(X)));
    expect(X.grad!.toList()).toEqual(new Array(8).fill(1)); // dL/dx = dy (I + 0)
  });

  it("a block that changes the shape gets a clear error", () => {
    const res = new Residual(new Linear(4, 3));
    expect(() => res.forward(randomTensor([2, 4], new Rng(0)))).toThrow(/Residual: the block maps \(2, 4\) to \(2, 3\); a residual connection x \+ F\(x\) needs F to keep the shape/);
  });
});
