import { describe, expect, it } from "vitest";
import { gradCheck } from "../../../src/diagnostics/gradcheck.js";
import * as ops from "../../../src/ops/index.js";
import { Rng } from "../../../src/random/rng.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { GRU, LSTM, RNN, type RecurrentLayer } from "../../../src/nn/recurrent/index.js";

function randn(shape: number[], rng: Rng, scale = 1, name?: string): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.normal() * scale;
  return new Tensor(d, shape, { name });
}

/** A loss that reads every output with different weights, so no gradient is a symmetric accident. */
function lossOf(layer: RecurrentLayer, X: Tensor, h0: Tensor, c0: Tensor | null, weights: Tensor): Tensor {
  const out = layer.forward(X, h0, c0);
  return ops.sum(ops.mul(ops.tanh(out), weights));
}

const T = 6, B = 3, F = 2, H = 4;

const cases: Array<[string, (seed: number) => RecurrentLayer]> = [
  ["RNN tanh", (seed) => new RNN({ inputs: F, hidden: H, seed, recurrentInit: "lecunNormal" })],
  ["RNN relu", (seed) => new RNN({ inputs: F, hidden: H, seed, activation: "relu", recurrentInit: "lecunNormal" })],
  ["LSTM", (seed) => new LSTM({ inputs: F, hidden: H, seed, recurrentInit: "lecunNormal" })],
  ["GRU", (seed) => new GRU({ inputs: F, hidden: H, seed, recurrentInit: "lecunNormal" })],
];

describe("recurrent cells: gradient check through T unrolled steps", () => {
  for (const [name, make] of cases) {
    it(`${name}: every weight, the bias, the input and the initial state`, () => {
      const rng = new Rng(7);
      const layer = make(3);
      // Random biases too: zero biases would hide a wrong bias gradient in symmetric cases.
      for (const p of layer.parameters()) if (p.rank === 1) for (let i = 0; i < p.size; i++) p.data[i] += 0.3 * rng.normal();
      const X = randn([T, B, F], rng, 1, "X");
      const h0 = randn([B, H], rng, 0.5, "h0");
      const c0 = layer instanceof LSTM ? randn([B, H], rng, 0.5, "c0") : null;
      const weights = randn([T, B, H], rng);
      const inputs = [...layer.parameters(), X, h0, ...(c0 ? [c0] : [])];
      const result = gradCheck(() => lossOf(layer, X, h0, c0, weights), inputs);
      expect(result.ok, result.summary).toBe(true);
      expect(result.maxRelError).toBeLessThan(1e-6);
      // The state's gradient really crossed all T steps: it is not zero.
      expect(Math.abs(result.worst.find((e) => e.tensor === "h0")!.numeric)).toBeGreaterThan(0);
    });
  }
});

describe("stacked recurrent layers", () => {
  it("an LSTM reading a GRU's outputs: gradients flow through both stacks of steps", () => {
    const rng = new Rng(12);
    const lower = new GRU({ inputs: F, hidden: H, seed: 1, recurrentInit: "lecunNormal" });
    const upper = new LSTM({ inputs: H, hidden: 3, seed: 2, recurrentInit: "lecunNormal" });
    const X = randn([T, B, F], rng, 1, "X");
    const loss = () => ops.mean(ops.square(upper.forward(lower.forward(X))));
    const result = gradCheck(loss, [...lower.parameters(), ...upper.parameters(), X]);
    expect(result.ok, result.summary).toBe(true);
  });
});
