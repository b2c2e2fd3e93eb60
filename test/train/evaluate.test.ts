import { describe, expect, it } from "vitest";
import { blobs } from "../../src/data/classification.js";
import { regression } from "../../src/data/regression.js";
import { MLP } from "../../src/nn/mlp.js";
import { classify, evaluate, predict } from "../../src/train/evaluate.js";
import { tensor } from "../../src/tensor/tensor.js";

/** Softmax cross-entropy and accuracy written out for plain arrays: the oracle. */
function byHand(logits: number[][], y: Int32Array) {
  let loss = 0;
  let correct = 0;
  logits.forEach((z, i) => {
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    loss += (lse - z[y[i]]) / logits.length;
    if (z.indexOf(Math.max(...z)) === y[i]) correct++;
  });
  return { loss, accuracy: correct / logits.length };
}

describe("evaluate", () => {
  it("gives the loss and accuracy over the whole set (checked by hand), in chunks or not", () => {
    const ds = blobs({ n: 50, classes: 3, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [6], outputs: 3, seed: 2 });
    const expected = byHand(predict(model, ds.X).toArray() as number[][], ds.y);
    const whole = evaluate(model, ds);
    expect(whole.loss).toBeCloseTo(expected.loss, 13);
    expect(whole.accuracy).toBe(expected.accuracy);
    const chunked = evaluate(model, ds, { batchSize: 7 });
    expect(chunked.loss).toBeCloseTo(expected.loss, 13);
    expect(chunked.accuracy).toBe(expected.accuracy);
  });

  it("runs in eval mode without a graph, then restores the training flag and the trace", () => {
    const ds = blobs({ n: 20, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [4], outputs: 3, norm: "batch", seed: 2 });
    model.forward(ds.X);
    const trace = model.trace;
    let sawTraining: boolean | undefined;
    const spy = { forward: model.forward.bind(model) };
    model.forward = (X) => {
      sawTraining = model.training;
      const out = spy.forward(X);
      expect(out.requiresGrad).toBe(false);
      return out;
    };
    evaluate(model, ds);
    expect(sawTraining).toBe(false);
    expect(model.training).toBe(true);
    expect(model.trace).toBe(trace);
  });

  it("regression: the mean squared error, no accuracy", () => {
    const ds = regression({ n: 30, seed: 3 });
    const model = new MLP({ inputs: 1, hidden: [4], outputs: 1, seed: 3 });
    const yHat = predict(model, ds.X).toList();
    const mse = yHat.reduce((s, v, i) => s + (v - ds.y.data[i]) ** 2, 0) / 30;
    const r = evaluate(model, ds);
    expect(r.loss).toBeCloseTo(mse, 13);
    expect(r.accuracy).toBeUndefined();
  });

  it("a diverged model scores NaN instead of throwing", () => {
    const ds = blobs({ n: 10, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [4], outputs: 3, seed: 2 });
    model.parameters()[0].data[0] = Infinity;
    expect(evaluate(model, ds).loss).toBeNaN();
  });
});

describe("predict and classify", () => {
  it("classify takes the argmax; with one output, z > 0 is class 1", () => {
    const model = new MLP({ inputs: 2, hidden: [3], outputs: 3, seed: 1 });
    const X = tensor([[0.1, 0.2], [1, -1], [-2, 0.5]]);
    const logits = predict(model, X).toArray() as number[][];
    expect(Array.from(classify(model, X))).toEqual(logits.map((z) => z.indexOf(Math.max(...z))));
    const binary = new MLP({ inputs: 2, hidden: [3], outputs: 1, seed: 1 });
    const z = predict(binary, X).toList();
    expect(Array.from(classify(binary, X))).toEqual(z.map((v) => (v > 0 ? 1 : 0)));
  });
});
