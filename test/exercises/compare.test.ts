import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatNumber, formatValue, matchesClose } from "../../src/exercises/compare.js";

describe("matchesClose", () => {
  const close = matchesClose();
  it("treats NaN as equal only to NaN, infinities only to themselves", () => {
    expect(close(NaN, NaN)).toBe(true);
    expect(close(0, NaN)).toBe(false);
    expect(close(NaN, 0)).toBe(false);
    expect(close(Infinity, Infinity)).toBe(true);
    expect(close(-Infinity, Infinity)).toBe(false);
    expect(close(1e308, Infinity)).toBe(false);
  });
  it("uses a relative tolerance, so huge and tiny values are judged alike", () => {
    expect(close(1e30 * (1 + 1e-12), 1e30)).toBe(true);
    expect(close(1e30 * (1 + 1e-6), 1e30)).toBe(false);
    expect(close(3.0e-30, 3.0e-30 * (1 + 1e-12))).toBe(true);
    expect(matchesClose({ atol: 0 })(3e-30, 4e-30)).toBe(false);
  });
  it("compares nested arrays, typed arrays and objects, and rejects wrong lengths and types", () => {
    expect(close([[1, 2], [3, NaN]], [[1, 2], [3, NaN]])).toBe(true);
    expect(close(new Float64Array([1, 2]), [1, 2])).toBe(true);
    expect(close([1, 2, 3], [1, 2])).toBe(false);
    expect(close("0.25", 0.25)).toBe(false);
    expect(close(undefined, 0)).toBe(false);
    expect(close({ W: [1], z: [2] }, { W: [1], z: [2] })).toBe(true);
    expect(close({ W: [1] }, { W: [1], z: [2] })).toBe(false);
    // An extra key is a different answer; so is an array where an object is due.
    expect(close({ layer1: 0.1, layer2: 1, output: 3 }, { layer1: 0.1, layer2: 1 })).toBe(false);
    expect(close({ z: [2], W: [1] }, { W: [1], z: [2] })).toBe(true);
    expect(close([1], { 0: 1 })).toBe(false);
    expect(close({ W: undefined, z: [2] }, { z: [2] })).toBe(false);
  });
  it("accepts every number as itself and rejects a clearly different one (property)", () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (x) => close(x, x) && (!Number.isFinite(x) || !close(x + 1 + Math.abs(x), x))));
  });
});

describe("formatValue", () => {
  it("prints numbers, nested arrays, functions and odd values without throwing", () => {
    expect(formatNumber(0.25)).toBe("0.25");
    expect(formatNumber(1 / 3)).toBe("0.333333");
    expect(formatNumber(4 ** -9)).toBe("3.8147e-6");
    expect(formatValue([[1, 2], [3, NaN]])).toBe("[[1, 2], [3, NaN]]");
    expect(formatValue(Array.from({ length: 20 }, (_, i) => i))).toContain("(20 items)");
    expect(formatValue(function sigmoidPrime() {})).toBe("a function 'sigmoidPrime'");
    expect(formatValue(Promise.resolve(1))).toContain("Promise");
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
    expect(formatValue(hostile)).toBe("(a value that cannot be printed)");
  });
});
