/**
 * Runs matrix products through the WebAssembly SIMD kernel of `matmul-module.ts`.
 *
 * The kernel works on its own memory, so each call
 *   1. copies a and b in as they are, with two block copies (memcpy);
 *   2. runs the kernel for the layout (`mm` reads A row-major or transposed and B row-major,
 *      `mmNT` reads both along rows), which writes C (m, n) row-major;
 *   3. copies C out with one block copy.
 * Copies cost O(mk + kn + mn) against O(mkn) for the product; for the smallest products they do
 * not pay, and kernels.ts keeps those in plain JavaScript (`WASM_MIN_WORK`).
 */

import { wasmHeap, wasmKernels, type WasmKernels } from "./runtime.js";

/** Whether the WebAssembly kernels can run here (compiles them on the first call). */
export function wasmMatmulAvailable(): boolean {
  return wasmKernels() !== null;
}

/** How the operands are stored: "NN" a (m, k), b (k, n); "NT" b is (n, k); "TN" a is (k, m). */
export type MatmulLayout = "NN" | "NT" | "TN";

/**
 * out (m, n) = A (m, k) · B (k, n) with a and b stored as `layout` says; with `add`, out += A · B.
 * Requires m, k, n >= 1 and `wasmMatmulAvailable()`.
 */
export function wasmMatmul(
  layout: MatmulLayout, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, add = false,
): void {
  const kern = wasmKernels() as WasmKernels;
  // Regions in doubles, each starting at an even index so vectors stay 16-byte aligned.
  const aOff = 0;
  const bOff = aOff + ((m * k + 1) & ~1);
  const cOff = bOff + ((k * n + 1) & ~1);
  const h = wasmHeap(kern, cOff + m * n);
  // Callers may pass longer arrays (a reused buffer): only the first m·k, k·n, m·n values count.
  h.set(a.length === m * k ? a : a.subarray(0, m * k), aOff);
  h.set(b.length === k * n ? b : b.subarray(0, k * n), bOff);
  if (add) h.set(out.length === m * n ? out : out.subarray(0, m * n), cOff);
  const flag = add ? 1 : 0;
  if (layout === "NT") {
    kern.mmNT(aOff * 8, 8 * k, 8, bOff * 8, 8 * k, cOff * 8, 8 * n, m, k, n, flag);
  } else {
    // A(i, p): row-major (sai, sap) = (8k, 8); TN stores a as (k, m), so (8, 8m).
    const sai = layout === "TN" ? 8 : 8 * k;
    const sap = layout === "TN" ? 8 * m : 8;
    kern.mm(aOff * 8, sai, sap, bOff * 8, 8 * n, cOff * 8, 8 * n, m, k, n, flag);
  }
  out.set(h.subarray(cOff, cOff + m * n));
}
