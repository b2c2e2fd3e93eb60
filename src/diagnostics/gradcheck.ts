/**
 * The finite-difference gradient check: the independent oracle every gradient in this library is
 * tested against, and a tool learners can point at any model or op.
 *
 * For each chosen value θ_i, the central difference
 *     (L(θ + ε e_i) - L(θ - ε e_i)) / 2ε
 * approximates ∂L/∂θ_i with error O(ε²); it is compared with what backward computed by the
 * relative error |a - n| / max(|a| + |n|, floor). In float64 with ε = 1e-5, correct gradients give
 * relative errors around 1e-8 to 1e-10; a wrong one gives something near 1.
 */

import { backward, noGrad } from "../autodiff/engine.js";
import { LibraryError, messages } from "../messages.js";
import { Rng } from "../random/rng.js";
import type { Tensor } from "../tensor/tensor.js";

export interface GradCheckOptions {
  /**
   * Step of the central difference. Default 1e-5: the truncation error grows like ε² and the
   * rounding error like 1e-16 / ε, and 1e-5 keeps both far below the tolerance even for small
   * gradient entries (with 1e-6, rounding alone reached relative errors near 1e-6 on entries
   * around 1e-5).
   */
  eps?: number;
  /** Largest relative error that passes. Default 1e-6. */
  tolerance?: number;
  /**
   * Check at most this many values per tensor, chosen at random (seeded): big layers have
   * thousands and two forward passes per value add up. Default: all.
   */
  maxPerTensor?: number;
  seed?: number;
  /**
   * Differences smaller than this count as agreement whatever the ratio (both gradients are ~0,
   * as for a dead ReLU). Default 1e-10.
   */
  floor?: number;
}

export interface GradCheckEntry {
  tensor: string;
  index: number;
  analytic: number;
  numeric: number;
  relError: number;
}

export interface GradCheckResult {
  ok: boolean;
  maxRelError: number;
  /** The worst value of each tensor checked. */
  worst: GradCheckEntry[];
  checked: number;
  /** One line a learner can read. */
  summary: string;
}

/**
 * Checks the gradients of the scalar `loss()` with respect to `inputs`.
 * `loss` must recompute the forward pass from the current values each time it is called, and be
 * deterministic (no dropout, no fresh random draws, batch norm in a fixed mode).
 * @example gradCheck(() => ops.mean(ops.square(model.forward(X))), model.parameters()).ok
 */
export function gradCheck(loss: () => Tensor, inputs: Tensor[], options: GradCheckOptions = {}): GradCheckResult {
  const eps = options.eps ?? 1e-5;
  const tolerance = options.tolerance ?? 1e-6;
  const floor = options.floor ?? 1e-10;
  const rng = new Rng(options.seed ?? 0);

  const saved = inputs.map((t) => ({ t, requiresGrad: t.requiresGrad, grad: t.grad }));
  try {
    for (const t of inputs) {
      t.requiresGrad = true;
      t.grad = null;
    }
    const out = loss();
    if (out.size !== 1) throw new LibraryError(messages.notScalar("gradCheck", out.shape));
    backward(out);
    const analytic = inputs.map((t) => (t.grad ? t.grad.data.slice() : new Float64Array(t.size)));

    const evaluate = () => noGrad(() => loss().data[0]);
    const worst: GradCheckEntry[] = [];
    let checked = 0;
    inputs.forEach((t, k) => {
      const indices = chooseIndices(t.size, options.maxPerTensor, rng);
      let worstHere: GradCheckEntry | null = null;
      for (const i of indices) {
        const original = t.data[i];
        t.data[i] = original + eps;
        const plus = evaluate();
        t.data[i] = original - eps;
        const minus = evaluate();
        t.data[i] = original;
        const numeric = (plus - minus) / (2 * eps);
        const a = analytic[k][i];
        const diff = Math.abs(a - numeric);
        const relError = diff < floor ? 0 : diff / Math.max(Math.abs(a) + Math.abs(numeric), floor);
        checked++;
        const entry = { tensor: t.name ?? `input ${k}`, index: i, analytic: a, numeric, relError: Number.isNaN(relError) ? Infinity : relError };
        // Ties (typically all 0: every difference below the floor) go to the largest gradient, the
        // most informative entry to show.
        if (worstHere === null || entry.relError > worstHere.relError ||
          (entry.relError === worstHere.relError && Math.abs(numeric) > Math.abs(worstHere.numeric))) worstHere = entry;
      }
      if (worstHere) worst.push(worstHere);
    });
    const maxRelError = worst.reduce((m, e) => Math.max(m, e.relError), 0);
    const ok = maxRelError <= tolerance;
    const bad = worst.filter((e) => e.relError > tolerance);
    const summary = ok
      ? messages.gradCheckPassed(checked, maxRelError, floor, tolerance)
      : messages.gradCheckFailed(bad);
    return { ok, maxRelError, worst, checked, summary };
  } finally {
    for (const s of saved) {
      s.t.requiresGrad = s.requiresGrad;
      s.t.grad = s.grad;
    }
  }
}

function chooseIndices(size: number, max: number | undefined, rng: Rng): number[] {
  if (max === undefined || max >= size) return Array.from({ length: size }, (_, i) => i);
  const perm = rng.permutation(size);
  return Array.from(perm.subarray(0, max)).sort((a, b) => a - b);
}
