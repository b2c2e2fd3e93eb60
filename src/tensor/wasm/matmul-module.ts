/**
 * The WebAssembly SIMD matmul kernel, written as instructions for `encoder.ts`.
 *
 * `mm(a, sai, sap, b, ldb, c, ldc, m, k, n)` computes C (m, n) = A (m, k) · B (k, n) in float64,
 * reading A(i, p) at byte address a + i·sai + p·sap (so A may be stored either way round: sai = 8k,
 * sap = 8 for row-major, sai = 8, sap = 8m for a transposed (k, m) array), B(p, j) at b + p·ldb + 8j
 * and writing C(i, j) at c + i·ldc + 8j. All in the module's own memory (the caller copies in/out).
 *
 * It walks C in tiles. The main tile is 4 rows x 4 columns: eight f64x2 accumulators stay in
 * registers while p runs over k, and each p loads two vectors of B and four scalars of A
 * (splatted): 32 flops per 6 loads. That ratio of arithmetic to memory traffic is what register
 * blocking buys. Edges use the same loop with fewer rows (1) or columns (2, or 1 in scalar f64).
 *
 * Sketch of a tile (R rows, 4 columns):
 *   pa_r = aRow + r·sai (r < R); acc = 0
 *   do { b0, b1 = B[pb], B[pb + 16]; for r: x = splat(A[pa_r]); acc[r] += x·(b0, b1); pa_r += sap
 *        pb += ldb } while (--k)
 *   store acc[r] at pc + r·ldc
 * The caller guarantees m, k, n >= 1.
 */

import { F64, I32, op, V128, type FunctionDef } from "./encoder.js";

// tile(aRow, sai, sap, pb, ldb, pc, ldc, k): parameter indices
const P_A = 0, P_SAI = 1, P_SAP = 2, P_B = 3, P_LDB = 4, P_C = 5, P_LDC = 6, P_K = 7;
const TILE_PARAMS = 8;

/** Column shapes of a tile: 4 columns (two f64x2), 2 (one f64x2), 1 (scalar f64). */
type Cols = 4 | 2 | 1;

function tileName(rows: number, cols: Cols): string {
  return `tile${rows}x${cols}`;
}

/** One tile function: R rows x `cols` columns of C, the full sum over p. */
function tile(rows: number, cols: Cols): FunctionDef {
  const vec = cols !== 1;
  const nb = cols === 4 ? 2 : 1; // B values (vectors or scalars) per p
  const T = vec ? V128 : F64;
  // Locals after the parameters: row pointers, then B values, x, accumulators.
  const PA = TILE_PARAMS; // PA .. PA + rows - 1 (i32)
  const B0 = PA + rows; // B0 .. B0 + nb - 1
  const X = B0 + nb;
  const ACC = X + 1; // ACC + r * nb + v
  const locals = [...new Array<number>(rows).fill(I32), ...new Array<number>(nb + 1 + rows * nb).fill(T)];

  const load = (offset: number) => (vec ? op.v128Load(offset) : op.f64Load(offset));
  const body: number[][] = [];
  for (let r = 0; r < rows; r++) {
    body.push(op.localGet(P_A));
    if (r > 0) body.push(op.localGet(P_SAI), op.i32Const(r), op.i32Mul(), op.i32Add());
    body.push(op.localSet(PA + r));
  }
  for (let s = 0; s < rows * nb; s++) body.push(vec ? op.v128Zero() : op.f64Const0(), op.localSet(ACC + s));
  body.push(op.loop());
  for (let v = 0; v < nb; v++) body.push(op.localGet(P_B), load(16 * v), op.localSet(B0 + v));
  for (let r = 0; r < rows; r++) {
    body.push(op.localGet(PA + r), vec ? op.v128Load64Splat(0) : op.f64Load(0), op.localSet(X));
    for (let v = 0; v < nb; v++) {
      const s = ACC + r * nb + v;
      body.push(op.localGet(s), op.localGet(X), op.localGet(B0 + v));
      body.push(vec ? op.f64x2Mul() : op.f64Mul(), vec ? op.f64x2Add() : op.f64Add(), op.localSet(s));
    }
    body.push(op.localGet(PA + r), op.localGet(P_SAP), op.i32Add(), op.localSet(PA + r));
  }
  body.push(op.localGet(P_B), op.localGet(P_LDB), op.i32Add(), op.localSet(P_B));
  body.push(op.localGet(P_K), op.i32Const(1), op.i32Sub(), op.localTee(P_K), op.brIf(0));
  body.push(op.end());
  // Store row r at pc + r * ldc (pc is advanced row by row).
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < nb; v++) {
      body.push(op.localGet(P_C), op.localGet(ACC + r * nb + v), vec ? op.v128Store(16 * v) : op.f64Store(0));
    }
    if (r < rows - 1) body.push(op.localGet(P_C), op.localGet(P_LDC), op.i32Add(), op.localSet(P_C));
  }
  return { name: tileName(rows, cols), params: new Array<number>(TILE_PARAMS).fill(I32), locals, body };
}

