import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { largestSingularValue, spectralRadius } from "../../src/diagnostics/spectral.js";
import { orthogonal } from "../../src/nn/orthogonal.js";
import { Rng } from "../../src/random/rng.js";
import { tensor } from "../../src/tensor/tensor.js";

const rotation = (r: number, theta: number) => [
  [r * Math.cos(theta), -r * Math.sin(theta)],
  [r * Math.sin(theta), r * Math.cos(theta)],
];

describe("spectralRadius", () => {
  it("diagonal: the largest |entry|, whatever its sign", () => {
    const A = tensor([[3, 0, 0, 0], [0, -5, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0.5]]);
    expect(spectralRadius(A)).toBeCloseTo(5, 10);
  });

  it("rotation by θ scaled by r: eigenvalues r·e^(±iθ), a complex pair, so ρ = r", () => {
    for (const [r, theta] of [[0.9, 0.3], [1.2, 2.0], [0.5, Math.PI / 2]]) {
      expect(spectralRadius(tensor(rotation(r, theta)))).toBeCloseTo(r, 10);
    }
  });

  it("a non-normal matrix whose dominant eigenvalues are a complex pair", () => {
    // Upper block triangular: eigenvalues 2e^(±0.7i) and 1.5, so ρ = 2.
    const [[a, b], [c, d]] = rotation(2, 0.7);
    const A = tensor([[a, b, 1], [c, d, 0.3], [0, 0, 1.5]]);
    expect(spectralRadius(A)).toBeCloseTo(2, 8);
  });

  it("symmetric 2x2: matches the closed form (a+c)/2 ± √(((a-c)/2)² + b²)", () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (a, b, c) => {
        const mid = (a + c) / 2, rad = Math.sqrt(((a - c) / 2) ** 2 + b * b);
        const rho = Math.max(Math.abs(mid + rad), Math.abs(mid - rad));
        const A = tensor([[a, b], [b, c]]);
        // Power iteration needs |λ1| > |λ2| or a plane to turn in; either way the growth rate is ρ.
        expect(Math.abs(spectralRadius(A) - rho)).toBeLessThan(1e-6 * Math.max(1, rho));
        expect(Math.abs(largestSingularValue(A) - rho)).toBeLessThan(1e-6 * Math.max(1, rho));
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it("eigenvalues ±4 (equal size, opposite sign): the Rayleigh quotient would fail, the growth rate does not", () => {
    expect(spectralRadius(tensor([[0, 4], [4, 0]]))).toBeCloseTo(4, 10);
  });

  it("a nilpotent matrix has radius 0", () => {
    expect(spectralRadius(tensor([[0, 1], [0, 0]]))).toBe(0);
  });

  it("an orthogonal matrix: every eigenvalue on the unit circle, every singular value 1", () => {
    const Q = orthogonal()([16, 16], new Rng(3));
    expect(spectralRadius(Q)).toBeCloseTo(1, 10);
    expect(largestSingularValue(Q)).toBeCloseTo(1, 10);
  });

  it("rejects a non-square matrix with a message naming the shape", () => {
    expect(() => spectralRadius(tensor([[1, 2, 3], [4, 5, 6]]))).toThrow(/spectralRadius.*\(2, 3\)/);
  });
});

describe("largestSingularValue", () => {
  it("diagonal and rotation: |largest entry| and r", () => {
    expect(largestSingularValue(tensor([[3, 0], [0, -5]]))).toBeCloseTo(5, 10);
    expect(largestSingularValue(tensor(rotation(0.7, 1.1)))).toBeCloseTo(0.7, 10);
  });

  it("a rectangular rank-one matrix u vᵀ has σ_max = ||u|| ||v||", () => {
    const u = [1, -2, 2], v = [3, 4];
    const A = tensor(u.map((ui) => v.map((vj) => ui * vj)));
    expect(largestSingularValue(A)).toBeCloseTo(3 * 5, 10);
  });

  it("is never below the spectral radius (σ_max >= ρ), on random matrices", () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 10; trial++) {
      const n = 2 + rng.int(6);
      const A = tensor(Float64Array.from({ length: n * n }, () => rng.normal()), [n, n]);
      expect(largestSingularValue(A)).toBeGreaterThanOrEqual(spectralRadius(A, { iterations: 4000 }) * (1 - 1e-3));
    }
  });
});
