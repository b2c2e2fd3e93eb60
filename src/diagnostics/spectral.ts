/**
 * The spectrum of a recurrent matrix, by power iteration: enough to connect "spectral radius
 * below 1" with "gradients vanish through time". Pascanu, Mikolov & Bengio (2013): with
 * |φ'| <= γ, the gradient through k steps is bounded by (γ σ_max(W_h))^k, so σ_max < 1/γ is
 * sufficient for vanishing and σ_max > 1/γ necessary for exploding; for a linear RNN the
 * spectral radius decides, ρ < 1 vanishing and ρ > 1 exploding (along the dominant eigenvectors).
 *
 *   spectralRadius(W)         ρ(W) = max |λ_i|, for any square W;
 *   largestSingularValue(W)   σ_max(W) = ||W||₂, for any W; always >= ρ(W), equal for symmetric W.
 */

import { LibraryError, messages } from "../messages.js";
import { Rng } from "../random/rng.js";
import type { Tensor } from "../tensor/tensor.js";

export interface PowerIterationOptions {
  /** Number of multiplications by the matrix (default 1000; each costs n² multiply-adds). */
  iterations?: number;
  /** Seed of the random start vector (default 0). */
  seed?: number;
}

/**
 * The spectral radius ρ(A) = max |λ| of a square matrix A (n, n), as the growth rate of
 * ||A^k v|| for a random start v:  ρ(A) = lim (||A^k v||)^(1/k).
 *
 * Why not the textbook power iteration (the Rayleigh quotient vᵀAv): a real matrix such as a
 * recurrent W_h often has a complex pair of dominant eigenvalues, or two of equal size and
 * opposite sign, and then v never settles on one eigenvector; it keeps turning in a plane. Its
 * norm still grows by |λ_max| per step on average, so the growth rate is right in every case.
 * We discard the first half of the iterations (while v turns towards the dominant directions)
 * and average log ||A v|| / ||v|| over the second half. The error shrinks like
 * (|λ_2| / |λ_1|)^k plus log(condition of the dominant eigenvectors) / k; for a defective
 * matrix (a Jordan block) convergence is only O(log k / k).
 * @example spectralRadius(ops.slice(rnn.recurrentWeight, 0, 0, H))  // one gate's (H, H) block
 */
export function spectralRadius(A: Tensor, options: PowerIterationOptions = {}): number {
  const n = checkSquare("spectralRadius", A);
  const iterations = options.iterations ?? 1000;
  const burnIn = Math.floor(iterations / 2);
  let v = randomUnit(n, options.seed ?? 0);
  let logGrowth = 0;
  for (let k = 0; k < iterations; k++) {
    const w = multiply(A.data, v, n, n);
    const norm = normOf(w);
    if (norm === 0) return 0; // A^k v = 0: on this start vector A acts nilpotently
    if (k >= burnIn) logGrowth += Math.log(norm);
    for (let i = 0; i < n; i++) w[i] /= norm;
    v = w;
  }
  return Math.exp(logGrowth / (iterations - burnIn));
}

/**
 * The largest singular value σ_max(A) = ||A||₂ = max ||A v|| over unit v, of any (m, n) matrix,
 * by power iteration on AᵀA (whose eigenvalues σ_i² are real and non-negative, so the plain
 * iteration converges, at rate (σ_2 / σ_1)² per step).
 * @example largestSingularValue(rnn.recurrentWeight)
 */
export function largestSingularValue(A: Tensor, options: PowerIterationOptions = {}): number {
  if (A.rank !== 2) throw new LibraryError(messages.rankNeeded("largestSingularValue", "2-D (rows, cols)", A.shape));
  const [m, n] = A.shape;
  const iterations = options.iterations ?? 1000;
  let v = randomUnit(n, options.seed ?? 0);
  let sigma = 0;
  for (let k = 0; k < iterations; k++) {
    const Av = multiply(A.data, v, m, n); // (m)
    sigma = normOf(Av); // ||A v|| with ||v|| = 1
    if (sigma === 0) return 0;
    const w = multiplyTransposed(A.data, Av, m, n); // Aᵀ A v (n)
    const norm = normOf(w);
    if (norm === 0) break; // AᵀAv underflowed: σ² is below the smallest double, σ is final
    for (let i = 0; i < n; i++) w[i] /= norm;
    v = w;
  }
  return sigma;
}

function checkSquare(op: string, A: Tensor): number {
  if (A.rank !== 2 || A.shape[0] !== A.shape[1]) throw new LibraryError(messages.squareMatrix(op, A.shape));
  return A.shape[0];
}

function randomUnit(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  const norm = normOf(v);
  for (let i = 0; i < n; i++) v[i] /= norm;
  return v;
}

/** A (m, n) · v (n) -> (m). */
function multiply(A: Float64Array, v: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** Aᵀ (n, m) · u (m) -> (n), for A stored (m, n). */
function multiplyTransposed(A: Float64Array, u: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += A[i * n + j] * u[i];
  return out;
}

/** Euclidean norm, scaled by the largest entry first so tiny or huge matrices neither underflow nor overflow. */
function normOf(v: Float64Array): number {
  let big = 0;
  for (let i = 0; i < v.length; i++) big = Math.max(big, Math.abs(v[i]));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] / big) ** 2;
  return big * Math.sqrt(s);
}
