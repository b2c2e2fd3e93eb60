import { describe, expect, test } from "vitest";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { ACTIVATION_PICK, activationCurves, activationHistograms } from "../../src/charts/activations.js";
import { renderSvg, summarize } from "../../src/charts/render.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

type Bin = { layer: string; binStart: number; binEnd: number; fraction: number };
const binsOf = (spec: unknown) => (spec as { data: { values: Bin[] } }).data.values;

describe("activationHistograms", () => {
  test("counts each layer's values into shared bins, as fractions", () => {
    const spec = activationHistograms({ layer1: [0, 0.1, 0.2, 0.9], layer2: new Float64Array([0.6, 0.7]) }, { bins: 2, range: [0, 1] });
    expectValidVegaLite(spec);
    const bins = binsOf(spec);
    expect(bins).toEqual([
      { layer: "layer1", binStart: 0, binEnd: 0.5, fraction: 0.75 },
      { layer: "layer1", binStart: 0.5, binEnd: 1, fraction: 0.25 },
      { layer: "layer2", binStart: 0, binEnd: 0.5, fraction: 0 },
      { layer: "layer2", binStart: 0.5, binEnd: 1, fraction: 1 },
    ]);
  });

  test("the summary states each layer's mean and standard deviation", () => {
    const a = [-1, -0.5, 0, 0.5, 1, 1];
    const text = summarize(activationHistograms([{ layer: "layer1", values: a }]));
    const mean = a.reduce((s, x) => s + x, 0) / a.length; // 1/6
    const std = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
    expect(text).toContain(`layer1: 6 values, mean ${Number(mean.toPrecision(4))}, standard deviation ${Number(std.toPrecision(4))}.`);
  });

  test("faceted: one bar per bin and layer in the SVG, one panel per layer", async () => {
    const values = { layer1: Array.from({ length: 200 }, (_, i) => Math.tanh((i - 100) / 20)), layer2: Array.from({ length: 200 }, (_, i) => (i - 100) / 100) };
    const spec = activationHistograms(values, { bins: 10 });
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(20);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["layer1", "layer2", "activation value", "Activation values per layer"]));
  });

  test("layered: one step line per layer", async () => {
    const spec = activationHistograms({ a: [1, 2, 3], b: [2, 3, 4], c: [3, 3, 3] }, { layout: "layered", bins: 3 });
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(3);
  });

  test("values outside the range are counted out loud; equal values still draw", () => {
    expect(summarize(activationHistograms({ l: [-5, 0, 5] }, { range: [-1, 1] }))).toMatch(/2 value\(s\) outside the range/);
    const flat = binsOf(activationHistograms({ l: [2, 2, 2] }, { bins: 4 }));
    expect(flat.reduce((s, b) => s + b.fraction, 0)).toBeCloseTo(1, 12);
  });

  test("a model's trace works as it is: activations, or pre-activations on request", () => {
    const trace = [
      { layer: "layer1", activation: { data: new Float64Array([0.1, 0.2]) }, preActivation: { data: new Float64Array([1, 2]) } },
      { layer: "layer2", activation: { data: new Float64Array([0.3, 0.4]) }, preActivation: { data: new Float64Array([3, 4]) } },
    ];
    const h = summarize(activationHistograms(trace));
    expect(h).toContain("layer1: 2 values, mean 0.15,");
    expect(h).toContain("x: activation value");
    const z = summarize(activationHistograms(trace, { of: "preActivation" }));
    expect(z).toContain("layer2: 2 values, mean 3.5,");
    expect(z).toContain("x: pre-activation z");
  });

  test("bad input says what to pass", () => {
    expect(() => activationHistograms({})).toThrow(/activationHistograms: there are no layers/);
    expect(() => activationHistograms({ layer3: [] })).toThrow(/layer 'layer3' has no values/);
    expect(() => activationHistograms({ l: [1] }, { bins: 0 })).toThrow(/bins must be a positive integer/);
  });
});

