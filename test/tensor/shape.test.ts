import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadcastShapes, checkShape, normAxis, sameShape, sizeOf, stridesOf } from "../../src/tensor/shape.js";
import { broadcastPairArb, shapeArb } from "../ops/check-op.js";

describe("shape helpers", () => {
  it("sizeOf multiplies the sizes; a scalar holds one value", () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
  });

  it("row-major strides: stepping the last axis moves by 1", () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    fc.assert(fc.property(shapeArb, (s) => {
      const st = stridesOf(s);
      expect(st[s.length - 1]).toBe(1);
      expect(st[0] * s[0]).toBe(sizeOf(s));
    }));
  });

  it("broadcasting is symmetric, and each operand's sizes are 1 or the result's", () => {
    fc.assert(fc.property(broadcastPairArb, ([a, b]) => {
      const out = broadcastShapes("t", a, b);
      expect(out).toEqual(broadcastShapes("t", b, a));
      for (const s of [a, b]) {
        const aligned = [...new Array(out.length - s.length).fill(1), ...s];
        aligned.forEach((d, i) => expect(d === 1 || d === out[i]).toBe(true));
      }
    }));
  });

  it("incompatible sizes are named", () => {
    expect(() => broadcastShapes("mul", [2, 3], [4, 3])).toThrow(/mul: shapes \(2, 3\) and \(4, 3\) cannot be broadcast together/);
  });

  it("checkShape, sameShape, normAxis", () => {
    expect(() => checkShape("op", [3, 0])).toThrow(/op: shape \[3, 0\] is not valid/);
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([2], [2, 1])).toBe(false);
    expect(normAxis("sum", -1, 3)).toBe(2);
    expect(() => normAxis("sum", 3, 3)).toThrow(/sum: axis 3 is out of range for a tensor of rank 3; use 0..2/);
  });
});
