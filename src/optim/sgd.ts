/**
 * Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.
 *
 * The update, per parameter θ with gradient g (the form PyTorch uses, so numbers carry over):
 *     g <- g + weightDecay · θ                     (L2 penalty, coupled into the gradient)
 *     v <- momentum · v + g                         (v starts at 0, so v = g on the first step)
 *     d  = g + momentum · v   if nesterov,  else v  (Sutskever et al., 2013)
 *     θ <- θ - lr · d
 * Without momentum d = g: plain SGD, the optimizer under which vanishing gradients show most
 * plainly (an update proportional to a tiny gradient is tiny).
 */

import { LibraryError, messages } from "../messages.js";
import type { Tensor } from "../tensor/tensor.js";
import { BaseOptimizer, type OptimizerOptions, type ParamSource } from "./optimizer.js";

export interface SGDOptions extends OptimizerOptions {
  /** In [0, 1). Default 0 (plain SGD); 0.9 is the common choice. */
  momentum?: number;
  /** Nesterov's look-ahead form of momentum. Default false. */
  nesterov?: boolean;
}

/**
 * @example const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
 */
export class SGD extends BaseOptimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  /** The velocity of each parameter (created on its first update). */
  private readonly velocity = new Map<Tensor, Float64Array>();

  constructor(params: ParamSource, options: SGDOptions) {
    super("SGD", params, options);
    const m = options.momentum ?? 0;
    if (typeof m !== "number" || !Number.isFinite(m) || m < 0 || m >= 1) {
      throw new LibraryError(messages.badMomentum("SGD", m));
    }
    this.momentum = m;
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && m === 0) throw new LibraryError(messages.nesterovNeedsMomentum("SGD"));
  }

  protected update(param: Tensor, grad: Float64Array): number {
    const theta = param.data;
    const { lr, momentum, weightDecay, nesterov } = this;
    let v: Float64Array | undefined;
    if (momentum > 0) {
      v = this.velocity.get(param);
      if (v === undefined) {
        v = new Float64Array(theta.length);
        this.velocity.set(param, v);
      }
    }
    let squared = 0;
    for (let i = 0; i < theta.length; i++) {
      let g = grad[i];
      if (weightDecay !== 0) g += weightDecay * theta[i];
      if (v !== undefined) {
        v[i] = momentum * v[i] + g;
        g = nesterov ? g + momentum * v[i] : v[i];
      }
      const delta = -lr * g;
      theta[i] += delta;
      squared += delta * delta;
    }
    return squared;
  }
}
