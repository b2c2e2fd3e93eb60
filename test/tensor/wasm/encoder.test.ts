import { describe, expect, it } from "vitest";
import { encodeModule, F64, I32, op, sleb, uleb } from "../../../src/tensor/wasm/encoder.js";
import { kernelModuleBytes } from "../../../src/tensor/wasm/runtime.js";

const wasm = (globalThis as unknown as {
  WebAssembly: {
    validate(b: Uint8Array): boolean;
    Module: new (b: Uint8Array) => object;
    Instance: new (m: object, i: object) => { exports: Record<string, unknown> };
  };
}).WebAssembly;

describe("LEB128", () => {
  // Worked examples from the DWARF / WebAssembly specifications' descriptions of LEB128.
  it("unsigned", () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  });
  it("signed", () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe("encodeModule", () => {
  it("emits a module the engine accepts and runs", () => {
    // f(a, b) stores a * b (as f64) at address 0 of the exported memory.
    const bytes = encodeModule([{
      name: "f",
      params: [F64, F64],
      locals: [I32],
      body: [op.i32Const(0), op.localGet(0), op.localGet(1), op.f64Mul(), op.f64Store(0)],
    }], 1);
    expect(wasm.validate(bytes)).toBe(true);
    const exports = new wasm.Instance(new wasm.Module(bytes), {}).exports as { f(a: number, b: number): void; memory: { buffer: ArrayBuffer } };
    exports.f(6, 7);
    expect(new Float64Array(exports.memory.buffer, 0, 1)[0]).toBe(42);
  });

  it("the kernel module validates and exports its functions", () => {
    const bytes = kernelModuleBytes();
    expect(wasm.validate(bytes)).toBe(true);
    const names = Object.keys(new wasm.Instance(new wasm.Module(bytes), {}).exports);
    for (const name of ["memory", "mm", "mmNT", "tanh", "sigmoid"]) expect(names).toContain(name);
  });
});
