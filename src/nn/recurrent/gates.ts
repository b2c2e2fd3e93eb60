/**
 * The gate ops of the LSTM and the GRU, fused per step, each with its closed-form backward beside
 * its forward. Fusing keeps one step to a handful of graph nodes instead of a dozen slices and
 * element-wise ops, while the tensors the course looks at (gates, c_t, h_t) stay in the graph.
 *
 * Column layout of a (B, G·H) gate tensor: gate k of unit j sits in column k·H + j.
 *   LSTM, G = 4: [input i | forget f | candidate g | output o]   (PyTorch's order)
 *   GRU,  G = 3: [reset r | update z | candidate n]              (PyTorch's order)
 */

import { accumulate, record } from "../../autodiff/engine.js";
import { Tensor } from "../../tensor/tensor.js";

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * The LSTM's gate activations: from pre-activations z (B, 4H) to
 * a = [σ(z_i) | σ(z_f) | tanh(z_g) | σ(z_o)] (B, 4H).
 * Backward: dz = da · σ'(z) = da · a(1 - a) for the sigmoid gates, da · (1 - a²) for tanh.
 */
export function lstmGates(z: Tensor): Tensor {
  const [B, H4] = z.shape;
  const H = H4 / 4;
  const a = new Float64Array(B * H4);
  const x = z.data;
  for (let b = 0; b < B; b++) {
    const o = b * H4;
    for (let j = 0; j < 2 * H; j++) a[o + j] = sigmoid(x[o + j]); // i and f
    for (let j = 2 * H; j < 3 * H; j++) a[o + j] = Math.tanh(x[o + j]); // g
    for (let j = 3 * H; j < H4; j++) a[o + j] = sigmoid(x[o + j]); // o
  }
  return record(new Tensor(a, [B, H4]), "lstmGates", [z], (dy) => {
    const g = new Float64Array(B * H4);
    for (let b = 0; b < B; b++) {
      const o = b * H4;
      for (let j = 0; j < H4; j++) {
        const v = a[o + j];
        const isCandidate = j >= 2 * H && j < 3 * H;
        g[o + j] = dy[o + j] * (isCandidate ? 1 - v * v : v * (1 - v));
      }
    }
    accumulate(z, g, true);
  });
}

/**
 * The cell-state update c_t = f ⊙ c_{t-1} + i ⊙ g, from gate activations a (B, 4H) and
 * cPrev (B, H). The path c_{t-1} -> c_t is multiplied only by f: the constant error carousel.
 * Backward: d cPrev = dc ⊙ f;  d f = dc ⊙ cPrev;  d i = dc ⊙ g;  d g = dc ⊙ i;  d o = 0.
 */
export function lstmCellState(a: Tensor, cPrev: Tensor): Tensor {
  const [B, H] = cPrev.shape;
  const H4 = 4 * H;
  const c = new Float64Array(B * H);
  const A = a.data, C = cPrev.data;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const ai = b * H4 + j;
      c[b * H + j] = A[ai + H] * C[b * H + j] + A[ai] * A[ai + 2 * H];
    }
  }
  return record(new Tensor(c, [B, H]), "lstmCellState", [a, cPrev], (dc) => {
    if (a.requiresGrad) {
      const ga = new Float64Array(B * H4);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const ai = b * H4 + j, k = b * H + j;
          ga[ai] = dc[k] * A[ai + 2 * H]; // d i
          ga[ai + H] = dc[k] * C[k]; // d f
          ga[ai + 2 * H] = dc[k] * A[ai]; // d g
        }
      }
      accumulate(a, ga, true);
    }
    if (cPrev.requiresGrad) {
      const gc = new Float64Array(B * H);
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) gc[b * H + j] = dc[b * H + j] * A[b * H4 + H + j];
      accumulate(cPrev, gc, true);
    }
  });
}

/**
 * The LSTM's output h_t = o ⊙ tanh(c_t), from gate activations a (B, 4H) and c (B, H).
 * Backward: d o = dh ⊙ tanh(c);  d c = dh ⊙ o ⊙ (1 - tanh²(c)).
 */
