/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000):
 *   [i, f, g, o] = [σ, σ, tanh, σ](x_t W_xᵀ + h_{t-1} W_hᵀ + b)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g          the cell state
 *   h_t = o ⊙ tanh(c_t)
 * Along the cell state the Jacobian is dc_t/dc_{t-1} = diag(f_t) (plus paths through the gates):
 * with f near 1 the error flows back unchanged, the "constant error carousel".
 */

import { Tensor, zeros } from "../../tensor/tensor.js";
import { checkGateBias, RecurrentLayer, type RecurrentOptions, type RecurrentState, type RecurrentStep } from "./base.js";
import { lstmCellState, lstmGateValues, lstmHidden } from "./gates.js";
import { recurrentLinear } from "./steps.js";

export interface LSTMOptions extends RecurrentOptions {
  /**
   * Initial bias of the forget gate, default 1. With zero bias f starts near σ(0) = 1/2, so the
   * cell state, and the gradient along it, halves every step until training learns to remember;
   * a bias of 1 (f ≈ 0.73) lets gradients reach far back from the first step. Gers et al. (2000)
   * proposed a positive forget bias; Jozefowicz et al. (2015) found that a forget bias of 1 closes
   * the gap between the LSTM and the GRU on most of their tasks. For lags of dozens of steps
   * from the very start of training, larger values help: σ(3) ≈ 0.95 (see scripts/adding-problem.ts).
   */
  forgetBias?: number;
}

/**
 * An LSTM over sequences X (T, B, F) -> outputs h_1..h_T (T, B, H).
 * Parameters: inputWeight (4H, F), recurrentWeight (4H, H), bias (4H), gate order [i | f | g | o].
 * `steps[t].c` and `steps[t].gates` hold c_t and the gate values of the last forward pass.
 * @example const lstm = new LSTM({ inputs: 2, hidden: 32, seed: 1 }); lstm.forward(X); lstm.state.h
 */
export class LSTM extends RecurrentLayer {
  readonly forgetBias: number;

  constructor(options: LSTMOptions) {
    super("LSTM", options, 4, true);
    this.forgetBias = checkGateBias("LSTM: forgetBias", options.forgetBias, 1);
    this.bias.data.fill(this.forgetBias, this.hidden, 2 * this.hidden);
  }

  /** Runs the LSTM from (h0, c0), zeros unless given; both (B, H). */
  override forward(X: Tensor, h0?: Tensor | null, c0?: Tensor | null): Tensor {
    return super.forward(X, h0, c0);
  }

  protected step(XW: Tensor, t: number, prev: RecurrentState): { state: RecurrentState; record: Omit<RecurrentStep, "t"> } {
    const cPrev = prev.c ?? zeros(prev.h.shape);
    const z = recurrentLinear(XW, t, prev.h, this.recurrentWeight); // (B, 4H) pre-activations
    const c = lstmCellState(z, cPrev); // (B, H)
    const h = lstmHidden(z, c); // (B, H)
    const record = {
      h,
      c,
      preActivation: z,
      // Computed only when read (diagnostics): most training steps never look.
      get gates(): Tensor {
        return lstmGateValues(z);
      },
    };
    return { state: { h, c }, record };
  }
}
