import { describe, expect, test } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { compactSvg, renderSvg, summarize } from "../../src/charts/render.js";
import { gradNormByLayer } from "../../src/charts/layers.js";

const plain: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  title: "Plain <chart>",
  data: { values: [{ a: 1, b: 10 }, { a: 2, b: 100 }, { a: 3, b: 1000 }] },
  mark: "line",
  encoding: { x: { field: "a", type: "quantitative", title: "epoch" }, y: { field: "b", type: "quantitative", scale: { type: "log" } } },
};

describe("renderSvg", () => {
  test("draws in Node, the same SVG every time (no time stamps, no randomness)", async () => {
    const [a, b] = [await renderSvg(plain), await renderSvg(plain)];
    expect(a.startsWith("<svg")).toBe(true);
    expect(a).toBe(b);
    expect(a).toContain('aria-roledescription="line mark"');
    expect(a).not.toMatch(/20\d\d-\d\d-\d\d/);
  });

  test("carries the title and the summary as the SVG's own <title> and <desc>, escaped", async () => {
    const svg = await renderSvg(plain);
    expect(svg).toContain("<title>Plain &lt;chart&gt;</title><desc>Marks: line.\nx: epoch.\ny: b (log scale).\n3 data rows.</desc>");
  });

  test("a spec Vega-Lite cannot compile is an error, not a blank picture", async () => {
    await expect(renderSvg({ data: { values: [] }, mark: "nonsense" } as unknown as TopLevelSpec)).rejects.toThrow(/renderSvg: Vega-Lite could not compile the spec \(.+\); check its mark/);
  });
});

describe("compactSvg", () => {
  test("rounds coordinates to 0.01 px in path data and transforms only", () => {
    const svg = '<path d="M0.123456,-9.87654h3.00000001v1e-7Z" transform="translate(10.33333,2)"/><text>0.123456</text>';
    expect(compactSvg(svg)).toBe('<path d="M0.12,-9.88h3v1e-7Z" transform="translate(10.33,2)"/><text>0.123456</text>');
    expect(compactSvg('<path d="M-0.0001,1"/>')).toBe('<path d="M0,1"/>');
    expect(compactSvg('<path fill="rgb(19, 75, 133)" stroke="rgb(0,0,255)"/>')).toBe('<path fill="#134b85" stroke="#0000ff"/>');
  });
});

describe("summarize", () => {
  test("a spec without a description: title, mark, axes (log scale named), data size", () => {
    expect(summarize(plain)).toBe("Plain <chart>\nMarks: line.\nx: epoch.\ny: b (log scale).\n3 data rows.");
  });

  test("the library's specs: their description, which starts with the title", () => {
    const spec = gradNormByLayer([{ step: 0, layer: "layer1", metric: "weightGradNorm", value: 2 }]);
    const text = summarize(spec);
    expect(text.split("\n")[0]).toBe("Weight gradient norm ‖∂ℓ/∂W‖ by layer");
    expect(text).toContain("step 0: layer1 2.");
  });

  test("title objects and untitled specs", () => {
    expect(summarize({ ...plain, title: { text: ["two", "lines"] } } as TopLevelSpec).split("\n")[0]).toBe("two lines");
    const { title: _t, ...untitled } = plain as unknown as Record<string, unknown>;
    expect(summarize(untitled as unknown as TopLevelSpec).split("\n")[0]).toBe("A chart");
  });
});
