import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertFinite, full, ones, scalar, Tensor, tensor, zeros } from "../../src/tensor/tensor.js";
import { shapeArb } from "../ops/check-op.js";

/** Nested arrays of a given shape filled with 0, 1, 2, ... in row-major order. */
function nested(shape: number[], start = { v: 0 }): unknown {
  if (shape.length === 0) return start.v++;
  return Array.from({ length: shape[0] }, () => nested(shape.slice(1), start));
}

describe("creating tensors", () => {
  it("from nested arrays: shape inferred, values row-major, toArray gives them back", () => {
    fc.assert(fc.property(shapeArb, (s) => {
      const values = nested(s) as number[];
      const t = tensor(values);
      expect(t.shape).toEqual(s);
      expect(t.toList()).toEqual(Array.from({ length: t.size }, (_, i) => i));
      expect(t.toArray()).toEqual(values);
    }), { numRuns: 50 });
  });

  it("from flat values with a shape; at() reads a multi-index", () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(t.at(1, 2)).toBe(6);
    expect(t.at(0, 1)).toBe(2);
    expect(t.rank).toBe(2);
  });

  it("copies its input: changing the source later does not change the tensor", () => {
    const src = Float64Array.of(1, 2);
    const t = tensor(src);
    src[0] = 99;
    expect(t.toList()).toEqual([1, 2]);
  });

  it("zeros, ones, full, scalar", () => {
    expect(zeros([2, 2]).toList()).toEqual([0, 0, 0, 0]);
    expect(ones([3]).toList()).toEqual([1, 1, 1]);
    expect(full([2], 7).toList()).toEqual([7, 7]);
    expect(scalar(5).shape).toEqual([]);
    expect(scalar(5).item()).toBe(5);
    expect(zeros([2], { requiresGrad: true, name: "w" }).requiresGrad).toBe(true);
  });

  it("detach copies values and drops the graph", () => {
    const t = tensor([1, 2], undefined, { requiresGrad: true, name: "a" });
    const d = t.detach();
    d.data[0] = 5;
    expect(t.data[0]).toBe(1);
    expect(d.requiresGrad).toBe(false);
    expect(d.name).toBe("a");
  });

  it("norm and toString", () => {
    expect(tensor([3, 4]).norm()).toBe(5);
    expect(tensor([[1, 2]], undefined, { name: "x" }).toString()).toBe("Tensor 'x' (1, 2) [1, 2]");
  });
});

describe("tensor errors name the problem", () => {
  it("ragged nested arrays", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/tensor: the nested array is ragged/);
  });
  it("a value count that does not fill the shape", () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/tensor: 3 values cannot fill shape \(2, 2\), which holds 4/);
  });
  it("zero, negative or fractional sizes", () => {
    expect(() => zeros([2, 0])).toThrow(/zeros: shape \[2, 0\] is not valid; every size must be a positive integer/);
    expect(() => zeros([-1])).toThrow(/shape \[-1\] is not valid/);
    expect(() => full([1.5], 0)).toThrow(/full: shape \[1.5\] is not valid/);
  });
  it("item() of a tensor with several values", () => {
    expect(() => tensor([1, 2]).item()).toThrow(/item: needs a tensor with exactly one value, got shape \(2\)/);
  });
  it("assertFinite names the op, the index and the value", () => {
    expect(() => assertFinite("fit (X)", tensor([1, NaN]))).toThrow(/fit \(X\): input holds NaN at flat index 1/);
    expect(() => assertFinite("fit", new Tensor(Float64Array.of(-Infinity), [1]))).toThrow(/holds -Infinity at flat index 0/);
    expect(() => assertFinite("fit", tensor([1, 2]))).not.toThrow();
  });
});
