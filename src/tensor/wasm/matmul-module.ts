/**
 * The WebAssembly SIMD matmul kernel, written as instructions for `encoder.ts`.
 *
 * `mm(a, sai, sap, b, ldb, c, ldc, m, k, n, add)` computes C (m, n) = A (m, k) · B (k, n) in
 * float64 (with add = 1: C += A · B), reading A(i, p) at byte address a + i·sai + p·sap (so A may
 * be stored either way round: sai = 8k, sap = 8 for row-major, sai = 8, sap = 8m for a transposed
 * (k, m) array), B(p, j) at b + p·ldb + 8j, and writing C(i, j) at c + i·ldc + 8j. `mmNT` takes
 * the same arguments for B stored (n, k) (see tileNT). All addresses are in the module's own
 * memory: the caller copies the operands in and the result out.
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

// tile(aRow, sai, sap, pb, ldb, pc, ldc, k, add): parameter indices
const P_A = 0, P_SAI = 1, P_SAP = 2, P_B = 3, P_LDB = 4, P_C = 5, P_LDC = 6, P_K = 7, P_ADD = 8;
const TILE_PARAMS = 9;

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
  // acc = add ? C : 0, so that with `add` the tile computes C += A · B.
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < nb; v++) {
      body.push(op.localGet(P_C));
      if (r > 0) body.push(op.localGet(P_LDC), op.i32Const(r), op.i32Mul(), op.i32Add());
      body.push(load(16 * v), vec ? op.v128Zero() : op.f64Const0(), op.localGet(P_ADD), op.select(), op.localSet(ACC + r * nb + v));
    }
  }
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

/**
 * Tiles of C = A · Bᵀ for B stored (n, k), both operands read along p, two p at a time: acc[r][c]
 * holds (even-p, odd-p) partial sums of row r of A against row c of B, added together at the end,
 * plus the last p when k is odd. 4 rows x 2 columns: 6 vector loads per 8 vector multiply-adds,
 * the same ratio as the NN tile, and no transposed copy of B.
 * Parameters (pa, lda, pb, ldb, pc, ldc, k, add): A(i0 + r, p) at pa + r lda + 8p, B(j0 + c, p)
 * at pb + c ldb + 8p, C(i0 + r, j0 + c) at pc + r ldc + 8c; with add = 1, C += the product.
 */
function tileNT(rows: number, cols: number): FunctionDef {
  const Q_A = 0, Q_LDA = 1, Q_B = 2, Q_LDB = 3, Q_C = 4, Q_LDC = 5, Q_K = 6, Q_ADD = 7;
  const PA = 8, PB = PA + rows, KK = PB + cols; // i32 locals
  const VB = KK + 1, X = VB + cols, ACC = X + 1; // v128 locals: ACC + r * cols + c
  const S = ACC + rows * cols; // f64 local
  const body: number[][] = [];
  for (let r = 0; r < rows; r++) {
    body.push(op.localGet(Q_A));
    if (r > 0) body.push(op.localGet(Q_LDA), op.i32Const(r), op.i32Mul(), op.i32Add());
    body.push(op.localSet(PA + r));
  }
  for (let c = 0; c < cols; c++) {
    body.push(op.localGet(Q_B));
    if (c > 0) body.push(op.localGet(Q_LDB), op.i32Const(c), op.i32Mul(), op.i32Add());
    body.push(op.localSet(PB + c));
  }
  for (let s = 0; s < rows * cols; s++) body.push(op.v128Zero(), op.localSet(ACC + s));
  body.push(op.localGet(Q_K), op.i32Const(1), op.i32ShrU(), op.localTee(KK), op.if_(), op.loop());
  for (let c = 0; c < cols; c++) body.push(op.localGet(PB + c), op.v128Load(0), op.localSet(VB + c));
  for (let r = 0; r < rows; r++) {
    body.push(op.localGet(PA + r), op.v128Load(0), op.localSet(X));
    for (let c = 0; c < cols; c++) {
      const a = ACC + r * cols + c;
      body.push(op.localGet(a), op.localGet(X), op.localGet(VB + c), op.f64x2Mul(), op.f64x2Add(), op.localSet(a));
    }
  }
  for (const ptr of [...Array.from({ length: rows }, (_, r) => PA + r), ...Array.from({ length: cols }, (_, c) => PB + c)]) {
    body.push(op.localGet(ptr), op.i32Const(16), op.i32Add(), op.localSet(ptr));
  }
  body.push(op.localGet(KK), op.i32Const(1), op.i32Sub(), op.localTee(KK), op.brIf(0));
  body.push(op.end(), op.end());
  // C(r, c) = lane 0 + lane 1 (+ the last p when k is odd; the pointers are already there, and
  // when k is even they point at memory that is read but not used).
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = ACC + r * cols + c;
      body.push(op.localGet(a), op.f64x2ExtractLane(0), op.localGet(a), op.f64x2ExtractLane(1), op.f64Add());
      body.push(op.localGet(PA + r), op.f64Load(0), op.localGet(PB + c), op.f64Load(0), op.f64Mul(), op.f64Const0());
      body.push(op.localGet(Q_K), op.i32Const(1), op.i32And(), op.select(), op.f64Add(), op.localSet(S));
      // with `add`: C += the sum
      body.push(op.localGet(Q_C), op.localGet(S), op.localGet(Q_C), op.f64Load(8 * c), op.f64Const0(), op.localGet(Q_ADD), op.select(), op.f64Add());
      body.push(op.f64Store(8 * c));
    }
    if (r < rows - 1) body.push(op.localGet(Q_C), op.localGet(Q_LDC), op.i32Add(), op.localSet(Q_C));
  }
  return {
    name: `tileNT${rows}x${cols}`,
    params: new Array<number>(8).fill(I32),
    locals: [...new Array<number>(rows + cols + 1).fill(I32), ...new Array<number>(cols + 1 + rows * cols).fill(V128), F64],
    body,
  };
}

