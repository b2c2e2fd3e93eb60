/**
 * WebAssembly SIMD tanh and sigmoid over float64 arrays, two values per instruction.
 *
 * Why: Math.tanh and Math.exp are calls into C++ costing 15-40 ns each, and a deep tanh MLP or an
 * LSTM evaluates hundreds of thousands of them per training step (a third of W1's and W4's time
 * before this kernel). Here they are straight-line vector arithmetic, no calls, no branches.
 *
 * The formulas are those of the C libraries JavaScript engines use (fdlibm, Cephes), so results
 * agree with Math.tanh and the library's sigmoid to a few units in the last place:
 *   exp(v): k = round(v / ln 2), r = v - k ln 2 (ln 2 split in two parts for exactness),
 *           exp(r) by fdlibm's rational approximation, times 2^k built from k's bits.
 *   tanh(x): |x| < 0.625: x + x z P(z) / Q(z), z = x² (Cephes);  else sign(x) (1 - 2 / (e^{2|x|} + 1)),
 *           with 2|x| capped at 44, where tanh is 1 to double precision.
 *   sigmoid(x): e = exp(-|x|); x >= 0: 1 / (1 + e);  x < 0: e / (1 + e)  (no overflow either way).
 * Each lane picks its branch with a bit mask (v128.bitselect), so NaN stays NaN and ±Infinity
 * gives ±1 (tanh) or 1 and 0 (sigmoid).
 */

import { I32, op, V128, type FunctionDef } from "./encoder.js";

type Expr = number[][];

const get = (local: number): Expr => [op.localGet(local)];

/**
 * Constants live in locals set once before the loop: a v128.const inside the loop costs V8 a few
 * instructions to materialize on every iteration (measured: 1.6x slower tanh).
 */
let constants = new Map<number, number>(); // value -> local index, for the function being built
let nextLocal = 0;
const c = (value: number): Expr => {
  let local = constants.get(value);
  if (local === undefined) {
    local = nextLocal++;
    constants.set(value, local);
  }
  return [op.localGet(local)];
};
const bin = (code: number[]) => (a: Expr, b: Expr): Expr => [...a, ...b, code];
const add = bin(op.f64x2Add());
const sub = bin(op.f64x2Sub());
const mul = bin(op.f64x2Mul());
const div = bin(op.f64x2Div());
const lt = bin(op.f64x2Lt());
/** mask ? a : b, lane by lane. */
const select = (a: Expr, b: Expr, mask: Expr): Expr => [...a, ...b, ...mask, op.v128Bitselect()];
/**
 * `local = e`, as one statement. The empty instruction at its end marks the statement's end (it
 * adds no bytes): `elementwise` uses the marks to interleave two independent computations.
 */
const set = (local: number, e: Expr): Expr => [...e, op.localSet(local), []];

/** Splits code made of `set` statements at their end marks. */
function statements(code: Expr): Expr[] {
  const out: Expr[] = [[]];
  for (const ins of code) {
    if (ins.length === 0) out.push([]);
    else out[out.length - 1].push(ins);
  }
  return out.filter((st) => st.length > 0);
}

// fdlibm e_exp.c
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const P = [1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.65339022054652515390e-6, 4.13813679705723846039e-8];
// Cephes tanh.c
const TP = [-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3];
const TQ = [1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3];

// Adding 1.5 * 2^52 rounds a double to an integer (to nearest, ties to even) and leaves that
// integer in the low bits of the sum's bit pattern: bits(v + SHIFTER) = bits(SHIFTER) + round(v).
const SHIFTER = 6755399441055744; // 1.5 * 2^52
const SHIFTER_BITS = 0x4338000000000000n;

/** 2^k from a vector of two i64 integers k (-1022 <= k <= 1023): the bits (k + 1023) << 52. */
const pow2 = (k: Expr): Expr => [...k, op.i64x2Const(1023n), op.i64x2Add(), op.i32Const(52), op.i64x2Shl()];

/**
 * Sets `out` to exp(v) for the local `v`, v in [-746, 88]. With `split`, 2^k is applied in two
 * halves so that results in the subnormal range (v < -708) come out right; without, v >= -708.
 * Uses the locals t0..t3.
 */
function exp(out: number, v: number, [kd, hi, r, t]: number[], split: boolean): Expr {
  const poly = P.reduceRight<Expr>((acc, coef) => (acc.length === 0 ? c(coef) : add(c(coef), mul(get(t), acc))), []);
  const k = sub(get(kd), c(SHIFTER)); // round(v / ln 2), as a double
  const ki: Expr = [op.localGet(kd), op.i64x2Const(SHIFTER_BITS), op.i64x2Sub()]; // the same, as i64
  const scale: Expr = split
    ? [
        ...ki, op.i32Const(1), op.i64x2ShrS(), op.localTee(hi), // k1 = k >> 1 (hi is free by then)
        ...pow2([]), op.localGet(r), ...[op.f64x2Mul()],
        ...pow2([...ki, op.localGet(hi), op.i64x2Sub()]), op.f64x2Mul(), // times 2^(k - k1)
      ]
    : [...pow2(ki), op.localGet(r), op.f64x2Mul()];
  return [
    ...set(kd, add(mul(get(v), c(INV_LN2)), c(SHIFTER))),
    ...set(hi, sub(get(v), mul(k, c(LN2_HI)))),
    // r = hi - lo, with lo = k ln2_lo
    ...set(r, sub(get(hi), mul(k, c(LN2_LO)))),
    ...set(t, mul(get(r), get(r))),
    // c = r - t P(t), kept in t
    ...set(t, sub(get(r), mul(get(t), poly))),
    // y = 1 - ((lo - r c / (2 - c)) - hi), kept in r
    ...set(r, sub(c(1), sub(sub(mul(k, c(LN2_LO)), div(mul(get(r), get(t)), sub(c(2), get(t)))), get(hi)))),
    ...set(out, scale),
  ];
}

