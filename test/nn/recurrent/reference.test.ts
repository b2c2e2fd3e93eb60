/**
 * Forward passes against a plain-number reference written straight from the textbook equations,
 * one unit and one sequence at a time: independent of the fused, batched ops under test.
 */
import { describe, expect, it } from "vitest";
import { noGrad } from "../../../src/autodiff/engine.js";
import { GRU, LSTM, RNN, type RecurrentLayer } from "../../../src/nn/recurrent/index.js";
import { Rng } from "../../../src/random/rng.js";
import { Tensor } from "../../../src/tensor/tensor.js";

const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** Row r of a (rows, cols) matrix as a plain array. */
const row = (W: Tensor, r: number) => Array.from(W.data.subarray(r * W.shape[1], (r + 1) * W.shape[1]));
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** Gate k's pre-activation for unit j: W_x[kH+j]·x + W_h[kH+j]·h + b[kH+j]. */
function pre(layer: RecurrentLayer, k: number, j: number, x: number[], h: number[]): number {
  const r = k * layer.hidden + j;
  return dot(row(layer.inputWeight, r), x) + dot(row(layer.recurrentWeight, r), h) + layer.bias.data[r];
}

function randomize(layer: RecurrentLayer, rng: Rng): RecurrentLayer {
  for (const p of layer.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = 0.6 * rng.normal();
  return layer;
}

function reference(layer: RecurrentLayer, xs: number[][]): number[][] {
  const H = layer.hidden;
  let h = new Array(H).fill(0), c = new Array(H).fill(0);
  const out: number[][] = [];
  for (const x of xs) {
    if (layer instanceof LSTM) {
      const i = h.map((_, j) => sig(pre(layer, 0, j, x, h)));
      const f = h.map((_, j) => sig(pre(layer, 1, j, x, h)));
      const g = h.map((_, j) => Math.tanh(pre(layer, 2, j, x, h)));
      const o = h.map((_, j) => sig(pre(layer, 3, j, x, h)));
      c = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
      h = c.map((cj, j) => o[j] * Math.tanh(cj));
    } else if (layer instanceof GRU) {
      const bh = (k: number, j: number) => layer.recurrentBias.data[k * H + j];
      const hw = (k: number, j: number) => dot(row(layer.recurrentWeight, k * H + j), h) + bh(k, j);
      const xw = (k: number, j: number) => dot(row(layer.inputWeight, k * H + j), x) + layer.bias.data[k * H + j];
      const r = h.map((_, j) => sig(xw(0, j) + hw(0, j)));
      const z = h.map((_, j) => sig(xw(1, j) + hw(1, j)));
      const n = h.map((_, j) => Math.tanh(xw(2, j) + r[j] * hw(2, j)));
      h = h.map((hj, j) => (1 - z[j]) * n[j] + z[j] * hj);
    } else {
      const phi = (layer as RNN).activation === "relu" ? (v: number) => Math.max(0, v) : Math.tanh;
      h = h.map((_, j) => phi(pre(layer, 0, j, x, h)));
    }
    out.push(h);
  }
  return out;
}

describe("recurrent layers match the textbook equations", () => {
  const T = 5, B = 3, F = 2, H = 4;
  const layers: Array<[string, () => RecurrentLayer]> = [
    ["RNN tanh", () => new RNN({ inputs: F, hidden: H })],
    ["RNN relu", () => new RNN({ inputs: F, hidden: H, activation: "relu" })],
    ["LSTM", () => new LSTM({ inputs: F, hidden: H })],
    ["GRU", () => new GRU({ inputs: F, hidden: H })],
  ];
  for (const [name, make] of layers) {
    it(name, () => {
      const rng = new Rng(21);
      const layer = randomize(make(), rng);
      const X = new Tensor(Float64Array.from({ length: T * B * F }, () => rng.normal()), [T, B, F]);
      const out = noGrad(() => layer.forward(X)); // evaluation mode records no graph
      expect(out.node).toBeNull();
      for (let b = 0; b < B; b++) {
        const xs = Array.from({ length: T }, (_, t) => Array.from(X.data.subarray((t * B + b) * F, (t * B + b + 1) * F)));
        const ref = reference(layer, xs);
        for (let t = 0; t < T; t++) for (let j = 0; j < H; j++) expect(out.at(t, b, j)).toBeCloseTo(ref[t][j], 13);
      }
    });
  }

  it("LSTM and GRU gate values of the last pass agree with the reference gates", () => {
    const rng = new Rng(5);
    const lstm = randomize(new LSTM({ inputs: F, hidden: H }), rng) as LSTM;
    const X = new Tensor(Float64Array.from({ length: T * B * F }, () => rng.normal()), [T, B, F]);
    lstm.forward(X);
    const x0 = Array.from(X.data.subarray(0, F)); // t = 1, sequence 0, from h_0 = 0
    const zeros = new Array(H).fill(0);
    const gates = lstm.steps[0].gates!;
    for (let j = 0; j < H; j++) {
      expect(gates.at(0, H + j)).toBeCloseTo(sig(pre(lstm, 1, j, x0, zeros)), 14); // forget
      expect(gates.at(0, 2 * H + j)).toBeCloseTo(Math.tanh(pre(lstm, 2, j, x0, zeros)), 14); // candidate
    }
    const gru = randomize(new GRU({ inputs: F, hidden: H }), rng) as GRU;
    gru.forward(X);
    const z0 = (j: number) => sig(dot(row(gru.inputWeight, H + j), x0) + gru.bias.data[H + j] + gru.recurrentBias.data[H + j]);
    for (let j = 0; j < H; j++) expect(gru.steps[0].gates!.at(0, H + j)).toBeCloseTo(z0(j), 14);
  });
});
