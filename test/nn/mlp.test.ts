import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { gradCheck } from "../../src/diagnostics/gradcheck.js";
import { activations } from "../../src/nn/activations.js";
import { BatchNorm1d } from "../../src/nn/batchnorm.js";
import { LayerNorm } from "../../src/nn/layernorm.js";
import { softmaxCrossEntropy } from "../../src/nn/losses.js";
import { Dense, MLP, type MLPOptions } from "../../src/nn/mlp.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import { GRAD_CHECK, randomTensor, seedArb } from "../ops/check-op.js";

const base: MLPOptions = { inputs: 3, hidden: [4, 4, 5], outputs: 2, activation: "tanh", seed: 1 };

describe("MLP structure", () => {
  it("names parameters layer1..layerL and output, weights (out, in)", () => {
    const model = new MLP(base);
    expect(model.namedParameters().map(([n, t]) => `${n} ${t.shape.join("x")}`)).toEqual([
      "layer1.weight 4x3", "layer1.bias 4", "layer2.weight 4x4", "layer2.bias 4",
      "layer3.weight 5x4", "layer3.bias 5", "output.weight 2x5", "output.bias 2",
    ]);
    // Tensors carry their full names, for gradient-check reports and diagnostics.
    expect(model.parameters().map((t) => t.name)).toEqual(model.namedParameters().map(([n]) => n));
    expect(model.layers.length).toBe(4);
    expect(model.layerNames).toEqual(["layer1", "layer2", "layer3", "output"]);
  });

  it("with a norm, each hidden layer owns layerK.norm.gamma and layerK.norm.beta", () => {
    const names = (norm: "batch" | "layer") => new MLP({ ...base, hidden: [4], norm }).namedParameters().map(([n]) => n);
    expect(names("batch")).toEqual(["layer1.weight", "layer1.bias", "layer1.norm.gamma", "layer1.norm.beta", "output.weight", "output.bias"]);
    expect(new MLP({ ...base, norm: "batch" }).hiddenLayers[0].norm).toBeInstanceOf(BatchNorm1d);
    expect(new MLP({ ...base, norm: "layer" }).hiddenLayers[0].norm).toBeInstanceOf(LayerNorm);
  });

  it("depth and width as a shorthand for equal hidden widths", () => {
    const model = new MLP({ inputs: 2, depth: 10, width: 32, outputs: 2, activation: "sigmoid", init: "nielsen" });
    expect(model.hiddenLayers.map((l) => l.outFeatures)).toEqual(new Array(10).fill(32));
  });

  it("an empty hidden list is a linear model", () => {
    const model = new MLP({ inputs: 3, hidden: [], outputs: 2 });
    expect(model.layerNames).toEqual(["output"]);
    model.forward(randomTensor([2, 3], new Rng(0)));
    expect(model.trace.map((t) => t.layer)).toEqual(["output"]);
  });
});

