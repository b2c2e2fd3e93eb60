import { describe, expect, it } from "vitest";
import { backward } from "../../../src/autodiff/engine.js";
import { gradientsThroughTime } from "../../../src/diagnostics/through-time.js";
import { GRU, LSTM, RNN } from "../../../src/nn/recurrent/index.js";
import * as ops from "../../../src/ops/index.js";
import { Rng } from "../../../src/random/rng.js";
import { Tensor, tensor, zeros } from "../../../src/tensor/tensor.js";

function sequence(T: number, B: number, F: number, seed = 1): Tensor {
  const rng = new Rng(seed);
  return new Tensor(Float64Array.from({ length: T * B * F }, () => rng.uniformIn(-1, 1)), [T, B, F]);
}

describe("recurrent layers: shapes, state, parameters", () => {
  it("forward returns (T, B, H), keeps T steps, and its last step is the final state", () => {
    for (const layer of [new RNN({ inputs: 3, hidden: 5, seed: 1 }), new LSTM({ inputs: 3, hidden: 5, seed: 1 }), new GRU({ inputs: 3, hidden: 5, seed: 1 })]) {
      const out = layer.forward(sequence(7, 2, 3));
      expect(out.shape).toEqual([7, 2, 5]);
      expect(layer.steps.map((s) => s.t)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(Array.from(out.data.subarray(6 * 10))).toEqual(Array.from(layer.state!.h.data));
      expect(layer.trace.map((t) => t.layer)).toEqual(["t1", "t2", "t3", "t4", "t5", "t6", "t7"]);
    }
  });

  it("parameter layout: G·H rows stacked per gate (RNN 1, LSTM 4, GRU 3)", () => {
    const shapes = (m: RNN | LSTM | GRU) => Object.fromEntries(m.namedParameters().map(([n, t]) => [n, t.shape]));
    expect(shapes(new RNN({ inputs: 2, hidden: 4 }))).toEqual({ inputWeight: [4, 2], recurrentWeight: [4, 4], bias: [4] });
    expect(shapes(new LSTM({ inputs: 2, hidden: 4 }))).toEqual({ inputWeight: [16, 2], recurrentWeight: [16, 4], bias: [16] });
    expect(shapes(new GRU({ inputs: 2, hidden: 4 }))).toEqual({ inputWeight: [12, 2], recurrentWeight: [12, 4], bias: [12], recurrentBias: [12] });
  });

  it("LSTM forget-gate bias: 1 by default, only on the forget block [H, 2H)", () => {
    const H = 3;
    const b = Array.from(new LSTM({ inputs: 2, hidden: H }).bias.data);
    expect(b).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(new LSTM({ inputs: 2, hidden: H, forgetBias: 2.5 }).bias.data.subarray(H, 2 * H))).toEqual([2.5, 2.5, 2.5]);
  });

  it("GRU update-gate bias: 0 by default, only on the update block [H, 2H); the state decays as σ(b)^T", () => {
    const H = 3;
    expect(Array.from(new GRU({ inputs: 2, hidden: H }).bias.data)).toEqual(new Array(9).fill(0));
    expect(Array.from(new GRU({ inputs: 2, hidden: H, updateBias: 3 }).bias.data)).toEqual([0, 0, 0, 3, 3, 3, 0, 0, 0]);
    // Zero weights: z = σ(b) and n = tanh(0) = 0 at every step, so h_t = σ(b) h_{t-1}, h_T = σ(b)^T h_0.
    const T = 10, B = 2;
    const h0 = tensor([[1, -2, 0.5], [3, 0, -1]]);
    for (const b of [-1, 0, 3]) {
      const gru = new GRU({ inputs: 2, hidden: H, init: "zeros", recurrentInit: "zeros", updateBias: b });
      gru.forward(tensor(Array.from({ length: T * B * 2 }, (_, i) => Math.sin(i)), [T, B, 2]), h0);
      const keep = (1 / (1 + Math.exp(-b))) ** T;
      Array.from(gru.state!.h.data).forEach((v, i) => expect(v).toBeCloseTo(h0.data[i] * keep, 14));
    }
  });

  it("gate biases must be finite numbers, and the error says what they do", () => {
    expect(() => new GRU({ inputs: 2, hidden: 3, updateBias: NaN })).toThrow(/GRU: updateBias must be a finite number .*got NaN/);
    expect(() => new LSTM({ inputs: 2, hidden: 3, forgetBias: "3" as unknown as number })).toThrow(/LSTM: forgetBias must be a finite number/);
  });

  it("recurrent init: orthogonal gate blocks (W Wᵀ = I) by default, identityScale · I for 'identity' (IRNN)", () => {
    const H = 6;
    const W = new LSTM({ inputs: 2, hidden: H, seed: 4 }).recurrentWeight.data;
    for (let k = 0; k < 4; k++) {
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) {
        let dot = 0;
        for (let p = 0; p < H; p++) dot += W[(k * H + i) * H + p] * W[(k * H + j) * H + p];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    const irnn = new RNN({ inputs: 2, hidden: 3, activation: "relu", recurrentInit: "identity", identityScale: 0.5 });
    expect(Array.from(irnn.recurrentWeight.data)).toEqual([0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5]);
  });

  it("is deterministic: one seed, bit-identical outputs and gradients", () => {
    const run = () => {
      const lstm = new LSTM({ inputs: 2, hidden: 4, seed: 9 });
      const out = lstm.forward(sequence(6, 3, 2));
      backward(ops.sum(ops.square(out)));
      return [...out.data, ...lstm.recurrentWeight.grad!.data];
    };
    expect(run()).toEqual(run());
  });

  it("truncated BPTT in an LSTM also cuts the cell state", () => {
    const lstm = new LSTM({ inputs: 2, hidden: 3, seed: 2, truncate: 3 });
    lstm.forward(sequence(8, 2, 2));
    backward(ops.sum(lstm.state!.h));
    const cell = gradientsThroughTime(lstm).filter((r) => r.metric === "cellGradNorm").map((r) => r.value);
    // Cuts after steps 3 and 6: only c_7 and c_8 receive a gradient from the loss on h_8.
    expect(cell.slice(0, 6).every((v) => v === 0)).toBe(true);
    expect(cell.slice(6).every((v) => v > 0)).toBe(true);
  });

  it("h0 and c0 carry over: running in two halves from the saved state equals one run", () => {
    const X = sequence(10, 2, 2);
    const whole = new GRU({ inputs: 2, hidden: 3, seed: 5 });
    const all = whole.forward(X);
    const lstm = new LSTM({ inputs: 2, hidden: 3, seed: 5 });
    const lstmAll = lstm.forward(X);
    const firstHalf = ops.slice(X, 0, 0, 5), secondHalf = ops.slice(X, 0, 5, 10);
    whole.forward(firstHalf);
    const second = whole.forward(secondHalf, whole.state!.h);
    Array.from(second.data).forEach((v, i) => expect(v).toBeCloseTo(all.data[5 * 6 + i], 14));
    lstm.forward(firstHalf);
    const lstmSecond = lstm.forward(secondHalf, lstm.state!.h, lstm.state!.c);
    Array.from(lstmSecond.data).forEach((v, i) => expect(v).toBeCloseTo(lstmAll.data[5 * 6 + i], 14));
  });
});

describe("recurrent layers: bad input gets a clear error", () => {
  const rnn = new RNN({ inputs: 2, hidden: 4 });
  it("a sequence with the wrong feature size names the layer, both sizes and the shape", () => {
    expect(() => rnn.forward(zeros([5, 3, 7]))).toThrow(/RNN: expected 2 features per time step.*got \(5, 3, 7\)/);
  });
  it("a batch without a time axis", () => {
    expect(() => new LSTM({ inputs: 2, hidden: 4 }).forward(zeros([3, 2]))).toThrow(/LSTM: expected a batch of sequences shaped \(time, batch, features\), got \(3, 2\)/);
  });
  it("T = 0: no such sequence can be built, and the error says why", () => {
    expect(() => rnn.forward(zeros([0, 3, 2]))).toThrow(/shape \[0, 3, 2\] is not valid; every size must be a positive integer/);
  });
  it("an initial state of the wrong batch size", () => {
    expect(() => rnn.forward(zeros([5, 3, 2]), zeros([2, 4]))).toThrow(/RNN: initial state h0 has shape \(2, 4\), expected \(3, 4\)/);
    const lstm = new LSTM({ inputs: 2, hidden: 4 });
    expect(() => lstm.forward(zeros([5, 3, 2]), zeros([3, 4]), zeros([1, 4]))).toThrow(/LSTM: initial state c0 has shape \(1, 4\)/);
  });
  it("bad options: zero width, bad truncation, unknown activation or initializer, identity on a non-square block", () => {
    expect(() => new RNN({ inputs: 2, hidden: 0 })).toThrow(/RNN: hidden must be a positive integer, got 0/);
    expect(() => new GRU({ inputs: 2, hidden: 3, truncate: 0 })).toThrow(/GRU: truncate must be a positive integer/);
    expect(() => new RNN({ inputs: 2, hidden: 3, activation: "tanhh" as "tanh" })).toThrow(/unknown activation 'tanhh'.*tanh/);
    expect(() => new RNN({ inputs: 2, hidden: 3, recurrentInit: "orthogonl" as "orthogonal" })).toThrow(/orthogonl/);
    expect(() => new RNN({ inputs: 2, hidden: 3, init: "identity" })).toThrow(/'identity' needs square blocks, got \(3, 2\)/);
  });
});

describe("recurrent layers: more bad input", () => {
  it("NaN in the sequence, and a cell state given to a layer without one", () => {
    const X = zeros([4, 2, 2]);
    X.data[5] = Number.NaN;
    expect(() => new GRU({ inputs: 2, hidden: 3 }).forward(X)).toThrow(/GRU: input holds NaN at flat index 5/);
    expect(() => new RNN({ inputs: 2, hidden: 3 }).forward(zeros([4, 2, 2]), null, zeros([2, 3]))).toThrow(/RNN: got an initial cell state c0, but only the LSTM/);
  });
});
