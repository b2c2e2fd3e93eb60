import { describe, expect, it } from "vitest";
import { blobs, twoSpirals } from "../../src/data/classification.js";
import { regression } from "../../src/data/regression.js";
import { MLP } from "../../src/nn/mlp.js";
import { SGD } from "../../src/optim/sgd.js";
import { fit, type EpochInfo, type StepInfo } from "../../src/train/fit.js";
import { evaluate } from "../../src/train/evaluate.js";
import { LibraryError } from "../../src/messages.js";

const spirals = () => twoSpirals({ n: 400, noise: 0.05, seed: 1 });

describe("fit learns", () => {
  it("a ReLU MLP with He init separates two spirals (> 95% train accuracy)", () => {
    const ds = spirals();
    const model = new MLP({ inputs: 2, hidden: [64, 64], outputs: 2, activation: "relu", init: "he", seed: 1 });
    const before = evaluate(model, ds).accuracy!;
    const history = fit(model, ds, { optimizer: "adam", lr: 0.01, steps: 500, batchSize: 64, seed: 1 });
    expect(before).toBeLessThan(0.7); // it did not start out solved
    expect(history.last("accuracy")).toBeGreaterThan(0.95);
    expect(evaluate(model, ds).accuracy).toBeGreaterThan(0.95);
  });

  it("regression with mse: the loss falls well below the targets' variance", () => {
    const ds = regression({ n: 200, noise: 0.05, seed: 2 });
    const model = new MLP({ inputs: 1, hidden: [32, 32], outputs: 1, activation: "tanh", seed: 2 });
    const history = fit(model, ds, { optimizer: "adam", lr: 0.01, steps: 800, batchSize: 32 });
    // sin(x) on [-3, 3] has variance about 0.5; noise alone leaves 0.0025.
    expect(history.last("trainLoss")).toBeLessThan(0.02);
    expect(history.metrics()).not.toContain("accuracy");
  });
});

describe("fit's bookkeeping", () => {
  it("counts steps from 0, calls onStep per step, onEpoch per epoch and onEnd once", () => {
    const ds = blobs({ n: 50, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [8], outputs: 3, seed: 1 });
    const steps: number[] = [];
    const epochs: number[] = [];
    let ends = 0;
    const history = fit(model, ds, {
      epochs: 3,
      batchSize: 16, // 4 batches per epoch, the last one of 2 rows
      evalEvery: 5,
      callbacks: [{ onStep: (i) => void steps.push(i.step), onEpoch: (i) => void epochs.push(i.epoch), onEnd: () => void ends++ }],
    });
    expect(steps).toEqual([...Array(12).keys()]);
    expect(epochs).toEqual([0, 1, 2]);
    expect(ends).toBe(1);
    expect(history.steps).toBe(12);
    expect(history.metric("loss").map((r) => r.step)).toEqual(steps);
    expect(history.metric("accuracy").map((r) => r.step)).toEqual([0, 5, 10, 11]);
  });

  it("onEnd sees the last step's index, loss and accuracy (what a live chart needs)", () => {
    const ds = blobs({ n: 50, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [8], outputs: 3, seed: 1 });
    let end: EpochInfo | undefined;
    const history = fit(model, ds, { steps: 7, callbacks: [{ onEnd: (i) => void (end = i) }] });
    expect(end!.step).toBe(6);
    expect(end!.loss).toBe(history.last("loss"));
    expect(end!.accuracy).toBe(history.last("accuracy"));
    expect(end!.testLoss).toBeUndefined();
  });

  it("onStep returning false stops training after that step", () => {
    const ds = blobs({ n: 50, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [8], outputs: 3, seed: 1 });
    const history = fit(model, ds, { steps: 100, callbacks: [{ onStep: (i) => i.step < 6 }] });
    expect(history.steps).toBe(7);
  });

  it("records test metrics, the gradient norm, and accepts an optimizer instance", () => {
    const ds = blobs({ n: 60, seed: 1 });
    const test = blobs({ n: 30, seed: 2 });
    const model = new MLP({ inputs: 2, hidden: [8], outputs: 3, seed: 1 });
    const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    let seen: StepInfo | undefined;
    const history = fit(model, ds, { optimizer: opt, steps: 10, evalEvery: 3, testSet: test, callbacks: [{ onStep: (i) => void (seen = i) }] });
    expect(history.optimizer).toBe(opt);
    expect(history.metric("testAccuracy").map((r) => r.step)).toEqual([0, 3, 6, 9]);
    expect(history.values("gradNorm").every((g) => g > 0 && Number.isFinite(g))).toBe(true);
    expect(seen!.testAccuracy).toBe(history.last("testAccuracy"));
    expect(seen!.totalSteps).toBe(10);
  });

  it("two runs with one seed are bit-identical, weight by weight", () => {
    const run = () => {
      const model = new MLP({ inputs: 2, hidden: [16, 16], outputs: 2, activation: "tanh", seed: 3 });
      const history = fit(model, spirals(), { optimizer: "sgd", lr: 0.1, momentum: 0.9, steps: 60, batchSize: 16, seed: 4 });
      return { weights: model.parameters().map((p) => p.data.slice()), losses: history.values("loss") };
    };
    const a = run();
    const b = run();
    expect(a.weights.length).toBe(b.weights.length);
    a.weights.forEach((w, k) => {
      expect(Buffer.from(w.buffer).equals(Buffer.from(b.weights[k].buffer))).toBe(true);
      w.forEach((x, i) => expect(Object.is(x, b.weights[k][i])).toBe(true));
    });
    a.losses.forEach((l, i) => expect(Object.is(l, b.losses[i])).toBe(true));
    // and a different batch order changes the result
    const model = new MLP({ inputs: 2, hidden: [16, 16], outputs: 2, activation: "tanh", seed: 3 });
    fit(model, spirals(), { optimizer: "sgd", lr: 0.1, momentum: 0.9, steps: 60, batchSize: 16, seed: 5 });
    expect(model.parameters()[0].data.every((x, i) => Object.is(x, a.weights[0][i]))).toBe(false);
  });
});

