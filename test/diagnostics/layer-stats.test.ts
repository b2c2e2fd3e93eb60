import { describe, expect, it } from "vitest";
import { backward, noGrad } from "../../src/autodiff/engine.js";
import { byLayer, deadFraction, layerStats, saturatedFraction, type DiagnosticRow } from "../../src/diagnostics/layer-stats.js";
import { MLP } from "../../src/nn/mlp.js";
import { softmaxCrossEntropy } from "../../src/nn/losses.js";
import { Module } from "../../src/nn/module.js";
import { SGD } from "../../src/optim/sgd.js";
import { tensor, type Tensor } from "../../src/tensor/tensor.js";

const value = (rows: DiagnosticRow[], layer: string, metric: string) => rows.find((r) => r.layer === layer && r.metric === metric)?.value;

describe("saturatedFraction: the documented rules, on hand-picked pre-activations", () => {
  it("tanh: |tanh z| > 0.97 (tanh 2 = 0.964 is not, tanh 2.2 = 0.976 is)", () => {
    expect(saturatedFraction(Float64Array.of(0, 2, -2.2, 3), "tanh")).toBe(0.5);
  });
  it("sigmoid: σ < 0.03 or σ > 0.97 (σ(3) = 0.953 is not, σ(3.6) = 0.973 is)", () => {
    expect(saturatedFraction(Float64Array.of(0, 3, 3.6, -3.6, -3), "sigmoid")).toBe(0.4);
  });
  it("relu: the off units (z <= 0); leaky relu: the negative side; elu: z < ln 0.03", () => {
    expect(saturatedFraction(Float64Array.of(-1, 0, 2, 3), "relu")).toBe(0.5);
    expect(saturatedFraction(Float64Array.of(-1, 1, 2, 3), "leakyRelu")).toBe(0.25);
    expect(saturatedFraction(Float64Array.of(-4, -3, 1), "elu")).toBeCloseTo(1 / 3, 15); // e^-4 = 0.018, e^-3 = 0.050
  });
  it("deadFraction: units saturated for every example (columns of z)", () => {
    // (3 examples, 4 units): unit 0 always off, unit 1 on once, unit 2 always off, unit 3 always on
    const z = tensor([[-1, -1, 0, 2], [-2, 3, -1, 1], [-0.5, -4, -3, 5]]);
    expect(deadFraction(z, "relu")).toBe(0.5);
    expect(deadFraction(tensor([[3, 0], [-3, 5]]), "tanh")).toBe(0.5); // unit 0 saturated at both ends
    expect(deadFraction(z, "identity")).toBeNull();
  });

  it("identity and unknown names give no value", () => {
    expect(saturatedFraction(Float64Array.of(5), "identity")).toBeNull();
    expect(saturatedFraction(Float64Array.of(5), "swish")).toBeNull();
  });
});

