import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { batches, trainTestSplit } from "../../src/data/batches.js";
import { numPoints, type Dataset } from "../../src/data/dataset.js";
import { addingProblem, copyTask } from "../../src/data/sequences.js";
import { Recorder } from "../../src/diagnostics/recorder.js";
import { LibraryError, NonFiniteError } from "../../src/messages.js";
import { mse } from "../../src/nn/losses.js";
import { scale } from "../../src/ops/elementwise.js";
import { SequenceModel } from "../../src/nn/recurrent/index.js";
import { Adam } from "../../src/optim/adam.js";
import { evaluate, predict } from "../../src/train/evaluate.js";
import { fit } from "../../src/train/fit.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** A time-major set whose every value names its place: X[t, s, f] = 1000 t + 10 s + f. */
function codedSet(T: number, n: number, F: number, perStep: boolean): Dataset {
  const X = new Float64Array(T * n * F);
  for (let t = 0; t < T; t++) for (let s = 0; s < n; s++) for (let f = 0; f < F; f++) X[(t * n + s) * F + f] = 1000 * t + 10 * s + f;
  // Per step: label t·n + s (time-major); per sequence: label s.
  const y = Int32Array.from({ length: perStep ? T * n : n }, (_, i) => i);
  return { name: "coded", X: new Tensor(X, [T, n, F]), y, numClasses: T * n, batchAxis: 1 };
}

/** |yHat - y| < 0.04, counted by hand (Hochreiter & Schmidhuber's criterion). */
const solvedByHand = (yHat: Tensor, y: Tensor) => y.data.reduce((k, v, i) => k + (Math.abs(yHat.data[i] - v) < 0.04 ? 1 : 0), 0) / y.size;
const lstm = (seed = 1) => new SequenceModel({ cell: "lstm", inputs: 2, hidden: 16, outputs: 1, forgetBias: 3, seed });

describe("sequence data sets: the batch on axis 1", () => {
  it("the sequence generators mark their sets, and numPoints counts sequences", () => {
    const ds = addingProblem({ n: 7, T: 5, seed: 1 });
    expect(ds.batchAxis).toBe(1);
    expect(numPoints(ds)).toBe(7);
    expect(numPoints(copyTask({ n: 3, T: 4, length: 2 }))).toBe(3);
  });

  it("every batch equals a hand slice of its sequences (targets per sequence or per step), one epoch covers each once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.integer(), (T, n, F, size, perStep, seed) => {
        const ds = codedSet(T, n, F, perStep);
        const seen: number[] = [];
        for (const batch of batches(ds, Math.min(size, n), seed)) {
          const [bt, r, bf] = batch.X.shape;
          expect([bt, bf]).toEqual([T, F]);
          // Which sequences: read from the codes of step 0.
          const ids = Array.from({ length: r }, (_, i) => Math.round(batch.X.data[i * F] / 10));
          seen.push(...ids);
          for (let t = 0; t < T; t++) for (let i = 0; i < r; i++) for (let f = 0; f < F; f++) {
            expect(batch.X.data[(t * r + i) * F + f]).toBe(ds.X.data[(t * n + ids[i]) * F + f]);
          }
          const y = batch.y as Int32Array;
          if (perStep) {
            expect(y.length).toBe(T * r);
            for (let t = 0; t < T; t++) for (let i = 0; i < r; i++) expect(y[t * r + i]).toBe(t * n + ids[i]);
          } else {
            expect(Array.from(y)).toEqual(ids);
          }
        }
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, s) => s));
      }),
      { numRuns: 60 },
    );
  });

  it("regression targets (n, 1) follow their sequences", () => {
    const ds = addingProblem({ n: 6, T: 4, seed: 2 });
    for (const batch of batches(ds, 4, 3)) {
      const r = batch.X.shape[1];
      for (let i = 0; i < r; i++) {
        // Which sequence: the one whose every value and marker matches (values alone can repeat: a
        // marked first step holds 0).
        const same = (k: number) => [0, 1, 2, 3].every((t) => [0, 1].every((f) => ds.X.data[(t * 6 + k) * 2 + f] === batch.X.data[(t * r + i) * 2 + f]));
        const s = [...Array(6).keys()].find(same)!;
        expect(batch.y.data[i]).toBe(ds.y.data[s]);
      }
    }
  });

  it("trainTestSplit splits sequences: per-step labels follow them, every sequence lands on one side", () => {
    const ds = codedSet(3, 10, 2, true);
    const { train, test } = trainTestSplit(ds, 0.3, 1);
    const ids = (part: Dataset) => Array.from({ length: part.X.shape[1] }, (_, i) => Math.round(part.X.data[i * 2] / 10));
    expect([...ids(train), ...ids(test)].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(test.X.shape).toEqual([3, 3, 2]);
    const r = test.X.shape[1];
    ids(test).forEach((s, i) => [0, 1, 2].forEach((t) => expect((test.y as Int32Array)[t * r + i]).toBe(t * 10 + s)));
  });

  it("a sequence set with a wrong number of targets, or X not 3-D, is refused by name", () => {
    const ds = addingProblem({ n: 5, T: 4 });
    expect(() => fit(lstm(), { ...ds, y: new Tensor(new Float64Array(4), [4, 1]) }, { steps: 1 })).toThrow(/fit \(sequences X \(4, 5, \.\.\.\)\): X has 5 rows but y has 4 entries/);
    expect(() => fit(lstm(), { ...ds, X: new Tensor(new Float64Array(10), [5, 2]) }, { steps: 1 })).toThrow(/fit \(batchAxis 1\).*3-D \(time, n, features\)/);
  });
});

