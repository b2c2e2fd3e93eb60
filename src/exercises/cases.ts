/**
 * Many cases of one check from a list of inputs: the way to test behaviour on many inputs (edge
 * cases, large magnitudes, seeded random ones) without writing each case by hand.
 */

import type { Check } from "./types.js";

/** A family of cases: one `Check` per input. */
export interface CaseFamily<S, I> {
  /** The case's name, fixed or depending on the input. */
  name: string | ((input: I) => string);
  inputs: readonly I[];
  /** The input as the learner reads it, e.g. `x = -800`. */
  show: (input: I) => string;
  /** What a correct answer gives, computed independently of the learner's code. */
  expected: (input: I) => unknown;
  /** Calls the learner's code on the input. */
  actual: (solution: S, input: I) => unknown;
  /** Turns the plain value `actual` gave into the judged one, on the judging side (see `Check.measure`). */
  measure?: (value: unknown, input: I) => unknown;
  hint: string | ((input: I) => string);
  matches?: (actual: unknown, expected: unknown) => boolean;
  diagnose?: (actual: unknown, expected: unknown) => string | undefined;
}

/**
 * Expands a family into checks.
 * @example cases({ name: "value", inputs: [0, 1], show: (x) => `x = ${x}`, expected: f, actual: (s, x) => s.f(x), hint: "..." })
 */
export function cases<S, I>(family: CaseFamily<S, I>): Check<S>[] {
  return family.inputs.map((input) => ({
    name: typeof family.name === "function" ? family.name(input) : family.name,
    input: family.show(input),
    expected: family.expected(input),
    actual: (solution: S) => family.actual(solution, input),
    hint: typeof family.hint === "function" ? family.hint(input) : family.hint,
    ...(family.measure ? { measure: (value: unknown) => family.measure!(value, input) } : {}),
    ...(family.matches ? { matches: family.matches } : {}),
    ...(family.diagnose ? { diagnose: family.diagnose } : {}),
  }));
}

/**
 * `cases` with the solution type fixed and the input type inferred, for use inside an array of
 * checks where TypeScript cannot infer both.
 * @example const c = casesFor<{ f: (x: number) => number }>(); c({ inputs: [0, 1], ... })
 */
export function casesFor<S>(): <I>(family: CaseFamily<S, I>) => Check<S>[] {
  return (family) => cases(family);
}
