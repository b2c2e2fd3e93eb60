/**
 * The base of every layer and model: a tree of named parameters and child modules, a training
 * flag, and a trace of the last forward pass for diagnostics.
 */

import { Tensor } from "../tensor/tensor.js";
import { entryOf, loadIntoEntries, toStateDict, type LoadOptions, type StateDict, type StateEntry } from "./state-dict.js";

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
  private readonly buffers = new Map<string, StateEntry>();

  abstract forward(x: Tensor): Tensor;

  /** Registers a trainable tensor under `name` (and names it, for diagnostics). */
  protected addParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    t.name ??= name;
    this.params.set(name, t);
    return t;
  }

  /** Registers state that is not trained by gradient (batch norm's running statistics). */
  protected addBuffer(name: string, data: Float64Array): Float64Array {
    this.buffers.set(name, { data, shape: [data.length] });
    return data;
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

  /** Every buffer (state without a gradient) with its dotted path, in a stable order. */
  namedBuffers(prefix = ""): Array<[string, StateEntry]> {
    const out: Array<[string, StateEntry]> = [];
    for (const [name, b] of this.buffers) out.push([prefix + name, b]);
    for (const [name, m] of this.children) out.push(...m.namedBuffers(`${prefix}${name}.`));
    return out;
  }

  private stateEntries(): Array<[string, StateEntry]> {
    return [...this.namedParameters().map(([n, t]): [string, StateEntry] => [n, entryOf(t)]), ...this.namedBuffers()];
  }

  /**
   * The model's parameters and buffers as plain nested arrays by dotted name (copies).
   * @example model.stateDict()["layer1.weight"]   // (out, in) as number[][]
   */
  stateDict(): StateDict {
    return toStateDict(this.stateEntries());
  }

  /**
   * Sets parameters and buffers from plain arrays by name (for example another model's
   * `stateDict()`, or weights exported from PyTorch as nested lists). Every name, shape and value is
   * checked before anything is written: on an error the model is unchanged. With `strict: false` a
   * subset of names may be given. Returns this.
   * @example model.loadStateDict({ "layer1.weight": [[0.1, -0.2], [0.3, 0.4]], "layer1.bias": [0, 0], ... })
   */
  loadStateDict(dict: StateDict, options: LoadOptions = {}): this {
    loadIntoEntries(`${this.constructor.name}.loadStateDict`, this.stateEntries(), dict, options);
    return this;
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
