import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import * as ops from "../../src/ops/index.js";
import { broadcastShapes, broadcastIndex, sizeOf } from "../../src/tensor/shape.js";
import { tensor } from "../../src/tensor/tensor.js";
import { broadcastPairArb, checkOp, runs, seedArb, shapeArb } from "./check-op.js";

/** Independent broadcasting reference: index each output element back into a and b by hand. */
function broadcastRef(f: (x: number, y: number) => number, sa: number[], sb: number[]) {
  return (a: Float64Array, b: Float64Array) => {
    const out = broadcastShapes("ref", sa, sb);
    const rank = out.length;
    const pa = [...new Array(rank - sa.length).fill(1), ...sa];
    const pb = [...new Array(rank - sb.length).fill(1), ...sb];
    const result: number[] = [];
    const idx = new Array(rank).fill(0);
    for (let n = 0; n < sizeOf(out); n++) {
      let r = n;
      for (let ax = rank - 1; ax >= 0; ax--) {
        idx[ax] = r % out[ax];
        r = Math.floor(r / out[ax]);
      }
      let ia = 0, ib = 0;
      for (let ax = 0; ax < rank; ax++) {
        ia = ia * pa[ax] + (pa[ax] === 1 ? 0 : idx[ax]);
        ib = ib * pb[ax] + (pb[ax] === 1 ? 0 : idx[ax]);
      }
      result.push(f(a[ia], b[ib]));
    }
    return result;
  };
}

describe("binary element-wise ops (broadcasting)", () => {
  const table = [
    ["add", ops.add, (x: number, y: number) => x + y, {}],
    ["sub", ops.sub, (x: number, y: number) => x - y, {}],
    ["mul", ops.mul, (x: number, y: number) => x * y, {}],
    ["div", ops.div, (x: number, y: number) => x / y, { awayFromZero: 0.5 }],
  ] as const;
  for (const [name, op, f, opts] of table) {
    it(`${name}: same shapes, random 1-D to 3-D`, () => {
      fc.assert(fc.property(shapeArb, seedArb, (s, seed) => {
        checkOp([s, s], op, { ...opts, seed, reference: broadcastRef(f, s, s) });
      }), runs);
    });
    it(`${name}: broadcast shapes`, () => {
      fc.assert(fc.property(broadcastPairArb, seedArb, ([sa, sb], seed) => {
        checkOp([sa, sb], op, { ...opts, seed, reference: broadcastRef(f, sa, sb) });
      }), runs);
    });
  }

  // One-line cases for the broadcasting patterns layers use.
  it.each([
    [[3, 4], [4]], // bias row
    [[3, 1], [1, 4]], // outer product shape
    [[2, 3, 4], [3, 1]],
    [[2, 3], []], // scalar tensor
    [[1], [2, 3, 4]],
  ])("mul %j with %j", (sa, sb) => {
    checkOp([sa, sb], ops.mul, { reference: broadcastRef((x, y) => x * y, sa, sb) });
  });

  it("a number as second operand", () => {
    checkOp([[2, 3]], (a) => ops.add(ops.mul(a, 3), 1), { reference: (a) => Array.from(a, (v) => 3 * v + 1) });
  });

  it("a value broadcast to many positions gets the sum of their gradients", () => {
    const b = tensor([2], undefined, { requiresGrad: true });
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    backward(ops.sum(ops.mul(a, b)));
    expect(b.grad!.data[0]).toBe(21); // Σ a: each of the six products contributes its a
  });

  it("incompatible shapes name the op and both shapes", () => {
    expect(() => ops.add(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow(/add: shapes \(1, 3\) and \(2\) cannot be broadcast/);
  });

  it("broadcastIndex agrees with the reference indexing", () => {
    fc.assert(fc.property(broadcastPairArb, ([sa, sb]) => {
      const out = broadcastShapes("t", sa, sb);
      const idx = broadcastIndex(sa, out);
      const a = Float64Array.from({ length: sizeOf(sa) }, (_, i) => i);
      const b = new Float64Array(sizeOf(sb));
      expect(Array.from(idx)).toEqual(broadcastRef((x) => x, sa, sb)(a, b));
    }), { numRuns: 50 });
  });
});

describe("unary element-wise ops", () => {
  const table = [
    ["neg", ops.neg, (x: number) => -x, {}],
    ["exp", ops.exp, Math.exp, {}],
    ["log", ops.log, Math.log, { range: [0.2, 3] as [number, number] }],
    ["sqrt", ops.sqrt, Math.sqrt, { range: [0.2, 3] as [number, number] }],
    ["square", ops.square, (x: number) => x * x, {}],
    ["abs", ops.abs, Math.abs, { awayFromZero: 0.1 }],
    ["pow(3)", (a: Parameters<typeof ops.neg>[0]) => ops.pow(a, 3), (x: number) => x ** 3, {}],
    ["pow(-1.5)", (a: Parameters<typeof ops.neg>[0]) => ops.pow(a, -1.5), (x: number) => x ** -1.5, { range: [0.3, 3] as [number, number] }],
    ["scale(-2.5)", (a: Parameters<typeof ops.neg>[0]) => ops.scale(a, -2.5), (x: number) => -2.5 * x, {}],
  ] as const;
  for (const [name, op, f, opts] of table) {
    it(`${name}: random shapes`, () => {
      fc.assert(fc.property(shapeArb, seedArb, (s, seed) => {
        checkOp([s], op, { ...opts, seed, reference: (a) => Array.from(a, f) });
      }), runs);
    });
  }
});
