/**
 * Runs matrix products through the WebAssembly SIMD kernel of `matmul-module.ts`.
 *
 * The kernel reads packed copies of the operands from its own memory, so each call
 *   1. packs A (m, k) into 4-row panels and B (k, n) into 4-column panels, zero-padding the edges
 *      (any transpose is folded into the packing: the kernel only ever sees A · B);
 *   2. runs the kernel on the padded (mP, nP) problem;
 *   3. copies the (m, n) corner of C back into `out`.
 * Packing touches each input once and costs O(mk + kn), against O(mkn) for the product: it pays
 * for itself from sizes of a few thousand multiply-adds (see `WASM_MIN_WORK` in kernels.ts).
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
  mm: (aBase: number, aEnd: number, bBase: number, bEnd: number, cBase: number, k32: number, cRowBytes: number) => void;
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
    const exports = instance.exports as unknown as Kernel;
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
  const bytes = doubles * 8;
  const pages = Math.ceil((bytes - k.memory.buffer.byteLength) / 65536);
  k.memory.grow(pages);
  heap = new Float64Array(k.memory.buffer);
}

/**
 * out (m, n) = A · B where A(i, p) = a[i * aRow + p * aCol] and B(p, j) = b[p * bRow + j * bCol].
 * The strides express all three layouts: NN (a row-major, b row-major), NT (b given as (n, k)),
 * TN (a given as (k, m)). Requires m, k, n >= 1 and `wasmMatmulAvailable()`.
 */
export function wasmMatmul(
  a: Float64Array, aRow: number, aCol: number,
  b: Float64Array, bRow: number, bCol: number,
  out: Float64Array, m: number, k: number, n: number,
): void {
  const kern = kernel as Kernel;
  const mP = (m + 3) & ~3;
  const nP = (n + 3) & ~3;
  const aOff = 0; // offsets in doubles; each region starts 32-byte aligned since sizes are multiples of 4
  const bOff = mP * k;
  const cOff = bOff + k * nP;
  reserve(kern, cOff + mP * nP);
  const h = heap;

  // A: panel of rows i0..i0+3 at aOff + i0 * k, element (i0 + r, p) at + p * 4 + r.
  for (let i0 = 0; i0 < mP; i0 += 4) {
    const base = aOff + i0 * k;
    for (let r = 0; r < 4; r++) {
      const i = i0 + r;
      if (i < m) {
        const src = i * aRow;
        for (let p = 0, d = base + r; p < k; p++, d += 4) h[d] = a[src + p * aCol];
      } else {
        for (let p = 0, d = base + r; p < k; p++, d += 4) h[d] = 0;
      }
    }
  }
  // B: panel of columns j0..j0+3 at bOff + j0 * k, element (p, j0 + c) at + p * 4 + c.
  for (let j0 = 0; j0 < nP; j0 += 4) {
    const base = bOff + j0 * k;
    for (let c = 0; c < 4; c++) {
      const j = j0 + c;
      if (j < n) {
        const src = j * bCol;
        for (let p = 0, d = base + c; p < k; p++, d += 4) h[d] = b[src + p * bRow];
      } else {
        for (let p = 0, d = base + c; p < k; p++, d += 4) h[d] = 0;
      }
    }
  }

  kern.mm(aOff * 8, (aOff + mP * k) * 8, bOff * 8, (bOff + k * nP) * 8, cOff * 8, k * 32, nP * 8);

  for (let i = 0; i < m; i++) {
    const src = cOff + i * nP;
    const dst = i * n;
    for (let j = 0; j < n; j++) out[dst + j] = h[src + j];
  }
}
