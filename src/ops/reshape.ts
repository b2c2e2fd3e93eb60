/** Ops that move values without computing new ones: reshape, transpose, slice, concat, stack. */

import { accumulate, record } from "../autodiff/engine.js";
import { LibraryError, messages } from "../messages.js";
import { checkShape, normAxis, sameShape, sizeOf, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** Same values, new shape (row-major order is kept). One size may be -1: it is inferred. */
export function reshape(a: Tensor, shape: Shape): Tensor {
  const target = [...shape];
  const unknown = target.indexOf(-1);
  if (unknown >= 0) target[unknown] = a.size / sizeOf(target.filter((_, i) => i !== unknown));
  if (target.length > 0) checkShape("reshape", target);
  if (sizeOf(target) !== a.size) throw new LibraryError(messages.reshapeSize("reshape", a.shape, shape));
  // A copy, not a view: tensors never share storage, so no op can change another's values.
  return record(new Tensor(a.data.slice(), target), "reshape", [a], (dy) => accumulate(a, dy));
}

/** Swaps the two axes of a 2-D tensor: (m, n) -> (n, m). */
export function transpose(a: Tensor): Tensor {
  if (a.rank !== 2) throw new LibraryError(messages.rankNeeded("transpose", "2-D", a.shape));
  const [m, n] = a.shape;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a.data[i * n + j];
  return record(new Tensor(out, [n, m]), "transpose", [a], (dy) => {
    const g = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) g[i * n + j] = dy[j * m + i];
    accumulate(a, g, true);
  });
}

/** (outer, axisSize, inner) view of a shape around one axis. */
function around(shape: Shape, ax: number): [number, number, number] {
  return [sizeOf(shape.slice(0, ax)), shape[ax], sizeOf(shape.slice(ax + 1))];
}

/**
 * The values with index in [start, end) along `axis`.
 * @example slice(gates, 1, 0, hidden)   // the first gate's columns of (batch, 4 * hidden)
 */
export function slice(a: Tensor, axis: number, start: number, end: number): Tensor {
  const ax = normAxis("slice", axis, a.rank);
  const [outer, size, inner] = around(a.shape, ax);
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= size)) {
    throw new LibraryError(messages.sliceOutOfRange("slice", start, end, size));
  }
  const width = (end - start) * inner;
  const out = new Float64Array(outer * width);
  for (let o = 0; o < outer; o++) out.set(a.data.subarray((o * size + start) * inner, (o * size + end) * inner), o * width);
  const shape = [...a.shape];
  shape[ax] = end - start;
  return record(new Tensor(out, shape), "slice", [a], (dy) => {
    const g = new Float64Array(a.size);
    for (let o = 0; o < outer; o++) g.set(dy.subarray(o * width, (o + 1) * width), (o * size + start) * inner);
    accumulate(a, g, true);
  });
}

/** Joins tensors along an existing axis; all other sizes must agree. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new LibraryError("concat: needs at least one tensor.");
  const first = tensors[0];
  const ax = normAxis("concat", axis, first.rank);
  for (const t of tensors) {
    const ok = t.rank === first.rank && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) throw new LibraryError(messages.concatMismatch("concat", first.shape, t.shape, ax));
  }
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const total = tensors.reduce((s, t) => s + t.shape[ax], 0);
  const out = new Float64Array(outer * total * inner);
  const offsets: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    offsets.push(offset);
    const w = t.shape[ax] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * w, (o + 1) * w), o * total * inner + offset * inner);
    offset += t.shape[ax];
  }
  const shape = [...first.shape];
  shape[ax] = total;
  return record(new Tensor(out, shape), "concat", [...tensors], (dy) => {
    tensors.forEach((t, k) => {
      if (!t.requiresGrad) return;
      const w = t.shape[ax] * inner;
      const g = new Float64Array(t.size);
      for (let o = 0; o < outer; o++) g.set(dy.subarray(o * total * inner + offsets[k] * inner, o * total * inner + offsets[k] * inner + w), o * w);
      accumulate(t, g, true);
    });
  });
}

/** Stacks equal-shaped tensors along a new axis: T tensors (batch, h) -> (T, batch, h) for axis 0. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new LibraryError("stack: needs at least one tensor.");
  const base = tensors[0].shape;
  for (const t of tensors) {
    if (!sameShape(t.shape, base)) throw new LibraryError(messages.concatMismatch("stack", base, t.shape, -1));
  }
  const ax = normAxis("stack", axis, base.length + 1);
  const expanded = [...base];
  expanded.splice(ax, 0, 1);
  return concat(tensors.map((t) => reshape(t, expanded)), ax);
}
