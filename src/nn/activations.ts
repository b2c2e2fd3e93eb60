/**
 * Activation functions. Each one offers three things:
 *   - `f(x)` and `df(x)`: plain number -> number functions, for derivation cells and charts;
 *   - an op on tensors (through `activate(x, name)` or the named exports), differentiable.
 * The op's backward uses df, written in terms of x and the already computed y = f(x) where that
 * is cheaper (sigmoid' = y (1 - y), tanh' = 1 - y²).
 *
 * At a kink the derivative takes the left-hand slope, as PyTorch and TensorFlow do: relu'(0) = 0 and
 * leakyRelu'(0) = LEAKY_SLOPE (also at -0), so a unit sitting exactly at z = 0 counts as off, as the
 * dead-unit diagnostic does (ELU with alpha = 1 has no kink: both sides give 1). NaN passes
 * through every f and df (identity's derivative is the constant 1): a NaN is shown, never hidden.
 */

import { accumulate, record } from "../autodiff/engine.js";
import { LibraryError, messages } from "../messages.js";
import { sigmoidInto, sigmoidValue, tanhInto } from "../tensor/kernels.js";
import { Tensor } from "../tensor/tensor.js";

export interface Activation {
  readonly name: ActivationName;
  /** The function itself. */
  readonly f: (x: number) => number;
  /** Its derivative. */
  readonly df: (x: number) => number;
  /** The derivative given both x and y = f(x); used by backward. */
  readonly dfxy: (x: number, y: number) => number;
}

export type ActivationName = "sigmoid" | "tanh" | "relu" | "leakyRelu" | "elu" | "gelu" | "softplus" | "identity";

export const LEAKY_SLOPE = 0.01; // the slope Maas et al. (2013) used; PyTorch's default too
const ELU_ALPHA = 1; // Clevert et al. (2016)
const GELU_C = Math.sqrt(2 / Math.PI);

const sigmoidF = sigmoidValue; // never overflows, for either sign of x
const softplusF = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

// GELU in the tanh form of Hendrycks & Gimpel (2016): x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))).
// JavaScript has no erf, and this form's derivative is exact for the function we compute.
const geluInner = (x: number) => GELU_C * (x + 0.044715 * x * x * x);
// Written with (1 + tanh u)/2 = σ(2u): for x below about -5, 1 + tanh u cancels to a few digits.
const geluF = (x: number) => x * sigmoidF(2 * geluInner(x));
const geluDf = (x: number) => {
  const s = sigmoidF(2 * geluInner(x));
  return s + 2 * x * s * (1 - s) * GELU_C * (1 + 3 * 0.044715 * x * x);
};

// The kinks take the left-hand slope (0 and LEAKY_SLOPE at x = 0); NaN gives NaN.
const reluDf = (x: number) => (x > 0 ? 1 : x <= 0 ? 0 : NaN);
const leakyDf = (x: number) => (x > 0 ? 1 : x <= 0 ? LEAKY_SLOPE : NaN);

const table: Record<ActivationName, Omit<Activation, "name">> = {
  sigmoid: { f: sigmoidF, df: (x) => sigmoidF(x) * (1 - sigmoidF(x)), dfxy: (_x, y) => y * (1 - y) },
  tanh: { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2, dfxy: (_x, y) => 1 - y * y },
  // `x <= 0 ? ... : ...` rather than `x > 0 ? ... : ...`: NaN fails both tests, and must come out NaN.
  relu: { f: (x) => (x <= 0 ? 0 : x), df: reluDf, dfxy: reluDf },
  leakyRelu: {
    f: (x) => (x > 0 ? x : LEAKY_SLOPE * x),
    df: leakyDf,
    dfxy: leakyDf,
  },
  elu: {
    f: (x) => (x > 0 ? x : ELU_ALPHA * Math.expm1(x)),
    df: (x) => (x > 0 ? 1 : ELU_ALPHA * Math.exp(x)),
    dfxy: (x, y) => (x > 0 ? 1 : y + ELU_ALPHA),
  },
  gelu: { f: geluF, df: geluDf, dfxy: (x) => geluDf(x) },
  softplus: { f: softplusF, df: sigmoidF, dfxy: (x) => sigmoidF(x) },
  identity: { f: (x) => x, df: () => 1, dfxy: () => 1 },
};

/** Every activation by name. */
export const activations: Readonly<Record<ActivationName, Activation>> = Object.fromEntries(
  Object.entries(table).map(([name, a]) => [name, { name, ...a }]),
) as Record<ActivationName, Activation>;

export const activationNames = Object.keys(table) as ActivationName[];

/** Looks an activation up by name, with an error listing the valid names. */
export function getActivation(name: string): Activation {
  // Own keys only: `in` would accept "__proto__" or "toString" from Object.prototype.
  if (typeof name !== "string" || !Object.hasOwn(table, name)) throw new LibraryError(messages.unknownActivation(String(name), activationNames));
  return activations[name as ActivationName];
}

/** Applies an activation element-wise, recording its backward. */
export function activate(x: Tensor, name: ActivationName | string): Tensor {
  const act = getActivation(name);
  const xs = x.data;
  const n = xs.length;
  const y = new Float64Array(n);
  // The three activations on every hot path get their own loops (V8 inlines them); the rest go
  // through the table's functions.
  if (act.name === "tanh") tanhInto(xs, y); // WebAssembly SIMD kernel: 2-3x faster than Math.tanh
  else if (act.name === "relu") for (let i = 0; i < n; i++) y[i] = xs[i] <= 0 ? 0 : xs[i]; // NaN stays NaN
  else if (act.name === "sigmoid") sigmoidInto(xs, y); // same formula as sigmoidF, vectorized
  else for (let i = 0; i < n; i++) y[i] = act.f(xs[i]);
  return record(new Tensor(y, x.shape), act.name, [x], (dy) => {
    const g = new Float64Array(n);
    if (act.name === "tanh") for (let i = 0; i < n; i++) g[i] = dy[i] * (1 - y[i] * y[i]);
    else if (act.name === "relu") for (let i = 0; i < n; i++) g[i] = xs[i] > 0 ? dy[i] : xs[i] <= 0 ? 0 : NaN;
    else if (act.name === "sigmoid") for (let i = 0; i < n; i++) g[i] = dy[i] * y[i] * (1 - y[i]);
    else for (let i = 0; i < n; i++) g[i] = dy[i] * act.dfxy(xs[i], y[i]);
    accumulate(x, g, true);
  });
}

export const sigmoid = (x: Tensor) => activate(x, "sigmoid");
export const tanh = (x: Tensor) => activate(x, "tanh");
export const relu = (x: Tensor) => activate(x, "relu");
export const leakyRelu = (x: Tensor) => activate(x, "leakyRelu");
export const elu = (x: Tensor) => activate(x, "elu");
export const gelu = (x: Tensor) => activate(x, "gelu");
export const softplus = (x: Tensor) => activate(x, "softplus");
