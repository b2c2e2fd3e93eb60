import { describe, expect, it } from "vitest";
import { backward } from "../../../src/autodiff/engine.js";
import { gradCheck } from "../../../src/diagnostics/gradcheck.js";
import { layerStats } from "../../../src/diagnostics/layer-stats.js";
import { gradientsThroughTime } from "../../../src/diagnostics/through-time.js";
import { mse, softmaxCrossEntropy } from "../../../src/nn/losses.js";
import { LSTM, RNN, SequenceModel, type CellName } from "../../../src/nn/recurrent/index.js";
import { Rng } from "../../../src/random/rng.js";
import { Tensor } from "../../../src/tensor/tensor.js";

function sequence(T: number, B: number, F: number, seed = 1): Tensor {
  const rng = new Rng(seed);
  return new Tensor(Float64Array.from({ length: T * B * F }, () => rng.uniformIn(-1, 1)), [T, B, F]);
}
const targets = (rows: number, seed = 2) => {
  const rng = new Rng(seed);
  return new Tensor(Float64Array.from({ length: rows }, () => rng.uniformIn(-1, 1)), [rows, 1]);
};

/** yHat = h W_oᵀ + b_o by plain loops: the head's arithmetic, independent of the library's kernels. */
function headByHand(h: Float64Array, rows: number, W: Tensor, b: Tensor): number[] {
  const [K, H] = W.shape;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < K; k++) {
      let z = b.data[k];
      for (let j = 0; j < H; j++) z += W.data[k * H + j] * h[r * H + j];
      out.push(z);
    }
  }
  return out;
}

