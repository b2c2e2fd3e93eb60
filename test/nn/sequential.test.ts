import { describe, expect, it } from "vitest";
import { gradCheck } from "../../src/diagnostics/gradcheck.js";
import { Linear } from "../../src/nn/linear.js";
import { ActivationLayer, Sequential } from "../../src/nn/sequential.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import { GRAD_CHECK, randomTensor } from "../ops/check-op.js";

describe("Sequential and ActivationLayer", () => {
  const net = () => new Sequential([new Linear(3, 4, { seed: 1 }), new ActivationLayer("tanh"), new Linear(4, 2, { seed: 2 })]);

  it("applies its modules in order", () => {
    const model = net();
    const X = randomTensor([5, 3], new Rng(0));
    const [l1, , l2] = model.layers as [Linear, ActivationLayer, Linear];
    const expected = ops.linear(ops.tanh(ops.linear(X, l1.weight, l1.bias)), l2.weight, l2.bias);
    expect(model.forward(X).toList()).toEqual(expected.toList());
  });

  it("names parameters by position", () => {
    expect(net().namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
  });

  it("gradients pass the finite-difference check", () => {
    const model = net();
    const X = randomTensor([5, 3], new Rng(1), {}, "X");
    const r = gradCheck(() => ops.mean(ops.square(model.forward(X))), [X, ...model.parameters()], GRAD_CHECK);
    expect(r.ok, r.summary).toBe(true);
  });

  it("an unknown activation fails when the layer is built", () => {
    expect(() => new ActivationLayer("rellu")).toThrow(/unknown activation 'rellu'/);
  });
});
