import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { learningByDepth, networkOrder, withReferenceLine } from "../../src/charts/learning.js";
import { normsOverSteps } from "../../src/charts/layers.js";
import { loadVega, renderSvg, summarize } from "../../src/charts/render.js";
import type { AccuracyRow, LayerSpeedRow } from "../../src/charts/learning.js";
import type { DiagnosticRow } from "../../src/charts/spec.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

// Depth d: accuracy after step s is (seed-dependent) a + b s, and layer k of L has speed
// 1e-2 * q^(L - k) (output 1e-2): the vanishing pattern, one factor q per layer going back.
const q = 0.25;
function curvesFor(depths: number[], seeds: number[]): AccuracyRow[] {
  const rows: AccuracyRow[] = [];
  for (const d of depths) for (const seed of seeds) for (const step of [0, 100, 200]) {
    rows.push({ run: `${d} hidden`, step, accuracy: 0.1 + (step / 200) * (0.8 / d) + 0.01 * seed, seed });
  }
  return rows;
}
function speedsFor(depths: number[], seeds: number[]): LayerSpeedRow[] {
  const rows: LayerSpeedRow[] = [];
  for (const d of depths) for (const seed of seeds) {
    rows.push({ run: `${d} hidden`, layer: "output", value: 1e-2 * seed, seed });
    for (let k = d; k >= 1; k--) rows.push({ run: `${d} hidden`, layer: `layer${k}`, value: 1e-2 * q ** (d + 1 - k) * seed, seed });
  }
  return rows;
}

/** The number after `label` in a summary. */
function numberAfter(text: string, label: string): number {
  const i = text.indexOf(label);
  expect(i, `'${label}' in:\n${text}`).toBeGreaterThanOrEqual(0);
  return Number(/^-?\d+(\.\d+)?(e-?\d+)?/.exec(text.slice(i + label.length))![0]);
}

describe("networkOrder", () => {
  test("puts layerN by number, other names as they come, output last", () => {
    expect(networkOrder(["output", "layer10", "layer2", "norm", "layer1", "layer2"])).toEqual(["layer1", "layer2", "layer10", "norm", "output"]);
  });
});

describe("learningByDepth", () => {
  test("is valid Vega-Lite with an accuracy panel above a layer-speed panel, and summarizes mean, range and the first/last layer ratio", async () => {
    const spec = learningByDepth(curvesFor([1, 2, 3], [1, 2, 3]), speedsFor([1, 2, 3], [1, 2, 3]));
    expectValidVegaLite(spec);
    const text = summarize(spec);
    // Independent: depth 2 at step 200: 0.1 + 0.4 + 0.01 seed -> mean 52%, range 51-53%.
    expect(numberAfter(text, "2 hidden: at step 200 ")).toBeCloseTo(52, 9);
    expect(text).toMatch(/2 hidden: at step 200 52% \(51-53% over 3 seeds\)/);
    // Geometric mean over seeds 1, 2, 3 of 1e-2 seed q^3 for layer1 of depth 3: 1e-2 q^3 6^(1/3).
    const deepest = text.split("\n").find((l) => l.startsWith("3 hidden:"))!;
    const rel = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThan(1e-3);
    rel(numberAfter(deepest, "layer1 "), 1e-2 * q ** 3 * 6 ** (1 / 3));
    rel(numberAfter(deepest, "output "), 1e-2 * 6 ** (1 / 3));
    rel(numberAfter(deepest, "(ratio "), q ** 3);
    expect(text).toMatch(/log scale/);
    expect(text).toMatch(/dashed line at 0\.001/);

    const svg = await renderSvg(spec);
    const texts = svgTexts(svg);
    for (const label of ["layer1", "layer2", "layer3", "output", "1 hidden", "2 hidden", "3 hidden", "training step"]) expect(texts).toContain(label);
    // Three mean lines above, three speed lines below; three bands; one dashed rule.
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(6);
    expect(svg.match(/aria-roledescription="area mark"/g)).toHaveLength(3);
    expect(svg.match(/aria-roledescription="rule mark"/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  test("orders the layers input to output whatever the row order, and draws no rule with reference: null", () => {
    const speeds = speedsFor([1, 3], [1]).reverse();
    const spec = learningByDepth(curvesFor([1, 3], [1]), speeds, { reference: null }) as unknown as {
      vconcat: [unknown, { layer: { encoding: { x: { sort: string[] } } }[] }];
    };
    expect(spec.vconcat[1].layer).toHaveLength(1);
    expect(spec.vconcat[1].layer[0].encoding.x.sort).toEqual(["layer1", "layer2", "layer3", "output"]);
    expect(summarize(spec as never)).not.toMatch(/dashed/);
  });

  test("refuses empty rows, accuracies given as percentages, and speeds a log axis cannot show", () => {
    expect(() => learningByDepth([], speedsFor([1], [1]))).toThrow(/learningByDepth: there are no accuracy rows/);
    expect(() => learningByDepth(curvesFor([1], [1]), [])).toThrow(/no layer speed rows/);
    const pct = curvesFor([1], [1]).map((r) => ({ ...r, accuracy: 100 * r.accuracy }));
    expect(() => learningByDepth(pct, speedsFor([1], [1]))).toThrow(/fraction in \[0, 1\].*divide percentages by 100/);
    const zero = speedsFor([1], [1]).map((r) => ({ ...r, value: 0 }));
    expect(() => learningByDepth(curvesFor([1], [1]), zero)).toThrow(/positive and finite, got 0/);
  });

  test("property: the summary's mean and range are those of the seeds' final accuracies", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), (finals) => {
        const curves = finals.map((accuracy, seed) => ({ run: "net", step: 7, accuracy, seed }));
        const text = summarize(learningByDepth(curves, [{ run: "net", layer: "layer1", value: 1 }]));
        const mean = finals.reduce((a, b) => a + b, 0) / finals.length;
        expect(Math.abs(numberAfter(text, "net: at step 7 ") - 100 * mean)).toBeLessThanOrEqual(Math.max(1e-9, 5e-4 * 100 * mean));
      }),
      { numRuns: 50 },
    );
  });
});

