import { describe, expect, test } from "vitest";
import fc from "fast-check";
import type { TopLevelSpec } from "vega-lite";
import { CATEGORICAL, fmt, layerOrder, metricLabel, positiveOnly, rowsOfMetric } from "../../src/charts/spec.js";
import { expectValidVegaLite } from "./helpers.js";

describe("the schema check itself", () => {
  test("rejects what Vega-Lite 5 rejects (so a passing check means something)", () => {
    const good = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: { values: [] }, mark: "line" } as TopLevelSpec;
    expectValidVegaLite(good);
    expect(() => expectValidVegaLite({ ...good, mark: "lline" } as unknown as TopLevelSpec)).toThrow();
    expect(() => expectValidVegaLite({ ...good, encoding: { x: { field: "a", type: "quantitativ" } } } as unknown as TopLevelSpec)).toThrow();
    expect(() => expectValidVegaLite({ ...good, $schema: "https://vega.github.io/schema/vega-lite/v4.json" })).toThrow();
  });
});

describe("fmt", () => {
  test("four significant digits, exponents for the very small and very large", () => {
    expect([0.00390625, 12.5, 0.25, 1, 123456, 1.5e-8, -0.000123456, 0, Infinity].map(fmt))
      .toEqual(["0.003906", "12.5", "0.25", "1", "1.235e5", "1.5e-8", "-1.235e-4", "0", "Infinity"]);
  });

  test("property: the formatted number is within 0.05% of the number", () => {
    fc.assert(fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((x) => x !== 0), (x) => {
      expect(Math.abs(Number(fmt(x)) - x)).toBeLessThanOrEqual(5e-4 * Math.abs(x));
    }));
  });
});

describe("row helpers", () => {
  test("layers keep the order the rows name them in (input to output), not alphabetical", () => {
    expect(layerOrder([{ layer: "layer2" }, { layer: "layer10" }, { layer: "output" }, { layer: "layer2" }])).toEqual(["layer2", "layer10", "output"]);
  });

  test("positiveOnly keeps what a log axis can show", () => {
    const rows = [0, -1, NaN, Infinity, 1e-300, 2].map((value) => ({ value }));
    expect(positiveOnly(rows)).toEqual({ kept: [{ value: 1e-300 }, { value: 2 }], dropped: 4 });
  });

  test("metric names read as words; unknown ones pass through", () => {
    expect(metricLabel("weightGradNorm")).toBe("weight gradient norm ‖∂ℓ/∂W‖");
    expect(metricLabel("myMetric")).toBe("myMetric");
    expect(() => rowsOfMetric("c", [{ metric: "a" }], "b")).toThrow(/c: no rows have metric 'b'; the rows hold 'a'/);
  });

  test("the categorical palette is Okabe and Ito's", () => {
    expect(CATEGORICAL).toEqual(["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]);
  });
});
