/**
 * The gated recurrent unit (Cho et al. 2014), in the "reset after" form cuDNN, PyTorch and Keras
 * use, so that one matmul per step serves all three gates:
 *   r = σ(xw_r + hw_r),  z = σ(xw_z + hw_z),  n = tanh(xw_n + r ⊙ hw_n)
 *   h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
 * with xw = x_t W_xᵀ + b and hw = h_{t-1} W_hᵀ + b_h. The direct path h_{t-1} -> h_t is scaled by z
 * alone, the GRU's version of the LSTM's cell-state carousel.
 */

import { linear } from "../../ops/matmul.js";
import { Tensor, zeros } from "../../tensor/tensor.js";
import { checkGateBias, RecurrentLayer, type RecurrentOptions, type RecurrentState, type RecurrentStep } from "./base.js";
import { gruCell } from "./gates.js";

export interface GRUOptions extends RecurrentOptions {
  /**
   * Initial bias of the update gate z, default 0. Here z scales the direct path h_{t-1} -> h_t,
   * so z = σ(updateBias) at the start is the share of the state each step keeps: 1/2 with the
   * default, σ(3) ≈ 0.95 with 3, the GRU's counterpart of the LSTM's `forgetBias` (lesson 11).
   * (Frameworks that write h_t = z ⊙ n + (1 - z) ⊙ h_{t-1} flip the sign of this bias.)
   */
  updateBias?: number;
}

/**
 * A GRU over sequences X (T, B, F) -> outputs (T, B, H).
 * Parameters: inputWeight (3H, F), recurrentWeight (3H, H), bias (3H), recurrentBias (3H);
 * gate order [r | z | n]. The second bias is needed because r multiplies hw_n, bias included.
 * @example const gru = new GRU({ inputs: 2, hidden: 32, updateBias: 3, seed: 1 }); gru.forward(X);
 */
export class GRU extends RecurrentLayer {
  /** b_h (3H), inside the reset gate's product. */
  readonly recurrentBias: Tensor;
  readonly updateBias: number;

  constructor(options: GRUOptions) {
    super("GRU", options, 3);
    this.recurrentBias = this.addParameter("recurrentBias", zeros([3 * this.hidden]));
    this.updateBias = checkGateBias("GRU: updateBias", options.updateBias, 0);
    this.bias.data.fill(this.updateBias, this.hidden, 2 * this.hidden); // gate order [r | z | n]
  }

  protected step(XW: Tensor, t: number, prev: RecurrentState): { state: RecurrentState; record: Omit<RecurrentStep, "t"> } {
    const [B, H] = prev.h.shape;
    const hw = linear(prev.h, this.recurrentWeight, this.recurrentBias); // (B, 3H)
    const keep: { gates?: Float64Array } = {};
    const h = gruCell(XW, t, hw, prev.h, keep);
    return { state: { h }, record: { h, gates: new Tensor(keep.gates!, [B, 3 * H]), preActivation: hw } };
  }
}
