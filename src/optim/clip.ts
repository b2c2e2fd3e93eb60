/**
 * Gradient clipping, applied in place to the parameters' `.grad` between backward and the update.
 *
 * By global norm (Pascanu, Mikolov & Bengio, 2013): treat all gradients as one long vector g and
 * rescale g <- g * min(1, θ / ||g||). The direction is kept; only an oversized step is shortened.
 * By value: clamp each component into [-v, v]; simpler, but it changes the direction.
 */

import { LibraryError, messages } from "../messages.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * ||g|| over every parameter's gradient taken together (parameters without a gradient count as 0).
 * Entries above about 1e154 overflow a plain sum of squares to Infinity (and below 1e-154 they
 * underflow to 0): then the sum is taken again over g / max|g|, so every finite gradient gets its
 * true norm. That is the moment a norm matters most: the gradient is exploding.
 */
export function globalGradNorm(params: readonly Tensor[]): number {
  const { scale, sumSquares } = scaledSumOfSquares(params);
  return scale * Math.sqrt(sumSquares);
}

/** ||g|| = scale * sqrt(sumSquares); scale is 1 unless the plain sum overflowed or underflowed. */
function scaledSumOfSquares(params: readonly Tensor[]): { scale: number; sumSquares: number; finite: boolean } {
  // One running total over all parameters, not a sum of per-tensor sums: the rounding of this
  // order is part of the seeded results the course cites (content/results/). This loop runs every
  // training step, so it stays a bare sum; the rare overflow or underflow pays for a second look.
  let s = 0;
  for (const p of params) {
    if (p.grad === null) continue;
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  }
  if (Number.isNaN(s)) return { scale: 1, sumSquares: NaN, finite: false };
  if (s !== Infinity && s >= 1e-290) return { scale: 1, sumSquares: s, finite: true };
  let largest = 0;
  for (const p of params) {
    if (p.grad === null) continue;
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) largest = Math.max(largest, Math.abs(g[i]));
  }
  if (largest === 0) return { scale: 1, sumSquares: 0, finite: true };
  if (largest === Infinity) return { scale: 1, sumSquares: Infinity, finite: false };
  let t = 0;
  for (const p of params) {
    if (p.grad === null) continue;
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) t += (g[i] / largest) ** 2;
  }
  return { scale: largest, sumSquares: t, finite: true };
}

/**
 * Rescales all gradients together so that their global norm is at most `maxNorm`.
 * Returns the global norm before clipping (chart it: spikes are the explosions clipping tamed).
 * A non-finite norm is returned as is and the gradients are left alone: no rescaling makes an
 * infinite gradient meaningful, and `fit` reports it instead.
 * @example const norm = clipGradNorm(model.parameters(), 1)
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (!Number.isFinite(maxNorm) || maxNorm <= 0) {
    throw new LibraryError(messages.positiveNumber("clipGradNorm: maxNorm", maxNorm));
  }
  const { scale, sumSquares, finite } = scaledSumOfSquares(params);
  const norm = scale * Math.sqrt(sumSquares);
  if (!finite || norm <= maxNorm) return norm;
  // In two factors, so that a norm beyond the largest double (finite entries, Infinity in all)
  // still clips: g * (maxNorm / scale) / sqrt(sumSquares).
  const first = maxNorm / scale;
  const second = 1 / Math.sqrt(sumSquares);
  for (const p of params) {
    if (p.grad === null) continue;
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) g[i] = scale === 1 ? g[i] * (maxNorm / norm) : g[i] * first * second;
  }
  return norm;
}

/**
 * Clamps every gradient value into [-clipValue, clipValue]. Returns how many values were clamped.
 * NaN stays NaN (so that `fit` can still see and report it).
 * @example clipGradValue(model.parameters(), 0.5)
 */
export function clipGradValue(params: readonly Tensor[], clipValue: number): number {
  if (!Number.isFinite(clipValue) || clipValue <= 0) {
    throw new LibraryError(messages.positiveNumber("clipGradValue: clipValue", clipValue));
  }
  let clamped = 0;
  for (const p of params) {
    if (p.grad === null) continue;
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) {
      if (g[i] > clipValue) {
        g[i] = clipValue;
        clamped++;
      } else if (g[i] < -clipValue) {
        g[i] = -clipValue;
        clamped++;
      }
    }
  }
  return clamped;
}
