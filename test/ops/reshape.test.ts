import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { sizeOf } from "../../src/tensor/shape.js";
import { tensor } from "../../src/tensor/tensor.js";
import { checkOp, runs, seedArb, shapeArb } from "./check-op.js";

const identity = (a: Float64Array) => Array.from(a);

describe("reshape and transpose", () => {
  it("reshape keeps row-major order; -1 infers a size", () => {
    fc.assert(fc.property(shapeArb, seedArb, (s, seed) => {
      const n = sizeOf(s);
      checkOp([s], (a) => ops.reshape(a, [n]), { seed, reference: identity });
      checkOp([s], (a) => ops.reshape(a, [1, -1]), { seed, reference: identity });
    }), runs);
    expect(ops.reshape(tensor([1, 2, 3, 4, 5, 6]), [-1, 2]).shape).toEqual([3, 2]);
  });

  it("reshape to a different size names both shapes", () => {
    expect(() => ops.reshape(tensor([1, 2, 3]), [2, 2])).toThrow(/reshape: cannot reshape \(3\) to \(2, 2\)/);
  });

  it("transpose: (m, n) -> (n, m)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), seedArb, (m, n, seed) => {
      checkOp([[m, n]], ops.transpose, {
        seed,
        reference: (a) => Array.from({ length: m * n }, (_, k) => a[(k % m) * n + Math.floor(k / m)]),
      });
    }), runs);
  });
});

describe("slice, concat, stack", () => {
  const sliceCase = shapeArb.chain((s) =>
    fc.integer({ min: 0, max: s.length - 1 }).chain((axis) =>
      fc.tuple(fc.constant(s), fc.constant(axis), fc.integer({ min: 0, max: s[axis] - 1 })).chain(([s2, ax, start]) =>
        fc.tuple(fc.constant(s2), fc.constant(ax), fc.constant(start), fc.integer({ min: start + 1, max: s2[ax] })),
      ),
    ),
  );

  it("slice [start, end) along any axis", () => {
    fc.assert(fc.property(sliceCase, seedArb, ([s, axis, start, end], seed) => {
      const outer = sizeOf(s.slice(0, axis)), size = s[axis], inner = sizeOf(s.slice(axis + 1));
      checkOp([s], (a) => ops.slice(a, axis, start, end), {
        seed,
        reference: (a) => {
          const out: number[] = [];
          for (let o = 0; o < outer; o++) for (let k = start; k < end; k++) for (let i = 0; i < inner; i++) out.push(a[(o * size + k) * inner + i]);
          return out;
        },
      });
    }), runs);
  });

  it("slices that cover an axis, concatenated, give the tensor back (and its gradient)", () => {
    checkOp([[3, 8]], (a) => ops.concat([ops.slice(a, 1, 0, 2), ops.slice(a, 1, 2, 5), ops.slice(a, 1, 5, 8)], 1), { reference: identity });
  });

  it("concat along any axis, with different sizes on that axis", () => {
    const concatCase = fc.tuple(shapeArb, fc.nat(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }));
    fc.assert(fc.property(concatCase, seedArb, ([s, axisSeed, ka, kb], seed) => {
      const axis = axisSeed % s.length;
      const sa = s.map((d, i) => (i === axis ? ka : d));
      const sb = s.map((d, i) => (i === axis ? kb : d));
      const outer = sizeOf(s.slice(0, axis)), inner = sizeOf(s.slice(axis + 1));
      checkOp([sa, sb], (a, b) => ops.concat([a, b], axis), {
        seed,
        reference: (a, b) => {
          const out: number[] = [];
          for (let o = 0; o < outer; o++) {
            out.push(...a.subarray(o * ka * inner, (o + 1) * ka * inner));
            out.push(...b.subarray(o * kb * inner, (o + 1) * kb * inner));
          }
          return out;
        },
      });
    }), runs);
  });

  it("stack along a new first and last axis", () => {
    fc.assert(fc.property(shapeArb.filter((s) => s.length < 3), seedArb, (s, seed) => {
      checkOp([s, s, s], (a, b, c) => ops.stack([a, b, c], 0), { seed, reference: (a, b, c) => [...a, ...b, ...c] });
      const n = sizeOf(s);
      checkOp([s, s], (a, b) => ops.stack([a, b], -1), {
        seed,
        reference: (a, b) => Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? a : b)[Math.floor(k / 2)]),
      });
    }), runs);
  });

  it("errors name the op and the problem", () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(() => ops.slice(a, 1, 2, 5)).toThrow(/slice: slice \[2, 5\) does not fit an axis of size 3/);
    expect(() => ops.concat([a, tensor([[1, 2]])], 0)).toThrow(/concat: shapes \(2, 3\) and \(1, 2\) differ outside axis 0/);
    expect(() => ops.stack([a, tensor([1, 2])])).toThrow(/stack: shapes/);
  });
});