// Drivers mm / mmNT (a, sai, sap, b, ldb, c, ldc, m, k, n, add): parameter and local indices
const M_A = 0, M_SAI = 1, M_SAP = 2, M_B = 3, M_LDB = 4, M_C = 5, M_LDC = 6, M_M = 7, M_K = 8, M_N = 9, M_ADD = 10;
const I = 11, J = 12, AROW = 13, CROW = 14;

/**
 * A driver: row blocks of 4 (then single rows), and in each, column tiles of the widths in
 * `colSteps` (the first repeated while it fits, the others at most once each).
 * `callTile(rows, cols)` emits the call of the tile at row AROW / CROW and column J.
 */
function driver(name: string, colSteps: number[], callTile: (rows: number, cols: number) => number[][]): FunctionDef {
  const body: number[][] = [];
  const rowBlock = (rows: number): number[][] => {
    const [first, ...rest] = colSteps;
    const code: number[][] = [
      op.i32Const(0), op.localSet(J),
      // while (J + first <= n) { tile; J += first }
      op.block(), op.loop(),
      op.localGet(J), op.i32Const(first), op.i32Add(), op.localGet(M_N), op.i32GtU(), op.brIf(1),
      ...callTile(rows, first),
      op.localGet(J), op.i32Const(first), op.i32Add(), op.localSet(J), op.br(0),
      op.end(), op.end(),
    ];
    for (const cols of rest) {
      // if (J + cols <= n) { tile; J += cols }
      code.push(op.localGet(J), op.i32Const(cols), op.i32Add(), op.localGet(M_N), op.i32LeU(), op.if_(),
        ...callTile(rows, cols), op.localGet(J), op.i32Const(cols), op.i32Add(), op.localSet(J), op.end());
    }
    return code;
  };
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
  return { name, params: new Array<number>(11).fill(I32), locals: new Array<number>(4).fill(I32), body };
}

/** 8 * J + base */
const offsetJ = (base: number): number[][] => [op.localGet(base), op.localGet(J), op.i32Const(3), op.i32Shl(), op.i32Add()];

/**
 * The matmul functions: the tiles, then the drivers `mm` (A · B, B row-major (k, n)) and `mmNT`
 * (A · Bᵀ, B stored (n, k)). They must come first in the module: the drivers call the tiles by
 * their index in this list.
 */
export function matmulFunctions(): FunctionDef[] {
  const tiles: FunctionDef[] = [];
  for (const rows of [4, 1]) for (const cols of [4, 2, 1] as Cols[]) tiles.push(tile(rows, cols));
  for (const rows of [4, 1]) for (const cols of [2, 1]) tiles.push(tileNT(rows, cols));
  const index = (name: string) => tiles.findIndex((t) => t.name === name);
  const mm = driver("mm", [4, 2, 1], (rows, cols) => [
    op.localGet(AROW), op.localGet(M_SAI), op.localGet(M_SAP),
    ...offsetJ(M_B), op.localGet(M_LDB), ...offsetJ(CROW), op.localGet(M_LDC),
    op.localGet(M_K), op.localGet(M_ADD), op.call(index(tileName(rows, cols as Cols))),
  ]);
  const mmNT = driver("mmNT", [2, 1], (rows, cols) => [
    op.localGet(AROW), op.localGet(M_SAI),
    op.localGet(M_B), op.localGet(J), op.localGet(M_LDB), op.i32Mul(), op.i32Add(), op.localGet(M_LDB), // row J of b
    ...offsetJ(CROW), op.localGet(M_LDC),
    op.localGet(M_K), op.localGet(M_ADD), op.call(index(`tileNT${rows}x${cols}`)),
  ]);
  return [...tiles, mm, mmNT];
}
