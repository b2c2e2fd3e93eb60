import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as init from "../../src/nn/init.js";
import { Rng } from "../../src/random/rng.js";
import type { Tensor } from "../../src/tensor/tensor.js";

function stats(t: Tensor) {
  const d = t.data;
  let mean = 0;
  for (const v of d) mean += v;
  mean /= d.length;
  let variance = 0, maxAbs = 0;
  for (const v of d) {
    variance += (v - mean) ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  return { mean, variance: variance / (d.length - 1), maxAbs };
}

// A (fanOut, fanIn) = (400, 250) weight: 100,000 draws, so the sample variance is within about
// 0.5 % (one standard error, sqrt(2/n)) of the true one; 3 % is six standard errors.
const OUT = 400, IN = 250;
const draw = (f: init.Initializer, seed = 1) => f([OUT, IN], new Rng(seed));

describe("initializer statistics", () => {
  const cases: Array<[string, init.Initializer, number, number | null]> = [
    // name, initializer, expected variance, uniform limit (null for Gaussians)
    ["standardNormal (Nielsen)", init.standardNormal(), 1, null],
    ["normal(0.1)", init.normal(0.1), 0.01, null],
    ["uniform(0.3)", init.uniform(0.3), 0.09 / 3, 0.3],
    ["standard (Glorot & Bengio eq. 1)", init.glorotStandard(), 1 / (3 * IN), 1 / Math.sqrt(IN)],
    ["glorotUniform", init.glorotUniform(), 2 / (IN + OUT), Math.sqrt(6 / (IN + OUT))],
    ["glorotNormal", init.glorotNormal(), 2 / (IN + OUT), null],
    ["glorotNormal gain 2", init.glorotNormal({ gain: 2 }), (4 * 2) / (IN + OUT), null],
    ["heNormal", init.heNormal(), 2 / IN, null],
    ["heNormal fanOut", init.heNormal({ mode: "fanOut" }), 2 / OUT, null],
    ["heUniform", init.heUniform(), 2 / IN, Math.sqrt(6 / IN)],
    ["heUniform gain 1 fanOut", init.heUniform({ gain: 1, mode: "fanOut" }), 1 / OUT, Math.sqrt(3 / OUT)],
    ["lecunNormal", init.lecunNormal(), 1 / IN, null],
    ["lecunUniform", init.lecunUniform(), 1 / IN, Math.sqrt(3 / IN)],
  ];
  it.each(cases)("%s: variance within 3 %, mean near 0, limits respected", (_name, f, variance, limit) => {
    const w = draw(f);
    expect(w.shape).toEqual([OUT, IN]);
    const s = stats(w);
    expect(Math.abs(s.variance / variance - 1)).toBeLessThan(0.03);
    expect(Math.abs(s.mean)).toBeLessThan(5 * Math.sqrt(variance / w.size));
    if (limit !== null) {
      expect(s.maxAbs).toBeLessThanOrEqual(limit);
      expect(s.maxAbs).toBeGreaterThan(0.99 * limit); // and the whole range is used
    }
  });

  it("He normal at small fan-in too: sample variance over many draws ~ 2 / fanIn", () => {
    const rng = new Rng(7);
    const f = init.heNormal();
    let sum = 0, n = 0;
    for (let k = 0; k < 2000; k++) for (const v of f([8, 5], rng).data) [sum, n] = [sum + v * v, n + 1];
    expect(Math.abs(sum / n / (2 / 5) - 1)).toBeLessThan(0.03);
  });

  it("zeros and constant", () => {
    expect(init.zeros()([2, 3], new Rng(0)).toList()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(init.constant(0.5)([3], new Rng(0)).toList()).toEqual([0.5, 0.5, 0.5]);
  });
});

describe("orthogonal", () => {
  /** max |(A Aᵀ or Aᵀ A) - gain² I| over the smaller Gram matrix. */
  function gramError(w: Tensor, gain: number): number {
    const [rows, cols] = w.shape;
    const wide = rows <= cols;
    const n = wide ? rows : cols, len = wide ? cols : rows;
    const at = (i: number, k: number) => (wide ? w.data[i * cols + k] : w.data[k * cols + i]);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let k = 0; k < len; k++) dot += at(i, k) * at(j, k);
        worst = Math.max(worst, Math.abs(dot - (i === j ? gain * gain : 0)));
      }
    }
    return worst;
  }

  it("W Wᵀ = gain² I (wide or square) and Wᵀ W = gain² I (tall), to 1e-10", () => {
    const dims = fc.integer({ min: 1, max: 40 });
    fc.assert(fc.property(dims, dims, fc.double({ min: 0.1, max: 3, noNaN: true }), fc.nat(), (rows, cols, gain, seed) => {
      const w = init.orthogonal({ gain })([rows, cols], new Rng(seed));
      expect(gramError(w, gain)).toBeLessThan(1e-10);
    }), { numRuns: 40 });
  });

  it("a 128 x 128 weight is orthogonal to 1e-10", () => {
    expect(gramError(init.orthogonal()([128, 128], new Rng(3)), 1)).toBeLessThan(1e-10);
  });

  it("is random: different seeds give different matrices, entries average 0", () => {
    const a = init.orthogonal()([30, 30], new Rng(1));
    const b = init.orthogonal()([30, 30], new Rng(2));
    expect(a.toList()).not.toEqual(b.toList());
    // Rows of a Haar-random orthogonal matrix are uniform on the sphere: each entry has variance 1/n.
    const s = stats(a);
    expect(Math.abs(s.variance * 30 - 1)).toBeLessThan(0.15);
  });

  it("trailing dimensions are flattened into the input side", () => {
    const w = init.orthogonal()([4, 3, 2], new Rng(0));
    expect(w.shape).toEqual([4, 3, 2]);
    const flat = { ...w, shape: [4, 6] } as unknown as Tensor;
    expect(gramError(flat, 1)).toBeLessThan(1e-10);
  });

  it("a 1-D shape or a bad gain gets a clear error", () => {
    expect(() => init.orthogonal()([5], new Rng(0))).toThrow(/orthogonal: needs a weight with at least 2 dimensions \(out, in\), got \(5\)/);
    expect(() => init.orthogonal({ gain: -1 })).toThrow(/orthogonal: gain must be a positive finite number, got -1/);
  });
});

