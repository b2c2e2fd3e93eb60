/** Shapes and broadcasting: the bookkeeping under every tensor op. */

import { LibraryError, messages } from "../messages.js";

/** A tensor's sizes, outermost first: (batch, features) is [batch, features]. */
export type Shape = readonly number[];

/** Number of values a tensor of this shape holds (1 for a scalar, shape []). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws unless every size is a positive integer. */
export function checkShape(op: string, shape: readonly unknown[]): Shape {
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d <= 0) {
      throw new LibraryError(messages.badShape(op, shape));
    }
  }
  return shape as Shape;
}

/** Row-major strides: how far apart, in the flat array, neighbours along each axis are. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** NumPy broadcasting: align trailing axes; sizes must match or be 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new LibraryError(messages.broadcast(op, a, b));
    out[i] = Math.max(da, db);
  }
  return out;
}

/**
 * For each flat index of `outShape`, the flat index into a tensor of `shape` broadcast to it.
 * Used by the general (slow) broadcasting path; common cases take fast paths instead.
 */
export function broadcastIndex(shape: Shape, outShape: Shape): Int32Array {
  const n = sizeOf(outShape);
  const rank = outShape.length;
  const src = stridesOf(shape);
  // Stride of each output axis in the source: 0 where the source is broadcast along it.
  const stride = new Array<number>(rank).fill(0);
  for (let i = 0; i < rank; i++) {
    const j = shape.length - rank + i;
    if (j >= 0 && shape[j] !== 1) stride[i] = src[j];
  }
  const index = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let flat = 0; flat < n; flat++) {
    index[flat] = at;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      at += stride[ax];
      if (counter[ax] < outShape[ax]) break;
      at -= stride[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return index;
}

/** Normalizes a possibly negative axis (-1 is the last) and checks its range. */
export function normAxis(op: string, axis: number, rank: number): number {
  const ax = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= rank) {
    throw new LibraryError(messages.axisOutOfRange(op, axis, rank));
  }
  return ax;
}
