import { describe, expect, it } from "vitest";
import { noGrad } from "../../src/autodiff/engine.js";
import { twoSpirals } from "../../src/data/classification.js";
import { byLayer, metricNames } from "../../src/diagnostics/layer-stats.js";
import { Recorder, gradientNormsByLayer } from "../../src/diagnostics/recorder.js";
import { MLP } from "../../src/nn/mlp.js";
import { softmaxCrossEntropy } from "../../src/nn/losses.js";
import { fit } from "../../src/train/fit.js";

const ds = twoSpirals({ n: 256, noise: 0.05, seed: 1 });

describe("Recorder", () => {
  it("records every k steps and the last one, all layers and metrics, chart-ready rows", () => {
    const model = new MLP({ inputs: 2, hidden: [8, 8], outputs: 2, activation: "tanh", seed: 1 });
    const rec = new Recorder({ every: 10 });
    fit(model, ds, { steps: 25, callbacks: [rec] });
    expect([...new Set(rec.rows.map((r) => r.step))]).toEqual([0, 10, 20, 24]);
    for (const step of [0, 10, 20, 24]) {
      const at = rec.rows.filter((r) => r.step === step);
      expect(new Set(at.map((r) => r.metric))).toEqual(new Set(metricNames));
      expect([...new Set(at.map((r) => r.layer))]).toEqual(["layer1", "layer2", "output"]);
    }
    expect(rec.rows.every((r) => Number.isFinite(r.value))).toBe(true);
    // SGD's updates are lr · gradient: update:data = 0.1 · grad:data, layer by layer.
    const upd = rec.metric("updateToData").filter((r) => r.step === 10);
    const g2d = rec.metric("gradToData").filter((r) => r.step === 10);
    upd.forEach((r, i) => expect(r.value).toBeCloseTo(0.1 * g2d[i].value, 2));
    rec.clear();
    expect(rec.rows).toEqual([]);
  });

  it("can keep only some metrics, and rejects a bad interval", () => {
    const model = new MLP({ inputs: 2, hidden: [4], outputs: 2, seed: 1 });
    const rec = new Recorder({ every: 5, metrics: ["weightGradNorm"] });
    fit(model, ds, { steps: 6, callbacks: [rec] });
    expect(rec.rows.map((r) => `${r.step} ${r.layer}`)).toEqual(["0 layer1", "0 output", "5 layer1", "5 output"]);
    const tagged = new Recorder({ every: 100, run: "relu" });
    fit(model, ds, { steps: 2, callbacks: [tagged] });
    expect(tagged.rows.length).toBeGreaterThan(0);
    expect(tagged.rows.every((r) => r.run === "relu")).toBe(true);
    expect(rec.rows.every((r) => !("run" in r))).toBe(true);
    expect(() => new Recorder({ every: 0 })).toThrow("Recorder: every must be a positive integer, got 0.");
  });
});

describe("gradientNormsByLayer", () => {
  it("matches finite differences of the loss (an independent oracle), and does not accumulate", () => {
    const model = new MLP({ inputs: 2, hidden: [3, 3], outputs: 2, activation: "tanh", seed: 4 });
    const X = ds.X;
    const loss = () => noGrad(() => softmaxCrossEntropy(model.forward(X), ds.y).item());
    const rows = gradientNormsByLayer(model, X, ds.y);
    const again = gradientNormsByLayer(model, X, ds.y);
    expect(again).toEqual(rows);
    const eps = 1e-6;
    for (const [name, W] of model.namedParameters().filter(([n]) => n.endsWith(".weight"))) {
      let s = 0;
      for (let i = 0; i < W.size; i++) {
        const keep = W.data[i];
        W.data[i] = keep + eps;
        const plus = loss();
        W.data[i] = keep - eps;
        const minus = loss();
        W.data[i] = keep;
        s += ((plus - minus) / (2 * eps)) ** 2;
      }
      expect(byLayer(rows, "weightGradNorm")[name.replace(".weight", "")]).toBeCloseTo(Math.sqrt(s), 7);
    }
    for (const [name, b] of model.namedParameters().filter(([n]) => n.endsWith(".bias"))) {
      let s = 0;
      for (let i = 0; i < b.size; i++) {
        const keep = b.data[i];
        b.data[i] = keep + eps;
        const plus = loss();
        b.data[i] = keep - eps;
        const minus = loss();
        b.data[i] = keep;
        s += ((plus - minus) / (2 * eps)) ** 2;
      }
      expect(byLayer(rows, "biasGradNorm")[name.replace(".bias", "")]).toBeCloseTo(Math.sqrt(s), 7);
    }
  });

  it("10 sigmoid layers with N(0, 1) weights: layer 1's weight gradient is under 1/100 of layer 10's; ReLU + He is not", () => {
    // Width 16: with N(0, 1) weights, wider layers have larger weights that partly offset
    // σ' <= 1/4 (at width 64 the ratio is only about 1/20 to 1/60 on this 2-D data).
    for (const seed of [1, 2, 3, 4, 5]) {
      const sigmoid = new MLP({ inputs: 2, depth: 10, width: 16, outputs: 2, activation: "sigmoid", init: "standardNormal", seed });
      const s = byLayer(gradientNormsByLayer(sigmoid, ds.X, ds.y), "weightGradNorm");
      expect(s.layer1 / s.layer10).toBeLessThan(1 / 100);
      const relu = new MLP({ inputs: 2, depth: 10, width: 16, outputs: 2, activation: "relu", init: "he", seed });
      const r = byLayer(gradientNormsByLayer(relu, ds.X, ds.y), "weightGradNorm");
      expect(r.layer1 / r.layer10).toBeGreaterThan(1 / 10);
    }
  });

  it("takes regression targets (mse) too", () => {
    const model = new MLP({ inputs: 2, hidden: [3], outputs: 1, seed: 1 });
    // Targets equal to the model's outputs: zero loss, so zero gradients everywhere.
    const targets = noGrad(() => model.forward(ds.X));
    const rows = gradientNormsByLayer(model, ds.X, targets);
    expect(byLayer(rows, "weightGradNorm")).toEqual({ layer1: 0, output: 0 });
  });
});