// mm(a, sai, sap, b, ldb, c, ldc, m, k, n): parameter and local indices
const M_A = 0, M_SAI = 1, M_SAP = 2, M_B = 3, M_LDB = 4, M_C = 5, M_LDC = 6, M_M = 7, M_K = 8, M_N = 9;
const I = 10, J = 11, AROW = 12, CROW = 13;

/**
 * The driver: row blocks of 4 (then single rows), and in each, column tiles of 4, then 2, then 1.
 * `tiles` maps a tile's name to its function index.
 */
function driver(tiles: Map<string, number>): FunctionDef {
  const body: number[][] = [];
  // Calls tile(rows, cols) at (AROW, column J), C at CROW + 8 J.
  const callTile = (rows: number, cols: Cols): number[][] => [
    op.localGet(AROW), op.localGet(M_SAI), op.localGet(M_SAP),
    op.localGet(M_B), op.localGet(J), op.i32Const(3), op.i32Shl(), op.i32Add(), op.localGet(M_LDB),
    op.localGet(CROW), op.localGet(J), op.i32Const(3), op.i32Shl(), op.i32Add(), op.localGet(M_LDC),
    op.localGet(M_K), op.call(tiles.get(tileName(rows, cols)) as number),
  ];
  // One row block of `rows` rows: all its column tiles.
  const rowBlock = (rows: number): number[][] => [
    op.i32Const(0), op.localSet(J),
    // while (J + 4 <= n) { tile 4; J += 4 }
    op.block(), op.loop(),
    op.localGet(J), op.i32Const(4), op.i32Add(), op.localGet(M_N), op.i32GtU(), op.brIf(1),
    ...callTile(rows, 4),
    op.localGet(J), op.i32Const(4), op.i32Add(), op.localSet(J), op.br(0),
    op.end(), op.end(),
    // if (J + 2 <= n) { tile 2; J += 2 }
    op.localGet(J), op.i32Const(2), op.i32Add(), op.localGet(M_N), op.i32LeU(), op.if_(),
    ...callTile(rows, 2),
    op.localGet(J), op.i32Const(2), op.i32Add(), op.localSet(J),
    op.end(),
    // if (J < n) tile 1
    op.localGet(J), op.localGet(M_N), op.i32LtU(), op.if_(), ...callTile(rows, 1), op.end(),
  ];
  // Advance to the next block of `rows` rows.
  const nextRows = (rows: number): number[][] => [
    op.localGet(AROW), op.localGet(M_SAI), op.i32Const(rows), op.i32Mul(), op.i32Add(), op.localSet(AROW),
    op.localGet(CROW), op.localGet(M_LDC), op.i32Const(rows), op.i32Mul(), op.i32Add(), op.localSet(CROW),
    op.localGet(I), op.i32Const(rows), op.i32Add(), op.localSet(I),
  ];
  body.push(op.localGet(M_A), op.localSet(AROW), op.localGet(M_C), op.localSet(CROW), op.i32Const(0), op.localSet(I));
  // while (I + 4 <= m) { row block of 4 }
  body.push(op.block(), op.loop());
  body.push(op.localGet(I), op.i32Const(4), op.i32Add(), op.localGet(M_M), op.i32GtU(), op.brIf(1));
  body.push(...rowBlock(4), ...nextRows(4), op.br(0));
  body.push(op.end(), op.end());
  // while (I < m) { single row }
  body.push(op.block(), op.loop());
  body.push(op.localGet(I), op.localGet(M_M), op.i32GeU(), op.brIf(1));
  body.push(...rowBlock(1), ...nextRows(1), op.br(0));
  body.push(op.end(), op.end());
  return { name: "mm", params: new Array<number>(10).fill(I32), locals: new Array<number>(4).fill(I32), body };
}

/**
 * The matmul functions: the tiles, then `mm`. They must come first in the module: `mm` calls the
 * tiles by their index, 0 to 5.
 */
export function matmulFunctions(): FunctionDef[] {
  const tileDefs: FunctionDef[] = [];
  for (const rows of [4, 1]) for (const cols of [4, 2, 1] as Cols[]) tileDefs.push(tile(rows, cols));
  const tiles = new Map(tileDefs.map((t, i) => [t.name, i]));
  return [...tileDefs, driver(tiles)];
}