describe("activationCurves", () => {
  test("samples φ and φ′ on the grid: checked against closed forms", () => {
    const spec = activationCurves(["sigmoid", "tanh"], { range: [-4, 4], points: 9 });
    expectValidVegaLite(spec);
    const values = (spec as unknown as { data: { values: { x: number; y: number; activation: string; panel: string }[] } }).data.values;
    expect(values).toHaveLength(2 * 9 * 2);
    const at = (act: string, panel: string, x: number) => values.find((v) => v.activation === act && v.panel === panel && v.x === x)!.y;
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    expect(at("sigmoid", "φ(x)", 2)).toBeCloseTo(s(2), 4);
    expect(at("sigmoid", "φ′(x)", 2)).toBeCloseTo(s(2) * (1 - s(2)), 4);
    expect(at("tanh", "φ′(x)", -1)).toBeCloseTo(1 / Math.cosh(-1) ** 2, 4);
  });

  test("states the largest derivative: 1/4 for the sigmoid, 1 for tanh, both at 0", () => {
    const text = summarize(activationCurves(["sigmoid", "tanh", "relu"]));
    expect(text).toContain("sigmoid: largest derivative 0.25, first reached at x = 0;");
    expect(text).toContain("tanh: largest derivative 1, first reached at x = 0;");
    expect(text).toContain("relu: largest derivative 1");
  });

  test("renders two panels, one line per activation in each", async () => {
    const spec = activationCurves(["sigmoid", "relu", { name: "cube", f: (x) => x ** 3, df: (x) => 3 * x * x }], { range: [-2, 2] });
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(6);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["φ(x)", "φ′(x)", "sigmoid", "relu", "cube"]));
    expect(summarize(spec)).toContain("cube: largest derivative 12");
  });

  test("clicking an activation in the legend picks it in both panels; a click elsewhere shows all again", async () => {
    const spec = activationCurves(["sigmoid", "tanh", "relu", "leakyRelu", "elu", "gelu", "softplus"], { points: 21 });
    expectValidVegaLite(spec);
    const compiled = vl.compile(spec as TopLevelSpec).spec;
    // Vega-Lite names the signal a legend click sets after the param and the field.
    const legendSignal = `${ACTIVATION_PICK}_activation_legend`;
    expect(compiled.signals?.map((sig) => sig.name)).toContain(legendSignal);
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    /** Each drawn line's activation and opacity, panel by panel. */
    const lines = (): string[] => {
      const out: string[] = [];
      const walk = (node: { marktype?: string; items?: unknown[] }) => {
        if (node.marktype === "line") {
          const first = node.items?.[0] as { datum: { activation: string; panel: string }; opacity: number } | undefined;
          if (first) out.push(`${first.datum.panel} ${first.datum.activation} ${first.opacity}`);
          return;
        }
        for (const child of node.items ?? []) walk(child as typeof node);
      };
      walk((view.scenegraph() as unknown as { root: { items: unknown[] } }).root);
      return out;
    };
    try {
      await view.runAsync();
      expect(lines()).toHaveLength(14);
      expect(lines().every((l) => l.endsWith(" 1"))).toBe(true);
      view.signal(legendSignal, "relu");
      await view.runAsync();
      const picked = lines();
      expect(picked.filter((l) => l.endsWith(" 1")).sort()).toEqual(["φ(x) relu 1", "φ′(x) relu 1"]);
      expect(picked.filter((l) => !l.includes(" relu ")).every((l) => l.endsWith(" 0.12"))).toBe(true);
      view.signal(legendSignal, "gelu");
      await view.runAsync();
      expect(lines().filter((l) => l.endsWith(" 1")).sort()).toEqual(["φ(x) gelu 1", "φ′(x) gelu 1"]);
      view.signal(legendSignal, null);
      await view.runAsync();
      expect(lines().every((l) => l.endsWith(" 1"))).toBe(true);
    } finally {
      view.finalize();
    }
    expect(summarize(spec)).toContain("click an activation in the legend to pick it in both panels");
  });

  test("unknown names and empty ranges are refused clearly", () => {
    expect(() => activationCurves(["sigmoidd" as "sigmoid"])).toThrow(/unknown activation 'sigmoidd'; choose one of: sigmoid, tanh/);
    expect(() => activationCurves(["tanh"], { range: [1, 1] })).toThrow(/range \[1, 1\] is empty/);
    expect(() => activationCurves([])).toThrow(/no activations/);
  });
});
