import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { blobs, circles, moons, twoSpirals, xor } from "../../src/data/classification.js";
import type { ClassificationDataset } from "../../src/data/dataset.js";

const generators = { twoSpirals, moons, circles, xor, blobs } as const;

const rows = (ds: ClassificationDataset) =>
  Array.from({ length: ds.X.shape[0] }, (_, i) => [ds.X.data[2 * i], ds.X.data[2 * i + 1]] as const);
const counts = (ds: ClassificationDataset) => {
  const c = new Array(ds.numClasses).fill(0);
  for (const label of ds.y) c[label]++;
  return c;
};
const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe.each(Object.entries(generators))("%s", (name, make) => {
  it("has shape (n, 2), labels in range, balanced classes and its name", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 301 }), fc.integer(), (n, seed) => {
        const ds = make({ n, seed });
        expect(ds.X.shape).toEqual([n, 2]);
        expect(ds.y.length).toBe(n);
        expect(ds.name).toBe(name);
        const c = counts(ds);
        expect(c.reduce((a, b) => a + b, 0)).toBe(n);
        expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 15 },
    );
  });

  it("is bit-identical for one seed and differs for another", () => {
    const a = make({ n: 100, noise: 0.1, seed: 7 });
    const b = make({ n: 100, noise: 0.1, seed: 7 });
    const c = make({ n: 100, noise: 0.1, seed: 8 });
    expect(sameBits(a.X.data, b.X.data)).toBe(true);
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    expect(sameBits(a.X.data, c.X.data)).toBe(false);
  });

  it("rejects n <= 0, fractional n and negative noise with clear messages", () => {
    expect(() => make({ n: 0 })).toThrow(`${name}: n must be a positive integer, got 0`);
    expect(() => make({ n: 2.5 })).toThrow(/n must be a positive integer/);
    expect(() => make({ noise: -0.1 })).toThrow(`${name}: noise must be zero or a positive finite number, got -0.1`);
    expect(() => make({ noise: NaN })).toThrow(/noise/);
  });

  it("shuffles rows, so the first rows hold more than one class", () => {
    const ds = make({ n: 200, seed: 1 });
    expect(new Set(ds.y.subarray(0, 20)).size).toBeGreaterThan(1);
  });

  it("standardize: true gives columns with mean 0 and std 1", () => {
    const ds = make({ n: 150, noise: 0.1, seed: 3, standardize: true });
    for (const j of [0, 1]) {
      const col = rows(ds).map((r) => r[j]);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      expect(mean).toBeCloseTo(0, 12);
      expect(sd).toBeCloseTo(1, 12);
    }
    expect(ds.standardization?.mean.length).toBe(2);
  });
});

describe("geometry without noise", () => {
  it("twoSpirals: radius in (0.1, 1]; the two arms are point reflections of each other", () => {
    const ds = twoSpirals({ n: 100, noise: 0, seed: 1 });
    const pts = rows(ds);
    for (const [a, b] of pts) expect(Math.hypot(a, b)).toBeGreaterThan(0.1 - 1e-12);
    for (const [a, b] of pts) expect(Math.hypot(a, b)).toBeLessThanOrEqual(1 + 1e-12);
    // Arm 1 is arm 0 turned by π: every class-1 point's negation is a class-0 point.
    const zero = pts.filter((_, i) => ds.y[i] === 0).map(([a, b]) => `${a.toFixed(9)},${b.toFixed(9)}`);
    const oneNegated = pts.filter((_, i) => ds.y[i] === 1).map(([a, b]) => `${(-a).toFixed(9)},${(-b).toFixed(9)}`);
    expect(new Set(oneNegated)).toEqual(new Set(zero));
  });

  it("moons: class 0 on the unit upper half circle, class 1 on the shifted lower one", () => {
    const ds = moons({ n: 100, noise: 0, seed: 2 });
    rows(ds).forEach(([a, b], i) => {
      if (ds.y[i] === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 12);
        expect(b).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 12);
        expect(b).toBeLessThanOrEqual(0.5);
      }
    });
  });

  it("circles: radius 1 for class 0 and `factor` for class 1", () => {
    const ds = circles({ n: 60, noise: 0, factor: 0.3, seed: 3 });
    rows(ds).forEach(([a, b], i) => expect(Math.hypot(a, b)).toBeCloseTo(ds.y[i] === 0 ? 1 : 0.3, 12));
    expect(() => circles({ factor: 1 })).toThrow(/factor must be strictly between 0 and 1/);
  });

  it("xor: class 1 exactly where the coordinates have opposite signs, all four quadrants used", () => {
    const ds = xor({ n: 200, seed: 4 });
    const quadrants = new Set<string>();
    rows(ds).forEach(([a, b], i) => {
      expect(ds.y[i]).toBe(a * b < 0 ? 1 : 0);
      expect(Math.abs(a)).toBeLessThanOrEqual(1);
      quadrants.add(`${Math.sign(a)},${Math.sign(b)}`);
    });
    expect(quadrants.size).toBe(4);
  });

  it("blobs: k classes, each cluster's mean near its centre on the circle", () => {
    const ds = blobs({ n: 4000, classes: 4, noise: 0.3, radius: 2, seed: 5 });
    expect(ds.numClasses).toBe(4);
    for (let c = 0; c < 4; c++) {
      const pts = rows(ds).filter((_, i) => ds.y[i] === c);
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      // standard error of the mean: 0.3 / √1000 ≈ 0.01
      expect(Math.abs(mx - 2 * Math.cos((Math.PI / 2) * c))).toBeLessThan(0.05);
      expect(Math.abs(my - 2 * Math.sin((Math.PI / 2) * c))).toBeLessThan(0.05);
    }
    expect(() => blobs({ n: 2, classes: 3 })).toThrow("blobs: n = 2 points cannot cover 3 classes");
    expect(() => blobs({ classes: 1 })).toThrow(/classes/);
  });
});
