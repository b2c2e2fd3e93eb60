import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  addRowInPlace,
  expandAxis,
  kernelBackend,
  matmulNN,
  matmulNNAdd,
  matmulNNJs,
  matmulNT,
  matmulNTAdd,
  matmulNTJs,
  matmulTN,
  matmulTNAdd,
  matmulTNJs,
  lstmGatesInto,
  setKernelBackend,
  sigmoidInto,
  sigmoidValue,
  sumAxis,
  tanhInto,
  sumRows,
  sumSquares,
  WASM_MIN_WORK,
} from "../../src/tensor/kernels.js";
import { wasmActivation, wasmActivationsAvailable } from "../../src/tensor/wasm/activations.js";
import { wasmMatmul, wasmMatmulAvailable } from "../../src/tensor/wasm/matmul.js";

// The oracle: the definition of the product, one entry at a time, with element accessors that
// spell out each layout. Nothing here shares code with the kernels.
type Get = (i: number, j: number) => number;
function reference(A: Get, B: Get, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Values in [-1, 1] from a seed: reproducible, and no fast-check shrinking of big arrays. */
function values(size: number, seed: number): Float64Array {
  const x = new Float64Array(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    x[i] = (s / 2 ** 32) * 2 - 1;
  }
  return x;
}

function expectClose(actual: Float64Array, expected: Float64Array, k: number): void {
  expect(actual.length).toBe(expected.length);
  // Each entry is a sum of k products of numbers in [-1, 1]; reordering the sum changes it by
  // at most about k * eps per term.
  const tol = 1e-15 * 8 * (k + 1);
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`entry ${i}: got ${actual[i]}, expected ${expected[i]} (tolerance ${tol})`);
    }
  }
}

type Layout = "NN" | "NT" | "TN";
type Kernel = (a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number) => void;

/** Runs `kernel` on random operands in `layout` and compares with the oracle. */
function checkProduct(layout: Layout, kernel: Kernel, m: number, k: number, n: number, seed: number): void {
  const a = values(m * k, seed);
  const b = values(k * n, seed + 7);
  const A: Get = layout === "TN" ? (i, p) => a[p * m + i] : (i, p) => a[i * k + p]; // TN: a is (k, m)
  const B: Get = layout === "NT" ? (p, j) => b[j * k + p] : (p, j) => b[p * n + j]; // NT: b is (n, k)
  const out = new Float64Array(m * n).fill(Number.NaN); // kernels must overwrite, not accumulate
  kernel(a, b, out, m, k, n);
  expectClose(out, reference(A, B, m, k, n), k);
}

const wasmKernels: Record<Layout, Kernel> = {
  NN: (a, b, out, m, k, n) => wasmMatmul("NN", a, b, out, m, k, n),
  NT: (a, b, out, m, k, n) => wasmMatmul("NT", a, b, out, m, k, n),
  TN: (a, b, out, m, k, n) => wasmMatmul("TN", a, b, out, m, k, n),
};
const jsKernels: Record<Layout, Kernel> = { NN: matmulNNJs, NT: matmulNTJs, TN: matmulTNJs };
const dispatched: Record<Layout, Kernel> = { NN: matmulNN, NT: matmulNT, TN: matmulTN };
const layouts: Layout[] = ["NN", "NT", "TN"];

// Small sizes hit every edge: 1, odd sizes, sizes that are not multiples of the 2-row, 4-column
// and 4-row blocks.
const dim = fc.integer({ min: 1, max: 13 });
const seed = fc.integer({ min: 1, max: 2 ** 30 });

afterEach(() => {
  setKernelBackend("auto");
});