/** A model with a hand-made trace and hand-set gradients: every expected number is arithmetic. */
class Handmade extends Module {
  readonly W: Tensor;
  readonly activation = "tanh";
  constructor() {
    super();
    this.W = this.addParameter("weight", tensor([[3, 0], [0, 4]])); // ||W|| = 5
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

describe("layerStats", () => {
  it("computes every metric from the trace and the parameters (hand-computed values)", () => {
    const m = new Handmade();
    m.W.grad = tensor([[0.3, 0], [0, -0.4]]); // ||g|| = 0.5
    const z = tensor([[0, 3], [-3, 0.5]]);
    const h = tensor([[1, 2], [3, 6]]); // mean 3, population std √(4+1+0+9)/2 = √3.5
    z.grad = tensor([[1, 1], [1, 1]]); // norm 2
    h.grad = tensor([[0, 0], [0, 5]]); // norm 5
    m.trace = [{ layer: "weight", preActivation: z, activation: h }];
    const rows = layerStats(m, 7, { optimizer: { lastUpdateNorm: () => 0.01 } });
    expect(rows.every((r) => r.step === 7 && r.layer === "weight")).toBe(true);
    expect(value(rows, "weight", "activationMean")).toBe(3);
    expect(value(rows, "weight", "activationStd")).toBeCloseTo(Math.sqrt(3.5), 15);
    expect(value(rows, "weight", "saturatedFraction")).toBe(0.5); // tanh(±3) only, from the model's activation
    expect(value(rows, "weight", "deadFraction")).toBe(0); // no column saturated in both rows
    expect(value(rows, "weight", "preActivationGradNorm")).toBe(2);
    expect(value(rows, "weight", "activationGradNorm")).toBe(5);
    expect(value(rows, "weight", "weightGradNorm")).toBeCloseTo(0.5, 15);
    expect(value(rows, "weight", "gradToData")).toBeCloseTo(0.1, 15);
    expect(value(rows, "weight", "updateToData")).toBeCloseTo(0.002, 15);
    expect(value(rows, "weight", "biasGradNorm")).toBeUndefined(); // no bias, no row
  });

  it("biasGradNorm is the norm of dL/db, the column sums of dL/dz over the batch (Nielsen's δ)", () => {
    const model = new MLP({ inputs: 3, hidden: [4, 5], outputs: 2, activation: "sigmoid", biasInit: "standardNormal", seed: 3 });
    const X = tensor([[0.5, -1, 2], [2, 0.3, -0.4], [-0.7, 0.1, 1], [0, 1, 1]]);
    backward(softmaxCrossEntropy(model.forward(X), [1, 0, 1, 1]));
    const rows = layerStats(model, 0, { metrics: ["biasGradNorm"] });
    expect(rows.map((r) => r.layer)).toEqual(["layer1", "layer2", "output"]);
    for (const { layer, preActivation } of model.trace) {
      // Independent of bias.grad: b is added to every row of z, so dL/db_j = Σ_i dL/dz_ij.
      const dz = preActivation.grad!.toArray() as number[][];
      const colSums = dz[0].map((_, j) => dz.reduce((s, row) => s + row[j], 0));
      expect(value(rows, layer, "biasGradNorm")).toBeCloseTo(Math.hypot(...colSums), 14);
      // ... which is not the norm of dL/dz itself (preActivationGradNorm) once the batch has several rows.
      expect(Math.abs(Math.hypot(...colSums) - preActivation.grad!.norm())).toBeGreaterThan(1e-6);
    }
  });

  it("on an MLP: rows in layer order; the output's dL/dz matches (softmax - onehot) / batch", () => {
    const model = new MLP({ inputs: 2, hidden: [4, 3], outputs: 2, activation: "sigmoid", seed: 1 });
    const X = tensor([[0.5, -1], [2, 0.3], [-0.7, 0.1]]);
    const y = Int32Array.of(1, 0, 1);
    backward(softmaxCrossEntropy(model.forward(X), y));
    const rows = layerStats(model, 0);
    expect([...new Set(rows.map((r) => r.layer))]).toEqual(["layer1", "layer2", "output"]);
    expect(rows.filter((r) => r.metric === "saturatedFraction").map((r) => r.layer)).toEqual(["layer1", "layer2"]);
    expect(rows.some((r) => r.metric === "updateToData")).toBe(false); // no optimizer given
    // Independent closed form for the output layer's pre-activation gradient.
    const logits = noGrad(() => model.forward(X)).toArray() as number[][];
    let s = 0;
    logits.forEach((z, i) => {
      const e = z.map(Math.exp);
      const total = e[0] + e[1];
      e.forEach((v, c) => (s += ((v / total - (c === y[i] ? 1 : 0)) / 3) ** 2));
    });
    expect(value(rows, "output", "preActivationGradNorm")).toBeCloseTo(Math.sqrt(s), 14);
    // Weight gradient norms are the norms of the parameters' gradients.
    expect(value(rows, "layer2", "weightGradNorm")).toBe(model.namedParameters().find(([n]) => n === "layer2.weight")![1].grad!.norm());
  });

  it("updateToData after one plain SGD step is lr ||g|| / ||W||", () => {
    const model = new MLP({ inputs: 2, hidden: [5], outputs: 2, activation: "tanh", seed: 2 });
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    backward(softmaxCrossEntropy(model.forward(tensor([[1, 2], [-1, 0.5]])), [0, 1]));
    opt.step();
    const W = model.namedParameters().find(([n]) => n === "layer1.weight")![1];
    const rows = layerStats(model, 0, { optimizer: opt, metrics: ["updateToData", "weightGradNorm"] });
    expect(new Set(rows.map((r) => r.metric))).toEqual(new Set(["updateToData", "weightGradNorm"]));
    expect(value(rows, "layer1", "updateToData")).toBeCloseTo((0.1 * W.grad!.norm()) / W.norm(), 14);
  });

  it("byLayer picks one metric at the latest step", () => {
    const rows: DiagnosticRow[] = [
      { step: 0, layer: "a", metric: "weightGradNorm", value: 1 },
      { step: 5, layer: "a", metric: "weightGradNorm", value: 2 },
      { step: 5, layer: "b", metric: "weightGradNorm", value: 3 },
      { step: 9, layer: "b", metric: "activationStd", value: 4 },
    ];
    expect(byLayer(rows, "weightGradNorm")).toEqual({ a: 2, b: 3 });
    expect(byLayer(rows, "weightGradNorm", 0)).toEqual({ a: 1 });
  });

  it("a fresh model (no forward, no backward) gets a clear error", () => {
    const model = new MLP({ inputs: 2, hidden: [3], outputs: 2 });
    expect(() => layerStats(model, 0)).toThrow(/layerStats: the model has no trace of a forward pass; run model.forward\(X\)/);
  });
});
