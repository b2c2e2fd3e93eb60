/**
 * The ops that unroll a recurrent net over time, each with its backward beside its forward:
 *
 *   recurrentLinear  z_t = XW[t] + h_{t-1} · W_hᵀ    one matmul per step for all gates
 *   stackSteps       T tensors (B, N) -> (T, B, N)   the outputs, as one tensor
 *
 * XW (T·B, G·H) is the input's share of every gate at every step, computed before the loop in one
 * matmul; step t reads its rows t·B .. (t+1)·B - 1 in place. Why not `ops.slice` each step: its
 * backward allocates a gradient of the whole (T·B, G·H) tensor, T times over, which makes BPTT
 * quadratic in T. Here each step adds its gradient straight into its own rows of XW's gradient.
 */

import { accumulate, record } from "../../autodiff/engine.js";
import { matmulNN, matmulNTAdd, matmulTNAdd } from "../../tensor/kernels.js";
import { Tensor } from "../../tensor/tensor.js";

/**
 * The gradient buffer of t, created as zeros on first use. Ops whose backward fills only part of
 * an input's gradient (some rows, some gate columns) add into it directly, as `accumulate` would.
 */
export function gradBuffer(t: Tensor): Float64Array {
  if (t.grad === null) t.grad = new Tensor(new Float64Array(t.size), t.shape);
  return t.grad.data;
}

/**
 * One step's pre-activations: z_t = XW[t] + hPrev · Whᵀ (B, G·H), where XW[t] are rows
 * t·B .. (t+1)·B - 1 of XW (T·B, G·H) and Wh (G·H, H) stacks the recurrent weights of all G
 * gates, so every gate costs the same single matmul.
 * Backward: d XW[t] = dz;  d hPrev = dz · Wh (B, H);  d Wh += dzᵀ · hPrev (G·H, H).
 */
export function recurrentLinear(XW: Tensor, t: number, hPrev: Tensor, Wh: Tensor): Tensor {
  const [B, H] = hPrev.shape;
  const GH = Wh.shape[0];
  const offset = t * B * GH;
  const out = XW.data.slice(offset, offset + B * GH); // starts as XW[t]
  matmulNTAdd(hPrev.data, Wh.data, out, B, H, GH); // += hPrev · Whᵀ
  return record(new Tensor(out, [B, GH]), "recurrentLinear", [XW, hPrev, Wh], (dz) => {
    if (XW.requiresGrad) {
      const g = gradBuffer(XW);
      for (let i = 0; i < dz.length; i++) g[offset + i] += dz[i];
    }
    if (hPrev.requiresGrad) {
      const gh = new Float64Array(B * H);
      matmulNN(dz, Wh.data, gh, B, GH, H); // (B, GH) · (GH, H)
      accumulate(hPrev, gh, true);
    }
    if (Wh.requiresGrad) {
      // One contribution per step, added straight into the gradient by the kernel: no (GH, H)
      // temporary and no separate pass of additions.
      matmulTNAdd(dz, hPrev.data, gradBuffer(Wh), GH, B, H); // += (B, GH)ᵀ · (B, H)
    }
  });
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

