import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { mnist } from "../../src/data/mnist-node.js";
import { MNIST_PIXELS, mnistFromDigits } from "../../src/data/mnist.js";
import { LibraryError } from "../../src/messages.js";

// The package's own accessor, an independent way to read digit i of class c.
const pkg = createRequire(import.meta.url)("mnist") as Array<{ length: number; get(i: number): number[] }>;

describe("mnist", () => {
  it("holds every digit of the package once, in a fixed order that mixes the classes", () => {
    const total = pkg.reduce((s, d) => s + d.length, 0);
    expect(total).toBe(10000);
    const all = mnist({ n: total });
    expect(all.X.shape).toEqual([total, MNIST_PIXELS]);
    const counts = Array.from({ length: 10 }, (_, c) => all.y.filter((v) => v === c).length);
    expect(counts).toEqual(pkg.map((d) => d.length));
    // The first 1,000 hold every class, each between 5% and 15% (grouped rows would give only zeros).
    const first = mnist({ n: 1000 });
    for (let c = 0; c < 10; c++) {
      const share = first.y.filter((v) => v === c).length / 1000;
      expect(share).toBeGreaterThan(0.05);
      expect(share).toBeLessThan(0.15);
    }
  });

  it("gives each row the pixels the package gives for some digit of the row's label, each digit once", () => {
    const ds = mnist({ n: 300, offset: 4000 });
    const used = new Set<string>();
    for (let r = 0; r < ds.y.length; r++) {
      const row = Array.from(ds.X.data.subarray(r * MNIST_PIXELS, (r + 1) * MNIST_PIXELS));
      const c = ds.y[r];
      let found = -1;
      for (let i = 0; i < pkg[c].length && found < 0; i++) {
        const img = pkg[c].get(i);
        if (img.every((v, p) => v === row[p])) found = i;
      }
      expect(found, `row ${r} (label ${c}) is an image of class ${c}`).toBeGreaterThanOrEqual(0);
      expect(used.has(`${c}:${found}`)).toBe(false);
      used.add(`${c}:${found}`);
    }
  });

  it("is deterministic and slices one order: disjoint ranges, same rows on repeat", () => {
    const a = mnist({ n: 50, offset: 100 });
    const b = mnist({ n: 50, offset: 100 });
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
    const wide = mnist({ n: 200 });
    expect(Array.from(a.y)).toEqual(Array.from(wide.y.subarray(100, 150)));
    expect(Array.from(a.X.data)).toEqual(Array.from(wide.X.data.subarray(100 * MNIST_PIXELS, 150 * MNIST_PIXELS)));
    expect(wide.X.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(wide.X.data.some((v) => v === 1) && wide.X.data.some((v) => v > 0 && v < 1)).toBe(true);
  });

  it("names what was wrong for a bad range or bad pixel arrays", () => {
    expect(() => mnist({ n: 10, offset: 9995 })).toThrow(/9995 \.\. 10004.*offset \+ n <= 10000/);
    expect(() => mnist({ n: 0 })).toThrow(LibraryError);
    expect(() => mnist({ n: 5, offset: -1 })).toThrow(/offset/);
    expect(() => mnistFromDigits([new Float64Array(784)])).toThrow(/10 classes/);
    const bad = Array.from({ length: 10 }, () => new Float64Array(784));
    bad[3] = new Float64Array(700);
    expect(() => mnistFromDigits(bad)).toThrow(/class 3 holds 700 values/);
  });

  it("builds from any pixel arrays, one fixed order for the same class counts", () => {
    const digits = Array.from({ length: 10 }, (_, c) => Float64Array.from({ length: 2 * MNIST_PIXELS }, (_, p) => c + (p >= MNIST_PIXELS ? 0.5 : 0)));
    const ds = mnistFromDigits(digits, { n: 20 });
    for (let r = 0; r < 20; r++) {
      const v = ds.X.data[r * MNIST_PIXELS];
      expect(Math.floor(v)).toBe(ds.y[r]);
    }
    expect(new Set(Array.from({ length: 20 }, (_, r) => ds.X.data[r * MNIST_PIXELS])).size).toBe(20);
  });
});
