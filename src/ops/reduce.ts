/** Reductions: sums and means over all values or along one axis. */

import { accumulate, record } from "../autodiff/engine.js";
import { expandAxis, sumAxis } from "../tensor/kernels.js";
import { normAxis, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

export interface ReduceOptions {
  /** Keep the reduced axis with size 1, so the result broadcasts against the input. */
  keepDims?: boolean;
}

function reduce(op: "sum" | "mean", a: Tensor, axis: number | undefined, options: ReduceOptions): Tensor {
  // View a as (outer, axisSize, inner); reducing everything is axisSize = size.
  let outer = 1, axisSize = a.size, inner = 1;
  let outShape: number[] = [];
  if (axis !== undefined) {
    const ax = normAxis(op, axis, a.rank);
    outer = sizeOf(a.shape.slice(0, ax));
    axisSize = a.shape[ax];
    inner = sizeOf(a.shape.slice(ax + 1));
    outShape = a.shape.filter((_, i) => i !== ax);
    if (options.keepDims) outShape.splice(ax, 0, 1);
  } else if (options.keepDims) {
    outShape = a.shape.map(() => 1);
  }
  const out = new Float64Array(outer * inner);
  sumAxis(a.data, out, outer, axisSize, inner);
  const scale = op === "mean" ? 1 / axisSize : 1;
  if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] *= scale;
  return record(new Tensor(out, outShape), op, [a], (dy) => {
    // Every input value contributed once (times 1/axisSize for a mean) to one output value.
    const g = new Float64Array(a.size);
    expandAxis(dy, g, outer, axisSize, inner, scale);
    accumulate(a, g, true);
  });
}

/**
 * Sum of all values, or along `axis`.
 * @example sum(x, 0)   // (batch, features) -> (features)
 */
export const sum = (a: Tensor, axis?: number, options: ReduceOptions = {}): Tensor => reduce("sum", a, axis, options);

/** Mean of all values, or along `axis`. */
export const mean = (a: Tensor, axis?: number, options: ReduceOptions = {}): Tensor => reduce("mean", a, axis, options);

/** Maximum along `axis` (gradient flows to the first position holding the maximum). */
export function max(a: Tensor, axis: number, options: ReduceOptions = {}): Tensor {
  const ax = normAxis("max", axis, a.rank);
  const outer = sizeOf(a.shape.slice(0, ax));
  const axisSize = a.shape[ax];
  const inner = sizeOf(a.shape.slice(ax + 1));
  const outShape = a.shape.filter((_, i) => i !== ax);
  if (options.keepDims) outShape.splice(ax, 0, 1);
  const out = new Float64Array(outer * inner).fill(-Infinity);
  const argmax = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < axisSize; k++) {
      for (let i = 0; i < inner; i++) {
        const v = a.data[(o * axisSize + k) * inner + i];
        if (v > out[o * inner + i]) {
          out[o * inner + i] = v;
          argmax[o * inner + i] = k;
        }
      }
    }
  }
  return record(new Tensor(out, outShape), "max", [a], (dy) => {
    const g = new Float64Array(a.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) g[(o * axisSize + argmax[o * inner + i]) * inner + i] = dy[o * inner + i];
    }
    accumulate(a, g, true);
  });
}