describe("MLP forward and trace", () => {
  it("each trace entry holds z = norm(W h + b) and h = φ(z); after backward, dL/dz = dL/dh ⊙ φ'(z)", () => {
    const model = new MLP(base);
    const X = randomTensor([6, 3], new Rng(2));
    const logits = model.forward(X);
    expect(model.trace.map((t) => t.layer)).toEqual(["layer1", "layer2", "layer3", "output"]);
    let h = X;
    model.hiddenLayers.forEach((layer, k) => {
      const { preActivation: z, activation: a } = model.trace[k];
      expect(z.toList()).toEqual(ops.linear(h, layer.weight, layer.bias).toList());
      expect(a.toList()).toEqual(ops.tanh(z).toList());
      h = a;
    });
    expect(model.trace[3].preActivation).toBe(logits);
    expect(model.trace[3].activation).toBe(logits);
    backward(softmaxCrossEntropy(logits, [0, 1, 1, 0, 1, 0]));
    for (const { preActivation: z, activation: a } of model.trace.slice(0, 3)) {
      z.grad!.data.forEach((g, i) => expect(g).toBeCloseTo(a.grad!.data[i] * activations.tanh.df(z.data[i]), 14));
    }
  });

  it("residual layers output x + φ(z) where widths agree, plain φ(z) elsewhere", () => {
    const model = new MLP({ ...base, residual: true });
    expect(model.hiddenLayers.map((l) => l.residual)).toEqual([false, true, false]); // 3->4, 4->4, 4->5
    const X = randomTensor([5, 3], new Rng(3));
    model.forward(X);
    const [, second] = model.trace;
    const expected = ops.add(model.trace[0].activation, ops.tanh(second.preActivation)).toList();
    expect(second.activation.toList()).toEqual(expected);
  });

  it("residualScale α: h = x + α φ(z) on the residual layers only; α = 1 is bit for bit the default", () => {
    const X = randomTensor([5, 3], new Rng(3));
    const plain = new MLP({ ...base, residual: true });
    const scaled = new MLP({ ...base, residual: true, residualScale: 0.25 });
    expect(scaled.hiddenLayers.map((l) => l.residualScale)).toEqual([0.25, 0.25, 0.25]);
    scaled.forward(X);
    const [first, second] = scaled.trace;
    expect(first.activation.toList()).toEqual(ops.tanh(first.preActivation).toList()); // 3 -> 4: no skip, no scale
    const byHand = first.activation.data.map((x, i) => x + 0.25 * Math.tanh(second.preActivation.data[i]));
    Array.from(second.activation.data).forEach((v, i) => expect(v).toBe(byHand[i]));
    expect(new MLP({ ...base, residual: true, residualScale: 1 }).forward(X).toList()).toEqual(plain.forward(X).toList());
    expect(() => new MLP({ ...base, residual: true, residualScale: NaN })).toThrow(/MLP layer1: residualScale must be a finite number .*got NaN/);
  });

  it("default init follows the activation: He for ReLU, Glorot otherwise", () => {
    const params = (o: Partial<MLPOptions>) => new MLP({ ...base, ...o }).parameters().map((t) => t.toList());
    expect(params({ activation: "relu" })).toEqual(params({ activation: "relu", init: "he" }));
    expect(params({ activation: "tanh" })).toEqual(params({ activation: "tanh", init: "glorot" }));
    expect(params({ activation: "tanh" })).not.toEqual(params({ activation: "tanh", init: "he" }));
  });

  it("batch norm: eval mode uses running statistics, so a batch of one works", () => {
    const model = new MLP({ ...base, norm: "batch" });
    model.forward(randomTensor([8, 3], new Rng(4)));
    model.eval();
    expect(model.hiddenLayers.every((l) => l.norm!.training === false)).toBe(true);
    expect(model.forward(randomTensor([1, 3], new Rng(5))).shape).toEqual([1, 2]);
    model.train();
    expect(() => model.forward(randomTensor([1, 3], new Rng(5)))).toThrow(/training mode needs a batch of at least 2 rows/);
  });
});

