/** The dense (fully connected) layer: z = x Wᵀ + b. */

import { describeNonTensor, LibraryError, messages } from "../messages.js";
import { linear } from "../ops/matmul.js";
import { toRng, type Rng } from "../random/rng.js";
import { isTensorLike, type Tensor } from "../tensor/tensor.js";
import { getInitializer, type InitName, type Initializer } from "./init.js";
import { Module } from "./module.js";

export interface LinearOptions {
  /** How to draw the weight: a name ("he", "glorot", ...) or an initializer. Default "glorot". */
  init?: InitName | string | Initializer;
  /** Whether the layer has a bias. Default true. */
  bias?: boolean;
  /**
   * How to draw the bias. Default "zeros" (the usual choice); Nielsen's networks draw N(0, 1)
   * biases ("standardNormal"), which a reproduction of his chapter 5 needs.
   */
  biasInit?: InitName | string | Initializer;
  /** A seed or a generator for the weight draw. Default seed 0. */
  seed?: number | Rng;
  /** The layer's name in error messages. Default "Linear". */
  name?: string;
}

/** Throws unless `value` is a positive integer; `what` names it in the message. */
export function checkPositiveInteger(what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new LibraryError(messages.positiveInteger(what, value));
  }
  return value;
}

/**
 * A dense layer: x (batch, inFeatures) -> x Wᵀ + b (batch, outFeatures).
 * The weight is stored (out, in) as in the column-vector math z = W h + b, so
 * `weight.at(i, j)` connects input j to unit i; fanIn = in, fanOut = out.
 * @example const layer = new Linear(2, 16, { init: "he", seed: 1 }); layer.forward(X)  // (batch, 16)
 */
export class Linear extends Module {
  readonly weight: Tensor; // (out, in)
  readonly bias: Tensor | null; // (out)
  protected readonly label: string;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    this.label = options.name ?? "Linear";
    checkPositiveInteger(`${this.label}: input features`, inFeatures);
    checkPositiveInteger(`${this.label}: output features`, outFeatures);
    const init = getInitializer(options.init ?? "glorot");
    const biasInit = getInitializer(options.biasInit ?? "zeros");
    const rng = toRng(options.seed);
    this.weight = this.addParameter("weight", init([outFeatures, inFeatures], rng));
    // Drawn after the weight from the same stream, so adding a bias init never changes the weights.
    this.bias = options.bias === false ? null : this.addParameter("bias", biasInit([outFeatures], rng));
  }

  /** x (batch, in) -> (batch, out). */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    return linear(x, this.weight, this.bias);
  }

  /** A clear error for input that is not (batch, inFeatures). */
  protected checkInput(x: Tensor): void {
    if (!isTensorLike(x)) throw new LibraryError(messages.notATensor(this.label, describeNonTensor(x)));
    if (x.rank !== 2 || x.shape[1] !== this.inFeatures) {
      throw new LibraryError(messages.inputFeatures(this.label, this.inFeatures, x.shape));
    }
  }
}
