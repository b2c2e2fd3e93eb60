/** Matrix products, and the fused affine map every dense layer uses. */

import { accumulate, record } from "../autodiff/engine.js";
import { LibraryError, messages } from "../messages.js";
import { addRowInPlace, matmulNN, matmulNT, matmulTN, sumRows } from "../tensor/kernels.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * a (m, k) · b (k, n) -> (m, n).
 * Backward: dL/da = dy · bᵀ (m, k),  dL/db = aᵀ · dy (k, n).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2) throw new LibraryError(messages.rankNeeded("matmul", "2-D (rows, cols)", a.shape));
  if (b.rank !== 2) throw new LibraryError(messages.rankNeeded("matmul", "2-D (rows, cols)", b.shape));
  const [m, k] = a.shape;
  const [kb, n] = b.shape;
  if (k !== kb) throw new LibraryError(messages.matmulInner("matmul", a.shape, b.shape, k, kb));
  const out = new Float64Array(m * n);
  matmulNN(a.data, b.data, out, m, k, n);
  return record(new Tensor(out, [m, n]), "matmul", [a, b], (dy) => {
    if (a.requiresGrad) {
      const ga = new Float64Array(m * k);
      matmulNT(dy, b.data, ga, m, n, k); // (m, n) · (k, n)ᵀ
      accumulate(a, ga, true);
    }
    if (b.requiresGrad) {
      const gb = new Float64Array(k * n);
      matmulTN(a.data, dy, gb, k, m, n); // (m, k)ᵀ · (m, n)
      accumulate(b, gb, true);
    }
  });
}

/**
 * The affine map of a dense layer: x (batch, in) · Wᵀ + b, with W (out, in) and b (out).
 * W is stored (out, in), as in the column-vector math z = W h + b, so `weight.at(i, j)` is the
 * weight from input j to unit i. Fused into one op: one output allocation instead of three.
 * Backward: dx = dy · W (batch, in);  dW = dyᵀ · x (out, in);  db = column sums of dy (out).
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  if (x.rank !== 2) throw new LibraryError(messages.rankNeeded("linear", "2-D (batch, features)", x.shape));
  const [batch, nIn] = x.shape;
  const [nOut, wIn] = weight.shape;
  if (wIn !== nIn) throw new LibraryError(messages.matmulInner("linear", x.shape, [wIn, nOut], nIn, wIn));
  const out = new Float64Array(batch * nOut);
  matmulNT(x.data, weight.data, out, batch, nIn, nOut);
  if (bias !== null) addRowInPlace(out, bias.data, batch, nOut);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record(new Tensor(out, [batch, nOut]), "linear", inputs, (dy) => {
    if (x.requiresGrad) {
      const gx = new Float64Array(batch * nIn);
      matmulNN(dy, weight.data, gx, batch, nOut, nIn);
      accumulate(x, gx, true);
    }
    if (weight.requiresGrad) {
      const gw = new Float64Array(nOut * nIn);
      matmulTN(dy, x.data, gw, nOut, batch, nIn);
      accumulate(weight, gw, true);
    }
    if (bias !== null && bias.requiresGrad) {
      const gb = new Float64Array(nOut);
      sumRows(dy, gb, batch, nOut);
      accumulate(bias, gb, true);
    }
  });
}
