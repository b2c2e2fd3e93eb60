/**
 * Test helpers in the style of early tinygrad's `helper_test_op`: one line per op.
 *
 *   checkOp([[3, 4], [4]], (a, b) => ops.add(a, b), { reference: (a, b) => ... })
 *
 * draws inputs of the given shapes from a seeded generator, checks the forward values against an
 * independent reference (if given), and checks every input's gradient against central finite
 * differences (`gradCheck`, relative error below 1e-6 in float64). The scalar it differentiates is
 * Σ R ⊙ f(inputs) with random weights R, so each output value gets its own weight and a wrong
 * gradient for one of them cannot hide behind a sum.
 *
 * Why the defaults: a relative error compares |analytic - numeric| with the gradient's size, but the
 * finite difference carries an absolute rounding error of about ulp(L) / ε. Weights R of magnitude
 * 0.5 to 1.5 and inputs at least 0.05 away from 0 keep every gradient well above that noise, and
 * ε = 1e-5 (near the cube root of float64's machine epsilon) balances rounding against the O(ε²)
 * truncation error. Even so a gradient that is a sum of terms of both signs can cancel to ~1e-5
 * now and then, so differences below 1e-8 in absolute value also count as agreement (`floor`): a
 * wrong gradient is off by about its own size, far above that. (PyTorch's gradcheck accepts
 * |a - n| <= 1e-5 + 1e-3 |n|; this is a thousand times stricter.)
 */

import * as fc from "fast-check";
import { expect } from "vitest";
import { gradCheck, type GradCheckResult } from "../../src/diagnostics/gradcheck.js";
import * as ops from "../../src/ops/index.js";
import { Rng } from "../../src/random/rng.js";
import { sizeOf, type Shape } from "../../src/tensor/shape.js";
import { Tensor } from "../../src/tensor/tensor.js";

export interface CheckOpOptions {
  /** Values drawn uniformly from [low, high]. Default [-2, 2]. */
  range?: [number, number];
  /** Keep |value| at least this far from 0 (for kinks and poles at 0). Default 0.05. */
  awayFromZero?: number;
  seed?: number;
  tolerance?: number;
  /** Independent forward computation on the inputs' flat values; compared to 1e-12. */
  reference?: (...xs: Float64Array[]) => ArrayLike<number>;
}

/** The gradient-check settings of every test: see the header for why. */
export const GRAD_CHECK = { eps: 1e-5, tolerance: 1e-6, floor: 1e-8 } as const;

/** A tensor of `shape` with values drawn from `rng` as `options` say. */
export function randomTensor(shape: Shape, rng: Rng, options: CheckOpOptions = {}, name?: string): Tensor {
  const [low, high] = options.range ?? [-2, 2];
  const away = options.awayFromZero ?? 0.05;
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    let v = low + (high - low) * rng.uniform();
    if (away > 0 && Math.abs(v) < away) v = v < 0 ? v - away : v + away;
    data[i] = v;
  }
  return new Tensor(data, shape, { name });
}

/** Checks `fn`'s forward (against `reference`) and gradients (against finite differences). */
export function checkOp(shapes: Shape[], fn: (...xs: Tensor[]) => Tensor, options: CheckOpOptions = {}): GradCheckResult {
  const rng = new Rng(options.seed ?? 0);
  const inputs = shapes.map((s, k) => randomTensor(s, rng, options, String.fromCharCode(97 + k)));
  const out = fn(...inputs);
  if (options.reference) {
    const want = options.reference(...inputs.map((t) => t.data));
    expect(out.size).toBe(want.length);
    for (let i = 0; i < want.length; i++) expect(out.data[i]).toBeCloseTo(want[i], 12);
  }
  const weights = randomTensor(out.shape, rng, { range: [-1.5, 1.5], awayFromZero: 0.5 });
  const result = gradCheck(() => ops.sum(ops.mul(fn(...inputs), weights)), inputs, { ...GRAD_CHECK, tolerance: options.tolerance ?? 1e-6 });
  expect(result.ok, result.summary).toBe(true);
  return result;
}

/** Shapes of rank 1 to 3 with sizes 1 to 4. */
export const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });

/** A seed for the values. */
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/**
 * A pair of shapes that broadcast together: the second is the first with some axes set to 1 and
 * possibly its leading axes dropped; randomly swapped so either side can be the broadcast one.
 */
export const broadcastPairArb = fc
  .tuple(shapeArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), fc.boolean())
  .map(([shape, ones, drop, swap]) => {
    let other = shape.map((d, i) => (ones[i] ? 1 : d));
    other = other.slice(Math.min(drop, other.length - 1));
    return swap ? [other, shape] : [shape, other];
  });

/** fast-check settings for gradient properties: enough cases to find a bug, few enough to be fast. */
export const runs = { numRuns: 25 };
