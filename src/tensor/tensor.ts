/**
 * The tensor: one flat Float64Array in row-major order, plus its shape.
 *
 * A tensor is a value: ops never change their inputs' data. What changes is bookkeeping for
 * autodiff: `grad` is filled by `backward`, and `node` records the op that made the tensor.
 */

import { LibraryError, messages, fmtShape } from "../messages.js";
import { sumSquares } from "./kernels.js";
import { checkShape, sizeOf, stridesOf, type Shape } from "./shape.js";
import type { GraphNode } from "../autodiff/engine.js";

/** Nested arrays of numbers, as written in a notebook: [[1, 2], [3, 4]]. */
export type NestedArray = number | readonly NestedArray[];

/**
 * Is x a Tensor (by its shape and data, not instanceof: a notebook may hold tensors from another
 * copy of the library)? For input checks that give a clear error instead of a crash.
 */
export function isTensorLike(x: unknown): x is Tensor {
  return x !== null && typeof x === "object" && Array.isArray((x as Tensor).shape) && (x as Tensor).data instanceof Float64Array;
}

export class Tensor {
  /** The values, row-major: element (i, j) of a (rows, cols) tensor is data[i * cols + j]. */
  readonly data: Float64Array;
  readonly shape: Shape;
  /** Whether backward should compute a gradient for this tensor. */
  requiresGrad: boolean;
  /**
   * The gradient of the last backward pass's output with respect to this tensor, same shape.
   * Filled for every tensor in the graph that requires a gradient, intermediates included: that is
   * how diagnostics read the gradient at each layer's pre-activation and activation.
   * Parameters accumulate it across backward calls until an optimizer's zeroGrad.
   */
  grad: Tensor | null = null;
  /** A label for diagnostics and error messages ("layer3.weight", "h2"). */
  name: string | undefined;
  /** The op that produced this tensor and how to push a gradient back through it; null for leaves. */
  node: GraphNode | null = null;

  constructor(data: Float64Array, shape: Shape, options: { requiresGrad?: boolean; name?: string } = {}) {
    checkShapeAllowScalar("tensor", shape);
    if (data.length !== sizeOf(shape)) {
      throw new LibraryError(messages.dataSizeMismatch("tensor", data.length, shape));
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.requiresGrad = options.requiresGrad ?? false;
    this.name = options.name;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor (a loss, say). */
  item(): number {
    if (this.data.length !== 1) throw new LibraryError(messages.notScalar("item", this.shape));
    return this.data[0];
  }

  /** The value at a multi-index: t.at(i, j). */
  at(...index: number[]): number {
    const strides = stridesOf(this.shape);
    let flat = 0;
    for (let i = 0; i < index.length; i++) flat += index[i] * strides[i];
    return this.data[flat];
  }

  /** Nested plain arrays, for printing and tests. */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.data[0];
    const build = (offset: number, axis: number): NestedArray => {
      const n = this.shape[axis];
      const stride = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) {
        out.push(axis === this.shape.length - 1 ? this.data[offset + i] : build(offset + i * stride, axis + 1));
      }
      return out;
    };
    return build(0, 0);
  }

  /** A copy of the values as a plain array. */
  toList(): number[] {
    return Array.from(this.data);
  }

  /** The Euclidean (Frobenius) norm of all values. */
  norm(): number {
    return Math.sqrt(sumSquares(this.data));
  }

  /** A new tensor with copied values and no graph: safe to keep after training moves on. */
  detach(): Tensor {
    return new Tensor(this.data.slice(), this.shape, { name: this.name });
  }

  toString(): string {
    const label = this.name ? ` '${this.name}'` : "";
    const preview = this.size <= 8 ? ` [${this.toList().map((v) => +v.toPrecision(4)).join(", ")}]` : "";
    return `Tensor${label} ${fmtShape(this.shape)}${preview}`;
  }
}

function checkShapeAllowScalar(op: string, shape: Shape): void {
  if (shape.length > 0) checkShape(op, shape);
}

// --- creating tensors ------------------------------------------------------------------------

export interface TensorOptions {
  requiresGrad?: boolean;
  name?: string;
}

/**
 * Makes a tensor from nested arrays, a flat array with a shape, or a single number.
 * @example tensor([[1, 2], [3, 4]])        // shape (2, 2)
 * @example tensor([1, 2, 3, 4], [2, 2])
 */
export function tensor(values: NestedArray | Float64Array | readonly number[], shape?: Shape, options: TensorOptions = {}): Tensor {
  if (shape !== undefined) {
    const flat = values instanceof Float64Array ? values.slice() : Float64Array.from(flatten(values as NestedArray));
    return new Tensor(flat, shape, options);
  }
  if (values instanceof Float64Array) return new Tensor(values.slice(), [values.length], options);
  const inferred = inferShape(values as NestedArray);
  return new Tensor(Float64Array.from(flatten(values as NestedArray)), inferred, options);
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flatten(values: NestedArray): number[] {
  const out: number[] = [];
  const shape = inferShape(values);
  const walk = (v: NestedArray, depth: number) => {
    if (Array.isArray(v)) {
      if (v.length !== shape[depth]) throw new LibraryError(messages.raggedArray("tensor"));
      for (const x of v) walk(x, depth + 1);
    } else {
      if (depth !== shape.length) throw new LibraryError(messages.raggedArray("tensor"));
      out.push(v as number);
    }
  };
  walk(values, 0);
  return out;
}

export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  checkShapeAllowScalar("zeros", shape);
  return new Tensor(new Float64Array(sizeOf(shape)), shape, options);
}

export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  checkShapeAllowScalar("full", shape);
  return new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape, options);
}

export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** A scalar (shape []) tensor. */
export function scalar(value: number, options: TensorOptions = {}): Tensor {
  return new Tensor(Float64Array.of(value), [], options);
}

/** Throws a clear error if any value is NaN or infinite (used on data at the library's edges). */
export function assertFinite(op: string, t: Tensor): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) throw new LibraryError(messages.nanInput(op, i, d[i]));
  }
}
