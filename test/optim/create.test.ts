import { describe, expect, it } from "vitest";
import { Adam } from "../../src/optim/adam.js";
import { createOptimizer } from "../../src/optim/create.js";
import { SGD } from "../../src/optim/sgd.js";
import { tensor } from "../../src/tensor/tensor.js";

describe("createOptimizer", () => {
  const p = () => [tensor([1], undefined, { requiresGrad: true })];
  it("makes optimizers by name", () => {
    expect(createOptimizer("SGD", p(), { lr: 0.1 })).toBeInstanceOf(SGD);
    expect(createOptimizer("adam", p(), { lr: 0.1 })).toBeInstanceOf(Adam);
    const adamw = createOptimizer("AdamW", p(), { lr: 0.1, weightDecay: 0.01, decoupledWeightDecay: false }) as Adam;
    expect(adamw.decoupledWeightDecay).toBe(true);
    expect((createOptimizer("sgd", p(), { lr: 0.2, momentum: 0.5 }) as SGD).momentum).toBe(0.5);
  });
  it("names the valid choices for an unknown one", () => {
    expect(() => createOptimizer("rmsprop", p(), { lr: 0.1 })).toThrow(/unknown optimizer 'rmsprop'; choose one of: sgd, adam/);
  });
});
