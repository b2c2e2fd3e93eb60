import { describe, expect, it } from "vitest";
import { Module } from "../../src/nn/module.js";
import { BatchNorm1d } from "../../src/nn/batchnorm.js";
import { Linear } from "../../src/nn/linear.js";
import { Sequential } from "../../src/nn/sequential.js";
import { Tensor, tensor } from "../../src/tensor/tensor.js";

class Scale extends Module {
  readonly k: Tensor;
  readonly inner: Linear;
  constructor() {
    super();
    this.k = this.addParameter("k", tensor([2]));
    this.inner = this.addModule("inner", new Linear(2, 2));
  }
  forward(x: Tensor): Tensor {
    return this.inner.forward(x);
  }
}

describe("Module", () => {
  it("registers parameters (requiring gradients) before children, with dotted names", () => {
    const m = new Scale();
    expect(m.k.requiresGrad).toBe(true);
    expect(m.namedParameters().map(([n]) => n)).toEqual(["k", "inner.weight", "inner.bias"]);
    expect(m.parameters()).toEqual([m.k, m.inner.weight, m.inner.bias]);
    expect(m.parameterCount()).toBe(1 + 4 + 2);
    expect(m.modules().map(([n]) => n)).toEqual(["inner"]);
  });

  it("train() and eval() reach every descendant", () => {
    const bn = new BatchNorm1d(2);
    const net = new Sequential([new Sequential([bn])]);
    expect(net.eval()).toBe(net);
    expect(bn.training).toBe(false);
    net.train();
    expect(bn.training).toBe(true);
  });
});
