/**
 * The library's one WebAssembly module: built from `matmul-module.ts` and `activation-module.ts`
 * by `encoder.ts`, compiled synchronously on first use, with one memory that the wrappers
 * (matmul.ts, activations.ts) copy operands into and results out of.
 *
 * Synchronous compilation (`new WebAssembly.Module`) keeps the library free of top-level await,
 * which tslab needs (it loads ES modules through require()). Any failure (no WebAssembly, no SIMD,
 * a content security policy) makes `wasmKernels()` return null and callers use plain loops.
 */

import { activationFunctions } from "./activation-module.js";
import { encodeModule } from "./encoder.js";
import { matmulFunctions } from "./matmul-module.js";

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

/** The module's exports. Addresses and sizes are in bytes, counts in elements. */
export interface WasmKernels {
  memory: WasmMemory;
  /** C = A · B, or C += A · B with add = 1. */
  mm(a: number, sai: number, sap: number, b: number, ldb: number, c: number, ldc: number, m: number, k: number, n: number, add: number): void;
  /** Same arguments; B is stored (n, k) with rows ldb bytes apart (sap unused). */
  mmNT(a: number, sai: number, sap: number, b: number, ldb: number, c: number, ldc: number, m: number, k: number, n: number, add: number): void;
  tanh(src: number, dst: number, n: number): void;
  sigmoid(src: number, dst: number, n: number): void;
}

/** The module's bytes (a few kilobytes): matmul functions first, their call indices depend on it. */
export function kernelModuleBytes(): Uint8Array {
  return encodeModule([...matmulFunctions(), ...activationFunctions()], 1);
}

let kernels: WasmKernels | null | undefined; // undefined: not tried yet; null: unavailable
let heap = new Float64Array(0);

function load(): WasmKernels | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return null;
    const bytes = kernelModuleBytes();
    if (!wasm.validate(bytes)) return null; // an engine without SIMD
    const exports = new wasm.Instance(new wasm.Module(bytes), {}).exports as WasmKernels;
    heap = new Float64Array(exports.memory.buffer);
    return exports;
  } catch {
    return null;
  }
}

/** The compiled kernels, or null where WebAssembly SIMD is unavailable. Compiles on first call. */
export function wasmKernels(): WasmKernels | null {
  if (kernels === undefined) kernels = load();
  return kernels;
}

/**
 * A Float64Array view of the module's memory holding at least `doubles` values, growing the
 * memory if needed (growing detaches old views: always use the one returned).
 */
export function wasmHeap(k: WasmKernels, doubles: number): Float64Array {
  if (heap.length < doubles) {
    const pages = Math.ceil((doubles * 8 - k.memory.buffer.byteLength) / 65536);
    k.memory.grow(pages);
    heap = new Float64Array(k.memory.buffer);
  }
  return heap;
}
