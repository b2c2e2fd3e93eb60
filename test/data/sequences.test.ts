import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addingProblem, copyTask, fractionSolved, temporalOrder, temporalOrderSymbols } from "../../src/data/sequences.js";
import { tensor } from "../../src/tensor/tensor.js";

/** The (value, marker) pairs of sequence s, read back from the time-major tensor. */
function pairs(X: { data: Float64Array; shape: readonly number[] }, s: number): Array<[number, number]> {
  const [T, n] = X.shape;
  return Array.from({ length: T }, (_, t) => [X.data[(t * n + s) * 2], X.data[(t * n + s) * 2 + 1]]);
}

describe("addingProblem (original, Hochreiter & Schmidhuber 1997)", () => {
  it("every sequence follows the published definition, for any T and seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 80 }), fc.integer({ min: 0, max: 1e6 }), (T, seed) => {
        const ds = addingProblem({ n: 8, T, seed });
        expect(ds.X.shape).toEqual([T, 8, 2]);
        expect(ds.y.shape).toEqual([8, 1]);
        for (let s = 0; s < 8; s++) {
          const p = pairs(ds.X, s);
          const marked = p.flatMap(([, m], t) => (m === 1 ? [t] : []));
          expect(marked.length).toBe(2);
          // One mark among the first 10 steps; both within the first T/2: lag to the end >= T/2.
          expect(marked[0]).toBeLessThan(Math.min(10, Math.floor(T / 2)));
          expect(marked[1]).toBeLessThan(Math.floor(T / 2));
          for (const [t, [v, m]] of p.entries()) {
            expect(v).toBeGreaterThanOrEqual(-1);
            expect(v).toBeLessThanOrEqual(1);
            if (m !== 1) expect(m).toBe(t === 0 || t === T - 1 ? -1 : 0);
          }
          if (marked[0] === 0) expect(p[0][0]).toBe(0);
          const target = 0.5 + (p[marked[0]][0] + p[marked[1]][0]) / 4;
          expect(ds.y.data[s]).toBeCloseTo(target, 15);
        }
      }),
      { numRuns: 40, seed: 1 },
    );
  });

  it("is seeded: same seed, same data; another seed, other data", () => {
    const a = addingProblem({ n: 4, T: 20, seed: 3 }), b = addingProblem({ n: 4, T: 20, seed: 3 });
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
    expect(Array.from(addingProblem({ n: 4, T: 20, seed: 4 }).X.data)).not.toEqual(Array.from(a.X.data));
  });

  it("predicting the mean 0.5 solves about 15% (P(|X1 + X2| < 0.16) for two uniforms on [-1, 1])", () => {
    const ds = addingProblem({ n: 20000, T: 20, seed: 9 });
    const mean = tensor(new Float64Array(20000).fill(0.5), [20000, 1]);
    // Triangular density of X1 + X2 on [-2, 2]: P(|S| < 0.16) = 0.16 - 0.16²/4 = 0.1536.
    expect(fractionSolved(mean, ds.y)).toBeCloseTo(0.1536, 1);
  });

  it("rejects T = 0, T too short for the definition, and a bad n", () => {
    expect(() => addingProblem({ T: 0 })).toThrow(/addingProblem.*T.*at least 4.*got 0/);
    expect(() => addingProblem({ T: 3 })).toThrow(/at least 4/);
    expect(() => addingProblem({ T: 10, n: 0 })).toThrow(/n must be a positive integer/);
  });
});

describe("addingProblem (unit variant)", () => {
  it("values in [0, 1], one marker in each half, target X1 + X2", () => {
    const T = 30;
    const ds = addingProblem({ n: 50, T, seed: 2, variant: "unit" });
    for (let s = 0; s < 50; s++) {
      const p = pairs(ds.X, s);
      const marked = p.flatMap(([, m], t) => (m === 1 ? [t] : []));
      expect(marked.length).toBe(2);
      expect(marked[0]).toBeLessThan(T / 2);
      expect(marked[1]).toBeGreaterThanOrEqual(T / 2);
      expect(p.every(([v, m]) => v >= 0 && v < 1 && (m === 0 || m === 1))).toBe(true);
      expect(ds.y.data[s]).toBeCloseTo(p[marked[0]][0] + p[marked[1]][0], 15);
    }
  });
});

describe("copyTask (Arjovsky et al. 2016)", () => {
  it("symbols, T - 1 blanks, a delimiter, blanks; the target repeats the symbols at the end", () => {
    const T = 7, L = 3, K = 4, n = 5;
    const ds = copyTask({ n, T, seed: 1, symbols: K, length: L });
    const steps = T + 2 * L;
    expect(ds.X.shape).toEqual([steps, n, K + 2]);
    expect(ds.numClasses).toBe(K + 1);
    for (let s = 0; s < n; s++) {
      const input = Array.from({ length: steps }, (_, t) => {
        const row = Array.from(ds.X.data.subarray((t * n + s) * (K + 2), (t * n + s + 1) * (K + 2)));
        expect(row.reduce((a, b) => a + b, 0)).toBe(1); // one-hot
        return row.indexOf(1);
      });
      const target = Array.from({ length: steps }, (_, t) => ds.y[t * n + s]);
      const symbols = input.slice(0, L);
      expect(symbols.every((v) => v >= 1 && v <= K)).toBe(true);
      expect(input.slice(L, L + T - 1).every((v) => v === 0)).toBe(true);
      expect(input[L + T - 1]).toBe(K + 1);
      expect(target.slice(0, T + L).every((v) => v === 0)).toBe(true);
      expect(target.slice(T + L)).toEqual(symbols);
    }
  });
});

describe("temporalOrder (Hochreiter & Schmidhuber 1997, Experiment 6a)", () => {
  it("E first, B last, X/Y at t1 and t2 only, class = 2·[first is Y] + [second is Y]", () => {
    for (const T of [10, 50, 100]) {
      const n = 40;
      const ds = temporalOrder({ n, T, seed: T });
      const F = temporalOrderSymbols.length;
      const counts = [0, 0, 0, 0];
      for (let s = 0; s < n; s++) {
        const seq = Array.from({ length: T }, (_, t) => temporalOrderSymbols[ds.X.data.subarray((t * n + s) * F, (t * n + s + 1) * F).indexOf(1)]);
        expect(seq[0]).toBe("E");
        expect(seq[T - 1]).toBe("B");
        const relevant = seq.flatMap((c, t) => (c === "X" || c === "Y" ? [t] : []));
        expect(relevant.length).toBe(2);
        const [t1, t2] = relevant.map((t) => t + 1); // 1-based, as in the paper
        expect(t1).toBeGreaterThanOrEqual(Math.max(2, Math.round(T / 10)));
        expect(t1).toBeLessThanOrEqual(Math.round((2 * T) / 10));
        expect(t2).toBeGreaterThanOrEqual(Math.round(T / 2));
        expect(t2).toBeLessThanOrEqual(Math.round((6 * T) / 10));
        const expected = 2 * (seq[t1 - 1] === "Y" ? 1 : 0) + (seq[t2 - 1] === "Y" ? 1 : 0);
        expect(ds.y[s]).toBe(expected);
        counts[expected]++;
      }
      expect(counts.every((c) => c > 0)).toBe(true);
    }
  });

  it("rejects T below 10", () => {
    expect(() => temporalOrder({ T: 5 })).toThrow(/temporalOrder.*at least 10/);
  });
});
