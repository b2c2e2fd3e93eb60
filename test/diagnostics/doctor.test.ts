import { describe, expect, it } from "vitest";
import { moons } from "../../src/data/classification.js";
import { takeRows, type Dataset } from "../../src/data/dataset.js";
import { regression } from "../../src/data/regression.js";
import { addingProblem } from "../../src/data/sequences.js";
import { doctor, type DoctorOptions } from "../../src/diagnostics/doctor.js";
import { findings, fmt, geometricFactor } from "../../src/diagnostics/doctor/rules.js";
import { DEFAULT_THRESHOLDS } from "../../src/diagnostics/doctor/thresholds.js";
import type { FindingName, Probe } from "../../src/diagnostics/doctor/types.js";
import { constant, normal } from "../../src/nn/init.js";
import { Linear } from "../../src/nn/linear.js";
import { MLP, type MLPOptions } from "../../src/nn/mlp.js";
import type { Module } from "../../src/nn/module.js";
import { RNN } from "../../src/nn/recurrent/rnn.js";
import { SequenceModel, type SequenceModelOptions } from "../../src/nn/recurrent/sequence-model.js";
import { ActivationLayer, Sequential } from "../../src/nn/sequential.js";
import { Tensor } from "../../src/tensor/tensor.js";

// Small, seeded data: 2-D moons (standardized), a 1-D regression, adding problems of a few lengths.
const flat = moons({ n: 200, noise: 0.1, seed: 1, standardize: true });
const curve = regression({ n: 200, seed: 2, standardize: true });
const adding = (T: number) => addingProblem({ n: 128, T, seed: 1 });
const mlp = (o: Partial<MLPOptions>) => new MLP({ inputs: 2, outputs: 2, seed: 1, ...o } as MLPOptions);
const seq = (o: Partial<SequenceModelOptions>) => new SequenceModel({ cell: "rnn", inputs: 2, hidden: 16, outputs: 1, seed: 1, ...o });

interface Case {
  name: string;
  model: () => Module;
  data: Dataset;
  options?: DoctorOptions;
  /** Broken cases: the main finding, and every name allowed besides it (symptoms of the same cause). */
  expect?: FindingName;
  also?: FindingName[];
}

const broken: Case[] = [
  { name: "10-layer sigmoid, N(0, 1/n) weights and N(0, 1) biases (Nielsen's network2)", model: () => mlp({ depth: 10, width: 16, activation: "sigmoid", init: "lecun", biasInit: "normal" }), data: flat, expect: "vanishing" },
  { name: "4-layer sigmoid, Glorot (a milder vanishing: a warning)", model: () => mlp({ depth: 4, width: 16, activation: "sigmoid" }), data: flat, expect: "vanishing" },
  { name: "20-layer tanh, N(0, 1) weights (gain 4 at width 16)", model: () => mlp({ depth: 20, width: 16, activation: "tanh", init: normal(1) }), data: flat, expect: "exploding", also: ["saturated"] },
  { name: "sigmoid with N(0, 25) weights", model: () => mlp({ depth: 4, width: 16, activation: "sigmoid", init: normal(5) }), data: flat, expect: "saturated" },
  { name: "ReLU with bias -5", model: () => mlp({ depth: 4, width: 16, activation: "relu", biasInit: constant(-5) }), data: flat, expect: "dead" },
  { name: "ReLU with tiny weights N(0, 0.01²)", model: () => mlp({ depth: 6, width: 16, activation: "relu", init: normal(0.01) }), data: flat, expect: "initScale", also: ["vanishing"] },
  { name: "tanh with small weights N(0, 0.05²)", model: () => mlp({ depth: 6, width: 16, activation: "tanh", init: normal(0.05) }), data: flat, expect: "initScale", also: ["vanishing"] },
  { name: "ReLU with large weights N(0, 1)", model: () => mlp({ depth: 6, width: 16, activation: "relu", init: normal(1) }), data: flat, expect: "initScale", also: ["exploding"] },
  { name: "ReLU with weights N(0, 1e160): the forward pass overflows", model: () => mlp({ depth: 6, width: 16, activation: "relu", init: normal(1e80) }), data: flat, expect: "exploding" },
  { name: "ReLU + He trained with SGD at lr 50", model: () => mlp({ hidden: [16, 16], activation: "relu" }), data: flat, options: { lr: 50 }, expect: "learningRate" },
  { name: "regression MLP trained with SGD at lr 5", model: () => new MLP({ inputs: 1, hidden: [32, 32], outputs: 1, activation: "tanh", seed: 1 }), data: curve, options: { lr: 5 }, expect: "learningRate" },
  { name: "tanh RNN, W_h orthogonal × 0.5, adding problem T = 50", model: () => seq({ gain: 0.5 }), data: adding(50), expect: "horizon" },
  { name: "LSTM with forget bias -3, adding problem T = 50", model: () => seq({ cell: "lstm", forgetBias: -3 }), data: adding(50), expect: "horizon" },
  { name: "GRU at initialization, adding problem T = 40", model: () => seq({ cell: "gru", hidden: 8 }), data: adding(40), expect: "horizon" },
  { name: "tanh RNN, W_h orthogonal × 3, adding problem T = 30", model: () => seq({ gain: 3 }), data: adding(30), expect: "exploding" },
];