describe("SequenceModel: a recurrent layer and a linear head", () => {
  const cells: CellName[] = ["rnn", "lstm", "gru"];

  it("reads h_T (readout 'last'): (B, outputs), equal to the head applied to the final state by hand", () => {
    for (const cell of cells) {
      const model = new SequenceModel({ cell, inputs: 3, hidden: 4, outputs: 2, seed: 3 });
      const yHat = model.forward(sequence(6, 5, 3));
      expect(yHat.shape).toEqual([5, 2]);
      const expected = headByHand(model.recurrent.state!.h.data, 5, model.output.weight, model.output.bias!);
      Array.from(yHat.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    }
  });

  it("reads every h_t (readout 'every'): row t·B + b of (T·B, outputs) is the head applied to h_t of sequence b", () => {
    const model = new SequenceModel({ cell: "lstm", inputs: 2, hidden: 3, outputs: 4, readout: "every", seed: 1 });
    const yHat = model.forward(sequence(5, 2, 2));
    expect(yHat.shape).toEqual([10, 4]);
    model.steps.forEach((s, t) => {
      const expected = headByHand(s.h.data, 2, model.output.weight, model.output.bias!);
      expected.forEach((v, i) => expect(yHat.data[t * 2 * 4 + i]).toBeCloseTo(v, 12));
    });
  });

  it("a number seed gives the same weights as a layer and a Linear head built with that seed", () => {
    const model = new SequenceModel({ cell: "lstm", inputs: 2, hidden: 4, outputs: 1, forgetBias: 3, seed: 7 });
    const lstm = new LSTM({ inputs: 2, hidden: 4, forgetBias: 3, seed: 7 });
    expect(Array.from(model.recurrent.recurrentWeight.data)).toEqual(Array.from(lstm.recurrentWeight.data));
    expect(model.recurrent.bias.data[4]).toBe(3);
    const gru = new SequenceModel({ cell: "gru", inputs: 2, hidden: 4, outputs: 1, updateBias: 2, seed: 7 });
    expect(Array.from(gru.recurrent.bias.data.subarray(4, 8))).toEqual([2, 2, 2, 2]);
    expect(model.namedParameters().map(([n]) => n)).toEqual([
      "recurrent.inputWeight",
      "recurrent.recurrentWeight",
      "recurrent.bias",
      "output.weight",
      "output.bias",
    ]);
    // A layer built already is used as it is.
    const rnn = new RNN({ inputs: 2, hidden: 3, activation: "relu", recurrentInit: "identity" });
    const wrapped = new SequenceModel({ cell: rnn, outputs: 1 });
    expect(wrapped.recurrent).toBe(rnn);
    expect(wrapped.activation).toBe("relu");
  });

  // Finite differences through T = 6 unrolled steps, every parameter (the criterion).
  // eps 1e-5: some gradients here are ~1e-5, and with eps 1e-6 the loss's rounding error
  // (~1e-16 / eps) alone is a relative error of ~1e-5 on them.
  for (const cell of cells) {
    it(`${cell}: gradients of every parameter pass gradCheck through T = 6 steps (mse on h_T, cross-entropy on every step)`, () => {
      const X = sequence(6, 3, 2, 5);
      const last = new SequenceModel({ cell, inputs: 2, hidden: 3, outputs: 1, seed: 2 });
      const y = targets(3);
      const r1 = gradCheck(() => mse(last.forward(X), y), last.parameters(), { tolerance: 1e-6, eps: 1e-5 });
      expect(r1.ok, r1.summary).toBe(true);
      const every = new SequenceModel({ cell, inputs: 2, hidden: 3, outputs: 3, readout: "every", seed: 2 });
      const labels = Int32Array.from({ length: 18 }, (_, i) => (i * 7) % 3); // time-major, one per step
      const r2 = gradCheck(() => softmaxCrossEntropy(every.forward(X), labels), every.parameters(), { tolerance: 1e-6, eps: 1e-5 });
      expect(r2.ok, r2.summary).toBe(true);
    });
  }

  it("trace: one entry per step t1..tT, then output; layerStats reads dL/dh_T as the head's gradient", () => {
    const T = 5, B = 4;
    const model = new SequenceModel({ cell: "rnn", inputs: 2, hidden: 3, outputs: 1, seed: 4 });
    const y = targets(B);
    const yHat = model.forward(sequence(T, B, 2));
    expect(model.trace.map((t) => t.layer)).toEqual(["t1", "t2", "t3", "t4", "t5", "output"]);
    backward(mse(yHat, y));
    // By hand: dL/dyHat = 2 (yHat - y) / B, and dL/dh_T = dL/dyHat · W_o (the only path to h_T).
    const W = model.output.weight.data;
    let sq = 0;
    for (let b = 0; b < B; b++) for (let j = 0; j < 3; j++) sq += ((2 * (yHat.data[b] - y.data[b])) / B * W[j]) ** 2;
    const rows = layerStats(model, 0);
    const at = (layer: string, metric: string) => rows.find((r) => r.layer === layer && r.metric === metric)?.value;
    expect(at("t5", "activationGradNorm")).toBeCloseTo(Math.sqrt(sq), 12);
    expect(at("t1", "saturatedFraction")).toBeGreaterThanOrEqual(0); // tanh: the model's own activation
    expect(at("output", "weightGradNorm")).toBeCloseTo(model.output.weight.grad!.norm(), 12);
    expect(at("recurrent.recurrentWeight", "weightGradNorm")).toBeCloseTo(model.recurrent.recurrentWeight.grad!.norm(), 12);
    // The through-time rows of the model are its layer's.
    expect(gradientsThroughTime(model)).toEqual(gradientsThroughTime(model.recurrent));
    expect(gradientsThroughTime(model).find((r) => r.t === 5)!.value).toBeCloseTo(Math.sqrt(sq), 12);
  });

  it("an LSTM's gated steps get no saturation rows (its pre-activations are the gates', not h's)", () => {
    const model = new SequenceModel({ cell: "lstm", inputs: 2, hidden: 3, outputs: 1 });
    backward(mse(model.forward(sequence(4, 2, 2)), targets(2)));
    const rows = layerStats(model, 0);
    expect(rows.some((r) => r.metric === "saturatedFraction")).toBe(false);
    expect(rows.filter((r) => r.metric === "activationGradNorm").map((r) => r.layer)).toEqual(["t1", "t2", "t3", "t4", "output"]);
  });

  it("bad options: an unknown cell or readout, zero outputs, sequences of the wrong shape", () => {
    expect(() => new SequenceModel({ cell: "tcn" as "rnn", inputs: 2, hidden: 3, outputs: 1 })).toThrow(/SequenceModel cell 'tcn'.*rnn, lstm, gru/);
    expect(() => new SequenceModel({ cell: "rnn", inputs: 2, hidden: 3, outputs: 1, readout: "first" as "last" })).toThrow(/readout 'first'/);
    expect(() => new SequenceModel({ cell: "rnn", inputs: 2, hidden: 3, outputs: 0 })).toThrow(/SequenceModel: outputs must be a positive integer/);
    expect(() => new SequenceModel({ cell: "gru", inputs: 2, outputs: 1 })).toThrow(/GRU: hidden must be a positive integer/);
    const model = new SequenceModel({ cell: "rnn", inputs: 2, hidden: 3, outputs: 1 });
    expect(() => model.forward(new Tensor(new Float64Array(8), [4, 2]))).toThrow(/RNN: expected a batch of sequences shaped \(time, batch, features\)/);
  });
});