describe("fit and evaluate on sequence models", () => {
  it("an LSTM learns the adding problem at T = 10 far beyond the predict-the-mean baseline", () => {
    const train = addingProblem({ n: 1000, T: 10, seed: 1 });
    const test = addingProblem({ n: 400, T: 10, seed: 2 });
    const mean = train.y.data.reduce((a, b) => a + b, 0) / train.y.size;
    const baseline = solvedByHand(new Tensor(new Float64Array(400).fill(mean), [400, 1]), test.y);
    expect(baseline).toBeLessThan(0.25); // about 15% (|X1 + X2| < 0.16)
    const model = lstm();
    const history = fit(model, train, { optimizer: "adam", lr: 0.01, clipNorm: 1, steps: 300, evalEvery: 300, testSet: test, metrics: { solved: solvedByHand } });
    const solved = solvedByHand(predict(model, test.X), test.y);
    expect(solved).toBeGreaterThan(0.8);
    expect(solved).toBeGreaterThan(baseline + 0.5);
    expect(history.last("testSolved")).toBe(solved);
    expect(history.values("testSolved")).toHaveLength(2); // steps 0 and 299
  });

  it("evaluate in chunks of sequences equals the scores computed by hand over the whole set", () => {
    const test = addingProblem({ n: 50, T: 6, seed: 3 });
    const model = lstm(2);
    const yHat = predict(model, test.X);
    expect(yHat.shape).toEqual([50, 1]);
    let sq = 0;
    for (let i = 0; i < 50; i++) sq += (yHat.data[i] - test.y.data[i]) ** 2;
    const scores = evaluate(model, test, { batchSize: 7, metrics: { solved: solvedByHand } });
    expect(scores.loss).toBeCloseTo(sq / 50, 12);
    expect(scores.solved).toBeCloseTo(solvedByHand(yHat, test.y), 12);
  });

  it("a batch function gives fresh data every step and trains exactly as a hand-written loop", () => {
    const data = (step: number) => addingProblem({ n: 8, T: 6, seed: 100 + step });
    const asked: number[] = [];
    const a = lstm(4);
    fit(a, (step) => (asked.push(step), data(step)), { optimizer: "adam", lr: 0.01, clipNorm: 1, steps: 12 });
    expect(asked).toEqual([...Array(12).keys()]);
    const b = lstm(4);
    const opt = new Adam(b.parameters(), { lr: 0.01, clipNorm: 1 });
    for (let step = 0; step < 12; step++) {
      const batch = data(step);
      opt.zeroGrad();
      backward(mse(b.forward(batch.X), batch.y));
      opt.step();
    }
    expect(a.parameters().map((p) => Array.from(p.data))).toEqual(b.parameters().map((p) => Array.from(p.data)));
  });

  it("a batch function refuses epochs and batchSize, and a step that returns no data set", () => {
    const data = (step: number) => addingProblem({ n: 8, T: 6, seed: step });
    expect(() => fit(lstm(), data, { epochs: 2 })).toThrow(/fit: epochs has no meaning when the data is a function of the step/);
    expect(() => fit(lstm(), data, { batchSize: 4 })).toThrow(/fit: batchSize has no meaning/);
    expect(() => fit(lstm(), (s) => (s < 2 ? data(s) : (undefined as unknown as Dataset)), { steps: 5 })).toThrow(/returned undefined at step 2/);
  });

  it("per-step labels: a GRU reading every step trains on the copy task, bit-identically for one seed", () => {
    const train = copyTask({ n: 40, T: 3, length: 2, symbols: 3, seed: 1 });
    const run = () => {
      const model = new SequenceModel({ cell: "gru", inputs: 5, hidden: 8, outputs: 4, readout: "every", seed: 2 });
      const history = fit(model, train, { optimizer: "adam", lr: 0.02, steps: 40, batchSize: 8, seed: 3 });
      return { history: history.rows, weights: model.parameters().map((p) => Array.from(p.data)), model };
    };
    const first = run();
    const second = run();
    expect(first.history).toEqual(second.history);
    expect(first.weights).toEqual(second.weights);
    // Accuracy per step, by hand: argmax of each row against the time-major labels.
    const logits = predict(first.model, train.X);
    let correct = 0;
    for (let i = 0; i < train.y.length; i++) {
      const row = Array.from(logits.data.subarray(i * 4, i * 4 + 4));
      if (row.indexOf(Math.max(...row)) === train.y[i]) correct++;
    }
    expect(evaluate(first.model, train).accuracy).toBeCloseTo(correct / train.y.length, 12);
  });
});

