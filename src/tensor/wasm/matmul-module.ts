/**
 * The WebAssembly SIMD matmul kernel, written as instructions for `encoder.ts`.
 *
 * It computes C (mP, nP) = A (mP, k) · B (k, nP) in float64 on operands packed into 4-wide panels:
 *   - A in panels of 4 rows, each panel stored p-major: A(i0 + r, p) at aPanel + (p * 4 + r) * 8;
 *   - B in panels of 4 columns, each stored p-major: B(p, j0 + c) at bPanel + (p * 4 + c) * 8;
 *   - C row-major with a row of `cRowBytes`.
 * The inner loop keeps a 4x4 block of C in eight f64x2 registers and, for each p, loads two
 * vectors of B and four scalars of A (splatted): 32 flops for 6 loads, all at constant offsets
 * from two pointers that move by 32 bytes. That ratio of arithmetic to memory traffic is what
 * register blocking buys; packing is what makes every load contiguous.
 *
 * WAT-like sketch of the function `mm(aBase, aEnd, bBase, bEnd, cBase, k32, cRowBytes)`:
 *   for (pa0 = aBase, cRow = cBase; pa0 < aEnd; pa0 += k32, cRow += 4 * cRowBytes)   // row panels
 *     for (pb = bBase, pc = cRow; pb < bEnd; pc += 32)                               // column panels
 *       acc[0..7] = 0; pa = pa0; pEnd = pa0 + k32
 *       do { b0, b1 = B[pb], B[pb + 16]; for r in 0..3: x = splat(A[pa + 8r]);
 *            acc[2r] += x * b0; acc[2r + 1] += x * b1; pa += 32; pb += 32 } while (pa < pEnd)
 *       store acc rows r at pc + r * cRowBytes
 * The caller guarantees k >= 1 and at least one panel each way.
 */

import { encodeModule, I32, op, V128 } from "./encoder.js";

// Parameter and local indices.
const A_BASE = 0, A_END = 1, B_BASE = 2, B_END = 3, C_BASE = 4, K32 = 5, C_ROW = 6;
const PA0 = 7, CROW = 8, PC = 9, PA = 10, PB = 11, PEND = 12, T = 13;
const B0 = 14, B1 = 15, X = 16, ACC = 17; // ACC .. ACC + 7

/** acc[slot] += x * b */
function fma(slot: number, b: number): number[][] {
  return [op.localGet(ACC + slot), op.localGet(X), op.localGet(b), op.f64x2Mul(), op.f64x2Add(), op.localSet(ACC + slot)];
}

function microKernel(): number[][] {
  const body: number[][] = [];
  for (let s = 0; s < 8; s++) body.push(op.v128Zero(), op.localSet(ACC + s));
  body.push(op.localGet(PA0), op.localSet(PA));
  body.push(op.localGet(PA0), op.localGet(K32), op.i32Add(), op.localSet(PEND));
  body.push(op.loop());
  body.push(op.localGet(PB), op.v128Load(0), op.localSet(B0));
  body.push(op.localGet(PB), op.v128Load(16), op.localSet(B1));
  for (let r = 0; r < 4; r++) {
    body.push(op.localGet(PA), op.v128Load64Splat(8 * r), op.localSet(X));
    body.push(...fma(2 * r, B0), ...fma(2 * r + 1, B1));
  }
  body.push(op.localGet(PA), op.i32Const(32), op.i32Add(), op.localSet(PA));
  body.push(op.localGet(PB), op.i32Const(32), op.i32Add(), op.localSet(PB));
  body.push(op.localGet(PA), op.localGet(PEND), op.i32LtU(), op.brIf(0));
  body.push(op.end());
  // Store the 4x4 block: row r at pc + r * cRowBytes.
  body.push(op.localGet(PC), op.localSet(T));
  for (let r = 0; r < 4; r++) {
    body.push(op.localGet(T), op.localGet(ACC + 2 * r), op.v128Store(0));
    body.push(op.localGet(T), op.localGet(ACC + 2 * r + 1), op.v128Store(16));
    if (r < 3) body.push(op.localGet(T), op.localGet(C_ROW), op.i32Add(), op.localSet(T));
  }
  return body;
}

function mmBody(): number[][] {
  return [
    op.localGet(A_BASE), op.localSet(PA0),
    op.localGet(C_BASE), op.localSet(CROW),
    op.loop(), // row panels
    op.localGet(B_BASE), op.localSet(PB),
    op.localGet(CROW), op.localSet(PC),
    op.loop(), // column panels; the micro-kernel leaves pb at the next panel
    ...microKernel(),
    op.localGet(PC), op.i32Const(32), op.i32Add(), op.localSet(PC),
    op.localGet(PB), op.localGet(B_END), op.i32LtU(), op.brIf(0),
    op.end(),
    op.localGet(PA0), op.localGet(K32), op.i32Add(), op.localSet(PA0),
    op.localGet(CROW), op.localGet(C_ROW), op.i32Const(2), op.i32Shl(), op.i32Add(), op.localSet(CROW),
    op.localGet(PA0), op.localGet(A_END), op.i32LtU(), op.brIf(0),
    op.end(),
  ];
}

/** The module's bytes: exports `memory` and `mm`. */
export function matmulModuleBytes(): Uint8Array {
  return encodeModule(
    [
      {
        name: "mm",
        params: [I32, I32, I32, I32, I32, I32, I32],
        locals: [...new Array<number>(7).fill(I32), ...new Array<number>(11).fill(V128)],
        body: mmBody(),
      },
    ],
    1,
  );
}
