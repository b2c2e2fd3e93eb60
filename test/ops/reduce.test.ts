import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { sizeOf } from "../../src/tensor/shape.js";
import { tensor } from "../../src/tensor/tensor.js";
import { checkOp, runs, seedArb, shapeArb } from "./check-op.js";

/** A shape and a valid axis of it (sometimes given as negative). */
const shapeAxisArb = shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), fc.boolean()));

/** Reduces `a` (flat, of `shape`) along `axis` with `f` over the axis's values: a plain reference. */
function reduceRef(shape: number[], axis: number, f: (xs: number[]) => number) {
  return (a: Float64Array) => {
    const outer = sizeOf(shape.slice(0, axis));
    const size = shape[axis];
    const inner = sizeOf(shape.slice(axis + 1));
    const out: number[] = [];
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const xs: number[] = [];
        for (let k = 0; k < size; k++) xs.push(a[(o * size + k) * inner + i]);
        out.push(f(xs));
      }
    }
    return out;
  };
}
const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe("sum, mean, max", () => {
  it("sum and mean of everything", () => {
    fc.assert(fc.property(shapeArb, seedArb, (s, seed) => {
      checkOp([s], (a) => ops.sum(a), { seed, reference: (a) => [total(Array.from(a))] });
      checkOp([s], (a) => ops.mean(a), { seed, reference: (a) => [total(Array.from(a)) / a.length] });
    }), runs);
  });

  for (const [name, op, f] of [
    ["sum", ops.sum, total],
    ["mean", ops.mean, (xs: number[]) => total(xs) / xs.length],
    ["max", ops.max, (xs: number[]) => Math.max(...xs)],
  ] as const) {
    it(`${name} along an axis, with and without keepDims`, () => {
      fc.assert(fc.property(shapeAxisArb, seedArb, ([s, axis, keepDims], seed) => {
        const negative = seed % 2 === 0 ? axis - s.length : axis; // -1 means the last axis
        const out = checkOp([s], (a) => op(a, negative, { keepDims }), { seed, reference: reduceRef(s, axis, f) });
        expect(out.ok).toBe(true);
        const shape = op(tensor(new Float64Array(sizeOf(s)), s), negative, { keepDims }).shape;
        expect(shape).toEqual(keepDims ? s.map((d, i) => (i === axis ? 1 : d)) : s.filter((_, i) => i !== axis));
      }), runs);
    });
  }

  it("keepDims on a full reduction keeps every axis with size 1", () => {
    expect(ops.sum(tensor([[1, 2], [3, 4]]), undefined, { keepDims: true }).shape).toEqual([1, 1]);
  });

  it("max sends the gradient to the maximum only", () => {
    checkOp([[3, 4]], (a) => ops.max(a, 1), { reference: reduceRef([3, 4], 1, (xs) => Math.max(...xs)) });
  });

  it("an axis out of range names the rank", () => {
    expect(() => ops.sum(tensor([[1, 2]]), 2)).toThrow(/sum: axis 2 is out of range for a tensor of rank 2/);
    expect(() => ops.max(tensor([1, 2]), -2)).toThrow(/max: axis -2/);
  });
});
