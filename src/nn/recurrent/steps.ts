/**
 * The ops that unroll a recurrent net over time, each with its backward beside its forward:
 *
 *   splitSteps     (T·B, N) -> T tensors (B, N)      the input projection, one piece per step
 *   recurrentLinear xw_t + h_{t-1} · W_hᵀ            the one matmul per step, all gates at once
 *   stackSteps     T tensors (B, N) -> (T, B, N)     the outputs, as one tensor
 *
 * Why not `ops.slice` and `ops.stack`: slicing step t out of a (T·B, N) tensor has a backward that
 * allocates a gradient of the whole tensor, T times over, which makes BPTT quadratic in T.
 * These ops write each step's gradient straight into its rows of the parent's gradient.
 */

import { accumulate, record } from "../../autodiff/engine.js";
import { matmulNN, matmulNT } from "../../tensor/kernels.js";
import { Tensor } from "../../tensor/tensor.js";

/** Adds g into rows [offset, offset + g.length) of t.grad, creating it if needed. */
function accumulateAt(t: Tensor, g: Float64Array, offset: number): void {
  if (!t.requiresGrad) return;
  if (t.grad === null) t.grad = new Tensor(new Float64Array(t.size), t.shape);
  const acc = t.grad.data;
  for (let i = 0; i < g.length; i++) acc[offset + i] += g[i];
}

/**
 * Splits a (T·B, N) tensor into T tensors of shape (B, N), step t holding rows t·B .. (t+1)·B - 1.
 * Backward writes each piece's gradient into its own rows of a.grad: O(size) for all T pieces.
 */
export function splitSteps(a: Tensor, T: number): Tensor[] {
  const [rows, N] = a.shape;
  const B = rows / T;
  const width = B * N;
  const pieces: Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const offset = t * width;
    const piece = new Tensor(a.data.slice(offset, offset + width), [B, N]);
    pieces.push(record(piece, "splitSteps", [a], (dy) => accumulateAt(a, dy, offset)));
  }
  return pieces;
}

/** Stacks T tensors of shape (B, N) into one (T, B, N) tensor: the sequence of outputs. */
export function stackSteps(steps: readonly Tensor[]): Tensor {
  const [B, N] = steps[0].shape;
  const width = B * N;
  const out = new Float64Array(steps.length * width);
  steps.forEach((s, t) => out.set(s.data, t * width));
  return record(new Tensor(out, [steps.length, B, N]), "stackSteps", [...steps], (dy) => {
    steps.forEach((s, t) => {
      if (s.requiresGrad) accumulate(s, dy.slice(t * width, (t + 1) * width), true);
    });
  });
}

/**
 * One step's pre-activations: xw (B, G·H) + hPrev (B, H) · Whᵀ, with Wh (G·H, H) stacking the
 * recurrent weights of all G gates, so every gate costs the same single matmul.
 * Backward: d xw = dy;  d hPrev = dy · Wh (B, H);  d Wh += dyᵀ · hPrev (G·H, H).
 * Wh's gradient is added in place: it gets one contribution per step, and allocating T
 * (G·H, H) matrices only to add them up would cost as much as the products themselves.
 */
export function recurrentLinear(xw: Tensor, hPrev: Tensor, Wh: Tensor): Tensor {
  const [B, H] = hPrev.shape;
  const GH = Wh.shape[0];
  const out = new Float64Array(B * GH);
  matmulNT(hPrev.data, Wh.data, out, B, H, GH);
  const x = xw.data;
  for (let i = 0; i < out.length; i++) out[i] += x[i];
  return record(new Tensor(out, [B, GH]), "recurrentLinear", [xw, hPrev, Wh], (dy) => {
    if (xw.requiresGrad) accumulate(xw, dy);
    if (hPrev.requiresGrad) {
      const gh = new Float64Array(B * H);
      matmulNN(dy, Wh.data, gh, B, GH, H); // (B, GH) · (GH, H)
      accumulate(hPrev, gh, true);
    }
    if (Wh.requiresGrad) {
      if (Wh.grad === null) Wh.grad = new Tensor(new Float64Array(Wh.size), Wh.shape);
      addOuterProducts(dy, hPrev.data, Wh.grad.data, B, GH, H);
    }
  });
}

/** acc (m, n) += aᵀ · b, with a (k, m) and b (k, n): matmulTN without the zeroing. */
function addOuterProducts(a: Float64Array, b: Float64Array, acc: Float64Array, k: number, m: number, n: number): void {
  for (let p = 0; p < k; p++) {
    const ao = p * m;
    const bo = p * n;
    for (let i = 0; i < m; i++) {
      const av = a[ao + i];
      if (av === 0) continue;
      const oo = i * n;
      for (let j = 0; j < n; j++) acc[oo + j] += av * b[bo + j];
    }
  }
}
