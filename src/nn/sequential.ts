/** Chaining modules, and an activation as a module so it can sit in a chain. */

import type { Tensor } from "../tensor/tensor.js";
import { activate, getActivation, type ActivationName } from "./activations.js";
import { Module } from "./module.js";

/**
 * Applies its modules in order; their parameters are named "0.weight", "1.gamma", ...
 * @example new Sequential([new Linear(2, 16), new ActivationLayer("tanh"), new Linear(16, 2)])
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(layers: readonly Module[]) {
    super();
    this.layers = [...layers];
    this.layers.forEach((m, i) => this.addModule(String(i), m));
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const m of this.layers) h = m.forward(h);
    return h;
  }
}

/** An activation function as a parameter-free module. */
export class ActivationLayer extends Module {
  readonly activation: ActivationName;

  constructor(activation: ActivationName | string) {
    super();
    this.activation = getActivation(activation).name; // fails early on an unknown name
  }

  forward(x: Tensor): Tensor {
    return activate(x, this.activation);
  }
}