const healthy: Case[] = [
  { name: "ReLU + He, 4 x 32, SGD lr 0.1", model: () => mlp({ depth: 4, width: 32, activation: "relu" }), data: flat, options: { lr: 0.1 } },
  { name: "ReLU + He, 3 x 64, SGD lr 0.1 momentum 0.9", model: () => mlp({ depth: 3, width: 64, activation: "relu" }), data: flat, options: { lr: 0.1, momentum: 0.9 } },
  { name: "ReLU + He, 4 x 32, Adam lr 0.01", model: () => mlp({ depth: 4, width: 32, activation: "relu" }), data: flat, options: { optimizer: "adam", lr: 0.01 } },
  { name: "tanh + Glorot, shallow (16, 16), SGD lr 0.1", model: () => mlp({ hidden: [16, 16], activation: "tanh" }), data: flat, options: { lr: 0.1 } },
  { name: "batch-norm sigmoid, 10 layers, SGD lr 0.1", model: () => mlp({ depth: 10, width: 16, activation: "sigmoid", norm: "batch" }), data: flat, options: { lr: 0.1 } },
  { name: "residual tanh, 10 layers", model: () => mlp({ depth: 10, width: 16, activation: "tanh", residual: true }), data: flat },
  { name: "residual ReLU with batch norm, 10 layers", model: () => mlp({ depth: 10, width: 16, activation: "relu", residual: true, norm: "batch" }), data: flat },
  { name: "regression MLP, tanh (32, 32), SGD lr 0.05", model: () => new MLP({ inputs: 1, hidden: [32, 32], outputs: 1, activation: "tanh", seed: 1 }), data: curve, options: { lr: 0.05 } },
  { name: "LSTM, forget bias 1, adding problem T = 10, Adam lr 0.01", model: () => seq({ cell: "lstm" }), data: adding(10), options: { optimizer: "adam", lr: 0.01 } },
  { name: "LSTM, forget bias 3, adding problem T = 50", model: () => seq({ cell: "lstm", forgetBias: 3 }), data: adding(50) },
  { name: "small GRU (8 units), adding problem T = 10", model: () => seq({ cell: "gru", hidden: 8 }), data: adding(10) },
  { name: "GRU with update bias 3, adding problem T = 40", model: () => seq({ cell: "gru", hidden: 8, updateBias: 3 }), data: adding(40) },
  { name: "tanh RNN, orthogonal W_h, adding problem T = 8", model: () => seq({}), data: adding(8) },
];

describe("doctor: a zoo of broken networks, each named", () => {
  it.each(broken.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const result = doctor(c.model(), c.data, c.options);
    const summary = result.findings.map((f) => `${f.name}/${f.severity}: ${f.evidence}`).join("\n");
    expect(result.primary?.name, summary).toBe(c.expect);
    expect(result.primary?.severity, summary).not.toBe("info");
    expect(result.healthy).toBe(false);
    for (const name of result.names) expect([c.expect, ...(c.also ?? [])], summary).toContain(name);
    for (const f of result.findings) {
      expect(f.lessons.length).toBeGreaterThan(0);
      expect(f.remedy.length).toBeGreaterThan(20);
    }
  });
});

describe("doctor: healthy networks raise no alarm", () => {
  it.each(healthy.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const result = doctor(c.model(), c.data, c.options);
    const alarms = result.findings.filter((f) => f.severity !== "info");
    expect(alarms.map((f) => `${f.name}/${f.severity}: ${f.evidence}`)).toEqual([]);
    expect(result.healthy).toBe(true);
    if (c.options?.lr !== undefined) expect(result.probe.training?.stepsTaken).toBe(10);
  });
});

