/**
 * The hot loops. Everything above this file reads like the math; everything in it is a plain
 * indexed loop over flat Float64Arrays, written for V8 to compile well (monomorphic, no closures,
 * no per-element allocation), or a call into the WebAssembly SIMD kernels of ./wasm/ for the
 * loops that dominate training: matrix products, tanh and sigmoid. Matrices are row-major:
 * element (i, j) of an (m, n) matrix is at i * n + j.
 */

import { wasmActivation, wasmActivationBlocks } from "./wasm/activations.js";
import { wasmMatmul, wasmMatmulAvailable } from "./wasm/matmul.js";

// --- matrix products -----------------------------------------------------------------------
// Every dense layer runs three products per step (forward a·Wᵀ, backward dy·W and dyᵀ·a), so
// they dominate training time. Two implementations:
//   - a WebAssembly SIMD kernel (wasm/matmul.ts), 4x4 register tiles in f64x2: about 17 GFLOP/s
//     on this project's layer sizes, 4-5x the plain loops below, used whenever the engine has
//     WebAssembly SIMD (Node >= 16.4, every current browser);
//   - plain loops (matmulNNJs...), for tiny products (where copying into the kernel's memory
//     costs more than it saves) and for engines without WebAssembly SIMD.
// They sum in different orders, so they agree to rounding, not bit for bit.

/**
 * Products with fewer multiply-adds than this stay in plain JavaScript. Measured: at 4x4x4 plain
 * loops win (0.06 vs 0.11 µs), from 8x8x8 on the kernel does (0.18 vs 0.27 µs), at 32x32x32 it is
 * 3.3x faster.
 */
export const WASM_MIN_WORK = 256;

let wasmEnabled = true;

/**
 * Chooses the implementation of the matmul, tanh and sigmoid kernels: "auto" (WebAssembly SIMD
 * when available, the default) or "js" (plain loops everywhere). Returns the one now in use.
 * For benchmarks and tests.
 * @example setKernelBackend("js") // compare speeds, or rule the kernels out when debugging
 */
export function setKernelBackend(backend: "auto" | "js"): "wasm" | "js" {
  wasmEnabled = backend === "auto";
  return kernelBackend();
}

/** The implementation the matmul, tanh and sigmoid kernels use now (beyond their size thresholds). */
export function kernelBackend(): "wasm" | "js" {
  return wasmEnabled && wasmMatmulAvailable() ? "wasm" : "js";
}

/**
 * Products whose operands and result together exceed this many values (256 MB) stay in plain
 * JavaScript: the kernel's memory only grows, and a 32-bit WebAssembly memory has a hard limit.
 */
const WASM_MAX_VALUES = 2 ** 25;

const useWasm = (m: number, k: number, n: number): boolean =>
  wasmEnabled && m * k * n >= WASM_MIN_WORK && m * k + k * n + m * n <= WASM_MAX_VALUES && wasmMatmulAvailable();

/** out (m, n) = a (m, k) · b (k, n). */
export function matmulNN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  if (k === 0) out.fill(0);
  else if (useWasm(m, k, n)) wasmMatmul("NN", a, b, out, m, k, n);
  else matmulNNJs(a, b, out, m, k, n);
}

/** out (m, n) = a (m, k) · bᵀ, where b is (n, k): each entry is a dot product of two rows. */
export function matmulNT(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  if (k === 0) out.fill(0);
  else if (useWasm(m, k, n)) wasmMatmul("NT", a, b, out, m, k, n);
  else matmulNTJs(a, b, out, m, k, n);
}

/** out (m, n) = aᵀ · b, where a is (k, m) and b is (k, n): a sum of outer products of rows. */
export function matmulTN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  if (k === 0) out.fill(0);
  else if (useWasm(m, k, n)) wasmMatmul("TN", a, b, out, m, k, n);
  else matmulTNJs(a, b, out, m, k, n);
}

// The accumulating forms, out += product: for gradients summed over many uses of one weight (an
// RNN's W_h gets one contribution per time step). The kernel starts its sums from out instead
// of from zero, so no temporary product and no separate pass of additions.

/** out (m, n) += a (m, k) · b (k, n). */
export function matmulNNAdd(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  if (k === 0) return;
  if (useWasm(m, k, n)) wasmMatmul("NN", a, b, out, m, k, n, true);
  else addThrough(matmulNNJs, a, b, out, m, k, n);
}

/** out (m, n) += a (m, k) · bᵀ, where b is (n, k). */
export function matmulNTAdd(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  if (k === 0) return;
  if (useWasm(m, k, n)) wasmMatmul("NT", a, b, out, m, k, n, true);
  else addThrough(matmulNTJs, a, b, out, m, k, n);
}

