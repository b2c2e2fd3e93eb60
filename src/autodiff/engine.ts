/**
 * Reverse-mode automatic differentiation.
 *
 * 1. During the forward pass every op that has an input requiring a gradient calls `record`,
 *    which attaches a GraphNode to its output: the inputs, and a closure that turns the output's
 *    gradient into contributions to the inputs' gradients (the op's backward, written next to
 *    its forward in the op's own file).
 * 2. `backward(loss)` orders the graph topologically, seeds d loss / d loss = 1 and walks it in
 *    reverse, calling each node's closure once all of the node's consumers have contributed.
 *    Contributions add up (`accumulate`), so a value used twice gets the sum of both paths.
 * 3. Afterwards every tensor in the graph that requires a gradient holds it in `.grad`, the
 *    intermediates too (each layer's pre-activation and activation: the course is about them),
 *    and the nodes are released so the graph can be garbage-collected.
 */

import { LibraryError, messages } from "../messages.js";
import { Tensor } from "../tensor/tensor.js";

export interface GraphNode {
  /** The op's name, for error messages and graph printing. */
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Receives d loss / d output (same size as the output) and accumulates into the inputs. */
  readonly backward: (dy: Float64Array) => void;
  released?: boolean;
}

let gradEnabled = true;

/** Whether ops currently record the graph (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording any graph: for evaluation, metrics and optimizer updates.
 * Cheaper, and nothing in it can be differentiated.
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** True when an op with these inputs must record itself. */
export function needsGrad(...inputs: Tensor[]): boolean {
  if (!gradEnabled) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/**
 * Attaches the op to its output if any input needs a gradient; returns the output.
 * `backward` gets d loss / d out and must call `accumulate` for each input that requiresGrad.
 */
export function record(out: Tensor, op: string, inputs: Tensor[], backward: (dy: Float64Array) => void): Tensor {
  if (needsGrad(...inputs)) {
    out.requiresGrad = true;
    out.node = { op, inputs, backward };
  }
  return out;
}

/**
 * Adds `g` (d loss / d t, same size as t) into t.grad. With `owned`, the caller hands over `g`
 * (it made it and will not touch it again), so the first contribution is taken without a copy.
 */
export function accumulate(t: Tensor, g: Float64Array, owned = false): void {
  if (!t.requiresGrad) return;
  if (t.grad === null) {
    t.grad = new Tensor(owned ? g : g.slice(), t.shape);
    return;
  }
  const acc = t.grad.data;
  for (let i = 0; i < acc.length; i++) acc[i] += g[i];
}

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (costs memory). Default false. */
  retainGraph?: boolean;
  /** The starting gradient d loss / d output; default all ones (so a scalar loss gets 1). */
  seed?: Float64Array;
}

/**
 * Computes the gradient of `output` with respect to every tensor it depends on that requires a
 * gradient, and stores it in each one's `.grad`.
 * @example const loss = mse(model.forward(X), y); backward(loss); model.layers[0].weight.grad
 */
export function backward(output: Tensor, options: BackwardOptions = {}): void {
  if (!output.requiresGrad) throw new LibraryError(messages.backwardNoGrad());
  const order = topologicalOrder(output);
  // Intermediate gradients are fresh each pass; only leaves (parameters) accumulate across passes.
  for (const t of order) if (t.node !== null) t.grad = null;
  accumulate(output, options.seed ?? new Float64Array(output.size).fill(1), options.seed === undefined);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const node = t.node;
    if (node === null || t.grad === null) continue;
    if (node.released) throw new LibraryError(messages.backwardTwice(node.op));
    node.backward(t.grad.data);
  }
  if (!options.retainGraph) {
    // Dropping inputs lets the garbage collector free the graph even while `output` is still
    // referenced; the tensors keep their values and grads.
    for (const t of order) {
      if (t.node !== null) t.node = { op: t.node.op, inputs: [], backward: () => {}, released: true };
    }
  }
}

/** Every tensor `output` depends on through recorded ops, inputs before outputs. */
export function topologicalOrder(output: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative depth-first search: deep unrolled RNNs would overflow a recursive one.
  const stack: Array<{ t: Tensor; next: number }> = [{ t: output, next: 0 }];
  visited.add(output);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const inputs = top.t.node?.inputs ?? [];
    if (top.next < inputs.length) {
      const child = inputs[top.next++];
      if (!visited.has(child) && child.requiresGrad) {
        visited.add(child);
        stack.push({ t: child, next: 0 });
      }
    } else {
      order.push(top.t);
      stack.pop();
    }
  }
  return order;
}
