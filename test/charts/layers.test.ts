import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { gradNormByLayer, LAYER_PICK, normsHeatmap, normsOverSteps } from "../../src/charts/layers.js";
import { loadVega, renderSvg, summarize } from "../../src/charts/render.js";
import type { DiagnosticRow } from "../../src/charts/spec.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

// A network whose gradient shrinks by a factor q per layer going back (the vanishing pattern):
// layer l of L has norm g q^(L - l), and g grows with the step.
const L = 5;
const q = 0.25;
function geometricRows(steps: number[]): DiagnosticRow[] {
  const rows: DiagnosticRow[] = [];
  for (const step of steps) {
    for (let l = 1; l <= L; l++) rows.push({ step, layer: `layer${l}`, metric: "weightGradNorm", value: (1 + step / 100) * q ** (L - l) });
    rows.push({ step, layer: "layer1", metric: "activationStd", value: 0.5 });
  }
  return rows;
}

/** The number after `label` in a summary, e.g. numberAfter(s, "ratio layer1/layer5 = "). */
function numberAfter(text: string, label: string): number {
  const i = text.indexOf(label);
  expect(i, `'${label}' in:\n${text}`).toBeGreaterThanOrEqual(0);
  return Number(/^-?\d+(\.\d+)?(e-?\d+)?/.exec(text.slice(i + label.length))![0]);
}

const relClose = (a: number, b: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-3);