describe("determinism and fans", () => {
  it("the same seed gives bit-identical weights for every named initializer", () => {
    for (const name of init.initNames) {
      const f = init.getInitializer(name);
      const a = f([7, 5], new Rng(42)).data;
      const b = f([7, 5], new Rng(42)).data;
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), name).toBe(true);
    }
  });

  it("fans of (out, in) are in and out; 1-D and 3-D follow the usual conventions", () => {
    expect(init.fans([10, 3])).toEqual({ fanIn: 3, fanOut: 10 });
    expect(init.fans([6])).toEqual({ fanIn: 6, fanOut: 6 });
    expect(init.fans([8, 4, 3])).toEqual({ fanIn: 12, fanOut: 24 });
  });

  it("gainFor gives the conventional gains", () => {
    expect(init.gainFor("relu")).toBe(Math.SQRT2);
    expect(init.gainFor("tanh")).toBe(5 / 3);
    expect(init.gainFor("sigmoid")).toBe(1);
    expect(init.gainFor("leakyRelu")).toBeCloseTo(Math.sqrt(2 / 1.0001), 15);
    expect(() => init.gainFor("swish")).toThrow(/unknown activation 'swish'/);
  });
});

describe("getInitializer", () => {
  it("finds names regardless of case, spaces, '-' and '_'", () => {
    const w = (name: string) => init.getInitializer(name)([6, 4], new Rng(5)).toList();
    expect(w("He")).toEqual(init.heNormal()([6, 4], new Rng(5)).toList());
    expect(w("he_uniform")).toEqual(init.heUniform()([6, 4], new Rng(5)).toList());
    expect(w("Xavier")).toEqual(init.glorotUniform()([6, 4], new Rng(5)).toList());
    expect(w("standard normal")).toEqual(init.standardNormal()([6, 4], new Rng(5)).toList());
    expect(w("nielsen")).toEqual(init.standardNormal()([6, 4], new Rng(5)).toList());
    expect(w("standard")).toEqual(init.glorotStandard()([6, 4], new Rng(5)).toList());
    expect(w("kaiming-normal")).toEqual(init.heNormal()([6, 4], new Rng(5)).toList());
  });

  it("returns a function unchanged", () => {
    const f = init.constant(3);
    expect(init.getInitializer(f)).toBe(f);
  });

  it("an unknown name lists the valid ones", () => {
    expect(() => init.getInitializer("hee")).toThrow(/unknown initializer 'hee'; choose one of: zeros, normal, .*he, heNormal/);
  });

  it("bad options are named", () => {
    expect(() => init.normal(-1)).toThrow(/normal: std must be a positive finite number, got -1/);
    expect(() => init.heNormal({ mode: "fanMiddle" as init.FanMode })([3, 3], new Rng(0))).toThrow(/unknown heNormal mode 'fanMiddle'; choose one of: fanIn, fanOut/);
  });
});