describe("matrix product kernels against the definition", () => {
  for (const layout of layouts) {
    it(`${layout} in plain loops, random small shapes`, () => {
      fc.assert(fc.property(dim, dim, dim, seed, (m, k, n, s) => checkProduct(layout, jsKernels[layout], m, k, n, s)), { numRuns: 150 });
    });

    it(`${layout} in WebAssembly SIMD, random small shapes`, () => {
      expect(wasmMatmulAvailable()).toBe(true); // Node 20 has SIMD: the fast path must not silently vanish
      fc.assert(fc.property(dim, dim, dim, seed, (m, k, n, s) => checkProduct(layout, wasmKernels[layout], m, k, n, s)), { numRuns: 150 });
    });

    it(`${layout} through the dispatcher on layer-sized shapes, both backends`, () => {
      const shapes: Array<[number, number, number]> = [
        [128, 64, 64], [64, 128, 64], [32, 64, 256], [128, 64, 2], [128, 2, 64], [1, 64, 64], [67, 33, 35], [5, 1, 1000],
      ];
      for (const backend of ["auto", "js"] as const) {
        setKernelBackend(backend);
        for (const [m, k, n] of shapes) checkProduct(layout, dispatched[layout], m, k, n, m * 1000 + k * 10 + n);
      }
    });
  }

  it("the accumulating forms add the product to what out holds, both backends, small and large", () => {
    const adders: Record<Layout, Kernel> = { NN: matmulNNAdd, NT: matmulNTAdd, TN: matmulTNAdd };
    for (const backend of ["auto", "js"] as const) {
      setKernelBackend(backend);
      for (const layout of layouts) {
        fc.assert(fc.property(fc.constantFrom(1, 3, 4, 9, 33), dim, fc.constantFrom(1, 2, 5, 8, 64), seed, (m, k, n, s) => {
          const start = values(m * n, s + 99);
          // out = start + product, checked as (out - start) against the oracle
          const add: Kernel = (a, b, out, mm, kk, nn) => {
            out.set(start);
            adders[layout](a, b, out, mm, kk, nn);
            for (let i = 0; i < out.length; i++) out[i] -= start[i];
          };
          checkProduct(layout, add, m, k, n, s);
        }), { numRuns: 40 });
      }
    }
  });

  it("uses WebAssembly above the size threshold unless told not to", () => {
    expect(setKernelBackend("auto")).toBe("wasm");
    expect(kernelBackend()).toBe("wasm");
    expect(setKernelBackend("js")).toBe("js");
    expect(WASM_MIN_WORK).toBeGreaterThan(0);
  });

  it("grows the kernel's memory for a large product and still agrees", () => {
    // 160 x 130 x 150 needs ~0.6 MB of packed operands: several memory pages beyond the first.
    checkProduct("NN", wasmKernels.NN, 160, 130, 150, 5);
    checkProduct("TN", wasmKernels.TN, 7, 5, 9, 6); // and small again afterwards
  });

  it("reads only the first m·k, k·n values and writes only the first m·n of longer arrays", () => {
    for (const backend of ["auto", "js"] as const) {
      setKernelBackend(backend);
      for (const layout of layouts) {
        const [m, k, n] = [9, 7, 6];
        const longer: Kernel = (a, b, out, mm, kk, nn) => {
          const a2 = new Float64Array(a.length + 5).fill(Number.NaN);
          const b2 = new Float64Array(b.length + 5).fill(Number.NaN);
          a2.set(a);
          b2.set(b);
          const out2 = new Float64Array(out.length + 5).fill(7);
          dispatched[layout](a2, b2, out2, mm, kk, nn);
          expect([...out2.subarray(out.length)]).toEqual([7, 7, 7, 7, 7]);
          out.set(out2.subarray(0, out.length));
        };
        checkProduct(layout, longer, m, k, n, 17);
      }
    }
  });

  it("an empty inner dimension gives zeros", () => {
    for (const f of Object.values(dispatched)) {
      const out = new Float64Array(6).fill(3);
      f(new Float64Array(0), new Float64Array(0), out, 2, 0, 3);
      expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });
});

describe("row and axis kernels against the definition", () => {
  it("addRowInPlace adds the row to every row", () => {
    fc.assert(fc.property(dim, dim, seed, (m, n, s) => {
      const x = values(m * n, s);
      const row = values(n, s + 1);
      const expected = Float64Array.from(x, (v, idx) => v + row[idx % n]);
      addRowInPlace(x, row, m, n);
      expectClose(x, expected, 1);
    }));
  });

  it("sumRows gives column sums", () => {
    fc.assert(fc.property(dim, dim, seed, (m, n, s) => {
      const x = values(m * n, s);
      const out = new Float64Array(n).fill(Number.NaN);
      sumRows(x, out, m, n);
      const expected = new Float64Array(n);
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) expected[j] += x[i * n + j];
      expectClose(out, expected, m);
    }));
  });

  it("sumAxis and expandAxis reduce and repeat the middle axis of (outer, axis, inner)", () => {
    fc.assert(fc.property(dim, dim, dim, seed, (outer, axis, inner, s) => {
      const x = values(outer * axis * inner, s);
      const at = (o: number, a: number, i: number) => x[(o * axis + a) * inner + i];
      const out = new Float64Array(outer * inner).fill(Number.NaN);
      sumAxis(x, out, outer, axis, inner);
      const expected = new Float64Array(outer * inner);
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) for (let a = 0; a < axis; a++) expected[o * inner + i] += at(o, a, i);
      expectClose(out, expected, axis);

      const g = values(outer * inner, s + 3);
      const expanded = new Float64Array(outer * axis * inner).fill(Number.NaN);
      expandAxis(g, expanded, outer, axis, inner, 0.5);
      for (let o = 0; o < outer; o++) {
        for (let a = 0; a < axis; a++) {
          for (let i = 0; i < inner; i++) expect(expanded[(o * axis + a) * inner + i]).toBe(g[o * inner + i] * 0.5);
        }
      }
    }));
  });

  it("sumSquares is the squared Euclidean norm", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 50 }), seed, (size, s) => {
      const x = values(size, s);
      const expected = x.reduce((acc, v) => acc + v * v, 0);
      expect(Math.abs(sumSquares(x) - expected)).toBeLessThanOrEqual(1e-14 * (size + 1));
    }));
  });
});

