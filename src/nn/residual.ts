/**
 * The residual connection of He et al. (2016), "Deep residual learning": y = x + F(x).
 * Its Jacobian is I + dF/dx, so the gradient reaching x is dy plus what flows through F: even when
 * F's Jacobian is tiny, the identity path carries dy down unchanged, and a product of such terms
 * over many layers does not collapse to zero the way a product of small Jacobians does.
 */

import { LibraryError, messages } from "../messages.js";
import { add } from "../ops/elementwise.js";
import { sameShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * Wraps a block F that keeps its input's shape: forward(x) = x + F(x).
 * @example new Residual(new Sequential([new Linear(32, 32), new ActivationLayer("relu")]))
 */
export class Residual extends Module {
  constructor(readonly block: Module) {
    super();
    this.addModule("block", block);
  }

  forward(x: Tensor): Tensor {
    const fx = this.block.forward(x);
    if (!sameShape(fx.shape, x.shape)) throw new LibraryError(messages.residualShape("Residual", x.shape, fx.shape));
    return add(x, fx);
  }
}
