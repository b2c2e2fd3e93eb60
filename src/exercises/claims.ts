/**
 * Claims: how a lesson proves the numbers in its prose. A check cell right after a sentence like
 * "the gradient at layer 1 is 4⁻⁹ of the one at layer 10" computes the number and calls `claim`;
 * the line it prints is the evidence a reader sees, and a claim that stops holding (a changed
 * seed, a library change) throws, which fails the notebook run in CI.
 */

import { LibraryError } from "../messages.js";
import { formatNumber } from "./compare.js";

/**
 * Asserts a statement of the lesson's prose; prints `✔ statement (detail)` or throws.
 * @example claim("σ'(0) = 1/4", nn.activations.sigmoid.df(0) === 0.25)
 */
export function claim(statement: string, holds: boolean, detail = ""): void {
  if (holds !== true) throw new LibraryError(`claim does not hold: ${statement}${detail ? ` (${detail})` : ""}. Update the lesson's text or find what changed.`);
  console.log(`✔ ${statement}${detail ? ` (${detail})` : ""}`);
}

/**
 * Asserts that `actual` is within a relative tolerance of `expected` and prints both.
 * @example claimClose("the ratio is (1/4)^9", ratio, 0.25 ** 9)
 */
export function claimClose(statement: string, actual: number, expected: number, rtol = 1e-6): void {
  const ok = Math.abs(actual - expected) <= rtol * Math.max(Math.abs(actual), Math.abs(expected)) || actual === expected;
  claim(statement, ok, `measured ${formatNumber(actual)}, expected ${formatNumber(expected)}`);
}

/**
 * Asserts `low <= actual <= high` and prints the value: for measured quantities the prose rounds
 * ("about 40 times smaller").
 */
export function claimBetween(statement: string, actual: number, low: number, high: number): void {
  claim(statement, actual >= low && actual <= high, `measured ${formatNumber(actual)}, stated range [${formatNumber(low)}, ${formatNumber(high)}]`);
}
