import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { spectralRadius } from "../../src/diagnostics/spectral.js";
import { gradientsThroughTime } from "../../src/diagnostics/through-time.js";
import { activations } from "../../src/nn/activations.js";
import { LSTM, RNN } from "../../src/nn/recurrent/index.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import { Tensor, tensor } from "../../src/tensor/tensor.js";

const sigma = activations.sigmoid.f;

function values(rows: ReturnType<typeof gradientsThroughTime>, metric: string): number[] {
  return rows.filter((r) => r.metric === metric).sort((a, b) => a.t - b.t).map((r) => r.value);
}

/** A one-unit linear RNN h_t = w h_{t-1} + u x_t: dL/dh_t = w^(T-t) dL/dh_T, by the chain rule. */
function linearRnn(w: number, truncate?: number): RNN {
  const rnn = new RNN({ inputs: 1, hidden: 1, activation: "identity", truncate });
  rnn.recurrentWeight.data[0] = w;
  rnn.inputWeight.data[0] = 0.7;
  return rnn;
}

describe("gradientsThroughTime", () => {
  it("one-unit linear RNN: ||dL/dh_t|| = |w|^(T-t) ||dL/dh_T||", () => {
    const T = 12, B = 3, w = 0.8;
    const rng = new Rng(1);
    const X = new Tensor(Float64Array.from({ length: T * B }, () => rng.normal()), [T, B, 1]);
    const c = tensor([[0.5], [-1.5], [2]]); // dL/dh_T for each sequence of the batch
    const rnn = linearRnn(w);
    rnn.forward(X);
    backward(ops.sum(ops.mul(rnn.state!.h, c)));
    const rows = gradientsThroughTime(rnn, { step: 7 });
    const lastNorm = Math.hypot(0.5, -1.5, 2);
    const expected = Array.from({ length: T }, (_, i) => Math.abs(w) ** (T - (i + 1)) * lastNorm);
    const got = values(rows, "hiddenGradNorm");
    expect(got.length).toBe(T);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(rows.every((r) => r.step === 7)).toBe(true);
    expect(rows.some((r) => r.metric === "cellGradNorm")).toBe(false); // not an LSTM
  });

  it("truncated BPTT: no gradient crosses a cut, every k = 4 steps", () => {
    const T = 10, w = 1.1;
    const X = tensor(Array.from({ length: T }, (_, t) => [[Math.sin(t)]]));
    const rnn = linearRnn(w, 4);
    rnn.forward(X);
    backward(ops.sum(rnn.state!.h));
    // Cuts after h_4 and h_8: the loss on h_10 reaches h_9 and h_10 only.
    const expected = [0, 0, 0, 0, 0, 0, 0, 0, w, 1];
    values(gradientsThroughTime(rnn), "hiddenGradNorm").forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it("LSTM with zero weights: forget gate σ(forgetBias), and ||dL/dc_t|| = ||dL/dc_T|| σ(b)^(T-t)", () => {
    const T = 8, B = 2, H = 3, b = 1;
    const lstm = new LSTM({ inputs: 2, hidden: H, init: "zeros", recurrentInit: "zeros", forgetBias: b });
    const X = tensor(Array.from({ length: T * B * 2 }, (_, i) => Math.cos(i)), [T, B, 2]);
    lstm.forward(X);
    backward(ops.sum(lstm.state!.h)); // dL/dh_T = 1 everywhere
    const rows = gradientsThroughTime(lstm);
    // With zero weights every gate is σ(bias) or tanh(0) = 0, so c_t = 0 and
    // dL/dc_T = dh_T · o · tanh'(0) = σ(0); each step back multiplies by f = σ(b).
    const last = Math.sqrt(B * H) * sigma(0);
    values(rows, "cellGradNorm").forEach((v, i) => expect(v).toBeCloseTo(last * sigma(b) ** (T - (i + 1)), 12));
    values(rows, "forgetGateMean").forEach((v) => expect(v).toBeCloseTo(sigma(b), 14));
    // W_h = 0: nothing flows back through h, only through c.
    values(rows, "hiddenGradNorm").forEach((v, i) => expect(v).toBeCloseTo(i === T - 1 ? Math.sqrt(B * H) : 0, 12));
  });

  it("a vanilla tanh RNN's gradient fades with distance while the LSTM's cell gradient survives", () => {
    const T = 40, B = 4, H = 16;
    const rng = new Rng(3);
    const X = new Tensor(Float64Array.from({ length: T * B * 2 }, () => rng.uniformIn(-1, 1)), [T, B, 2]);
    const rnn = new RNN({ inputs: 2, hidden: H, seed: 1, recurrentInit: "orthogonal", gain: 0.5 });
    rnn.forward(X);
    backward(ops.sum(rnn.state!.h));
    const r = values(gradientsThroughTime(rnn), "hiddenGradNorm");
    expect(r[0] / r[T - 1]).toBeLessThan(1e-6); // ≤ 0.5^(T-1) by the norm bound
    const lstm = new LSTM({ inputs: 2, hidden: H, seed: 1, forgetBias: 3 });
    lstm.forward(X);
    backward(ops.sum(lstm.state!.h));
    const c = values(gradientsThroughTime(lstm), "cellGradNorm");
    expect(c[0] / c[T - 1]).toBeGreaterThan(1e-2);
  });

  it("linear RNN with W_h = g·Q (Q orthogonal): spectral radius g, and the gradient shrinks by exactly g per step", () => {
    const T = 15, B = 2, H = 8;
    for (const g of [0.7, 1, 1.3]) {
      const rnn = new RNN({ inputs: 2, hidden: H, seed: 4, activation: "identity", recurrentInit: "orthogonal", gain: g });
      expect(spectralRadius(rnn.recurrentWeight)).toBeCloseTo(g, 10);
      const rng = new Rng(8);
      rnn.forward(new Tensor(Float64Array.from({ length: T * B * 2 }, () => rng.normal()), [T, B, 2]));
      backward(ops.sum(ops.mul(rnn.state!.h, new Tensor(Float64Array.from({ length: B * H }, () => rng.normal()), [B, H]))));
      // dL/dh_{t-1} = W_hᵀ dL/dh_t, and g·Qᵀ scales every vector's norm by exactly g.
      const norms = values(gradientsThroughTime(rnn), "hiddenGradNorm");
      for (let t = 1; t < T; t++) expect(norms[t - 1] / norms[t]).toBeCloseTo(g, 10);
    }
  });
});
