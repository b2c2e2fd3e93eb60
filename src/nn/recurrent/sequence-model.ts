/**
 * A recurrent layer with a linear read-out: the smallest model `train.fit` can train on a
 * sequence task.
 *
 *   X (T, B, F) -> recurrent layer -> h_1..h_T (T, B, H) -> Linear -> yHat
 *     readout "last"   yHat = h_T W_oᵀ + b_o  (B, outputs): one prediction per sequence
 *                      (the adding problem, temporal order)
 *     readout "every"  yHat = h_t W_oᵀ + b_o for every t, time-major rows t·B + b
 *                      (T·B, outputs): one prediction per step (the copy task)
 *
 * Names, for diagnostics: the recurrent layer's parameters are "recurrent.inputWeight",
 * "recurrent.recurrentWeight", "recurrent.bias"; the head's "output.weight", "output.bias".
 * The trace holds one entry per time step, "t1".."tT" (pre-activation z_t, activation h_t),
 * then "output", so `diagnostics.layerStats` charts the gradient at every step like a layer of a
 * deep net: through time, a recurrent net is a deep net whose layers share their weights.
 * `steps` is the recurrent layer's, so `diagnostics.gradientsThroughTime(model)` works as well.
 */

import { reshape } from "../../ops/reshape.js";
import type { Rng } from "../../random/rng.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LibraryError, messages } from "../../messages.js";
import type { ActivationName } from "../activations.js";
import { Linear, checkPositiveInteger } from "../linear.js";
import { Module } from "../module.js";
import { RecurrentLayer, type RecurrentOptions, type RecurrentStep } from "./base.js";
import { GRU } from "./gru.js";
import { LSTM } from "./lstm.js";
import { RNN } from "./rnn.js";

export type CellName = "rnn" | "lstm" | "gru";

export interface SequenceModelOptions extends Omit<RecurrentOptions, "inputs" | "hidden"> {
  /** "rnn" (vanilla, tanh unless `activation` says otherwise), "lstm", "gru", or a layer built already. */
  cell: CellName | RecurrentLayer;
  /** Features per step (not needed with a layer built already). */
  inputs?: number;
  /** Size of the hidden state H (not needed with a layer built already). */
  hidden?: number;
  /** Outputs of the linear head: 1 for a regression target, the number of classes for labels. */
  outputs: number;
  /** "last" (default): read h_T, one output row per sequence; "every": read every h_t. */
  readout?: "last" | "every";
  /** The vanilla RNN's φ (default "tanh"). */
  activation?: ActivationName;
  /** The LSTM's initial forget-gate bias (default 1; see `LSTMOptions.forgetBias`). */
  forgetBias?: number;
  /** The GRU's initial update-gate bias (default 0; see `GRUOptions.updateBias`). */
  updateBias?: number;
  /**
   * Seed or generator: the recurrent layer draws first, then the head. A number seeds both
   * with that same number (so a model matches a layer and a `Linear` built with one seed).
   */
  seed?: number | Rng;
}

/**
 * A recurrent layer plus a linear head.
 * @example const model = new nn.SequenceModel({ cell: "lstm", inputs: 2, hidden: 16, outputs: 1, forgetBias: 3, seed: 1 })
 * @example train.fit(model, data.addingProblem({ n: 2000, T: 20, seed: 1 }), { optimizer: "adam", lr: 0.01, steps: 500 })
 */
export class SequenceModel extends Module {
  readonly recurrent: RecurrentLayer;
  readonly output: Linear;
  readonly readout: "last" | "every";

  constructor(options: SequenceModelOptions) {
    super();
    const { cell, outputs, readout = "last", ...rest } = options;
    if (readout !== "last" && readout !== "every") {
      throw new LibraryError(messages.unknownName("SequenceModel readout", String(readout), ["last", "every"]));
    }
    this.readout = readout;
    this.recurrent = this.addModule("recurrent", typeof cell === "string" ? buildCell(cell, rest) : cell);
    checkPositiveInteger("SequenceModel: outputs", outputs);
    this.output = this.addModule("output", new Linear(this.recurrent.hidden, outputs, { seed: options.seed, name: "SequenceModel output" }));
  }

  /** The vanilla RNN's φ, for the diagnostics' saturation rows; undefined for gated cells. */
  get activation(): ActivationName | undefined {
    return this.recurrent instanceof RNN ? this.recurrent.activation : undefined;
  }

  /** Every step of the last forward pass (the recurrent layer's). */
  get steps(): RecurrentStep[] {
    return this.recurrent.steps;
  }

  /**
   * X (T, B, F) -> (B, outputs) with readout "last", (T·B, outputs) with "every".
   * Initial states h0 (and c0 for an LSTM), both (B, H), default to zeros.
   */
  override forward(X: Tensor, h0?: Tensor | null, c0?: Tensor | null): Tensor {
    const out = this.recurrent.forward(X, h0, c0); // (T, B, H)
    const [T, B, H] = out.shape;
    // "last" reads h_T itself (not a slice of the stacked outputs): the gradient reaches every
    // step through the recurrence alone, as in a hand-written loop.
    const read = this.readout === "last" ? this.recurrent.state!.h : reshape(out, [T * B, H]);
    const yHat = this.output.forward(read);
    this.trace = [...this.recurrent.trace, { layer: "output", preActivation: yHat, activation: yHat }];
    return yHat;
  }
}

function buildCell(cell: CellName, options: Omit<SequenceModelOptions, "cell" | "outputs" | "readout">): RecurrentLayer {
  const { inputs, hidden, activation, forgetBias, updateBias, ...common } = options;
  const base = { ...common, inputs: inputs as number, hidden: hidden as number };
  switch (cell) {
    case "rnn":
      return new RNN({ ...base, activation });
    case "lstm":
      return new LSTM({ ...base, forgetBias });
    case "gru":
      return new GRU({ ...base, updateBias });
    default:
      throw new LibraryError(messages.unknownName("SequenceModel cell", String(cell), ["rnn", "lstm", "gru"]));
  }
}