describe("MLP gradients (finite differences)", () => {
  const config = fc.record({
    activation: fc.constantFrom("tanh", "sigmoid", "gelu", "softplus", "elu", "identity"),
    norm: fc.constantFrom(null, "batch" as const, "layer" as const),
    residual: fc.boolean(),
    hidden: fc.array(fc.integer({ min: 3, max: 4 }), { minLength: 1, maxLength: 3 }),
    batch: fc.integer({ min: 3, max: 5 }),
    seed: seedArb,
  });

  it("every parameter and the input, for random configurations", () => {
    fc.assert(fc.property(config, ({ activation, norm, residual, hidden, batch, seed }) => {
      const model = new MLP({ inputs: 3, hidden, outputs: 3, activation, norm, residual, seed, init: "glorotNormal" });
      const rng = new Rng(seed);
      const X = randomTensor([batch, 3], rng, {}, "X");
      const labels = Array.from({ length: batch }, () => rng.int(3));
      // Random non-zero biases and γ, β: zeros would hide a wrong gradient path.
      for (const [name, t] of model.namedParameters()) {
        if (!name.endsWith("weight")) t.data.set(randomTensor(t.shape, rng, { range: [0.5, 1.5] }).data);
      }
      // With batch norm the bias before it has gradient 0 (the norm subtracts the batch mean):
      // checked separately below, since a relative error cannot judge a value that is exactly 0.
      const checked = model.namedParameters().filter(([n]) => !(norm === "batch" && /^layer\d+\.bias$/.test(n))).map(([, t]) => t);
      const r = gradCheck(() => softmaxCrossEntropy(model.forward(X), labels), [X, ...checked], GRAD_CHECK);
      expect(r.ok, r.summary).toBe(true);
      // A fixed seed: a random draw now and then (layer norm over 3 units, a steep softplus) has a
      // third derivative large enough that the central difference itself is off by 1e-6, which
      // is the check's tolerance; a test that fails one run in ten teaches nobody anything.
    }), { numRuns: 30, seed: 20261201 });
  });

  it("ReLU and leaky ReLU networks too (fixed seeds, no pre-activation within ε of a kink)", () => {
    for (const activation of ["relu", "leakyRelu"]) {
      const model = new MLP({ inputs: 3, hidden: [5, 5], outputs: 2, activation, residual: true, seed: 11 });
      const X = randomTensor([4, 3], new Rng(12), {}, "X");
      const r = gradCheck(() => softmaxCrossEntropy(model.forward(X), [0, 1, 1, 0]), [X, ...model.parameters()], { ...GRAD_CHECK, eps: 1e-6 });
      expect(r.ok, r.summary).toBe(true);
    }
  });

  it("a scaled residual network (α = 0.3), every parameter and the input", () => {
    const model = new MLP({ inputs: 3, hidden: [4, 4, 4], outputs: 2, activation: "tanh", residual: true, residualScale: 0.3, seed: 5 });
    const X = randomTensor([4, 3], new Rng(6), {}, "X");
    const r = gradCheck(() => softmaxCrossEntropy(model.forward(X), [0, 1, 1, 0]), [X, ...model.parameters()], GRAD_CHECK);
    expect(r.ok, r.summary).toBe(true);
  });

  it("with batch norm in training mode, the bias before it gets gradient 0", () => {
    const model = new MLP({ ...base, norm: "batch" });
    backward(softmaxCrossEntropy(model.forward(randomTensor([6, 3], new Rng(6))), [0, 1, 0, 1, 1, 0]));
    for (const layer of model.hiddenLayers) for (const g of layer.bias!.grad!.data) expect(Math.abs(g)).toBeLessThan(1e-15);
  });

  it("batch norm in evaluation mode", () => {
    const model = new MLP({ ...base, norm: "batch" });
    model.forward(randomTensor([8, 3], new Rng(7))); // some running statistics
    model.eval();
    const X = randomTensor([4, 3], new Rng(8), {}, "X");
    const r = gradCheck(() => softmaxCrossEntropy(model.forward(X), [0, 1, 1, 0]), [X, ...model.parameters()], GRAD_CHECK);
    expect(r.ok, r.summary).toBe(true);
  });
});

describe("MLP gradients at initialization (the course's first observation)", () => {
  /** ‖dL/dW‖ of the first hidden layer over that of the last, at initialization. */
  function ratio(options: Partial<MLPOptions>, seed: number): number {
    const model = new MLP({ inputs: 2, depth: 10, width: 32, outputs: 2, seed, ...options });
    const rng = new Rng(100 + seed);
    const X = randomTensor([128, 2], rng, { range: [-2, 2] });
    backward(softmaxCrossEntropy(model.forward(X), Array.from({ length: 128 }, () => rng.int(2))));
    const norms = model.hiddenLayers.map((l) => l.weight.grad!.norm());
    return norms[0] / norms[9];
  }

  it("10 sigmoid layers with Nielsen's ch. 5 init (N(0, 1/fanIn) weights, N(0, 1) biases): first / last < 1/100", () => {
    // σ' <= 1/4 with ‖W‖ near 1 loses a factor of about 4 per layer (Nielsen reports 4-5).
    for (const seed of [0, 1, 2]) expect(ratio({ activation: "sigmoid", init: "lecun", biasInit: "standardNormal" }, seed)).toBeLessThan(1e-2);
  });

  it("the same depth with ReLU and He init does not vanish", () => {
    for (const seed of [0, 1, 2]) expect(ratio({ activation: "relu", init: "he" }, seed)).toBeGreaterThan(1e-2);
  });
});