describe("doctor: evidence, remedies and the report", () => {
  it("names the layers and the numbers, and the lessons that teach the remedy", () => {
    const result = doctor(broken[0].model(), flat);
    const f = result.find("vanishing")!;
    expect(f.severity).toBe("critical");
    // The evidence's numbers are the probe's rows: layer1's ‖∂ℓ/∂z‖ over the output layer's.
    const norm = (layer: string) => result.rows.find((r) => r.layer === layer && r.metric === "preActivationGradNorm")!.value;
    expect(f.numbers.ratio).toBeCloseTo(norm("layer1") / norm("output"), 12);
    expect(f.numbers.ratio).toBeLessThan(1e-3);
    // Sigmoid's σ' <= 1/4 (lesson 03): about a factor 4-5 per layer going back.
    expect(f.numbers.perLayerFactor).toBeGreaterThan(0.15);
    expect(f.numbers.perLayerFactor).toBeLessThan(0.3);
    expect(f.layers[0]).toBe("layer1");
    expect(f.layers).not.toContain("output");
    expect(f.lessons).toEqual(["06 activations", "07 initialization", "08 normalization", "09 residual connections"]);
    const text = result.toText();
    expect(text).toMatch(/\[critical\] Vanishing gradients: layer1 \.\.\. layer9 \(9\)/);
    expect(text).toContain(`layer1 is ${fmt(f.numbers.ratio)} times the output layer's`);
    expect(text).toMatch(/^layer1\s+1\.\d\de-8\s/m); // the per-layer table, layer1's ‖∂ℓ/∂z‖
    expect(text).toContain("06 activations");
    const md = result.toMarkdown();
    expect(md).toMatch(/^\| layer \| ‖∂ℓ\/∂z‖ \| activation std \| saturated \| dead \|$/m);
    expect(md).toContain("- **Vanishing gradients** (critical): layer1 ... layer9 (9)");
    expect(String(result)).toBe(text);
  });

  it("recurrent evidence: the horizon in steps, the spectrum of W_h, the forget gate", () => {
    const rnn = doctor(seq({ gain: 0.5 }), adding(50)).find("horizon")!;
    expect(rnn.numbers.T).toBe(50);
    expect(rnn.numbers.reach).toBeLessThanOrEqual(25);
    expect(rnn.evidence).toMatch(/σ_max\(W_h\) = 0\.5 and ρ\(W_h\) = 0\.5/);
    expect(rnn.lessons).toContain("11 LSTM and GRU");
    const lstm = doctor(seq({ cell: "lstm", forgetBias: -3 }), adding(50)).find("horizon")!;
    expect(lstm.evidence).toMatch(/forget gate averages 0\.0\d/);
    expect(lstm.remedy).toMatch(/forget-gate bias/);
  });

  it("the learning-rate finding reports the loss before and after, and a NaN's step", () => {
    const f = doctor(broken.find((c) => c.options?.lr === 50)!.model(), flat, { lr: 50 }).find("learningRate")!;
    expect(f.numbers.lossAfter / f.numbers.lossBefore).toBeGreaterThan(2);
    expect(f.remedy).toMatch(/lr: 5\b/);
    // lr 1e100: the second step's forward pass overflows (fit stops with a NonFiniteError).
    const model = mlp({ hidden: [16, 16], activation: "relu" });
    const before = model.stateDict();
    const nan = doctor(model, flat, { lr: 1e100, steps: 5 });
    const g = nan.find("learningRate")!;
    expect(g.severity).toBe("critical");
    expect(g.layers).toEqual(["layer2"]);
    expect(nan.probe.training!.nonFinite).toMatchObject({ step: 2, layer: "layer2 (pre-activation)" });
    expect(g.evidence).toMatch(/went non-finite at step 2 of 5 \(first in layer2 \(pre-activation\)\)/);
    expect(model.stateDict()).toEqual(before);
  });

  it("thresholds can be overridden", () => {
    const model = () => mlp({ depth: 6, width: 16, activation: "relu" });
    expect(doctor(model(), flat).find("dead")).toBeUndefined();
    expect(doctor(model(), flat, { thresholds: { dead: 0.2 } }).find("dead")?.severity).toBe("warning");
    expect(doctor(model(), flat).thresholds).toEqual(DEFAULT_THRESHOLDS);
  });
});

