import { describe, expect, it } from "vitest";
import { MLP } from "../../src/nn/mlp.js";
import { checkLearningRate } from "../../src/optim/optimizer.js";
import { SGD } from "../../src/optim/sgd.js";
import { tensor } from "../../src/tensor/tensor.js";

describe("what every optimizer shares", () => {
  it("takes a model as well as a list of tensors", () => {
    const model = new MLP({ inputs: 2, hidden: [3], outputs: 2, seed: 1 });
    const opt = new SGD(model, { lr: 0.1 });
    expect(opt.params).toEqual(model.parameters());
  });

  it("counts steps; lastGradNorm is NaN before the first step", () => {
    const p = tensor([1, 1], undefined, { requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1 });
    expect(opt.lastGradNorm).toBeNaN();
    expect(opt.lastUpdateNorm(p)).toBe(0);
    p.grad = tensor([3, 4]);
    opt.step();
    opt.step();
    expect(opt.steps).toBe(2);
    expect(opt.lastGradNorm).toBe(5);
  });

  it("clips by value first, then by global norm", () => {
    // value 2 turns (30, -1) into (2, -1), norm √5; then norm 1 scales it to (2, -1)/√5
    const p = tensor([0, 0], undefined, { requiresGrad: true });
    const opt = new SGD([p], { lr: 1, clipValue: 2, clipNorm: 1 });
    p.grad = tensor([30, -1]);
    opt.step();
    expect(p.toList()).toEqual([-2 / Math.sqrt(5), 1 / Math.sqrt(5)].map((x) => expect.closeTo(x, 15)));
  });

  it("checkLearningRate names the value and typical ranges", () => {
    expect(checkLearningRate(0.3)).toBe(0.3);
    expect(() => checkLearningRate("0.1")).toThrow("learning rate must be a positive finite number, got 0.1; typical values are 1e-3 (Adam) to 1e-1 (SGD).");
    expect(() => new SGD([tensor([1], undefined, { requiresGrad: true })], { lr: 0.1, clipNorm: -1 })).toThrow(/clipNorm must be a positive finite number/);
  });
});
