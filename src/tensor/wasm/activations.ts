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

/**
 * Applies a different function to column blocks of each row of x (rows, width):
 * `blocks` lists [f, first column, number of columns], each start and count a multiple of 4
 * (the kernel's pass; a block must not share a pass with its neighbour). One copy in, one out,
 * one kernel call per block and row.
 */
export function wasmActivationBlocks(
  x: Float64Array, out: Float64Array, rows: number, width: number,
  blocks: ReadonlyArray<readonly ["tanh" | "sigmoid", number, number]>,
): void {
  const kern = wasmKernels() as WasmKernels;
  const size = rows * width;
  const h = wasmHeap(kern, 2 * size);
  h.set(x.length === size ? x : x.subarray(0, size), 0);
  const dst = size * 8;
  for (let r = 0; r < rows; r++) {
    const row = r * width * 8;
    for (const [f, start, count] of blocks) kern[f](row + start * 8, dst + row + start * 8, count);
  }
  out.set(h.subarray(size, 2 * size));
}
