/**
 * What may come back from a learner's function: plain data only (numbers, strings, booleans, null,
 * undefined, arrays, typed arrays and plain objects of these), copied here without running any of
 * the learner's code. A Promise, a Proxy, a getter, a function or an object of some class is the
 * wrong type, whatever it would print as: the comparison never sees it, so it cannot lie to it.
 *
 * The references below are taken when this module loads, before any learner's code runs, so a
 * cell that replaces `Array.isArray` or `Object.getOwnPropertyDescriptors` does not change them.
 */

import { nodeBuiltin } from "../host.js";

// Node can tell a Proxy from the object it wraps; a browser page cannot (nor does it grade).
const isProxy = nodeBuiltin<typeof import("node:util")>("node:util")?.types.isProxy ?? ((_value: unknown) => false);
const isArray = Array.isArray;
const getProto = Object.getPrototypeOf;
const ownKeys = Reflect.ownKeys;
const describe = Object.getOwnPropertyDescriptor;
const isView = ArrayBuffer.isView;
const OBJECT_PROTO = Object.prototype;
const ARRAY_PROTO = Array.prototype;
const TYPED_PROTO = getProto(Int8Array.prototype) as object;
const sliceTyped = (TYPED_PROTO as { slice: (this: unknown) => unknown }).slice;

/** Limits on what a value may hold. */
export interface PlainLimits {
  /** Most numbers, strings and containers in all (default 1,000,000). */
  maxItems?: number;
  /** Most characters in all strings together (default 100,000). */
  maxChars?: number;
  /** Deepest nesting (default 32). */
  maxDepth?: number;
}

export type PlainResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * A copy of `value` made of plain data, or why it is not plain data.
 * @example plainData([1, 2]) // { ok: true, value: [1, 2] }
 */
export function plainData(value: unknown, limits: PlainLimits = {}): PlainResult {
  const maxItems = limits.maxItems ?? 1_000_000;
  const maxChars = limits.maxChars ?? 100_000;
  const maxDepth = limits.maxDepth ?? 32;
  let items = 0;
  let chars = 0;
  const seen = new Set<object>();
  const fail = (reason: string): never => {
    throw new NotPlain(reason);
  };
  const copy = (x: unknown, depth: number, where: string): unknown => {
    if (++items > maxItems) fail(`more than ${maxItems} values in all`);
    switch (typeof x) {
      case "number":
      case "boolean":
      case "undefined":
        return x;
      case "string":
        chars += x.length;
        if (chars > maxChars) fail(`more than ${maxChars} characters of text`);
        return x;
      case "bigint":
        return fail(`a bigint${where}`);
      case "symbol":
        return fail(`a symbol${where}`);
      case "function":
        return fail(`a function${where} (call it, and return what it gives)`);
    }
    if (x === null) return null;
    const o = x as object;
    if (isProxy(o)) fail(`a Proxy${where}`);
    if (depth > maxDepth) fail(`nested more than ${maxDepth} levels deep`);
    if (seen.has(o)) fail(`a value that contains itself${where}`);
    seen.add(o);
    try {
      const proto = getProto(o);
      if (isView(o)) {
        if (getProto(proto) !== TYPED_PROTO) fail(`a ${kindOf(o)}${where}`);
        const n = (o as unknown as ArrayLike<number>).length;
        items += n;
        if (items > maxItems) fail(`more than ${maxItems} values in all`);
        return sliceTyped.call(o);
      }
      if (isArray(o)) {
        if (proto !== ARRAY_PROTO) fail(`an array of a special kind${where}`);
        const out: unknown[] = [];
        for (const key of ownKeys(o)) {
          const d = describe(o, key)!;
          if (key === "length") continue;
          if (typeof key !== "string" || !/^(0|[1-9]\d*)$/.test(key)) fail(`an array with an extra property '${String(key)}'${where}`);
          if (!("value" in d)) fail(`an array with a getter at index ${String(key)}${where}`);
        }
        const len = (describe(o, "length")!.value as number) ?? 0;
        if (len > maxItems) fail(`more than ${maxItems} values in all`);
        for (let i = 0; i < len; i++) {
          const d = describe(o, String(i));
          out.push(d === undefined ? undefined : copy(d.value, depth + 1, ` at index ${i}${where}`));
        }
        return out;
      }
      if (proto !== OBJECT_PROTO && proto !== null) {
        if (typeof (o as { then?: unknown }).then === "function" || kindOf(o) === "Promise") fail(`a Promise${where} (did you forget to await, or make the function async?)`);
        fail(`a ${kindOf(o)}${where}`);
      }
      const out: Record<string, unknown> = {};
      for (const key of ownKeys(o)) {
        if (typeof key !== "string") fail(`an object with a symbol key${where}`);
        const d = describe(o, key)!;
        if (!("value" in d)) fail(`an object with a getter '${String(key)}'${where}`);
        if (key === "then" && typeof d.value === "function") fail(`a thenable object${where}`);
        if (!d.enumerable) continue;
        out[key as string] = copy(d.value, depth + 1, ` in '${String(key)}'${where}`);
      }
      return out;
    } finally {
      seen.delete(o);
    }
  };
  try {
    return { ok: true, value: copy(value, 0, "") };
  } catch (e) {
    if (e instanceof NotPlain) return { ok: false, reason: e.message };
    return { ok: false, reason: "a value that cannot be read as plain data" };
  }
}

class NotPlain extends Error {}

function kindOf(o: object): string {
  try {
    if (o instanceof Promise) return "Promise";
    const name = Object.prototype.toString.call(o).slice(8, -1);
    return name === "Object" ? "object of a class" : name;
  } catch {
    return "value of an unknown kind";
  }
}
