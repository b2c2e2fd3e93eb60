/**
 * Batch normalization (Ioffe & Szegedy, 2015) for (batch, features) inputs, as one fused op.
 *
 * Training mode, per feature j over the N rows of the batch:
 *     μ = (1/N) Σ x,   σ² = (1/N) Σ (x - μ)²   (biased, as in the paper's Algorithm 1)
 *     x̂ = (x - μ) / sqrt(σ² + ε),   y = γ x̂ + β
 * Backward, in closed form (every row's x̂ depends on the whole batch through μ and σ):
 *     dx = (1/N) γ / sqrt(σ² + ε) · (N dy - Σ dy - x̂ Σ (dy x̂)),   dγ = Σ dy x̂,   dβ = Σ dy
 * Running estimates for evaluation mode: r ← (1 - m) r + m · batch value, with the unbiased
 * variance σ² N / (N - 1) (the paper's inference step; PyTorch does the same, momentum m = 0.1).
 * Evaluation mode normalizes with the running estimates, a fixed affine map per feature.
 */

import { accumulate, record } from "../autodiff/engine.js";
import { LibraryError, messages } from "../messages.js";
import { Tensor } from "../tensor/tensor.js";
import { checkPositiveInteger } from "./linear.js";
import { Module } from "./module.js";

export interface BatchNormOptions {
  /** Added to the variance before the square root, so a constant feature does not divide by 0. Default 1e-5. */
  eps?: number;
  /** Weight of the newest batch in the running estimates. Default 0.1 (PyTorch's). */
  momentum?: number;
}

export interface BatchNormState {
  runningMean: Float64Array; // (features), updated in place in training mode
  runningVar: Float64Array; // (features)
  training: boolean;
  eps: number;
  momentum: number;
}

/**
 * The fused batch norm op: x (batch, features), gamma and beta (features) -> (batch, features).
 * In training mode it also updates `state.runningMean` and `state.runningVar` in place.
 */
export function batchNorm(x: Tensor, gamma: Tensor, beta: Tensor, state: BatchNormState, layer = "BatchNorm1d"): Tensor {
  const D = gamma.size;
  if (x.rank !== 2 || x.shape[1] !== D) throw new LibraryError(messages.inputFeatures(layer, D, x.shape));
  const N = x.shape[0];
  if (state.training && N < 2) throw new LibraryError(messages.batchOfOne(layer));
  const xs = x.data, g = gamma.data, b = beta.data;
  const mean = new Float64Array(D); // (features)
  const invStd = new Float64Array(D); // (features): 1 / sqrt(σ² + ε)
  if (state.training) {
    for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) mean[j] += xs[i * D + j];
    for (let j = 0; j < D; j++) mean[j] /= N;
    const variance = new Float64Array(D);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < D; j++) {
        const d = xs[i * D + j] - mean[j];
        variance[j] += d * d;
      }
    }
    const m = state.momentum;
    for (let j = 0; j < D; j++) {
      variance[j] /= N;
      invStd[j] = 1 / Math.sqrt(variance[j] + state.eps);
      state.runningMean[j] = (1 - m) * state.runningMean[j] + m * mean[j];
      state.runningVar[j] = (1 - m) * state.runningVar[j] + (m * variance[j] * N) / (N - 1);
    }
  } else {
    for (let j = 0; j < D; j++) {
      mean[j] = state.runningMean[j];
      invStd[j] = 1 / Math.sqrt(state.runningVar[j] + state.eps);
    }
  }
  const xhat = new Float64Array(N * D); // (batch, features), kept for backward
  const y = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < D; j++) {
      const k = i * D + j;
      xhat[k] = (xs[k] - mean[j]) * invStd[j];
      y[k] = g[j] * xhat[k] + b[j];
    }
  }
  const training = state.training;
  return record(new Tensor(y, x.shape), "batchNorm", [x, gamma, beta], (dy) => {
    // Σ dy and Σ dy x̂ over the batch serve dβ, dγ and (in training mode) dx.
    const sumDy = new Float64Array(D);
    const sumDyXhat = new Float64Array(D);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < D; j++) {
        sumDy[j] += dy[i * D + j];
        sumDyXhat[j] += dy[i * D + j] * xhat[i * D + j];
      }
    }
    if (x.requiresGrad) {
      const dx = new Float64Array(N * D);
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < D; j++) {
          const k = i * D + j;
          dx[k] = training
            ? (g[j] * invStd[j] / N) * (N * dy[k] - sumDy[j] - xhat[k] * sumDyXhat[j])
            : g[j] * invStd[j] * dy[k]; // μ and σ are constants in evaluation mode
        }
      }
      accumulate(x, dx, true);
    }
    if (gamma.requiresGrad) accumulate(gamma, sumDyXhat, true);
    if (beta.requiresGrad) accumulate(beta, sumDy, true);
  });
}

/**
 * Batch normalization over the batch axis of (batch, features) inputs, with learnable scale γ
 * (init 1) and shift β (init 0). `train()` / `eval()` switch between batch and running statistics.
 * @example const bn = new BatchNorm1d(32); bn.forward(Z)   // (batch, 32), each column mean 0, var ~1
 */
export class BatchNorm1d extends Module {
  readonly gamma: Tensor; // (features)
  readonly beta: Tensor; // (features)
  /** Running estimates used in evaluation mode (not trained by gradient; updated by forward). */
  readonly runningMean: Float64Array;
  readonly runningVar: Float64Array;
  readonly eps: number;
  readonly momentum: number;

  constructor(readonly features: number, options: BatchNormOptions = {}) {
    super();
    checkPositiveInteger("BatchNorm1d: features", features);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    if (!(this.eps > 0 && Number.isFinite(this.eps))) throw new LibraryError(messages.positiveNumber("BatchNorm1d: eps", this.eps));
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new LibraryError(messages.unitInterval("BatchNorm1d: momentum", this.momentum));
    this.gamma = this.addParameter("gamma", new Tensor(new Float64Array(features).fill(1), [features]));
    this.beta = this.addParameter("beta", new Tensor(new Float64Array(features), [features]));
    this.runningMean = this.addBuffer("runningMean", new Float64Array(features));
    this.runningVar = this.addBuffer("runningVar", new Float64Array(features).fill(1));
  }

  /** x (batch, features) -> (batch, features). */
  forward(x: Tensor): Tensor {
    return batchNorm(x, this.gamma, this.beta, this, "BatchNorm1d");
  }
}