describe("gradNormByLayer", () => {
  test("is valid Vega-Lite, renders one point per layer, and states the first/last ratio", async () => {
    const rows = geometricRows([0, 50, 100]);
    const spec = gradNormByLayer(rows);
    expectValidVegaLite(spec);
    const text = summarize(spec);
    // Independent: layer1 / layer5 = q^(L-1); at step 100 the norms are 2 q^4 and 2.
    relClose(numberAfter(text, "ratio layer1/layer5 = "), q ** (L - 1));
    relClose(numberAfter(text, "step 100: layer1 "), 2 * q ** (L - 1));
    expect(text).toMatch(/log scale/);

    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(L);
    const texts = svgTexts(svg);
    for (let l = 1; l <= L; l++) expect(texts).toContain(`layer${l}`);
    expect(texts).toContain("Weight gradient norm ‖∂ℓ/∂W‖ by layer");
    expect(texts).toContain("(log scale)");
  });

  test("draws one line per chosen step, and one per run when runs are compared", async () => {
    const rows = geometricRows([0, 100]);
    const both = gradNormByLayer(rows, { steps: "first-last" });
    expectValidVegaLite(both);
    const svg = await renderSvg(both);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["step 0", "step 100"]));

    const runs = [...rows.map((r) => ({ ...r, run: "sigmoid" })), ...rows.map((r) => ({ ...r, run: "relu", value: 1 }))];
    const text = summarize(gradNormByLayer(runs));
    expect(text).toMatch(/sigmoid, step 100: .*ratio layer1\/layer5 = 0\.003906/);
    expect(text).toMatch(/relu, step 100: .*ratio layer1\/layer5 = 1\./);
  });

  test("leaves out values a log axis cannot show, and says so", () => {
    const rows = geometricRows([0]).map((r) => (r.layer === "layer2" ? { ...r, value: 0 } : r));
    const spec = gradNormByLayer(rows);
    expect((spec as { data: { values: unknown[] } }).data.values).toHaveLength(L - 1);
    expect(summarize(spec)).toMatch(/1 value\(s\) that were zero/);
  });

  test("errors name the chart, the missing metric or step, and what is there", () => {
    const rows = geometricRows([0, 10]);
    expect(() => gradNormByLayer(rows, { metric: "cellGradNorm" })).toThrow(/gradNormByLayer: no rows have metric 'cellGradNorm'.*'weightGradNorm', 'activationStd'/);
    expect(() => gradNormByLayer(rows, { steps: [5] })).toThrow(/no rows at step 5; the rows have steps 0, 10/);
    expect(() => gradNormByLayer([])).toThrow(/gradNormByLayer: there are no diagnostic rows/);
  });

  test("property: the stated ratio is the first layer's value over the last's", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-8, max: 1e8, noNaN: true }), { minLength: 2, maxLength: 8 }), (norms) => {
        const rows = norms.map((value, i) => ({ step: 3, layer: `layer${i + 1}`, metric: "weightGradNorm", value }));
        const ratio = numberAfter(summarize(gradNormByLayer(rows)), `ratio layer1/layer${norms.length} = `);
        relClose(ratio, norms[0] / norms[norms.length - 1]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("normsOverSteps", () => {
  test("one line per layer over the steps, valid, with the last step's values in the summary", async () => {
    const spec = normsOverSteps(geometricRows([0, 10, 20, 30]));
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(L);
    expect(svgTexts(svg)).toContain("training step");
    const text = summarize(spec);
    relClose(numberAfter(text, "layer1 "), 1.3 * q ** 4); // step 30: (1 + 30/100) q^4
    expect(text).toMatch(/training step \(0 to 30\)/);
  });

  test("other metrics by name", () => {
    const spec = normsOverSteps(geometricRows([0, 1]), { metric: "activationStd" });
    expectValidVegaLite(spec);
    expect(summarize(spec)).toMatch(/activation standard deviation/);
    const bias = normsOverSteps(geometricRows([0, 1]).map((r) => ({ ...r, metric: "biasGradNorm" })), { metric: "biasGradNorm" });
    expect(summarize(bias)).toMatch(/bias gradient norm ‖∂ℓ\/∂b‖/);
  });

  test("the summary states the first layer over the last at the first and last step, and the range", () => {
    // Independent: layer1/layer5 = q^4 at every step; make step 20 stand out.
    const rows = geometricRows([0, 10, 20, 30]).map((r) => (r.step === 20 && r.layer === "layer1" && r.metric === "weightGradNorm" ? { ...r, value: r.value * 8 } : r));
    const text = summarize(normsOverSteps(rows));
    relClose(numberAfter(text, "ratio layer1/layer5: "), q ** 4);
    relClose(numberAfter(text, "at step 0, "), q ** 4);
    relClose(numberAfter(text, "between "), q ** 4);
    relClose(numberAfter(text, `between ${numberAfter(text, "between ")} and `), 8 * q ** 4);
    expect(text).toMatch(/at step 30; between .* over the 4 steps\./);
    const runs = [...rows.map((r) => ({ ...r, run: "sigmoid" })), ...rows.map((r) => ({ ...r, run: "relu", value: 1 }))];
    expect(summarize(normsOverSteps(runs))).toMatch(/relu: ratio layer1\/layer5: 1 at step 0, 1 at step 30; between 1 and 1/);
  });

  test("interactive: tooltips with layer, step and value; a legend-bound point selection sets the opacity", async () => {
    const spec = normsOverSteps(geometricRows([0, 10, 20]));
    expectValidVegaLite(spec);
    const s = spec as unknown as {
      params: { name: string; select: { type: string; fields: string[] }; bind: string }[];
      mark: { tooltip: boolean; point?: unknown };
      encoding: { tooltip: { field: string; format?: string }[]; opacity: { condition: { param: string; value: number }; value: number } };
    };
    expect(s.params).toEqual([{ name: LAYER_PICK, select: { type: "point", fields: ["layer"] }, bind: "legend" }]);
    expect(s.encoding.tooltip.map((t) => t.field)).toEqual(["layer", "step", "value"]);
    expect(s.encoding.opacity.condition.param).toBe(LAYER_PICK);
    expect(s.mark.tooltip).toBe(true);
    expect(summarize(spec)).toMatch(/hover a point for its exact value; click a layer in the legend/);

    // Compile and run it headless: with nothing picked every line is opaque; picking layer2 (as a
    // legend click does, through the selection's store) dims the other lines.
    const { vega, vl } = await loadVega();
    const compiled = vl.compile(spec).spec;
    expect(compiled.data!.map((d) => d.name)).toContain(`${LAYER_PICK}_store`);
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    const lineOpacity = () => {
      const out: Record<string, number> = {};
      const walk = (item: { marktype?: string; items?: unknown[]; datum?: { layer?: string }; opacity?: number }) => {
        if (item.marktype === "line") for (const line of item.items as { datum: { layer: string }; opacity: number }[]) out[line.datum.layer] = line.opacity;
        for (const child of (item.items ?? []) as typeof item[]) walk(child);
      };
      walk((view.scenegraph() as unknown as { root: Parameters<typeof walk>[0] }).root);
      return out;
    };
    await view.runAsync();
    expect(lineOpacity()).toEqual({ layer1: 1, layer2: 1, layer3: 1, layer4: 1, layer5: 1 });
    view.data(`${LAYER_PICK}_store`, [{ unit: "", fields: [{ type: "E", field: "layer" }], values: ["layer2"] }]);
    await view.runAsync();
    expect(lineOpacity()).toEqual({ layer1: 0.15, layer2: 1, layer3: 0.15, layer4: 0.15, layer5: 0.15 });
    view.finalize();

    // The SVG fallback still draws one line per layer, with a point per step.
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(L);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(L * 3);
    expect(svgTexts(svg)).toContain("click a layer in the legend to highlight it");
  });

  test("many steps: lines without a point per step", () => {
    const spec = normsOverSteps(geometricRows(Array.from({ length: 250 }, (_, i) => i)));
    expect((spec as { mark: { point?: unknown } }).mark.point).toBeUndefined();
  });
});

describe("normsHeatmap", () => {
  test("a cell per layer and step, valid, rendered as rects", async () => {
    const steps = [0, 10, 20, 30, 40, 50];
    const spec = normsHeatmap(geometricRows(steps));
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(L * steps.length);
    const text = summarize(spec);
    // Smallest: layer1 at step 0 = q^4; largest: layer5 at step 50 = 1.5.
    relClose(numberAfter(text, "range from "), q ** 4);
    relClose(numberAfter(text, "a factor of "), 1.5 / q ** 4);
    // The legend marks the ends and the powers of ten between them.
    const start = svg.indexOf('class="mark-text role-legend-label"');
    const legend = svgTexts(svg.slice(start, svg.indexOf("</g>", start)));
    expect(legend).toEqual(["0.0039", "0.01", "0.1", "1.5"]);
  });

  test("merges many steps into columns by geometric mean", () => {
    const steps = Array.from({ length: 100 }, (_, i) => i);
    const rows = geometricRows(steps);
    const spec = normsHeatmap(rows, { maxColumns: 10 });
    expectValidVegaLite(spec);
    const values = (spec as unknown as { data: { values: { layer: string; step: number; stepEnd: number; value: number }[] } }).data.values;
    expect(values).toHaveLength(L * 10);
    // The first column of layer3 holds steps 0..9: the geometric mean, computed here directly.
    const cell = values.find((v) => v.layer === "layer3" && v.step === 0)!;
    expect(cell.stepEnd).toBe(10);
    let prod = 1;
    for (let s = 0; s < 10; s++) prod *= (1 + s / 100) * q ** 2;
    relClose(cell.value, prod ** (1 / 10));
    expect(summarize(spec)).toMatch(/merged into 10 columns/);
  });

  test("refuses rows of several runs with the fix in the message", () => {
    const rows = geometricRows([0]).flatMap((r) => [{ ...r, run: "a" }, { ...r, run: "b" }]);
    expect(() => normsHeatmap(rows)).toThrow(/2 runs .* rows\.filter/);
  });
});
