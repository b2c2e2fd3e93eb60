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
  const padded = (n + 3) & ~3; // the kernel works in fours; up to 3 slots past n hold stale values
  const h = wasmHeap(kern, 2 * padded);
  h.set(x, 0);
  kern[f](0, padded * 8, padded);
  out.set(h.subarray(padded, padded + n));
}
