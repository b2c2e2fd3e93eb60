import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { batches, batchesPerEpoch, trainTestSplit } from "../../src/data/batches.js";
import { blobs } from "../../src/data/classification.js";
import { regression } from "../../src/data/regression.js";
import { Rng } from "../../src/random/rng.js";

/** Each point's identity: its first coordinate (distinct with noise, in practice). */
const keys = (X: Float64Array, width: number) => Array.from({ length: X.length / width }, (_, i) => X[i * width]);

describe("batches", () => {
  it("covers every row exactly once per epoch, keeps the last partial batch, keeps X and y together", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 120 }), fc.integer({ min: 1, max: 50 }), (n, batchSize) => {
        const ds = blobs({ n, seed: n });
        const labelOf = new Map(keys(ds.X.data, 2).map((k, i) => [k, ds.y[i]]));
        const list = [...batches(ds, batchSize, new Rng(1))];
        expect(list.length).toBe(Math.ceil(n / batchSize));
        expect(list.length).toBe(batchesPerEpoch(ds, batchSize));
        list.slice(0, -1).forEach((b) => expect(b.X.shape).toEqual([batchSize, 2]));
        expect(list[list.length - 1].X.shape[0]).toBe(n - batchSize * (list.length - 1));
        const seen = list.flatMap((b) => keys(b.X.data, 2));
        expect([...seen].sort()).toEqual(keys(ds.X.data, 2).sort());
        for (const b of list) keys(b.X.data, 2).forEach((k, i) => expect(b.y[i]).toBe(labelOf.get(k)));
      }),
      { numRuns: 30 },
    );
  });

  it("draws a new order each epoch from the same Rng, and the same orders for the same seed", () => {
    const ds = blobs({ n: 40, seed: 1 });
    const epoch = (rng: Rng) => [...batches(ds, 8, rng)].flatMap((b) => keys(b.X.data, 2));
    const r1 = new Rng(5);
    const r2 = new Rng(5);
    const e1 = epoch(r1);
    expect(epoch(r1)).not.toEqual(e1);
    expect(epoch(r2)).toEqual(e1);
  });

  it("works on regression sets and rejects a bad batch size", () => {
    const ds = regression({ n: 10, seed: 1 });
    const list = [...batches(ds, 4, 1)];
    expect(list.map((b) => b.y.shape)).toEqual([[4, 1], [4, 1], [2, 1]]);
    expect(() => [...batches(ds, 0)]).toThrow("batches: batchSize must be a positive integer, got 0");
  });
});

describe("trainTestSplit", () => {
  it("is a stratified partition: disjoint, complete, each class split by the fraction", () => {
    const ds = blobs({ n: 300, classes: 3, seed: 2 });
    const { train, test } = trainTestSplit(ds, 0.2, 1);
    expect(train.X.shape[0] + test.X.shape[0]).toBe(300);
    const all = [...keys(train.X.data, 2), ...keys(test.X.data, 2)].sort();
    expect(all).toEqual(keys(ds.X.data, 2).sort());
    for (let c = 0; c < 3; c++) expect(test.y.filter((l) => l === c).length).toBe(20);
  });

  it("is deterministic for a seed and different for another", () => {
    const ds = regression({ n: 50, seed: 3 });
    const a = trainTestSplit(ds, 0.3, 4);
    const b = trainTestSplit(ds, 0.3, 4);
    const c = trainTestSplit(ds, 0.3, 5);
    expect(keys(a.test.X.data, 1)).toEqual(keys(b.test.X.data, 1));
    expect(keys(a.test.X.data, 1)).not.toEqual(keys(c.test.X.data, 1));
    expect(a.test.X.shape[0]).toBe(15);
    expect(a.test.y.shape).toEqual([15, 1]);
  });

  it("rejects a fraction outside (0, 1) and a split that leaves a side empty", () => {
    const ds = blobs({ n: 30, seed: 1 });
    expect(() => trainTestSplit(ds, 1)).toThrow("trainTestSplit: testFraction must be strictly between 0 and 1, got 1");
    expect(() => trainTestSplit(ds, 0)).toThrow(/strictly between 0 and 1/);
    expect(() => trainTestSplit(regression({ n: 2 }), 0.1)).toThrow(/leaves one side empty/);
  });
});
