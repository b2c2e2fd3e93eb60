/**
 * The multilayer perceptron the course experiments on, and its hidden layer.
 *
 * One hidden layer k (a `Dense`):
 *     z_k = h_{k-1} W_kᵀ + b_k          (fused linear op)
 *     z_k ← norm(z_k)                   (optional batch norm or layer norm)
 *     h_k = φ(z_k)                      (activation)
 *     h_k ← h_{k-1} + α h_k             (optional residual connection, when widths agree; α = residualScale, default 1)
 * then a linear output layer gives the logits. Each forward pass records, per layer, z_k (the
 * argument of φ) and h_k in `model.trace`; after `backward` their `.grad` hold dL/dz_k and dL/dh_k.
 */

import { describeNonTensor, LibraryError, messages } from "../messages.js";
import { add, scale } from "../ops/elementwise.js";
import { linear } from "../ops/matmul.js";
import { toRng, type Rng } from "../random/rng.js";
import { isTensorLike, type Tensor } from "../tensor/tensor.js";
import { activate, getActivation, type ActivationName } from "./activations.js";
import { BatchNorm1d } from "./batchnorm.js";
import { type InitName, type Initializer } from "./init.js";
import { LayerNorm } from "./layernorm.js";
import { checkPositiveInteger, Linear, type LinearOptions } from "./linear.js";
import { Module, type LayerTrace } from "./module.js";

/** Normalization after a hidden layer's linear map: batch norm, layer norm, or none. */
export type NormKind = "batch" | "layer" | null;

export interface DenseOptions extends LinearOptions {
  /** The activation φ. Default "relu". */
  activation?: ActivationName | string;
  /** Normalize z before φ. Default null (none). */
  norm?: NormKind;
  /** Add the input to the output (needs inFeatures = outFeatures). Default false. */
  residual?: boolean;
  /**
   * With `residual`, scales the branch: h = x + residualScale · φ(z). Default 1. A deep residual
   * stack adds one branch per layer, so its variance grows with depth; 1/√L keeps it flat (lesson 09).
   */
  residualScale?: number;
}

/**
 * A hidden layer: linear map, optional normalization, activation, optional residual connection.
 * Its parameters: "weight" (out, in), "bias" (out), and "norm.gamma", "norm.beta" with a norm.
 */
export class Dense extends Linear {
  readonly activation: ActivationName;
  readonly norm: BatchNorm1d | LayerNorm | null;
  readonly residual: boolean;
  readonly residualScale: number;

  constructor(inFeatures: number, outFeatures: number, options: DenseOptions = {}) {
    super(inFeatures, outFeatures, { name: "Dense", ...options });
    this.activation = getActivation(options.activation ?? "relu").name;
    const norm = options.norm ?? null;
    if (norm !== null && norm !== "batch" && norm !== "layer") {
      throw new LibraryError(messages.unknownName(`${this.label}: norm`, String(norm), ["batch", "layer", "null"]));
    }
    this.norm = norm === null ? null : this.addModule("norm", norm === "batch" ? new BatchNorm1d(outFeatures) : new LayerNorm(outFeatures));
    this.residual = options.residual ?? false;
    if (this.residual && inFeatures !== outFeatures) {
      throw new LibraryError(messages.residualShape(this.label, [inFeatures], [outFeatures]));
    }
    this.residualScale = options.residualScale ?? 1;
    if (typeof this.residualScale !== "number" || !Number.isFinite(this.residualScale)) {
      throw new LibraryError(messages.residualScale(this.label, this.residualScale));
    }
  }

  /** The layer's pre-activation z (after the norm) and output h, both (batch, out). */
  forwardTrace(x: Tensor): { preActivation: Tensor; activation: Tensor } {
    this.checkInput(x);
    let z = linear(x, this.weight, this.bias);
    if (this.norm !== null) z = this.norm.forward(z);
    const phi = activate(z, this.activation);
    if (!this.residual) return { preActivation: z, activation: phi };
    // Scale 1 adds φ(z) itself, so the default is bit for bit the unscaled block.
    return { preActivation: z, activation: add(x, this.residualScale === 1 ? phi : scale(phi, this.residualScale)) };
  }

  /** x (batch, in) -> h (batch, out). */
  override forward(x: Tensor): Tensor {
    return this.forwardTrace(x).activation;
  }
}

