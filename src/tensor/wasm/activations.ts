/**
 * tanh and sigmoid of whole arrays through the WebAssembly SIMD kernels of
 * `activation-module.ts`: copy in, one call, copy out.
 */

import { wasmHeap, wasmKernels, type WasmKernels } from "./runtime.js";

/** Whether the WebAssembly kernels can run here. */
export function wasmActivationsAvailable(): boolean {
  return wasmKernels() !== null;
}

/** out[i] = f(x[i]) for f = tanh or sigmoid. Requires `wasmActivationsAvailable()`. */
export function wasmActivation(f: "tanh" | "sigmoid", x: Float64Array, out: Float64Array): void {
  const kern = wasmKernels() as WasmKernels;
  const n = x.length;
  const even = (n + 1) & ~1; // the kernel works in pairs; the odd one out reads a stale value
  const h = wasmHeap(kern, 2 * even);
  h.set(x, 0);
  kern[f](0, even * 8, even);
  out.set(h.subarray(even, even + n));
}