describe("doctor: the probe leaves the model alone and repeats itself", () => {
  it.each([
    ["batch-norm MLP trained 10 steps", () => mlp({ depth: 3, width: 8, activation: "relu", norm: "batch" }), flat, { lr: 0.5 }],
    ["LSTM trained 10 steps", () => seq({ cell: "lstm", hidden: 8 }), adding(12), { optimizer: "adam", lr: 0.05 }],
    ["diverging run (NaN)", () => mlp({ hidden: [16, 16], activation: "relu" }), flat, { lr: 1e100 }],
  ] as const)("%s: stateDict, traces, gradients and mode are as before", (_, make, data, options) => {
    const model = make();
    model.eval();
    const before = model.stateDict();
    const trace = model.trace;
    const grads = model.parameters().map((p) => p.grad);
    doctor(model, data, options);
    expect(model.stateDict()).toEqual(before);
    expect(model.trace).toBe(trace);
    expect(model.parameters().map((p) => p.grad)).toEqual(grads);
    expect(model.training).toBe(false);
  });

  it("the same model, data and seed give the same result; the seed picks the probe set", () => {
    const run = (seed: number) => doctor(broken[0].model(), flat, { seed, lr: 0.1 });
    const a = run(3), b = run(3);
    expect(JSON.stringify(a.findings)).toBe(JSON.stringify(b.findings));
    expect(JSON.stringify(a.probe)).toBe(JSON.stringify(b.probe));
    expect(a.toText()).toBe(b.toText());
    expect(JSON.stringify(run(4).probe.rows)).not.toBe(JSON.stringify(a.probe.rows));
    expect(run(4).names).toEqual(a.names);
  });
});