export interface MLPOptions {
  /** Number of input features. */
  inputs: number;
  /** Widths of the hidden layers, first to last. Or give `depth` and `width` instead. */
  hidden?: readonly number[];
  /** Number of hidden layers, all of width `width` (instead of `hidden`). */
  depth?: number;
  width?: number;
  /** Number of outputs (classes for softmaxCrossEntropy). */
  outputs: number;
  /** The hidden layers' activation. Default "relu". */
  activation?: ActivationName | string;
  /**
   * Weight initializer for every layer, by name or function. Default: "he" for the ReLU family
   * (relu, leakyRelu, elu, gelu), "glorot" otherwise: the rule derived for each (see init.ts).
   */
  init?: InitName | string | Initializer;
  /** Bias initializer for every layer. Default "zeros". */
  biasInit?: InitName | string | Initializer;
  /** Batch norm or layer norm after each hidden linear map. Default null. */
  norm?: NormKind;
  /** Residual connections on every hidden layer whose input and output widths agree. Default false. */
  residual?: boolean;
  /** Scales every residual branch: h = x + residualScale · φ(z) (see `DenseOptions`). Default 1. */
  residualScale?: number;
  /** Seed (or generator) for the weights: equal seeds give bit-identical models. Default 0. */
  seed?: number | Rng;
}

const RELU_FAMILY = new Set<string>(["relu", "leakyRelu", "elu", "gelu"]);

/**
 * A multilayer perceptron: `hidden.length` Dense layers named "layer1".."layerL" and a linear
 * "output" layer producing logits.
 * @example const model = new MLP({ inputs: 2, hidden: [32, 32], outputs: 2, activation: "tanh", seed: 1 })
 */
export class MLP extends Module {
  /** Hidden layers then the output layer: layers[0] is "layer1", the last one is "output". */
  readonly layers: readonly Linear[];
  readonly hiddenLayers: readonly Dense[];
  readonly output: Linear;
  /** "layer1", ..., "layerL", "output": the names in `trace` and in parameter names. */
  readonly layerNames: readonly string[];
  readonly inputs: number;
  readonly outputs: number;

  constructor(options: MLPOptions) {
    super();
    const widths = hiddenWidths(options);
    this.inputs = checkPositiveInteger("MLP: inputs", options.inputs);
    this.outputs = checkPositiveInteger("MLP: outputs", options.outputs);
    const activation = getActivation(options.activation ?? "relu").name;
    const init = options.init ?? (RELU_FAMILY.has(activation) ? "he" : "glorot");
    // One forked stream per layer: layer k's weights do not depend on the other layers' sizes.
    const rng = toRng(options.seed);
    const hidden: Dense[] = [];
    let width = this.inputs;
    widths.forEach((w, k) => {
      const name = `layer${k + 1}`;
      const layer = new Dense(width, w, {
        activation,
        init,
        biasInit: options.biasInit,
        norm: options.norm ?? null,
        residual: (options.residual ?? false) && width === w,
        residualScale: options.residualScale,
        seed: rng.fork(),
        name: `MLP ${name}`,
      });
      hidden.push(this.addModule(name, layer));
      width = w;
    });
    this.hiddenLayers = hidden;
    this.output = this.addModule("output", new Linear(width, this.outputs, { init, biasInit: options.biasInit, seed: rng.fork(), name: "MLP output" }));
    this.layers = [...hidden, this.output];
    this.layerNames = [...hidden.map((_, k) => `layer${k + 1}`), "output"];
    // Full dotted names make gradient-check reports and diagnostics readable: "layer3.weight".
    for (const [name, t] of this.namedParameters()) t.name = name;
  }

  /** X (batch, inputs) -> logits (batch, outputs); fills `trace`. */
  forward(X: Tensor): Tensor {
    if (!isTensorLike(X)) throw new LibraryError(messages.notATensor("MLP", describeNonTensor(X)));
    if (X.rank !== 2 || X.shape[1] !== this.inputs) throw new LibraryError(messages.inputFeatures("MLP", this.inputs, X.shape));
    const trace: LayerTrace[] = [];
    let h = X;
    for (let k = 0; k < this.hiddenLayers.length; k++) {
      const { preActivation, activation } = this.hiddenLayers[k].forwardTrace(h);
      trace.push({ layer: this.layerNames[k], preActivation, activation });
      h = activation;
    }
    const logits = this.output.forward(h);
    trace.push({ layer: "output", preActivation: logits, activation: logits });
    this.trace = trace;
    return logits;
  }
}

function hiddenWidths(options: MLPOptions): number[] {
  const hasList = options.hidden !== undefined;
  const hasShorthand = options.depth !== undefined || options.width !== undefined;
  if (hasList === hasShorthand) throw new LibraryError(messages.mlpSizes());
  if (hasList) {
    if (!Array.isArray(options.hidden)) throw new LibraryError(messages.mlpSizes());
    return options.hidden.map((w, k) => checkPositiveInteger(`MLP: width of hidden layer ${k + 1}`, w));
  }
  const depth = checkPositiveInteger("MLP: depth", options.depth);
  const width = checkPositiveInteger("MLP: width", options.width);
  return new Array<number>(depth).fill(width);
}
