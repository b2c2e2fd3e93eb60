/**
 * A tiny WebAssembly binary writer: just enough of the format (one memory, functions over i32,
 * f64 and v128 locals, structured loops) to emit the kernels of `matmul-module.ts` and
 * `activation-module.ts`.
 *
 * Why write bytes from TypeScript instead of shipping a compiled .wasm file: the kernel is
 * generated from readable source in this repository at load time, so nothing is downloaded or
 * built at install, the browser and Node load it the same way, and the module is small enough
 * (about 7 kB) that producing and compiling it costs about 10 ms, once, on first use.
 * Opcode numbers are those of the WebAssembly core specification 2.0 (SIMD included).
 */

/** Value type i32: addresses, counts, flags. */
export const I32 = 0x7f;
/** Value type f64: one double. */
export const F64 = 0x7c;
/** Value type v128: two doubles (f64x2) or two i64 (i64x2). */
export const V128 = 0x7b;

/** Unsigned LEB128, the format's variable-length integer. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A length-prefixed vector of already-encoded items. */
function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const SIMD = 0xfd;
const simd = (op: number): number[] => [SIMD, ...uleb(op)];
/** memarg: alignment as a power of two, then a constant byte offset added to the address. */
const memarg = (alignLog2: number, offset: number): number[] => [...uleb(alignLog2), ...uleb(offset)];

/** Instruction builders: each returns the instruction's bytes. */
export const op = {
  block: (): number[] => [0x02, 0x40],
  if_: (): number[] => [0x04, 0x40],
  call: (index: number): number[] => [0x10, ...uleb(index)],
  loop: (): number[] => [0x03, 0x40],
  end: (): number[] => [0x0b],
  return_: (): number[] => [0x0f],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  localGet: (i: number): number[] => [0x20, ...uleb(i)],
  localSet: (i: number): number[] => [0x21, ...uleb(i)],
  localTee: (i: number): number[] => [0x22, ...uleb(i)],
  i32Const: (v: number): number[] => [0x41, ...sleb(v)],
  i32Eqz: (): number[] => [0x45],
  i32LtU: (): number[] => [0x49],
  i32GtU: (): number[] => [0x4b],
  i32LeU: (): number[] => [0x4d],
  i32GeU: (): number[] => [0x4f],
  i32Add: (): number[] => [0x6a],
  i32Sub: (): number[] => [0x6b],
  i32Mul: (): number[] => [0x6c],
  i32Shl: (): number[] => [0x74],
  i32ShrU: (): number[] => [0x76],
  i32And: (): number[] => [0x71],
  /** cond ? a : b for numbers (stack: a, b, cond). */
  select: (): number[] => [0x1b],
  f64Load: (offset = 0): number[] => [0x2b, ...memarg(3, offset)],
  f64Store: (offset = 0): number[] => [0x39, ...memarg(3, offset)],
  f64Const0: (): number[] => [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  f64Add: (): number[] => [0xa0],
  f64Mul: (): number[] => [0xa2],
  v128Load: (offset = 0): number[] => [...simd(0x00), ...memarg(3, offset)],
  v128Load64Splat: (offset = 0): number[] => [...simd(0x0a), ...memarg(3, offset)],
  v128Store: (offset = 0): number[] => [...simd(0x0b), ...memarg(3, offset)],
  v128Zero: (): number[] => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  v128Const: (bytes: Uint8Array): number[] => [...simd(0x0c), ...bytes],
  /** Both lanes equal to c. */
  f64x2Const: (c: number): number[] => [...simd(0x0c), ...new Uint8Array(Float64Array.of(c, c).buffer)],
  v128Bitselect: (): number[] => simd(0x52),
  f64x2Lt: (): number[] => simd(0x49),
  f64x2Nearest: (): number[] => simd(0x94),
  f64x2Trunc: (): number[] => simd(0x7a),
  /** Both i64 lanes equal to c (|c| < 2^31). */
  i64x2Const: (c: bigint): number[] => [...simd(0x0c), ...new Uint8Array(BigInt64Array.of(c, c).buffer)],
  i64x2ExtendLowI32x4S: (): number[] => simd(0xc7),
  i64x2Shl: (): number[] => simd(0xcb),
  i64x2ShrS: (): number[] => simd(0xcc),
  i64x2Add: (): number[] => simd(0xce),
  i64x2Sub: (): number[] => simd(0xd1),
  f64x2Abs: (): number[] => simd(0xec),
  f64x2Neg: (): number[] => simd(0xed),
  f64x2ExtractLane: (lane: number): number[] => [...simd(0x21), lane],
  f64x2Add: (): number[] => simd(0xf0),
  f64x2Sub: (): number[] => simd(0xf1),
  f64x2Mul: (): number[] => simd(0xf2),
  f64x2Div: (): number[] => simd(0xf3),
  f64x2Min: (): number[] => simd(0xf4),
  /** Pseudo-minimum b < a ? b : a: one instruction (minpd), where f64x2.min's NaN rules need six. */
  f64x2Pmin: (): number[] => simd(0xf6),
  i32x4TruncSatF64x2SZero: (): number[] => simd(0xfc),
};

/** One function of a module: its export name, signature, locals and code. */
export interface FunctionDef {
  /** Exported under this name. */
  name: string;
  params: number[];
  /** Extra locals after the parameters, by type. */
  locals: number[];
  /** The body's instructions (without the final `end`). */
  body: number[][];
}

/**
 * A module with one exported memory ("memory", `initialPages` of 64 KiB) and the given functions,
 * all returning nothing. Function i has type i; the last ones may call the first ones by index.
 */
export function encodeModule(functions: FunctionDef[], initialPages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec([])]);
  const funcIndices = functions.map((_, i) => uleb(i));
  const memory = vec([[0x00, ...uleb(initialPages)]]); // limits: min only
  const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));
  const exports = vec([
    [...name("memory"), 0x02, 0x00], // export kind 2: memory 0
    ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]), // kind 0: function i
  ]);
  const bodies = functions.map((f) => {
    // Compress the locals into runs of one type.
    const runs: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      runs.push([...uleb(j - i), f.locals[i]]);
      i = j;
    }
    const code = [...vec(runs), ...f.body.flat(), 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vec(types)),
    ...section(3, vec(funcIndices)),
    ...section(5, memory),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ]);
}