describe("tanh and sigmoid kernels against the definitions", () => {
  // The references: Math.tanh, and the logistic function written out from Math.exp in its
  // non-overflowing form (sigmoidValue, checked here against 1 / (1 + e^-x) where that is safe).
  const refs = { tanh: Math.tanh, sigmoid: sigmoidValue };
  const ulp = 2 ** -52;
  const special = [0, -0, 5e-324, -5e-324, 1e-300, 1e-8, -1e-8, 0.1, 0.6249, 0.625, 0.6251, 1, -1, 5, 18, 19.1, 22, -22, 40, 100,
    -100, 700, 708, -708, 709.9, 710, -745, -746, 800, -800, Infinity, -Infinity, Number.NaN];

  function expectAgree(f: "tanh" | "sigmoid", x: Float64Array, y: Float64Array, ulps: number): void {
    for (let i = 0; i < x.length; i++) {
      const expected = refs[f](x[i]);
      const ok = Object.is(y[i], expected) || Math.abs(y[i] - expected) <= ulps * ulp * Math.abs(expected);
      if (!ok) throw new Error(`${f}(${x[i]}): got ${y[i]}, expected ${expected}`);
    }
  }

  it("sigmoidValue is 1 / (1 + e^-x) where that does not overflow", () => {
    for (const x of [-30, -2, -0.5, 0, 0.5, 2, 30]) expect(sigmoidValue(x)).toBeCloseTo(1 / (1 + Math.exp(-x)), 15);
    expect(sigmoidValue(-800)).toBe(0);
    expect(sigmoidValue(800)).toBe(1);
  });

  for (const f of ["tanh", "sigmoid"] as const) {
    it(`${f} in WebAssembly SIMD agrees to 2 ulps on random values of every magnitude, and on edge values`, () => {
      expect(wasmActivationsAvailable()).toBe(true);
      fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), seed, (size, s) => {
        // values spread over magnitudes 1e-6 .. 1e3, both signs
        const u = values(2 * size, s);
        const x = Float64Array.from({ length: size }, (_, i) => u[i] * 10 ** (4.5 * Math.abs(u[size + i]) - 1.5) * 3);
        const y = new Float64Array(size).fill(Number.NaN);
        wasmActivation(f, x, y);
        expectAgree(f, x, y, 2);
      }), { numRuns: 100 });
      const x = Float64Array.from(special);
      const y = new Float64Array(x.length);
      wasmActivation(f, x, y);
      expectAgree(f, x, y, 2);
      expect(Object.is(y[1], f === "tanh" ? -0 : 0.5)).toBe(true); // tanh keeps the sign of -0
    });

    it(`${f}Into works in place and through both backends, odd lengths included`, () => {
      const into = f === "tanh" ? tanhInto : sigmoidInto;
      for (const backend of ["auto", "js"] as const) {
        setKernelBackend(backend);
        for (const size of [0, 1, 63, 64, 65, 1001]) {
          const x = values(size, size + 3).map((v) => v * 8);
          const out = new Float64Array(size);
          into(x, out);
          expectAgree(f, x, out, 2);
          const inPlace = x.slice();
          into(inPlace, inPlace);
          expect([...inPlace]).toEqual([...out]);
        }
      }
    });
  }
});

describe("lstmGatesInto", () => {
  it("applies σ, σ, tanh, σ to the four gate blocks of every row, both backends, any H", () => {
    for (const backend of ["auto", "js"] as const) {
      setKernelBackend(backend);
      for (const [rows, H] of [[1, 1], [3, 2], [2, 3], [5, 4], [32, 16], [7, 64]]) {
        const z = values(rows * 4 * H, rows * 31 + H).map((v) => v * 10);
        const out = new Float64Array(z.length).fill(Number.NaN);
        lstmGatesInto(z, out, rows, H);
        for (let r = 0; r < rows; r++) {
          for (let col = 0; col < 4 * H; col++) {
            const idx = r * 4 * H + col;
            const expected = col >= 2 * H && col < 3 * H ? Math.tanh(z[idx]) : 1 / (1 + Math.exp(-z[idx]));
            expect(Math.abs(out[idx] - expected)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(expected)));
          }
        }
      }
    }
  });
});

describe("without WebAssembly", () => {
  it("the kernels fall back to plain loops and still agree with the definition", async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "WebAssembly")!;
    vi.resetModules();
    Reflect.deleteProperty(globalThis, "WebAssembly");
    try {
      const fresh = await import("../../src/tensor/kernels.js");
      expect(fresh.kernelBackend()).toBe("js");
      checkProduct("NT", fresh.matmulNT, 33, 17, 9, 11);
      const x = values(100, 3);
      const y = new Float64Array(100);
      fresh.tanhInto(x, y);
      expect([...y]).toEqual([...x].map(Math.tanh));
    } finally {
      Object.defineProperty(globalThis, "WebAssembly", saved);
      vi.resetModules();
    }
  });
});
