/**
 * Element-wise ops with NumPy broadcasting, each with its backward beside its forward.
 *
 * For out = f(a, b) broadcast to a common shape, the chain rule gives
 *   dL/da = reduce_to_shape_of_a( dL/dout * ∂f/∂a ),
 * where the reduction sums over the axes along which `a` was repeated.
 */

import { accumulate, record } from "../autodiff/engine.js";
import { broadcastIndex, broadcastShapes, sameShape, sizeOf, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

type Kind = "add" | "sub" | "mul" | "div";

/** Flat index of each output element in a and b (identity when shapes already agree). */
interface Broadcast {
  shape: Shape;
  ia: Int32Array | null; // null: a has the output's shape
  ib: Int32Array | null;
}

function plan(op: string, a: Tensor, b: Tensor): Broadcast {
  if (sameShape(a.shape, b.shape)) return { shape: a.shape, ia: null, ib: null };
  const shape = broadcastShapes(op, a.shape, b.shape);
  return {
    shape,
    ia: sameShape(a.shape, shape) ? null : broadcastIndex(a.shape, shape),
    ib: sameShape(b.shape, shape) ? null : broadcastIndex(b.shape, shape),
  };
}

function forward(kind: Kind, a: Float64Array, b: Float64Array, out: Float64Array, ia: Int32Array | null, ib: Int32Array | null): void {
  const n = out.length;
  if (ia === null && ib === null) {
    switch (kind) {
      case "add": for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; break;
      case "sub": for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; break;
      case "mul": for (let i = 0; i < n; i++) out[i] = a[i] * b[i]; break;
      case "div": for (let i = 0; i < n; i++) out[i] = a[i] / b[i]; break;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const x = a[ia === null ? i : ia[i]];
    const y = b[ib === null ? i : ib[i]];
    out[i] = kind === "add" ? x + y : kind === "sub" ? x - y : kind === "mul" ? x * y : x / y;
  }
}

/** Sums g (of the broadcast shape) back onto a tensor of `size` values through `index`. */
function reduceTo(g: Float64Array, index: Int32Array | null, size: number): Float64Array {
  if (index === null) return g;
  const out = new Float64Array(size);
  for (let i = 0; i < g.length; i++) out[index[i]] += g[i];
  return out;
}

function binary(kind: Kind, a: Tensor, b: Tensor): Tensor {
  const p = plan(kind, a, b);
  const out = new Float64Array(sizeOf(p.shape));
  forward(kind, a.data, b.data, out, p.ia, p.ib);
  const result = new Tensor(out, p.shape);
  return record(result, kind, [a, b], (dy) => {
    const n = dy.length;
    if (a.requiresGrad) {
      let ga: Float64Array;
      if (kind === "add" || kind === "sub") ga = dy;
      else {
        // d(a*b)/da = b ;  d(a/b)/da = 1/b
        ga = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const y = b.data[p.ib === null ? i : p.ib[i]];
          ga[i] = kind === "mul" ? dy[i] * y : dy[i] / y;
        }
      }
      const reduced = reduceTo(ga, p.ia, a.size);
      accumulate(a, reduced, reduced !== dy);
    }
    if (b.requiresGrad) {
      let gb: Float64Array;
      if (kind === "add") gb = dy;
      else {
        // d(a-b)/db = -1 ;  d(a*b)/db = a ;  d(a/b)/db = -a/b²
        gb = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const x = a.data[p.ia === null ? i : p.ia[i]];
          const y = b.data[p.ib === null ? i : p.ib[i]];
          gb[i] = kind === "sub" ? -dy[i] : kind === "mul" ? dy[i] * x : (-dy[i] * x) / (y * y);
        }
      }
      const reduced = reduceTo(gb, p.ib, b.size);
      accumulate(b, reduced, reduced !== dy);
    }
  });
}

const asTensor = (x: Tensor | number): Tensor => (x instanceof Tensor ? x : new Tensor(Float64Array.of(x), []));

/** a + b, broadcasting. */
export const add = (a: Tensor, b: Tensor | number): Tensor => binary("add", a, asTensor(b));
/** a - b, broadcasting. */
export const sub = (a: Tensor, b: Tensor | number): Tensor => binary("sub", a, asTensor(b));
/** a * b element-wise (not matrix product: see matmul), broadcasting. */
export const mul = (a: Tensor, b: Tensor | number): Tensor => binary("mul", a, asTensor(b));
/** a / b element-wise, broadcasting. */
export const div = (a: Tensor, b: Tensor | number): Tensor => binary("div", a, asTensor(b));

/**
 * Builds a unary element-wise op from its value and its derivative.
 * `derivative(x, y)` gets the input and the output, so ops like exp or tanh can reuse y.
 */
export function unaryOp(name: string, value: (x: number) => number, derivative: (x: number, y: number) => number): (a: Tensor) => Tensor {
  return (a: Tensor) => {
    const x = a.data;
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = value(x[i]);
    const out = new Tensor(y, a.shape);
    return record(out, name, [a], (dy) => {
      const g = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) g[i] = dy[i] * derivative(x[i], y[i]);
      accumulate(a, g, true);
    });
  };
}

/** -a */
export const neg = unaryOp("neg", (x) => -x, () => -1);
/** e^a */
export const exp = unaryOp("exp", Math.exp, (_x, y) => y);
/** Natural logarithm. */
export const log = unaryOp("log", Math.log, (x) => 1 / x);
/** Square root. */
export const sqrt = unaryOp("sqrt", Math.sqrt, (_x, y) => 0.5 / y);
/** a² */
export const square = unaryOp("square", (x) => x * x, (x) => 2 * x);
/** |a| (derivative taken as 0 at 0). */
export const abs = unaryOp("abs", Math.abs, (x) => Math.sign(x));

/** a^p for a constant exponent p. */
export function pow(a: Tensor, p: number): Tensor {
  return unaryOp(`pow(${p})`, (x) => x ** p, (x) => p * x ** (p - 1))(a);
}

/** c · a for a constant c (cheaper than mul with a scalar tensor). */
export function scale(a: Tensor, c: number): Tensor {
  const y = new Float64Array(a.size);
  for (let i = 0; i < y.length; i++) y[i] = a.data[i] * c;
  return record(new Tensor(y, a.shape), "scale", [a], (dy) => {
    const g = new Float64Array(dy.length);
    for (let i = 0; i < g.length; i++) g[i] = dy[i] * c;
    accumulate(a, g, true);
  });
}
