/**
 * Adam (Kingma & Ba, 2015), bias-corrected, with optional weight decay.
 *
 * Per parameter θ with gradient g, at step t = 1, 2, ...:
 *     m <- β1 m + (1 - β1) g          v <- β2 v + (1 - β2) g²
 *     m̂ = m / (1 - β1^t)              v̂ = v / (1 - β2^t)
 *     θ <- θ - lr · m̂ / (√v̂ + ε)
 * Weight decay is decoupled by default (AdamW, Loshchilov & Hutter, 2019): θ <- θ (1 - lr · λ)
 * before the Adam step, so the decay is not rescaled by √v̂. `decoupledWeightDecay: false` adds
 * λ θ to the gradient instead (the original "Adam with L2").
 *
 * Note for this course: Adam divides each gradient by its own running scale, so it hides a
 * vanishing gradient's effect on the step size. Use SGD to *see* vanishing gradients hurt.
 */

import { LibraryError, messages } from "../messages.js";
import type { Tensor } from "../tensor/tensor.js";
import { BaseOptimizer, checkNonNegative, type OptimizerOptions, type ParamSource } from "./optimizer.js";

export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to √v̂ so a zero gradient history does not divide by zero. Default 1e-8. */
  eps?: number;
  /** true (default): AdamW's decoupled decay; false: L2 added to the gradient. */
  decoupledWeightDecay?: boolean;
}

/**
 * @example const opt = new optim.Adam(model.parameters(), { lr: 1e-3 })
 */
export class Adam extends BaseOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly decoupledWeightDecay: boolean;
  private readonly moments = new Map<Tensor, { m: Float64Array; v: Float64Array }>();

  constructor(params: ParamSource, options: AdamOptions) {
    super("Adam", params, options);
    this.beta1 = checkBeta("beta1", options.beta1 ?? 0.9);
    this.beta2 = checkBeta("beta2", options.beta2 ?? 0.999);
    this.eps = checkNonNegative("Adam: eps", options.eps, 1e-8);
    this.decoupledWeightDecay = options.decoupledWeightDecay ?? true;
  }

  protected update(param: Tensor, grad: Float64Array, t: number): number {
    const theta = param.data;
    let state = this.moments.get(param);
    if (state === undefined) {
      state = { m: new Float64Array(theta.length), v: new Float64Array(theta.length) };
      this.moments.set(param, state);
    }
    const { m, v } = state;
    const { lr, beta1, beta2, eps, weightDecay } = this;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    const decay = this.decoupledWeightDecay ? 1 - lr * weightDecay : 1;
    const l2 = this.decoupledWeightDecay ? 0 : weightDecay;
    let squared = 0;
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i] + l2 * theta[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      const mHat = m[i] / c1;
      const vHat = v[i] / c2;
      const next = theta[i] * decay - (lr * mHat) / (Math.sqrt(vHat) + eps);
      squared += (next - theta[i]) ** 2;
      theta[i] = next;
    }
    return squared;
  }
}

function checkBeta(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new LibraryError(messages.badBeta("Adam", name, value));
  }
  return value;
}
