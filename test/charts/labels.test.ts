import { describe, expect, it } from "vitest";
import * as vega from "vega";
import { compile } from "vega-lite";
import { chartBundle } from "../../src/charts/display.js";
import { LOG_TICK_LABELS, polishLabels, prettyLabel } from "../../src/charts/labels.js";
import type { TopLevelSpec } from "../../src/charts/spec.js";

describe("prettyLabel", () => {
  it("writes TeX-style sub- and superscripts with Unicode where every character has a form", () => {
    expect(prettyLabel("‖∂ℓ/∂h_k‖")).toBe("‖∂ℓ/∂hₖ‖");
    expect(prettyLabel("x_t = w σ(x_{t-1}) − 3, ℓ = (σ(x_15) − 0.85)^2")).toBe("xₜ = w σ(xₜ₋₁) − 3, ℓ = (σ(x₁₅) − 0.85)²");
    expect(prettyLabel("the bound (sγ)^(L−k)")).toBe("the bound (sγ)ᴸ⁻ᵏ");
    expect(prettyLabel("W_h = gain × orthogonal")).toBe("Wₕ = gain × orthogonal");
    expect(prettyLabel("the envelope ρ^(T−t)")).toBe("the envelope ρᵀ⁻ᵗ"); // a Greek base too
  });

  it("leaves what Unicode cannot write, and plain text, as written", () => {
    expect(prettyLabel("‖∇h_T‖")).toBe("‖∇h_T‖"); // no subscript capital T
    expect(prettyLabel("loss per step")).toBe("loss per step");
    expect(prettyLabel("snake_case")).toBe("snake_case"); // "c" has no subscript form
  });
});

describe("polishLabels", () => {
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: "‖∂ℓ/∂h_k‖ per layer", subtitle: "y axis: log scale" },
    data: { values: [{ layer: "h_k", value: 1e-6 }, { layer: "b", value: 1e3 }] },
    params: [{ name: "s_k", value: 1, bind: { input: "range", min: 0, max: 2, name: "scale s_k" } }],
    mark: "point",
    encoding: {
      x: { field: "layer", type: "nominal", title: ["layer h_k", "(input → output)"] },
      y: { field: "value", type: "quantitative", scale: { type: "log" }, title: "value" },
    },
  } as unknown as TopLevelSpec;

  it("relabels titles, axis titles and slider labels, not data or param names, and gives log axes 1e-6 ticks", () => {
    const out = polishLabels(spec) as unknown as Record<string, any>;
    expect(out.title).toEqual({ text: "‖∂ℓ/∂hₖ‖ per layer", subtitle: "y axis: log scale" });
    expect(out.encoding.x.title).toEqual(["layer hₖ", "(input → output)"]);
    expect(out.data.values[0].layer).toBe("h_k");
    expect(out.params[0].name).toBe("s_k");
    expect(out.params[0].bind.name).toBe("scale sₖ");
    expect(out.encoding.y.axis.labelExpr).toBe(LOG_TICK_LABELS);
    expect(out.encoding.x.axis).toBeUndefined();
    expect((spec as unknown as Record<string, any>).title.text).toBe("‖∂ℓ/∂h_k‖ per layer"); // a copy
  });

  it("draws ticks 1e-6 ... 1000 in the SVG, never 0.000001 or 10,000,000,000", async () => {
    const bundle = await chartBundle(spec);
    const svg = String(bundle["image/svg+xml"]);
    const drawn = (text: string) => (text.match(/>[^<>]+</g) ?? []).map((t) => t.slice(1, -1)); // the visible text
    expect(drawn(svg)).toContain("1e-6");
    expect(drawn(svg)).toContain("1000");
    expect(drawn(svg)).not.toContain("0.000001");
    expect(drawn(svg).filter((t) => /^[0-9.e-]+$/.test(t) && t !== "").every((t) => /^[125]/.test(t.replace(/^0\.0*/, ""))), "only 1, 2, 5 ticks are labelled").toBe(true);
    expect(svg).toContain("‖∂ℓ/∂hₖ‖ per layer");
    const wide = polishLabels({ ...spec, data: { values: [{ layer: "a", value: 1e-9 }, { layer: "b", value: 1e10 }] } } as TopLevelSpec);
    const view = new vega.View(vega.parse(compile(wide).spec), { renderer: "none" });
    const wideSvg = await view.toSVG();
    expect(drawn(wideSvg)).toContain("1e10");
    expect(drawn(wideSvg)).not.toContain("10,000,000,000");
  });
});