export function lstmHidden(a: Tensor, c: Tensor): Tensor {
  const [B, H] = c.shape;
  const H4 = 4 * H;
  const tc = new Float64Array(B * H);
  const h = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const k = b * H + j;
      tc[k] = Math.tanh(c.data[k]);
      h[k] = a.data[b * H4 + 3 * H + j] * tc[k];
    }
  }
  return record(new Tensor(h, [B, H]), "lstmHidden", [a, c], (dh) => {
    if (a.requiresGrad) {
      const ga = new Float64Array(B * H4);
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) ga[b * H4 + 3 * H + j] = dh[b * H + j] * tc[b * H + j];
      accumulate(a, ga, true);
    }
    if (c.requiresGrad) {
      const gc = new Float64Array(B * H);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const k = b * H + j;
          gc[k] = dh[k] * a.data[b * H4 + 3 * H + j] * (1 - tc[k] * tc[k]);
        }
      }
      accumulate(c, gc, true);
    }
  });
}

/**
 * One GRU step in the "reset after" form (Cho et al. 2014's gates, with the reset gate applied
 * after the recurrent matmul, as cuDNN, PyTorch and Keras do), which lets one matmul serve all
 * three gates. From xw = x W_xᵀ + b_x (B, 3H), hw = h_{t-1} W_hᵀ + b_h (B, 3H) and hPrev (B, H):
 *   r = σ(xw_r + hw_r),  z = σ(xw_z + hw_z),  n = tanh(xw_n + r ⊙ hw_n),
 *   h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}.
 * Backward, with dh = dL/dh_t:
 *   dz = dh ⊙ (h_{t-1} - n),  dn = dh ⊙ (1 - z),  d hPrev = dh ⊙ z (plus the path through hw);
 *   dn̂ = dn ⊙ (1 - n²) -> d xw_n = dn̂, d hw_n = dn̂ ⊙ r, dr = dn̂ ⊙ hw_n;
 *   dr̂ = dr ⊙ r(1 - r) -> d xw_r = d hw_r = dr̂;  dẑ = dz ⊙ z(1 - z) -> d xw_z = d hw_z = dẑ.
 * `gates` receives [r | z | n] (B, 3H) as plain values, for diagnostics.
 */
export function gruCell(xw: Tensor, hw: Tensor, hPrev: Tensor, gates?: Float64Array): Tensor {
  const [B, H] = hPrev.shape;
  const H3 = 3 * H;
  const act = gates ?? new Float64Array(B * H3); // [r | z | n] per row
  const h = new Float64Array(B * H);
  const X = xw.data, R = hw.data, P = hPrev.data;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const g = b * H3 + j, k = b * H + j;
      const r = sigmoid(X[g] + R[g]);
      const z = sigmoid(X[g + H] + R[g + H]);
      const n = Math.tanh(X[g + 2 * H] + r * R[g + 2 * H]);
      act[g] = r;
      act[g + H] = z;
      act[g + 2 * H] = n;
      h[k] = (1 - z) * n + z * P[k];
    }
  }
  return record(new Tensor(h, [B, H]), "gruCell", [xw, hw, hPrev], (dh) => {
    const gGates = new Float64Array(B * H3); // d pre-activations, shared by xw and hw except n
    const gHw = new Float64Array(B * H3);
    const gPrev = new Float64Array(B * H);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const g = b * H3 + j, k = b * H + j;
        const r = act[g], z = act[g + H], n = act[g + 2 * H];
        const dn = dh[k] * (1 - z) * (1 - n * n);
        const dz = dh[k] * (P[k] - n) * z * (1 - z);
        const dr = dn * R[g + 2 * H] * r * (1 - r);
        gGates[g] = dr;
        gGates[g + H] = dz;
        gGates[g + 2 * H] = dn;
        gHw[g] = dr;
        gHw[g + H] = dz;
        gHw[g + 2 * H] = dn * r;
        gPrev[k] = dh[k] * z;
      }
    }
    if (xw.requiresGrad) accumulate(xw, gGates, true);
    if (hw.requiresGrad) accumulate(hw, gHw, true);
    if (hPrev.requiresGrad) accumulate(hPrev, gPrev, true);
  });
}
