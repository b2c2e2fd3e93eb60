import { describe, expect, it } from "vitest";
import { regression } from "../../src/data/regression.js";

describe("regression", () => {
  it("1 input: y = sin(x) exactly without noise, x in [-3, 3]", () => {
    const ds = regression({ n: 50, noise: 0, seed: 1 });
    expect(ds.X.shape).toEqual([50, 1]);
    expect(ds.y.shape).toEqual([50, 1]);
    expect(ds.numClasses).toBe(0);
    for (let i = 0; i < 50; i++) {
      expect(Math.abs(ds.X.data[i])).toBeLessThanOrEqual(3);
      expect(ds.y.data[i]).toBe(Math.sin(ds.X.data[i]));
    }
  });

  it("2 inputs: y = sin(x1) cos(x2)", () => {
    const ds = regression({ n: 30, noise: 0, inputs: 2, seed: 2 });
    expect(ds.X.shape).toEqual([30, 2]);
    for (let i = 0; i < 30; i++) expect(ds.y.data[i]).toBe(Math.sin(ds.X.data[2 * i]) * Math.cos(ds.X.data[2 * i + 1]));
  });

  it("noise has the requested standard deviation", () => {
    const ds = regression({ n: 20000, noise: 0.2, seed: 3 });
    let s = 0;
    for (let i = 0; i < 20000; i++) s += (ds.y.data[i] - Math.sin(ds.X.data[i])) ** 2;
    expect(Math.sqrt(s / 20000)).toBeCloseTo(0.2, 2);
  });

  it("is bit-identical for one seed", () => {
    const a = regression({ seed: 9 });
    const b = regression({ seed: 9 });
    expect(a.X.data.every((x, i) => Object.is(x, b.X.data[i]))).toBe(true);
    expect(a.y.data.every((x, i) => Object.is(x, b.y.data[i]))).toBe(true);
  });

  it("rejects bad arguments", () => {
    expect(() => regression({ n: -5 })).toThrow("regression: n must be a positive integer, got -5");
    expect(() => regression({ noise: -1 })).toThrow(/noise must be zero or a positive/);
    expect(() => regression({ inputs: 3 as 1 })).toThrow(/unknown regression inputs '3'/);
  });
});