/** out (m, n) += aᵀ · b, where a is (k, m) and b is (k, n). */
export function matmulTNAdd(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  if (k === 0) return;
  if (useWasm(m, k, n)) wasmMatmul("TN", a, b, out, m, k, n, true);
  else addThrough(matmulTNJs, a, b, out, m, k, n);
}

let product = new Float64Array(256); // the plain-loop accumulating forms compute here first

function addThrough(
  kernel: (a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number) => void,
  a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number,
): void {
  if (product.length < m * n) product = new Float64Array(m * n * 2);
  kernel(a, b, product, m, k, n);
  for (let i = 0; i < m * n; i++) out[i] += product[i];
}

/**
 * matmulNN in plain loops. Register blocking: a 2x4 block of out lives in eight local variables
 * while p runs over k, so each step loads 2 values of a and 4 of b for 8 multiply-adds (the
 * textbook i-p-j loop loads and stores out on every multiply-add). Measured on (128, 64)·(64, 64):
 * naive i-j-p 0.8 GFLOP/s, i-p-j unrolled by 4 2.7, 2 rows x i-p-j 4.4, 4x4 block 4.3 (V8 spills
 * sixteen accumulators), 2x4 block 4.6.
 */
export function matmulNNJs(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const r0 = i * k;
    const r1 = r0 + k;
    const o0 = i * n;
    const o1 = o0 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      for (let p = 0, bo = j; p < k; p++, bo += n) {
        const b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];
        const x0 = a[r0 + p];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        const x1 = a[r1 + p];
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
      }
      out[o0 + j] = c00; out[o0 + j + 1] = c01; out[o0 + j + 2] = c02; out[o0 + j + 3] = c03;
      out[o1 + j] = c10; out[o1 + j + 1] = c11; out[o1 + j + 2] = c12; out[o1 + j + 3] = c13;
    }
    for (; j < n; j++) {
      let s0 = 0, s1 = 0;
      for (let p = 0, bo = j; p < k; p++, bo += n) {
        const x = b[bo];
        s0 += a[r0 + p] * x;
        s1 += a[r1 + p] * x;
      }
      out[o0 + j] = s0;
      out[o1 + j] = s1;
    }
  }
  if (i < m) {
    // The last row when m is odd.
    const r0 = i * k;
    const o0 = i * n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0, bo = j; p < k; p++, bo += n) s += a[r0 + p] * b[bo];
      out[o0 + j] = s;
    }
  }
}

let scratch = new Float64Array(256); // transposed operands for the Js kernels; grown on demand

/** `x` (rows, cols) transposed into the shared scratch buffer, as (cols, rows). */
function transposeToScratch(x: Float64Array, rows: number, cols: number): Float64Array {
  if (scratch.length < rows * cols) scratch = new Float64Array(rows * cols * 2);
  const t = scratch;
  for (let r = 0; r < rows; r++) {
    const xo = r * cols;
    for (let c = 0; c < cols; c++) t[c * rows + r] = x[xo + c];
  }
  return t;
}

/**
 * matmulNT in plain loops: transposes b once (O(kn)) and runs the blocked NN loop (O(mkn)).
 * A single row (m = 1, a recurrent step with batch 1) is cheaper as n dot products.
 */
export function matmulNTJs(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  if (m >= 4) {
    matmulNNJs(a, transposeToScratch(b, n, k), out, m, k, n);
    return;
  }
  for (let i = 0; i < m; i++) {
    const ao = i * k;
    for (let j = 0; j < n; j++) {
      const bo = j * k;
      let s0 = 0, s1 = 0;
      let p = 0;
      for (; p + 1 < k; p += 2) {
        s0 += a[ao + p] * b[bo + p];
        s1 += a[ao + p + 1] * b[bo + p + 1];
      }
      if (p < k) s0 += a[ao + p] * b[bo + p];
      out[i * n + j] = s0 + s1;
    }
  }
}

/** matmulTN in plain loops: transposes a (k, m) into (m, k) once and runs the blocked NN loop. */
export function matmulTNJs(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  matmulNNJs(transposeToScratch(a, k, m), b, out, m, k, n);
}