describe("fit rejects bad settings with clear messages", () => {
  const ds = blobs({ n: 30, seed: 1 });
  const model = () => new MLP({ inputs: 2, hidden: [4], outputs: 3, seed: 1 });
  it("steps and epochs together", () => {
    expect(() => fit(model(), ds, { steps: 10, epochs: 2 })).toThrow(/either steps or epochs, not both/);
  });
  it("a negative learning rate, an unknown optimizer or loss", () => {
    expect(() => fit(model(), ds, { lr: -0.1 })).toThrow(/learning rate must be a positive finite number, got -0.1/);
    expect(() => fit(model(), ds, { optimizer: "lbfgs" as "sgd" })).toThrow(/unknown optimizer 'lbfgs'/);
    expect(() => fit(model(), ds, { loss: "hinge" as "mse" })).toThrow(/unknown loss 'hinge'; choose one of: softmaxCrossEntropy, mse, bceWithLogits/);
  });
  it("a classification loss on a regression set; outputs that do not match the classes", () => {
    expect(() => fit(new MLP({ inputs: 1, hidden: [4], outputs: 1 }), regression({ n: 10 }), { loss: "softmaxCrossEntropy" })).toThrow(
      /needs class labels.*use loss: "mse"/,
    );
    expect(() => fit(new MLP({ inputs: 2, hidden: [4], outputs: 2 }), ds, { steps: 1 })).toThrow("fit: the model has 2 outputs but the data set has 3 classes; build the model with outputs: 3.");
  });
  it("zero steps, a fractional batch size, NaN in the data", () => {
    expect(() => fit(model(), ds, { steps: 0 })).toThrow("fit: steps must be a positive integer, got 0.");
    expect(() => fit(model(), ds, { batchSize: 2.5 })).toThrow(/batchSize must be a positive integer/);
    const bad = blobs({ n: 30, seed: 1 });
    bad.X.data[7] = NaN;
    expect(() => fit(model(), bad, { steps: 1 })).toThrow(LibraryError);
    expect(() => fit(model(), bad, { steps: 1 })).toThrow(/NaN at flat index 7/);
  });
});
