/**
 * The vanilla (Elman) recurrent layer: h_t = φ(x_t W_xᵀ + h_{t-1} W_hᵀ + b).
 *
 * Its gradient through time is a product of one Jacobian per step,
 *   dh_t/dh_{t-1} = diag(φ'(z_t)) W_h,
 * so with |φ'| <= 1 (tanh) and a spectral radius of W_h below 1 it shrinks geometrically with the
 * distance in time: the vanishing gradient, in time instead of depth (Bengio et al. 1994;
 * Pascanu et al. 2013).
 */

import { activate, getActivation, type ActivationName } from "../activations.js";
import type { Tensor } from "../../tensor/tensor.js";
import { RecurrentLayer, type RecurrentOptions, type RecurrentState, type RecurrentStep } from "./base.js";
import { recurrentLinear } from "./steps.js";

export interface RNNOptions extends RecurrentOptions {
  /** φ: "tanh" (default, Elman's squashing unit) or "relu" (with recurrentInit "identity": IRNN). */
  activation?: ActivationName;
}

/**
 * A vanilla RNN over sequences X (T, B, F) -> outputs (T, B, H).
 * Parameters: inputWeight (H, F), recurrentWeight (H, H), bias (H).
 * @example const rnn = new RNN({ inputs: 2, hidden: 64, seed: 1 }); const out = rnn.forward(X);
 * @example new RNN({ inputs: 2, hidden: 64, activation: "relu", recurrentInit: "identity" })  // IRNN
 */
export class RNN extends RecurrentLayer {
  readonly activation: ActivationName;

  constructor(options: RNNOptions) {
    super("RNN", options, 1);
    this.activation = options.activation ?? "tanh";
    getActivation(this.activation); // fails here, listing the valid names, on a typo
  }

  /** z_t = XW[t] + h_{t-1} W_hᵀ (B, H);  h_t = φ(z_t). */
  protected step(XW: Tensor, t: number, prev: RecurrentState): { state: RecurrentState; record: Omit<RecurrentStep, "t"> } {
    const z = recurrentLinear(XW, t, prev.h, this.recurrentWeight);
    const h = activate(z, this.activation);
    return { state: { h }, record: { h, preActivation: z } };
  }
}
