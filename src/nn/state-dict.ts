/**
 * A model's state as plain arrays by name, to read, save, compare with another framework, or set:
 *
 *   const state = model.stateDict();       // { "layer1.weight": [[...], ...], "layer1.bias": [...], ... }
 *   other.loadStateDict(state);            // same names, same shapes: every value copied in
 *
 * Names are the dotted paths of `namedParameters()` (PyTorch's convention), plus buffers that are
 * state without gradients (batch norm's "norm.runningMean", "norm.runningVar"). Loading checks every
 * name, shape and value first and writes only when all are right: a bad dict changes nothing.
 */

import { LibraryError, messages } from "../messages.js";
import type { NestedArray, Tensor } from "../tensor/tensor.js";

/** Plain nested arrays by dotted name; a weight (out, in) is `out` arrays of `in` numbers. */
export type StateDict = Record<string, NestedArray>;

/** One entry of a module's state: where the values live and their shape. */
export interface StateEntry {
  data: Float64Array;
  shape: readonly number[];
}

export interface LoadOptions {
  /** Require every name of the model in the dict (true), or load a subset (false). Default true. */
  strict?: boolean;
}

/** The nested-array copy of a flat row-major buffer with the given shape. */
function nest(data: Float64Array, shape: readonly number[], offset = 0, axis = 0): NestedArray {
  if (shape.length === 0) return data[offset];
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  if (axis === shape.length - 1) return Array.from(data.subarray(offset, offset + shape[axis]));
  return Array.from({ length: shape[axis] }, (_, i) => nest(data, shape, offset + i * stride, axis + 1));
}

/** The dict of plain arrays (copies) for a module's entries. */
export function toStateDict(entries: ReadonlyArray<[string, StateEntry]>): StateDict {
  const out: StateDict = {};
  for (const [name, e] of entries) out[name] = nest(e.data, e.shape);
  return out;
}

/**
 * Flattens `value` if it has exactly `shape`; otherwise returns what is wrong, in words. A flat
 * array or Float64Array is also accepted for a 1-D entry.
 */
function flattenToShape(value: unknown, shape: readonly number[]): Float64Array | string {
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const walk = (v: unknown, axis: number, where: string): string | null => {
    if (axis === shape.length) {
      if (typeof v !== "number") return `${where || "the value"} is ${describe(v)}, not a number`;
      if (!Number.isFinite(v)) return `${where || "the value"} is ${v}`;
      out[k++] = v;
      return null;
    }
    const isList = Array.isArray(v) || v instanceof Float64Array || v instanceof Float32Array;
    if (!isList) return `${where || "the value"} is ${describe(v)} where an array of ${shape[axis]} was due`;
    const list = v as ArrayLike<unknown>;
    if (list.length !== shape[axis]) return `${where || "the value"} has ${list.length} entries where ${shape[axis]} were due`;
    for (let i = 0; i < list.length; i++) {
      const problem = walk(list[i], axis + 1, `${where}[${i}]`);
      if (problem !== null) return problem;
    }
    return null;
  };
  return walk(value, 0, "") ?? out;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object") return "an object";
  return typeof v === "string" ? `the string ${JSON.stringify(v.slice(0, 20))}` : `${typeof v} ${String(v)}`;
}

/** Checks the whole dict against the module's entries, then copies the values in. */
export function loadIntoEntries(op: string, entries: ReadonlyArray<[string, StateEntry]>, dict: unknown, options: LoadOptions = {}): void {
  if (dict === null || typeof dict !== "object" || Array.isArray(dict)) {
    throw new LibraryError(messages.stateDictNotObject(op, describe(dict)));
  }
  const byName = new Map(entries);
  const given = Object.keys(dict as object);
  const unknown = given.filter((n) => !byName.has(n));
  if (unknown.length > 0) throw new LibraryError(messages.stateDictUnknown(op, unknown, [...byName.keys()]));
  if (options.strict ?? true) {
    const missing = [...byName.keys()].filter((n) => !given.includes(n));
    if (missing.length > 0) throw new LibraryError(messages.stateDictMissing(op, missing));
  }
  const staged: Array<[StateEntry, Float64Array]> = [];
  for (const name of given) {
    const entry = byName.get(name)!;
    const flat = flattenToShape((dict as Record<string, unknown>)[name], entry.shape);
    if (typeof flat === "string") throw new LibraryError(messages.stateDictValue(op, name, entry.shape, flat));
    staged.push([entry, flat]);
  }
  for (const [entry, flat] of staged) entry.data.set(flat);
}

/** A parameter as a state entry. */
export const entryOf = (t: Tensor): StateEntry => ({ data: t.data, shape: t.shape });
