/**
 * Comparing a learner's value with the expected one, and printing both so a learner can see the
 * difference at a glance.
 *
 * Why relative tolerance: the checks feed large magnitudes (x = 800, products over 30 layers) and
 * tiny ones ((1/4)^49); an absolute tolerance would pass anything tiny and fail anything huge.
 */

/** Options of `matchesClose`. */
export interface CloseOptions {
  /** Largest relative difference accepted. Default 1e-9 (float64 with a few rounding steps). */
  rtol?: number;
  /** Differences below this count as equal whatever their ratio. Default 1e-12. */
  atol?: number;
}

/**
 * Deep comparison of numbers, arrays (nested, typed) and plain objects (the same keys, no extra
 * ones), with a relative tolerance on numbers: NaN matches only NaN, an infinity only the same
 * infinity.
 * @example matchesClose()([0.25, NaN], [0.25, NaN]) // true
 */
export function matchesClose(options: CloseOptions = {}): (actual: unknown, expected: unknown) => boolean {
  const rtol = options.rtol ?? 1e-9;
  const atol = options.atol ?? 1e-12;
  const same = (a: unknown, e: unknown): boolean => {
    if (typeof e === "number") {
      if (typeof a !== "number") return false;
      if (Number.isNaN(e) || Number.isNaN(a)) return Number.isNaN(e) && Number.isNaN(a);
      if (!Number.isFinite(e) || !Number.isFinite(a)) return a === e;
      return Math.abs(a - e) <= Math.max(atol, rtol * Math.max(Math.abs(a), Math.abs(e)));
    }
    if (isListLike(e)) {
      if (!isListLike(a) || a.length !== e.length) return false;
      for (let i = 0; i < e.length; i++) if (!same(a[i], e[i])) return false;
      return true;
    }
    if (e !== null && typeof e === "object") {
      if (a === null || typeof a !== "object" || isListLike(a)) return false;
      // The same keys, no more: an answer with an extra entry (an 'output' layer where only hidden
      // layers were asked for) is a different answer.
      const keys = Object.keys(e);
      const actualKeys = Object.keys(a);
      if (actualKeys.length !== keys.length || !keys.every((k) => Object.prototype.hasOwnProperty.call(a, k))) return false;
      return keys.every((k) => same((a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k]));
    }
    return Object.is(a, e);
  };
  return same;
}

function isListLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/**
 * A short readable form of any value: numbers to 6 significant digits, arrays nested with at most
 * `maxItems` items per level, functions by name. Never throws (a learner's value may be anything).
 */
export function formatValue(x: unknown, maxItems = 8): string {
  try {
    return format(x, maxItems, 0);
  } catch {
    return "(a value that cannot be printed)";
  }
}

function format(x: unknown, maxItems: number, depth: number): string {
  if (typeof x === "number") return formatNumber(x);
  if (typeof x === "string") return JSON.stringify(x.length > 200 ? x.slice(0, 200) + "..." : x);
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (typeof x === "function") return `a function${x.name ? ` '${x.name}'` : ""}`;
  if (typeof x === "bigint" || typeof x === "boolean" || typeof x === "symbol") return String(x);
  if (depth > 4) return "...";
  if (isListLike(x)) {
    const items: string[] = [];
    for (let i = 0; i < Math.min(x.length, maxItems); i++) items.push(format(x[i], maxItems, depth + 1));
    if (x.length > maxItems) items.push(`... (${x.length} items)`);
    return `[${items.join(", ")}]`;
  }
  if (x instanceof Promise) return "a Promise (did you forget to await, or to return a number?)";
  const entries = Object.entries(x as object).slice(0, maxItems);
  return `{${entries.map(([k, v]) => `${k}: ${format(v, maxItems, depth + 1)}`).join(", ")}}`;
}

/** Six significant digits, exact for integers, exponent form for very large or small values. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return x.toExponential(5).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(6)));
}
