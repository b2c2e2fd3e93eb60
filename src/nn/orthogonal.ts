/**
 * Orthogonal initialization (Saxe, McClelland & Ganguli, ICLR 2014): a weight whose rows (or
 * columns) are orthonormal, times a gain. Every singular value is then exactly `gain`, so a deep
 * linear net's input-output Jacobian neither shrinks nor grows with depth, and Saxe et al. found
 * learning times independent of depth. For recurrent weights it keeps h_t from vanishing or
 * exploding through W_hh^t (all eigenvalues on the unit circle).
 *
 * How: draw a Gaussian matrix A, factor A = QR, and keep Q. Fixing the sign of each column of Q so
 * that R's diagonal is positive makes Q uniformly distributed over orthogonal matrices (Mezzadri,
 * 2007, "How to generate random matrices from the classical compact groups"). Modified Gram-Schmidt
 * produces exactly that positive-diagonal factorization; we run its projection twice per column
 * ("twice is enough", Giraud et al. 2005) so Q is orthogonal to rounding error, not to cond(A)·ε.
 */

import { LibraryError, messages } from "../messages.js";
import type { Rng } from "../random/rng.js";
import { sizeOf, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import type { Initializer } from "./init.js";

/**
 * Orthogonal weights times `gain` (default 1). For shape (out, in): if out <= in the rows are
 * orthonormal (W Wᵀ = gain² I), otherwise the columns are (Wᵀ W = gain² I). Extra trailing
 * dimensions are flattened into `in`.
 * @example orthogonal({ gain: 1 })([32, 32], new Rng(0))
 */
export const orthogonal = (options: { gain?: number } = {}): Initializer => {
  const gain = options.gain ?? 1;
  if (!(Number.isFinite(gain) && gain > 0)) throw new LibraryError(messages.positiveNumber("orthogonal: gain", gain));
  return (shape: Shape, rng: Rng) => {
    if (shape.length < 2) throw new LibraryError(messages.initNeedsMatrix("orthogonal", shape));
    const rows = shape[0];
    const cols = sizeOf(shape) / rows;
    // Factor a tall matrix (big, small): its Q has `small` orthonormal columns of length `big`.
    const big = Math.max(rows, cols);
    const small = Math.min(rows, cols);
    const q = gramSchmidtColumns(gaussian(big, small, rng), big, small); // (big, small)
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < big; i++) {
      for (let j = 0; j < small; j++) {
        const v = gain * q[i * small + j];
        // Tall weight: W = Q.  Wide weight: W = Qᵀ, so its rows are Q's orthonormal columns.
        if (rows >= cols) data[i * cols + j] = v;
        else data[j * cols + i] = v;
      }
    }
    return new Tensor(data, shape);
  };
};

/** (m, n) standard normal values, row-major. */
function gaussian(m: number, n: number, rng: Rng): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  return a;
}

/**
 * Orthonormalizes the n columns of a (m, n), m >= n, in place and returns it: the Q of A = QR
 * with R's diagonal positive. Each new column has its projections on the earlier ones removed
 * (twice), then is scaled to unit length; the length is R's diagonal entry, positive by construction.
 */
function gramSchmidtColumns(a: Float64Array, m: number, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += a[i * n + k] * a[i * n + j];
        for (let i = 0; i < m; i++) a[i * n + j] -= dot * a[i * n + k];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[i * n + j] * a[i * n + j];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) a[i * n + j] /= norm;
  }
  return a;
}
