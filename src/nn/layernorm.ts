/**
 * Layer normalization (Ba, Kiros & Hinton, 2016): normalize each row over its features, with
 * learnable γ and β per feature. Unlike batch norm it uses no batch statistics, so training and
 * evaluation compute the same thing and a batch of one is fine (which is why RNNs use it).
 *
 * Per row, over its D features: μ = (1/D) Σ x, σ² = (1/D) Σ (x - μ)², x̂ = (x - μ)/sqrt(σ² + ε),
 * y = γ x̂ + β. Backward is batch norm's closed form with the roles of rows and columns swapped:
 *     dx̂ = dy γ,   dx = (1/D) / sqrt(σ² + ε) · (D dx̂ - Σ dx̂ - x̂ Σ (dx̂ x̂))   (sums over the row)
 */

import { accumulate, record } from "../autodiff/engine.js";
import { LibraryError, messages } from "../messages.js";
import { Tensor } from "../tensor/tensor.js";
import { checkPositiveInteger } from "./linear.js";
import { Module } from "./module.js";

/**
 * The fused layer norm op over the last axis: x (..., features), gamma and beta (features).
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5, layer = "LayerNorm"): Tensor {
  const D = gamma.size;
  if (x.rank < 1 || x.shape[x.rank - 1] !== D) throw new LibraryError(messages.inputFeatures(layer, D, x.shape));
  const rows = x.size / D;
  const xs = x.data, g = gamma.data, b = beta.data;
  const xhat = new Float64Array(x.size); // (rows, features), kept for backward
  const invStd = new Float64Array(rows); // (rows)
  const y = new Float64Array(x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    let mean = 0;
    for (let j = 0; j < D; j++) mean += xs[o + j];
    mean /= D;
    let variance = 0;
    for (let j = 0; j < D; j++) variance += (xs[o + j] - mean) * (xs[o + j] - mean);
    const s = 1 / Math.sqrt(variance / D + eps);
    invStd[r] = s;
    for (let j = 0; j < D; j++) {
      xhat[o + j] = (xs[o + j] - mean) * s;
      y[o + j] = g[j] * xhat[o + j] + b[j];
    }
  }
  return record(new Tensor(y, x.shape), "layerNorm", [x, gamma, beta], (dy) => {
    if (x.requiresGrad) {
      const dx = new Float64Array(x.size);
      for (let r = 0; r < rows; r++) {
        const o = r * D;
        let sum = 0, sumXhat = 0; // Σ dx̂ and Σ dx̂ x̂ over the row
        for (let j = 0; j < D; j++) {
          const d = dy[o + j] * g[j];
          sum += d;
          sumXhat += d * xhat[o + j];
        }
        const c = invStd[r] / D;
        for (let j = 0; j < D; j++) dx[o + j] = c * (D * dy[o + j] * g[j] - sum - xhat[o + j] * sumXhat);
      }
      accumulate(x, dx, true);
    }
    if (gamma.requiresGrad || beta.requiresGrad) {
      const dGamma = new Float64Array(D);
      const dBeta = new Float64Array(D);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < D; j++) {
          dGamma[j] += dy[r * D + j] * xhat[r * D + j];
          dBeta[j] += dy[r * D + j];
        }
      }
      accumulate(gamma, dGamma, true);
      accumulate(beta, dBeta, true);
    }
  });
}

/**
 * Layer normalization over the last axis, with γ (init 1) and β (init 0).
 * @example new LayerNorm(32).forward(H)   // (batch, 32), each row mean 0, variance ~1
 */
export class LayerNorm extends Module {
  readonly gamma: Tensor; // (features)
  readonly beta: Tensor; // (features)

  constructor(readonly features: number, readonly eps = 1e-5) {
    super();
    checkPositiveInteger("LayerNorm: features", features);
    if (!(eps > 0 && Number.isFinite(eps))) throw new LibraryError(messages.positiveNumber("LayerNorm: eps", eps));
    this.gamma = this.addParameter("gamma", new Tensor(new Float64Array(features).fill(1), [features]));
    this.beta = this.addParameter("beta", new Tensor(new Float64Array(features), [features]));
  }

  /** x (..., features) -> same shape. */
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.gamma, this.beta, this.eps, "LayerNorm");
  }
}
