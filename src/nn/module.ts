/**
 * The base of every layer and model: a tree of named parameters and child modules, a training
 * flag, and a trace of the last forward pass for diagnostics.
 */

import { Tensor } from "../tensor/tensor.js";

/**
 * What one layer produced in the last forward pass. The tensors stay in the graph, so after
 * `backward` their `.grad` holds dL/dz and dL/dh: the per-layer gradients the course charts.
 */
export interface LayerTrace {
  /** The layer's name, as in parameter names: "layer1", "layer2", ... */
  layer: string;
  /** z = W h + b, before the activation (batch, units). */
  preActivation: Tensor;
  /** h = φ(z), the layer's output (batch, units). */
  activation: Tensor;
}

export abstract class Module {
  /** Training mode (batch norm uses batch statistics) or evaluation mode (running statistics). */
  training = true;
  /** Filled by forward() of models that record per-layer values (MLP, recurrent nets). */
  trace: LayerTrace[] = [];
  private readonly params = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  abstract forward(x: Tensor): Tensor;

  /** Registers a trainable tensor under `name` (and names it, for diagnostics). */
  protected addParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    t.name ??= name;
    this.params.set(name, t);
    return t;
  }

  /** Registers a child module; its parameters appear as "name.param". */
  protected addModule<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** Every trainable tensor with its dotted path: ["layer1.weight", W1], ... in a stable order. */
  namedParameters(prefix = ""): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [name, t] of this.params) out.push([prefix + name, t]);
    for (const [name, m] of this.children) out.push(...m.namedParameters(`${prefix}${name}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Child modules by name, in registration order. */
  modules(): Array<[string, Module]> {
    return [...this.children];
  }

  /** Sets training mode on this module and all its children; returns this. */
  train(mode = true): this {
    this.training = mode;
    for (const m of this.children.values()) m.train(mode);
    return this;
  }

  /** Evaluation mode: batch norm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Total number of trainable values. */
  parameterCount(): number {
    return this.parameters().reduce((n, t) => n + t.size, 0);
  }
}
