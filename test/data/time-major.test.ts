import { describe, expect, it } from "vitest";
import { addingProblem, copyTask } from "../../src/data/sequences.js";
import { batchAxisOf, checkSequences, isPerStep, takeSequences } from "../../src/data/time-major.js";
import type { RegressionDataset } from "../../src/data/dataset.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("time-major sequence sets", () => {
  it("tell per-sequence from per-step targets by their count", () => {
    expect(isPerStep(addingProblem({ n: 4, T: 5 }))).toBe(false);
    expect(isPerStep(copyTask({ n: 4, T: 2, length: 1 }))).toBe(true);
    expect(batchAxisOf({})).toBe(0);
    expect(batchAxisOf(addingProblem({ n: 2, T: 4 }))).toBe(1);
  });

  it("per-step numeric targets (T·n, k), time-major, follow their sequences", () => {
    const T = 3, n = 4, k = 2;
    // X[t, s, 0] = 10 t + s; target row t·n + s = [100 t + s, -(100 t + s)].
    const X = new Tensor(Float64Array.from({ length: T * n }, (_, i) => 10 * Math.floor(i / n) + (i % n)), [T, n, 1]);
    const y = new Tensor(Float64Array.from({ length: T * n * k }, (_, j) => {
      const row = Math.floor(j / k), t = Math.floor(row / n), s = row % n;
      return (j % k === 0 ? 1 : -1) * (100 * t + s);
    }), [T * n, k]);
    const ds: RegressionDataset = { name: "coded", X, y, numClasses: 0, batchAxis: 1 };
    const part = takeSequences(ds, [3, 1]);
    expect(part.X.shape).toEqual([3, 2, 1]);
    expect(Array.from(part.X.data)).toEqual([3, 1, 13, 11, 23, 21]);
    expect(part.y.shape).toEqual([6, 2]);
    expect(Array.from(part.y.data)).toEqual([3, -3, 1, -1, 103, -103, 101, -101, 203, -203, 201, -201]);
  });

  it("refuses X that is not 3-D and targets that are neither n nor T·n", () => {
    const ds = addingProblem({ n: 3, T: 4 });
    expect(() => checkSequences("op", { ...ds, X: new Tensor(new Float64Array(6), [3, 2]) })).toThrow(/op \(batchAxis 1\)/);
    expect(() => checkSequences("op", { ...ds, y: new Tensor(new Float64Array(5), [5, 1]) })).toThrow(/X has 3 rows but y has 5 entries/);
  });
});