describe("doctor: bad input gets a clear error", () => {
  const good = () => mlp({ hidden: [8], activation: "relu" });
  it.each([
    ["not a model", () => doctor({} as Module, flat), /doctor: expected a model.*diagnostics\.doctor\(model, ds\)/],
    ["a bare recurrent layer", () => doctor(new RNN({ inputs: 2, hidden: 4 }), adding(5)), /bare RNN layer.*new nn\.SequenceModel\(\{ cell: layer/],
    ["a model without a trace", () => doctor(new Sequential([new Linear(2, 4), new ActivationLayer("relu"), new Linear(4, 2)]), flat), /Sequential records no per-layer trace.*nn\.MLP/],
    ["no data set", () => doctor(good(), null as unknown as Dataset), /doctor: expected a data set \{ X, y \}.*got null/],
    ["an empty data set", () => doctor(good(), { ...flat, y: new Int32Array(0) }), /data set has no labels or targets \(y is empty\).*at least 2 examples/],
    ["labels and rows differ", () => doctor(good(), { ...flat, y: flat.y.subarray(0, 150) }), /doctor: X has 200 rows but y has 150 entries/],
    ["one example", () => doctor(good(), takeRows(flat, [0])), /data set holds 1 example; the probe needs at least 2/],
    ["NaN in X", () => doctor(good(), withNaN(flat)), /data's X holds NaN at example 3, column 1.*clean the data/],
    ["NaN in the targets", () => doctor(new MLP({ inputs: 1, hidden: [4], outputs: 1 }), { ...curve, y: new Tensor(curve.y.data.map((v, i) => (i === 5 ? NaN : v)), curve.y.shape) }), /data's y holds NaN at example 5/],
    ["NaN in the weights", () => { const m = good(); m.parameters()[0].data[0] = NaN; return doctor(m, flat); }, /parameter 'layer1\.weight' already holds NaN/],
    ["sequences for an MLP", () => doctor(good(), adding(5)), /holds sequences X \(time, n, features\).*nn\.SequenceModel/],
    ["rows for a sequence model", () => doctor(seq({}), flat), /SequenceModel reads sequences.*holds rows/],
    ["outputs and classes differ", () => doctor(new MLP({ inputs: 2, hidden: [4], outputs: 3 }), flat), /doctor: the model has 3 outputs but the data set has 2 classes/],
    ["a loss that needs labels", () => doctor(new MLP({ inputs: 1, hidden: [4], outputs: 1 }), curve, { loss: "softmaxCrossEntropy" }), /doctor: loss 'softmaxCrossEntropy' needs class labels/],
    ["a bad option", () => doctor(good(), flat, { batches: 0 }), /doctor: batches must be a positive integer, got 0/],
  ] as const)("%s", (_, call, message) => {
    expect(call).toThrow(message);
  });
});

describe("doctor's rules on synthetic probes (thresholds at their boundaries)", () => {
  /** A feed-forward probe whose ‖∂ℓ/∂z‖ shrinks by q per layer going back, over L hidden layers. */
  function chain(q: number, L: number, extra: Probe["rows"] = []): Probe {
    const layers = [...Array.from({ length: L }, (_, i) => `layer${i + 1}`), "output"];
    const rows = layers.map((layer, i) => ({ step: 0, layer, metric: "preActivationGradNorm" as const, value: q ** (L - i) }));
    return { kind: "feedForward", description: "synthetic", activation: "tanh", examples: 64, batches: 2, batchSize: 32, rows: [...rows, ...extra], timeRows: [] };
  }
  const names = (p: Probe) => findings(p, DEFAULT_THRESHOLDS).map((f) => `${f.name}/${f.severity}`);

  it("vanishing: critical below 1e-3, a warning for factor < 0.5 with layer1 under a tenth, silent otherwise", () => {
    expect(names(chain(0.25, 10))).toEqual(["vanishing/critical"]);
    expect(findings(chain(0.25, 10), DEFAULT_THRESHOLDS)[0].numbers.perLayerFactor).toBeCloseTo(0.25, 12);
    expect(names(chain(0.4, 3))).toEqual(["vanishing/warning"]); // 0.4³ = 0.064
    expect(names(chain(0.6, 3))).toEqual([]); // factor above 0.5
    expect(names(chain(0.45, 2))).toEqual([]); // 0.45² = 0.2: not a tenth
    expect(names(chain(4, 6))).toEqual(["exploding/critical"]); // 4⁶ = 4096
    expect(names(chain(2.5, 3))).toEqual(["exploding/warning"]);
  });

  it("saturation and dead units: more than half of a layer, critical at 0.9 or a whole dead layer", () => {
    const frac = (metric: "saturatedFraction" | "deadFraction", v: number) => [{ step: 0, layer: "layer1", metric, value: v }];
    expect(names(chain(1, 2, frac("saturatedFraction", 0.5)))).toEqual([]);
    expect(names(chain(1, 2, frac("saturatedFraction", 0.51)))).toEqual(["saturated/warning"]);
    expect(names(chain(1, 2, frac("saturatedFraction", 0.95)))).toEqual(["saturated/critical"]);
    const relu = (v: number) => ({ ...chain(1, 2, frac("deadFraction", v)), activation: "relu" });
    expect(names(relu(0.5))).toEqual([]);
    expect(names(relu(0.6))).toEqual(["dead/warning"]);
    expect(names(relu(1))).toEqual(["dead/critical"]);
  });

  it("horizon: below 1e-3 of the last step; critical when that happens within the last half", () => {
    const through = (q: number, T: number): Probe => ({
      kind: "recurrent", description: "synthetic", activation: "tanh", examples: 64, batches: 2, batchSize: 32, rows: [],
      timeRows: Array.from({ length: T }, (_, i) => ({ step: 0, t: i + 1, metric: "hiddenGradNorm" as const, value: q ** (T - i - 1) })),
      recurrent: { cell: "RNN", hidden: 4, T, readout: "last" },
    });
    // 0.8^k < 1e-3 from k = 31 steps back: past the middle of 50 steps; 0.7^k from k = 20: within it.
    expect(names(through(0.8, 50))).toEqual(["horizon/warning"]);
    expect(findings(through(0.8, 50), DEFAULT_THRESHOLDS)[0].numbers.reach).toBe(31);
    expect(names(through(0.7, 50))).toEqual(["horizon/critical"]);
    expect(names(through(0.9, 50))).toEqual([]); // 0.9^49 = 5.7e-3
    expect(names({ ...through(0.5, 50), recurrent: { cell: "RNN", hidden: 4, T: 50, readout: "every" } })).toEqual([]);
  });

  it("geometricFactor is the least-squares factor per step", () => {
    expect(geometricFactor([[0, 1], [1, 3], [2, 9]])).toBeCloseTo(3, 12);
    expect(geometricFactor([[1, 2], [3, 0.5]])).toBeCloseTo(0.5, 12);
  });
});

function withNaN(ds: Dataset): Dataset {
  const X = ds.X.data.slice();
  X[3 * 2 + 1] = NaN;
  return { ...ds, X: new Tensor(X, ds.X.shape) };
}