describe("MLP determinism and validation", () => {
  it("the same seed gives bit-identical weights; another seed does not", () => {
    const bits = (seed: number | Rng) => new MLP({ ...base, norm: "layer", seed }).parameters().map((t) => Buffer.from(t.data.buffer).toString("hex"));
    expect(bits(3)).toEqual(bits(3));
    expect(bits(3)).not.toEqual(bits(4));
    expect(bits(new Rng(3))).toEqual(bits(3));
  });

  it("layer k's weights do not depend on other layers' widths", () => {
    const a = new MLP({ ...base, hidden: [4, 4, 5] });
    const b = new MLP({ ...base, hidden: [4, 9, 2] });
    expect(a.hiddenLayers[0].weight.toList()).toEqual(b.hiddenLayers[0].weight.toList());
  });

  it.each([
    [{ hidden: [4, 0] }, /MLP: width of hidden layer 2 must be a positive integer, got 0/],
    [{ hidden: [-3] }, /width of hidden layer 1 must be a positive integer, got -3/],
    [{ hidden: [2.5] }, /width of hidden layer 1 must be a positive integer, got 2.5/],
    [{ hidden: undefined, depth: 0, width: 8 }, /MLP: depth must be a positive integer, got 0/],
    [{ hidden: undefined, depth: 3, width: 1.5 }, /MLP: width must be a positive integer, got 1.5/],
    [{ depth: 3, width: 8 }, /MLP: give the hidden layers either as hidden: \[width1, width2, \.\.\.\] or as depth and width/],
    [{ hidden: undefined }, /give the hidden layers either as hidden/],
    [{ inputs: 0 }, /MLP: inputs must be a positive integer, got 0/],
    [{ outputs: 1.2 }, /MLP: outputs must be a positive integer, got 1.2/],
    [{ activation: "sigmod" }, /unknown activation 'sigmod'; choose one of: sigmoid, tanh/],
    [{ init: "he_normall" }, /unknown initializer 'he_normall'; choose one of/],
    [{ norm: "group" as never }, /unknown MLP layer1: norm 'group'; choose one of: batch, layer, null/],
  ])("bad options %j get a clear error", (options, message) => {
    expect(() => new MLP({ ...base, ...(options as Partial<MLPOptions>) })).toThrow(message);
  });

  it("input with the wrong number of features names the expected shape", () => {
    expect(() => new MLP(base).forward(randomTensor([2, 4], new Rng(0)))).toThrow(/MLP: expected inputs with 3 features \(shape \(batch, 3\)\), got \(2, 4\)/);
  });

  it("a residual Dense layer with unequal widths is rejected", () => {
    expect(() => new Dense(3, 4, { residual: true })).toThrow(/Dense: the block maps \(3\) to \(4\)/);
  });
});

describe("input that is not a Tensor", () => {
  it("gets a message naming what it got and how to wrap it, not a crash", async () => {
    const { MLP } = await import("../../src/nn/mlp.js");
    const { LSTM } = await import("../../src/nn/recurrent/lstm.js");
    const m = new MLP({ inputs: 3, hidden: [4], outputs: 2, seed: 1 });
    expect(() => m.forward([[1, 2, 3]] as never)).toThrow(/MLP: expected a Tensor as input, got a plain array of 1; wrap plain arrays with tensor/i);
    expect(() => m.forward(null as never)).toThrow(/got null/);
    expect(() => new LSTM({ inputs: 2, hidden: 3, seed: 1 }).forward({ shape: 3 } as never)).toThrow(/LSTM.*expected a Tensor.*an object without a shape/);
  });
});
