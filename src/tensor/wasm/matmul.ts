/**
 * Runs matrix products through the WebAssembly SIMD kernel of `matmul-module.ts`.
 *
 * The kernel works on its own memory, so each call
 *   1. copies a and b in: a plain block copy (memcpy) when the kernel can read the layout as it
 *      is (A row-major or transposed; B row-major), a transposing copy for B given as (n, k);
 *   2. runs the kernel, which writes C (m, n) row-major;
 *   3. copies C out with one block copy.
 * Copies cost O(mk + kn + mn) against O(mkn) for the product; for the smallest products they do
 * not pay, and kernels.ts keeps those in plain JavaScript (`WASM_MIN_WORK`).
 *
 * The module is compiled synchronously (`new WebAssembly.Module`) on first use, so importing the
 * library never needs top-level await (tslab loads it through require()). If WebAssembly or its
 * SIMD instructions are missing, `wasmMatmulAvailable()` is false and callers use plain loops.
 */

import { matmulModuleBytes } from "./matmul-module.js";

/** The part of the WebAssembly JS API used here (the project's lib setting has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface Kernel {
  memory: WasmMemory;
  mm: (a: number, sai: number, sap: number, b: number, ldb: number, c: number, ldc: number, m: number, k: number, n: number) => void;
}

let kernel: Kernel | null | undefined; // undefined: not tried yet; null: unavailable
let heap = new Float64Array(0); // a view of kernel.memory, renewed whenever the memory grows

function load(): Kernel | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return null;
    const bytes = matmulModuleBytes();
    if (!wasm.validate(bytes)) return null; // an engine without SIMD
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    const exports = instance.exports as Kernel;
    heap = new Float64Array(exports.memory.buffer);
    return exports;
  } catch {
    return null;
  }
}

/** Whether the WebAssembly kernel can run here (compiles it on the first call). */
export function wasmMatmulAvailable(): boolean {
  if (kernel === undefined) kernel = load();
  return kernel !== null;
}

/** Makes the kernel's memory hold at least `doubles` float64 values. */
function reserve(k: Kernel, doubles: number): void {
  if (heap.length >= doubles) return;
  const pages = Math.ceil((doubles * 8 - k.memory.buffer.byteLength) / 65536);
  k.memory.grow(pages);
  heap = new Float64Array(k.memory.buffer);
}

/** How the operands are stored: "NN" a (m, k), b (k, n); "NT" b is (n, k); "TN" a is (k, m). */
export type MatmulLayout = "NN" | "NT" | "TN";

/**
 * out (m, n) = A (m, k) · B (k, n) with a and b stored as `layout` says.
 * Requires m, k, n >= 1 and `wasmMatmulAvailable()`.
 */
export function wasmMatmul(layout: MatmulLayout, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  const kern = kernel as Kernel;
  // Regions in doubles, each a multiple of 2 so vectors stay 16-byte aligned.
  const aOff = 0;
  const bOff = aOff + ((m * k + 1) & ~1);
  const cOff = bOff + ((k * n + 1) & ~1);
  reserve(kern, cOff + m * n);
  const h = heap;
  h.set(a, aOff);
  if (layout === "NT") {
    // b is (n, k): write its transpose (k, n), row by row of b.
    for (let j = 0; j < n; j++) {
      const src = j * k;
      for (let p = 0, d = bOff + j; p < k; p++, d += n) h[d] = b[src + p];
    }
  } else {
    h.set(b, bOff);
  }
  // A(i, p): row-major (sai, sap) = (8k, 8); TN stores a as (k, m), so (8, 8m).
  const sai = layout === "TN" ? 8 : 8 * k;
  const sap = layout === "TN" ? 8 * m : 8;
  kern.mm(aOff * 8, sai, sap, bOff * 8, 8 * n, cOff * 8, 8 * n, m, k, n);
  out.set(h.subarray(cOff, cOff + m * n));
}
