/**
 * The gate ops of the LSTM and the GRU, fused per step, each with its closed-form backward beside
 * its forward. Fusing keeps one step to three or four graph nodes instead of a dozen slices and
 * element-wise ops, while the tensors the course looks at (h_t, c_t) stay in the graph.
 *
 * Column layout of a (B, G·H) gate tensor: gate k of unit j sits in column k·H + j.
 *   LSTM, G = 4: [input i | forget f | candidate g | output o]   (PyTorch's order)
 *   GRU,  G = 3: [reset r | update z | candidate n]              (PyTorch's order)
 * Each op takes the gates' pre-activations and applies their nonlinearities itself (cheaper than
 * keeping activated copies for every step; `lstmGateValues` recomputes them for diagnostics).
 */

import { accumulate, record } from "../../autodiff/engine.js";
import { sigmoidValue as sigmoid } from "../../tensor/kernels.js";
import { Tensor } from "../../tensor/tensor.js";
import { gradBuffer } from "./steps.js";

/**
 * The LSTM's cell-state update from the gates' pre-activations z (B, 4H) and c_{t-1} (B, H):
 *   i = σ(z_i),  f = σ(z_f),  g = tanh(z_g),  c_t = f ⊙ c_{t-1} + i ⊙ g.
 * The path c_{t-1} -> c_t is multiplied by f alone: the constant error carousel.
 * Backward, with dc = dL/dc_t:
 *   d c_{t-1} = dc ⊙ f;  dz_i = dc ⊙ g ⊙ i(1 - i);  dz_f = dc ⊙ c_{t-1} ⊙ f(1 - f);
 *   dz_g = dc ⊙ i ⊙ (1 - g²)   (dz_o comes from lstmHidden).
 */
export function lstmCellState(z: Tensor, cPrev: Tensor): Tensor {
  const [B, H] = cPrev.shape;
  const H4 = 4 * H;
  const act = new Float64Array(B * 3 * H); // [i | f | g] per row
  const c = new Float64Array(B * H);
  const Z = z.data, C = cPrev.data;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const zi = b * H4 + j, a = b * 3 * H + j, k = b * H + j;
      const i = sigmoid(Z[zi]), f = sigmoid(Z[zi + H]), g = Math.tanh(Z[zi + 2 * H]);
      act[a] = i;
      act[a + H] = f;
      act[a + 2 * H] = g;
      c[k] = f * C[k] + i * g;
    }
  }
  return record(new Tensor(c, [B, H]), "lstmCellState", [z, cPrev], (dc) => {
    if (z.requiresGrad) {
      const gz = gradBuffer(z);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const zi = b * H4 + j, a = b * 3 * H + j, k = b * H + j;
          const i = act[a], f = act[a + H], g = act[a + 2 * H];
          gz[zi] += dc[k] * g * i * (1 - i);
          gz[zi + H] += dc[k] * C[k] * f * (1 - f);
          gz[zi + 2 * H] += dc[k] * i * (1 - g * g);
        }
      }
    }
    if (cPrev.requiresGrad) {
      const gc = new Float64Array(B * H);
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) gc[b * H + j] = dc[b * H + j] * act[b * 3 * H + H + j];
      accumulate(cPrev, gc, true);
    }
  });
}

/**
 * The LSTM's output h_t = o ⊙ tanh(c_t), with o = σ(z_o), from z (B, 4H) and c_t (B, H).
 * Backward, with dh = dL/dh_t:  dz_o = dh ⊙ tanh(c) ⊙ o(1 - o);  dc = dh ⊙ o ⊙ (1 - tanh²(c)).
 */
export function lstmHidden(z: Tensor, c: Tensor): Tensor {
  const [B, H] = c.shape;
  const H4 = 4 * H;
  const o = new Float64Array(B * H);
  const tc = new Float64Array(B * H);
  const h = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const k = b * H + j;
      o[k] = sigmoid(z.data[b * H4 + 3 * H + j]);
      tc[k] = Math.tanh(c.data[k]);
      h[k] = o[k] * tc[k];
    }
  }
  return record(new Tensor(h, [B, H]), "lstmHidden", [z, c], (dh) => {
    if (z.requiresGrad) {
      const gz = gradBuffer(z);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          gz[b * H4 + 3 * H + j] += dh[k] * tc[k] * o[k] * (1 - o[k]);
        }
      }
    }
    if (c.requiresGrad) {
      const gc = new Float64Array(B * H);
      for (let k = 0; k < B * H; k++) gc[k] = dh[k] * o[k] * (1 - tc[k] * tc[k]);
      accumulate(c, gc, true);
    }
  });
}