describe("withReferenceLine", () => {
  const rows: DiagnosticRow[] = [];
  for (let step = 0; step <= 50; step += 10) {
    for (const [layer, v] of [["layer1", 1e-5], ["layer2", 1e-4], ["output", 1e-2]] as const) rows.push({ step, layer, metric: "updateToData", value: v });
  }

  test("adds a dashed line at the value to normsOverSteps, sharing its log y scale, and says so in the summary", async () => {
    const base = normsOverSteps(rows, { metric: "updateToData" });
    const spec = withReferenceLine(base, 1e-3, { label: "Karpathy's rule of thumb" });
    expectValidVegaLite(spec);
    expect(summarize(spec)).toMatch(/Dashed line: 0\.001 \(Karpathy's rule of thumb\)\.$/);
    expect(summarize(spec).startsWith(summarize(base))).toBe(true);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="rule mark"/g)).toHaveLength(1);
    // The base chart is still all there: one line per layer.
    expect(svg.match(/aria-roledescription="line mark"/g)?.length).toBeGreaterThanOrEqual(3);
    // One y scale, logarithmic, whose domain takes in the rule's value as well as the lines'.
    const { vl } = await loadVega();
    type Compiled = { scales: { name: string; type?: string; domain?: { fields?: unknown[] } }[] };
    const yOf = (s: unknown) => (vl.compile(s as never).spec as unknown as Compiled).scales.filter((sc) => sc.name === "y");
    const [withLine, without] = [yOf(spec), yOf(base)];
    expect(withLine).toHaveLength(1);
    expect(withLine[0].type).toBe("log");
    expect(withLine[0].domain?.fields?.length).toBe((without[0].domain?.fields?.length ?? 1) + 1); // the rule's data joins the domain
  });

  test("wraps a one-mark chart into layers and appends to an already layered one", () => {
    const unit = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", title: "t", description: "d", data: { values: [{ value: 1 }] }, mark: "point", encoding: { y: { field: "value", type: "quantitative" } } } as const;
    const wrapped = withReferenceLine(unit as never, 2) as unknown as { layer: unknown[]; title: string; data: unknown; mark?: unknown };
    expect(wrapped.layer).toHaveLength(2);
    expect(wrapped.title).toBe("t");
    expect(wrapped.mark).toBeUndefined();
    expect(wrapped.data).toEqual(unit.data);
    expectValidVegaLite(wrapped as never);
    const twice = withReferenceLine(wrapped as never, 3) as unknown as { layer: unknown[]; description: string };
    expect(twice.layer).toHaveLength(3);
    expect(twice.description).toBe("d\nDashed line: 2.\nDashed line: 3.");
  });

  test("refuses several panels and a value that is not finite", () => {
    const spec = learningByDepth(curvesFor([1], [1]), speedsFor([1], [1]));
    expect(() => withReferenceLine(spec, 1e-3)).toThrow(/withReferenceLine: the spec has several panels/);
    expect(() => withReferenceLine(normsOverSteps(rows, { metric: "updateToData" }), NaN)).toThrow(/finite number, got NaN/);
  });
});
