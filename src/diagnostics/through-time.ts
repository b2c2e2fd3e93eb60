/**
 * Gradients through time: after `backward`, how large dL/dh_t is at every step t of a recurrent
 * layer's last forward pass. This is the recurrent net's version of "gradient norm per layer":
 * for a vanilla RNN it decays geometrically as t moves away from the loss (each step multiplies
 * by diag(φ'(z_t)) W_h); for an LSTM the cell state carries it back almost unchanged while the
 * forget gate stays near 1.
 *
 * Rows are tidy, one value each, ready for charts: { step, t, metric, value }.
 */

import type { RecurrentStep } from "../nn/recurrent/base.js";
import type { Tensor } from "../tensor/tensor.js";

/** The recurrent metrics: ||dL/dh_t||, ||dL/dc_t|| (LSTM), mean forget gate f_t (LSTM). */
export type ThroughTimeMetric = "hiddenGradNorm" | "cellGradNorm" | "forgetGateMean";

/** One value of one metric at time step t (1..T) of training step `step`. */
export interface ThroughTimeRow {
  step: number;
  t: number;
  metric: ThroughTimeMetric;
  value: number;
}

/** Anything that kept its per-step tensors: every layer in `nn/recurrent`. */
export interface HasSteps {
  steps: readonly RecurrentStep[];
}

/**
 * Rows for every time step of `layer`'s last forward pass, read after `backward`:
 *   "hiddenGradNorm"  ||dL/dh_t||, the Frobenius norm over the batch (B, H);
 *   "cellGradNorm"    ||dL/dc_t||, for an LSTM;
 *   "forgetGateMean"  the mean of f_t over batch and units, for an LSTM (how much of c_{t-1}
 *                     the cell keeps, hence how much of dL/dc_t reaches c_{t-1}).
 * A step the gradient never reached (cut off by truncated BPTT, or after the last step the loss
 * reads) gets norm 0. `step` labels the rows with the training step (default 0).
 * @example backward(loss); charts.lineChart(gradientsThroughTime(rnn, { step }))
 */
export function gradientsThroughTime(layer: HasSteps, options: { step?: number } = {}): ThroughTimeRow[] {
  const step = options.step ?? 0;
  const rows: ThroughTimeRow[] = [];
  for (const s of layer.steps) {
    rows.push({ step, t: s.t, metric: "hiddenGradNorm", value: gradNorm(s.h) });
    if (s.c !== undefined) {
      rows.push({ step, t: s.t, metric: "cellGradNorm", value: gradNorm(s.c) });
      if (s.gates !== undefined) rows.push({ step, t: s.t, metric: "forgetGateMean", value: forgetGateMean(s.gates) });
    }
  }
  return rows;
}

function gradNorm(t: Tensor): number {
  return t.grad === null ? 0 : t.grad.norm();
}

/** Mean of the forget gate, columns H .. 2H - 1 of the LSTM's [i | f | g | o] (B, 4H). */
function forgetGateMean(gates: Tensor): number {
  const [B, H4] = gates.shape;
  const H = H4 / 4;
  let sum = 0;
  for (let b = 0; b < B; b++) for (let j = H; j < 2 * H; j++) sum += gates.data[b * H4 + j];
  return sum / (B * H);
}
