import { describe, expect, it } from "vitest";
import { balancedCounts, checkDataset, columnStats, isClassification, standardize, takeRows } from "../../src/data/dataset.js";
import { tensor } from "../../src/tensor/tensor.js";
import type { ClassificationDataset } from "../../src/data/dataset.js";

const small = (): ClassificationDataset => ({
  X: tensor([[1, 10], [3, 10], [5, 10]]),
  y: Int32Array.of(0, 1, 0),
  numClasses: 2,
  name: "small",
});

describe("dataset helpers", () => {
  it("columnStats: mean and population std by hand; a constant column gets std 1", () => {
    const s = columnStats(small().X);
    expect(s.mean).toEqual([3, 10]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 15);
    expect(s.std[1]).toBe(1);
  });

  it("standardize applies the given statistics (a test set uses the training set's)", () => {
    const train = standardize(small());
    expect(train.X.toArray()).toEqual([
      [-2 / Math.sqrt(8 / 3), 0],
      [0, 0],
      [2 / Math.sqrt(8 / 3), 0],
    ].map((r) => r.map((x) => expect.closeTo(x, 14))));
    const test = standardize({ ...small(), X: tensor([[3, 11]]), y: Int32Array.of(1) }, train.standardization);
    expect(test.X.toList()).toEqual([0, 1]);
    expect(() => standardize({ ...small(), X: tensor([[1, 2, 3]]), y: Int32Array.of(0) }, train.standardization)).toThrow(
      /statistics are for 2 features but X has 3/,
    );
  });

  it("takeRows copies the chosen rows in order", () => {
    const t = takeRows(small(), [2, 0]);
    expect(t.X.toArray()).toEqual([[5, 10], [1, 10]]);
    expect(Array.from(t.y)).toEqual([0, 0]);
    expect(isClassification(t)).toBe(true);
  });

  it("balancedCounts and checkDataset", () => {
    expect(balancedCounts(10, 3)).toEqual([4, 3, 3]);
    expect(() => checkDataset("fit", { ...small(), y: Int32Array.of(0) })).toThrow("fit: X has 3 rows but y has 1 entries");
  });
});