/** The LSTM's gate values [σ(z_i) | σ(z_f) | tanh(z_g) | σ(z_o)] (B, 4H) from z (B, 4H); no graph. */
export function lstmGateValues(z: Tensor): Tensor {
  const [B, H4] = z.shape;
  const H = H4 / 4;
  const a = new Float64Array(B * H4);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H4; j++) {
      const x = z.data[b * H4 + j];
      a[b * H4 + j] = j >= 2 * H && j < 3 * H ? Math.tanh(x) : sigmoid(x);
    }
  }
  return new Tensor(a, [B, H4]);
}

/**
 * One GRU step in the "reset after" form (Cho et al. 2014's gates, with the reset gate applied
 * after the recurrent matmul, as cuDNN, PyTorch and Keras do), which lets one matmul serve all
 * three gates. With xw = XW[t] = x_t W_xᵀ + b_x (rows t·B .. (t+1)·B - 1 of XW (T·B, 3H)),
 * hw = h_{t-1} W_hᵀ + b_h (B, 3H) and hPrev = h_{t-1} (B, H):
 *   r = σ(xw_r + hw_r),  z = σ(xw_z + hw_z),  n = tanh(xw_n + r ⊙ hw_n),
 *   h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}.
 * Backward, with dh = dL/dh_t:
 *   dz = dh ⊙ (h_{t-1} - n),  dn = dh ⊙ (1 - z),  d hPrev = dh ⊙ z (plus the path through hw);
 *   dn̂ = dn ⊙ (1 - n²) -> d xw_n = dn̂, d hw_n = dn̂ ⊙ r, dr = dn̂ ⊙ hw_n;
 *   dr̂ = dr ⊙ r(1 - r) -> d xw_r = d hw_r = dr̂;  dẑ = dz ⊙ z(1 - z) -> d xw_z = d hw_z = dẑ.
 * `keep.gates`, if `keep` is given, receives the gate values [r | z | n] (B, 3H), for diagnostics.
 */
export function gruCell(XW: Tensor, t: number, hw: Tensor, hPrev: Tensor, keep?: { gates?: Float64Array }): Tensor {
  const [B, H] = hPrev.shape;
  const H3 = 3 * H;
  const offset = t * B * H3;
  const act = new Float64Array(B * H3); // [r | z | n] per row
  const h = new Float64Array(B * H);
  const X = XW.data, R = hw.data, P = hPrev.data;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const g = b * H3 + j, x = offset + g, k = b * H + j;
      const r = sigmoid(X[x] + R[g]);
      const z = sigmoid(X[x + H] + R[g + H]);
      const n = Math.tanh(X[x + 2 * H] + r * R[g + 2 * H]);
      act[g] = r;
      act[g + H] = z;
      act[g + 2 * H] = n;
      h[k] = (1 - z) * n + z * P[k];
    }
  }
  if (keep) keep.gates = act; // shared, not copied: nothing writes to act after this loop
  return record(new Tensor(h, [B, H]), "gruCell", [XW, hw, hPrev], (dh) => {
    const gX = XW.requiresGrad ? gradBuffer(XW) : null;
    const gHw = new Float64Array(B * H3);
    const gPrev = new Float64Array(B * H);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const g = b * H3 + j, k = b * H + j;
        const r = act[g], z = act[g + H], n = act[g + 2 * H];
        const dn = dh[k] * (1 - z) * (1 - n * n);
        const dz = dh[k] * (P[k] - n) * z * (1 - z);
        const dr = dn * R[g + 2 * H] * r * (1 - r);
        if (gX) {
          gX[offset + g] += dr;
          gX[offset + g + H] += dz;
          gX[offset + g + 2 * H] += dn;
        }
        gHw[g] = dr;
        gHw[g + H] = dz;
        gHw[g + 2 * H] = dn * r;
        gPrev[k] = dh[k] * z;
      }
    }
    if (hw.requiresGrad) accumulate(hw, gHw, true);
    if (hPrev.requiresGrad) accumulate(hPrev, gPrev, true);
  });
}