/**
 * A function f(src, dst, n) applying `body` (which reads local X and leaves its result in local
 * Y) to n values starting at byte addresses src and dst, four at a time (two vectors); n must be
 * a multiple of 4.
 * Why two vectors per pass: one value's computation is a long chain of dependent instructions
 * (two divisions among them), and V8 keeps the instructions in the order written; interleaving the
 * statements of two independent chains gives the processor work while each waits. Measured: 1.25x.
 */
function elementwise(name: string, body: (X: number, Y: number, temps: number[]) => Expr, temps: number): FunctionDef {
  const SRC = 0, DST = 1, N = 2, END = 3;
  const XA = 4, YA = 5, XB = 6, YB = 7;
  const TA = Array.from({ length: temps }, (_, i) => 8 + i);
  const TB = Array.from({ length: temps }, (_, i) => 8 + temps + i);
  constants = new Map();
  nextLocal = 8 + 2 * temps;
  const a = statements(body(XA, YA, TA)); // allocates the constants' locals
  const b = statements(body(XB, YB, TB));
  const interleaved: Expr = a.flatMap((st, i) => [...st, ...b[i]]);
  const init: Expr = [...constants].flatMap(([value, local]) => [op.f64x2Const(value), op.localSet(local)]);
  return {
    name,
    params: [I32, I32, I32],
    locals: [I32, ...new Array<number>(4 + 2 * temps + constants.size).fill(V128)],
    body: [
      op.localGet(N), op.i32Eqz(), op.if_(), op.return_(), op.end(),
      ...init,
      op.localGet(SRC), op.localGet(N), op.i32Const(3), op.i32Shl(), op.i32Add(), op.localSet(END),
      op.loop(),
      op.localGet(SRC), op.v128Load(0), op.localSet(XA),
      op.localGet(SRC), op.v128Load(16), op.localSet(XB),
      ...interleaved,
      op.localGet(DST), op.localGet(YA), op.v128Store(0),
      op.localGet(DST), op.localGet(YB), op.v128Store(16),
      op.localGet(SRC), op.i32Const(32), op.i32Add(), op.localSet(SRC),
      op.localGet(DST), op.i32Const(32), op.i32Add(), op.localSet(DST),
      op.localGet(SRC), op.localGet(END), op.i32LtU(), op.brIf(0),
      op.end(),
    ],
  };
}

function tanhBody(X: number, Y: number, [ax, z, small, e, ...expTemps]: number[]): Expr {
  const p = add(mul(add(mul(c(TP[0]), get(z)), c(TP[1])), get(z)), c(TP[2]));
  const q = add(mul(add(mul(add(get(z), c(TQ[0])), get(z)), c(TQ[1])), get(z)), c(TQ[2]));
  return [
    ...set(ax, [...get(X), op.f64x2Abs()]),
    ...set(z, mul(get(X), get(X))),
    ...set(small, lt(get(ax), c(0.625))),
    // e^{2|x|}, with 2|x| capped at 44 where tanh is 1 to double precision (NaN stays NaN)
    ...set(e, [...add(get(ax), get(ax)), ...c(44), op.f64x2Pmin()]),
    ...exp(e, e, expTemps, false),
    // One division serves both branches: small x z P / Q, large 2 / (e + 1).
    ...set(e, div(select(mul(mul(get(X), get(z)), p), c(2), get(small)), select(q, add(get(e), c(1)), get(small)))),
    ...set(z, sub(c(1), get(e))), // large: 1 - 2 / (e + 1), then x's sign
    ...set(z, select([...get(z), op.f64x2Neg()], get(z), lt(get(X), c(0)))),
    // Below 2^-28, tanh(x) = x in double precision; taking x itself also keeps the sign of -0.
    ...set(e, select(get(X), add(get(X), get(e)), lt(get(ax), c(2 ** -28)))),
    ...set(Y, select(get(e), get(z), get(small))),
  ];
}

function sigmoidBody(X: number, Y: number, [e, d, ...expTemps]: number[]): Expr {
  return [
    // e = exp(-|x|), |x| capped at 746, where e rounds to 0 anyway
    ...set(e, [...get(X), op.f64x2Abs(), ...c(746), op.f64x2Pmin(), op.f64x2Neg()]),
    ...exp(e, e, expTemps, true),
    ...set(d, add(c(1), get(e))),
    // x >= 0: 1 / (1 + e);  x < 0: e / (1 + e)
    ...set(Y, div(select(get(e), c(1), lt(get(X), c(0))), get(d))),
  ];
}

/** The activation functions of the kernel module: tanh(src, dst, n), sigmoid(src, dst, n). */
export function activationFunctions(): FunctionDef[] {
  return [elementwise("tanh", tanhBody, 8), elementwise("sigmoid", sigmoidBody, 6)];
}
