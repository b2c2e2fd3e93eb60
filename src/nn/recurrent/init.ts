/**
 * Initial weights for recurrent layers. The recurrent matrix W_h is multiplied into the gradient
 * once per time step, so its spectrum decides early on whether gradients through time fade or
 * blow up (Pascanu et al. 2013). Two initializations aim straight at that:
 *   - "orthogonal": all singular values equal to `gain`, so W_h alone neither shrinks nor
 *     stretches any direction (Saxe et al. 2014; the Keras default for recurrent weights);
 *   - "identity": W_h = identityScale · I, the IRNN of Le, Jaitly & Hinton (2015), meant for ReLU
 *     RNNs: at the start the state, and the gradient, is carried forward unchanged.
 * Every initializer of the library (`nn.init`, by name or function) works as well.
 * Each gate's (H, cols) block of a stacked (G·H, cols) matrix is drawn on its own, so for the
 * recurrent matrix every gate's block is square and exactly orthogonal (or exactly the identity).
 */

import { LibraryError, messages } from "../../messages.js";
import type { Rng } from "../../random/rng.js";
import { getInitializer, type Initializer, type InitName } from "../init.js";
import { orthogonal } from "../orthogonal.js";

/** "identity" (IRNN), or any initializer of the library by name ("orthogonal", "glorot", ...) or function. */
export type RecurrentInit = "identity" | InitName | Initializer;

/** Options that tune the named initializers. */
export interface RecurrentInitOptions {
  /** Multiplies the "orthogonal" matrix (default 1). */
  gain?: number;
  /** The diagonal of the "identity" init (default 1; Le et al. 2015 also try smaller values). */
  identityScale?: number;
}

/** scale · I, the IRNN initialization (Le et al. 2015); a (rows, cols) block with rows = cols. */
export function identityMatrix(rows: number, cols: number, scale = 1): Float64Array {
  if (rows !== cols) throw new LibraryError(messages.identityInitShape(rows, cols));
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) out[i * cols + i] = scale;
  return out;
}

/** Builds a (G·H, cols) matrix, drawing each gate's (H, cols) block with `init`. */
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

function initBlock(init: RecurrentInit, rows: number, cols: number, rng: Rng, options: RecurrentInitOptions): Float64Array {
  if (init === "identity") return identityMatrix(rows, cols, options.identityScale ?? 1);
  const draw = init === "orthogonal" ? orthogonal({ gain: options.gain ?? 1 }) : getInitializer(init);
  const w = draw([rows, cols], rng);
  if (w.size !== rows * cols) throw new LibraryError(messages.recurrentInitSize(rows, cols, w.size));
  return w.data;
}