describe("NaN and infinity in sequence models", () => {
  it("NaN in a sequence is refused before training", () => {
    const ds = addingProblem({ n: 4, T: 5 });
    ds.X.data[13] = NaN;
    expect(() => fit(lstm(), ds, { steps: 1 })).toThrow(LibraryError);
    expect(() => fit(lstm(), ds, { steps: 1 })).toThrow(/fit \(X\)/);
  });

  it("a NaN loss at step 3 stops training with the weights of the end of step 2", () => {
    const model = lstm();
    let saved: number[][] = [];
    let calls = 0;
    const loss = (yHat: Tensor, y: Int32Array | Tensor) => {
      const l = mse(yHat, y as Tensor);
      return calls++ === 3 ? scale(l, NaN) : l;
    };
    const onStep = (info: { step: number }) => {
      expect(info.step).toBeLessThan(3);
      saved = model.parameters().map((p) => Array.from(p.data));
    };
    let error: NonFiniteError | undefined;
    try {
      fit(model, (s) => addingProblem({ n: 4, T: 5, seed: s }), { loss, steps: 10, callbacks: [{ onStep }] });
    } catch (e) {
      error = e as NonFiniteError;
    }
    expect(error).toBeInstanceOf(NonFiniteError);
    expect(error!.step).toBe(3);
    expect(error!.message).toMatch(/training stopped at step 3: the loss is NaN/);
    expect(model.parameters().map((p) => Array.from(p.data))).toEqual(saved);
  });

  it("an overflow through time is reported at the step where it starts: t3's pre-activation", () => {
    const model = new SequenceModel({ cell: "rnn", inputs: 2, hidden: 3, outputs: 1, activation: "relu" });
    model.recurrent.inputWeight.data.fill(1);
    model.recurrent.recurrentWeight.data.fill(1e200); // h_2 ≈ 1e201, z_3 ≈ 1e401 = Infinity
    const ds = addingProblem({ n: 4, T: 5 });
    ds.X.data.fill(1);
    let error: NonFiniteError | undefined;
    try {
      fit(model, ds, { steps: 2 });
    } catch (e) {
      error = e as NonFiniteError;
    }
    expect(error).toBeInstanceOf(NonFiniteError);
    expect(error!.step).toBe(0);
    expect(error!.layer).toBe("t3 (pre-activation)");
  });
});

describe("the Recorder on a sequence model", () => {
  it("records per-step layers and gradients through time of the training step, not of an evaluation", () => {
    const rec = new Recorder({ every: 5 });
    const model = lstm();
    const test = addingProblem({ n: 100, T: 8, seed: 9 });
    fit(model, (s) => addingProblem({ n: 16, T: 8, seed: s }), { optimizer: "adam", lr: 0.01, steps: 11, evalEvery: 5, testSet: test, callbacks: [rec] });
    expect([...new Set(rec.rows.map((r) => r.step))]).toEqual([0, 5, 10]);
    const layers = new Set(rec.metric("activationGradNorm").map((r) => r.layer));
    expect([...layers]).toEqual(["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "output"]);
    // Evaluation ran on 100 sequences at steps 0, 5 and 10; the recorded steps are the training batch's (16).
    const hidden = rec.timeRows.filter((r) => r.metric === "hiddenGradNorm");
    expect(hidden).toHaveLength(3 * 8);
    for (const r of hidden) expect(r.value).toBeGreaterThan(0);
    expect(model.steps[0].h.shape).toEqual([16, 16]);
    expect(rec.timeRows.filter((r) => r.metric === "forgetGateMean" && r.step === 0)[0].value).toBeGreaterThan(0.9); // σ(3) ≈ 0.95
  });
});
