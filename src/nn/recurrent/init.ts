/**
 * Initial weights for recurrent layers. The recurrent matrix W_hh is multiplied into the gradient
 * once per time step, so its spectrum decides early on whether gradients through time fade or
 * blow up (Pascanu et al. 2013). Two initializations aim straight at that:
 *   - "orthogonal": all singular values 1, so W_hh alone neither shrinks nor stretches any
 *     direction (Saxe et al. 2014; the Keras default for recurrent kernels);
 *   - "identity": W_hh = scale · I, the IRNN of Le, Jaitly & Hinton (2015), meant for ReLU RNNs:
 *     at the start the state is copied forward unchanged and so is the gradient.
 * Each gate's (H, H) block of a stacked (G·H, H) matrix is initialized on its own, so every
 * gate's block is square and exactly orthogonal.
 */

import { LibraryError, messages } from "../../messages.js";
import type { Rng } from "../../random/rng.js";

/** Fills a (rows, cols) matrix, row-major. */
export type MatrixInit = (rows: number, cols: number, rng: Rng) => Float64Array;

/** A named recurrent initializer or your own function. */
export type RecurrentInit = RecurrentInitName | MatrixInit;
export type RecurrentInitName = "orthogonal" | "identity" | "glorotUniform" | "uniform" | "normal";

/**
 * A random orthogonal (rows, cols) matrix with rows >= cols (orthonormal columns): Gram-Schmidt
 * on a Gaussian matrix, which gives the uniform (Haar) distribution over such matrices
 * (Mezzadri 2007; the sign of each column follows the Gaussian draw, as QR with sign fix does).
 * For rows < cols the transpose of an orthogonal (cols, rows) matrix is returned.
 */
export function orthogonal(rows: number, cols: number, rng: Rng, gain = 1): Float64Array {
  if (rows < cols) return transposeOf(orthogonal(cols, rows, rng, gain), cols, rows);
  const q = new Float64Array(rows * cols);
  for (let i = 0; i < q.length; i++) q[i] = rng.normal();
  // Modified Gram-Schmidt on the columns, run twice for orthogonality to machine precision.
  for (let j = 0; j < cols; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += q[i * cols + j] * q[i * cols + k];
        for (let i = 0; i < rows; i++) q[i * cols + j] -= dot * q[i * cols + k];
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += q[i * cols + j] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) q[i * cols + j] *= gain / norm;
  }
  return q;
}

function transposeOf(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** scale · I (rows = cols), the IRNN initialization (Le et al. 2015). */
export function identity(rows: number, cols: number, scale = 1): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = scale;
  return out;
}

/** Options that tune the named initializers. */
export interface RecurrentInitOptions {
  /** Multiplies the orthogonal matrix (default 1). */
  gain?: number;
  /** The diagonal of the "identity" init (default 1; Le et al. 2015 also try smaller values). */
  identityScale?: number;
}

/**
 * Builds a (G·H, cols) matrix by initializing each gate's (H, cols) block with `init`.
 * Named initializers:
 *   "orthogonal"    per-block orthogonal, times `gain`;
 *   "identity"      per-block scale · I (needs square blocks: the recurrent matrix);
 *   "glorotUniform" U(-a, a) with a = √(6 / (fanIn + fanOut)) of the block (Glorot & Bengio 2010);
 *   "uniform"       U(-1/√H, 1/√H), PyTorch's default for recurrent layers;
 *   "normal"        N(0, 1/cols): LeCun's variance 1/fanIn (LeCun et al. 1998).
 */
export function initGateMatrix(
  init: RecurrentInit,
  gates: number,
  H: number,
  cols: number,
  rng: Rng,
  options: RecurrentInitOptions = {},
): Float64Array {
  const out = new Float64Array(gates * H * cols);
  for (let k = 0; k < gates; k++) out.set(initBlock(init, H, cols, rng, options), k * H * cols);
  return out;
}

const initNames: readonly RecurrentInitName[] = ["orthogonal", "identity", "glorotUniform", "uniform", "normal"];

function initBlock(init: RecurrentInit, rows: number, cols: number, rng: Rng, options: RecurrentInitOptions): Float64Array {
  if (typeof init === "function") {
    const w = init(rows, cols, rng);
    if (w.length !== rows * cols) throw new LibraryError(messages.recurrentInitSize(rows, cols, w.length));
    return w;
  }
  switch (init) {
    case "orthogonal":
      return orthogonal(rows, cols, rng, options.gain ?? 1);
    case "identity":
      if (rows !== cols) throw new LibraryError(messages.identityInitShape(rows, cols));
      return identity(rows, cols, options.identityScale ?? 1);
    case "glorotUniform":
      return fill(rows * cols, () => rng.uniformIn(-1, 1) * Math.sqrt(6 / (rows + cols)));
    case "uniform":
      return fill(rows * cols, () => rng.uniformIn(-1, 1) / Math.sqrt(rows));
    case "normal":
      return fill(rows * cols, () => rng.normal() / Math.sqrt(cols));
    default:
      throw new LibraryError(messages.unknownName("recurrent initializer", String(init), initNames));
  }
}

function fill(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}