// --- tanh and sigmoid -----------------------------------------------------------------------
// A deep tanh or sigmoid net, and every LSTM gate, evaluates these hundreds of thousands of times
// per step; Math.tanh and Math.exp are calls into C++ (15-40 ns each). The WebAssembly kernels
// (wasm/activation-module.ts) compute the same formulas as the C library, four values per pass,
// agreeing with Math.tanh and `sigmoidValue` to within 2 units in the last place (the tests'
// bound; sigmoid came out identical on 200,000 random values). Measured on 8192 values, CPU
// time: tanh 5.4 ns a value against 12.8 for Math.tanh, sigmoid 3.6 ns. Short arrays stay in
// JavaScript: copying in and out costs more than it saves.

/** Arrays shorter than this are computed in plain JavaScript. */
export const WASM_MIN_ACTIVATION = 64;

const useWasmActivation = (size: number): boolean =>
  wasmEnabled && size >= WASM_MIN_ACTIVATION && size <= WASM_MAX_VALUES / 2 && wasmMatmulAvailable();

/** The logistic sigmoid of one value, never overflowing: the definition the kernels follow. */
export function sigmoidValue(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** out[i] = tanh(x[i]). out may be x itself. */
export function tanhInto(x: Float64Array, out: Float64Array): void {
  if (useWasmActivation(x.length)) wasmActivation("tanh", x, out);
  else for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
}

/** out[i] = 1 / (1 + e^{-x[i]}), computed without overflow. out may be x itself. */
export function sigmoidInto(x: Float64Array, out: Float64Array): void {
  if (useWasmActivation(x.length)) wasmActivation("sigmoid", x, out);
  else for (let i = 0; i < x.length; i++) out[i] = sigmoidValue(x[i]);
}

/**
 * The LSTM's gate nonlinearities in one pass: z (rows, 4H) holds each row's pre-activations
 * [i | f | g | o]; out (rows, 4H) gets [σ(i) | σ(f) | tanh(g) | σ(o)]. Through the WebAssembly
 * kernels when H is a multiple of 4 (their blocks of four values must not straddle two gates).
 */
export function lstmGatesInto(z: Float64Array, out: Float64Array, rows: number, H: number): void {
  if (H % 4 === 0 && useWasmActivation(rows * 4 * H)) {
    wasmActivationBlocks(z, out, rows, 4 * H, [["sigmoid", 0, 2 * H], ["tanh", 2 * H, H], ["sigmoid", 3 * H, H]]);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * 4 * H;
    for (let j = o; j < o + 2 * H; j++) out[j] = sigmoidValue(z[j]);
    for (let j = o + 2 * H; j < o + 3 * H; j++) out[j] = Math.tanh(z[j]);
    for (let j = o + 3 * H; j < o + 4 * H; j++) out[j] = sigmoidValue(z[j]);
  }
}

/** Adds a row vector (n) to every row of x (m, n), in place. */
export function addRowInPlace(x: Float64Array, row: Float64Array, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) x[o + j] += row[j];
  }
}

/**
 * Column sums of x (m, n) into out (n): how a broadcast row's gradient is collected (a bias's
 * gradient is the column sums of dy). Four rows per pass: a quarter of the loads and stores of
 * out. Measured on (3200, 64), an RNN's input projection: 202 µs one row at a time, 126 µs.
 */
export function sumRows(x: Float64Array, out: Float64Array, m: number, n: number): void {
  out.fill(0);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let j = 0; j < n; j++) out[j] += x[o0 + j] + x[o1 + j] + x[o2 + j] + x[o3 + j];
  }
  for (; i < m; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) out[j] += x[o + j];
  }
}

/**
 * Sums `x`, viewed as (outer, axisSize, inner), over its middle axis into out (outer, inner).
 * Any reduction along one axis of a row-major tensor has this form.
 */
export function sumAxis(x: Float64Array, out: Float64Array, outer: number, axisSize: number, inner: number): void {
  out.fill(0);
  for (let o = 0; o < outer; o++) {
    const xo = o * axisSize * inner;
    const oo = o * inner;
    for (let a = 0; a < axisSize; a++) {
      const xa = xo + a * inner;
      for (let i = 0; i < inner; i++) out[oo + i] += x[xa + i];
    }
  }
}

/** The inverse of sumAxis's shape change: repeats g (outer, inner) along the middle axis. */
export function expandAxis(g: Float64Array, out: Float64Array, outer: number, axisSize: number, inner: number, scale: number): void {
  for (let o = 0; o < outer; o++) {
    const go = o * inner;
    const xo = o * axisSize * inner;
    for (let a = 0; a < axisSize; a++) {
      const xa = xo + a * inner;
      for (let i = 0; i < inner; i++) out[xa + i] = g[go + i] * scale;
    }
  }
}

/** Sum of squares, the inner part of every norm. */
export function sumSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}
