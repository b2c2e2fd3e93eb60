import { describe, expect, test } from "vitest";
import { chartBundle } from "../../src/charts/display.js";
import { doctorChart, type DoctorLike } from "../../src/charts/doctor.js";
import { renderSvg, summarize } from "../../src/charts/render.js";
import { CATEGORICAL, fmt } from "../../src/charts/spec.js";
import { moons } from "../../src/data/classification.js";
import { addingProblem } from "../../src/data/sequences.js";
import { doctor } from "../../src/diagnostics/doctor.js";
import { constant, normal } from "../../src/nn/init.js";
import { MLP, type MLPOptions } from "../../src/nn/mlp.js";
import { SequenceModel } from "../../src/nn/recurrent/sequence-model.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

const flat = moons({ n: 200, noise: 0.1, seed: 1, standardize: true });
const mlp = (o: Partial<MLPOptions>) => new MLP({ inputs: 2, outputs: 2, seed: 1, ...o } as MLPOptions);
const HEALTHY = "#999999";

/** The fill colour of every point mark in an SVG, in drawing order. */
const pointFills = (svg: string) => [...svg.matchAll(/<path [^>]*aria-roledescription="point"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);

describe("doctorChart", () => {
  test("vanishing: one point per layer, the finding's layers coloured, the crossed threshold dashed", async () => {
    const result = doctor(mlp({ depth: 10, width: 16, activation: "sigmoid", init: "lecun", biasInit: "normal" }), flat);
    const spec = doctorChart(result);
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    const fills = pointFills(svg);
    expect(fills).toHaveLength(11); // layer1 ... layer10, output
    const flagged = result.find("vanishing")!.layers;
    expect(fills.filter((f) => f === CATEGORICAL[0])).toHaveLength(flagged.length);
    expect(fills.filter((f) => f === HEALTHY)).toHaveLength(11 - flagged.length);
    expect(svg.match(/aria-roledescription="rule mark"/g)).toHaveLength(1);
    const texts = svgTexts(svg);
    expect(texts).toEqual(expect.arrayContaining(["Gradient doctor: vanishing gradients", "Vanishing gradients", "no finding", "layer1", "output"]));
    expect(texts.some((t) => t.startsWith("vanishing gradients: 0.001 × output layer"))).toBe(true);
    const text = summarize(spec);
    expect(text).toContain(result.find("vanishing")!.evidence);
    expect(text).toContain("Model: MLP, 10 hidden layers of 16, sigmoid.");
    // The dashed line sits at 1e-3 of the output layer's gradient.
    const output = result.rows.find((r) => r.layer === "output" && r.metric === "preActivationGradNorm")!.value;
    expect(text).toContain(`0.001 × output layer (${fmt(output * 1e-3)}).`);
  });

  test("dead layers: a gradient of 0 drawn as a triangle at the bottom, and said", async () => {
    const result = doctor(mlp({ depth: 4, width: 16, activation: "relu", biasInit: constant(-5) }), flat);
    const spec = doctorChart(result);
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(pointFills(svg)).toHaveLength(5);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["Gradient doctor: dead units", "0 (no gradient)", "measured"]));
    expect(svg).not.toContain('aria-roledescription="rule mark"');
    expect(summarize(spec)).toMatch(/4 layer\(s\) with no gradient at all \(layer1, layer2, layer3, layer4\): triangles at the bottom/);
  });

  test("recurrent: the gradient per time step, the lost steps coloured, the horizon dashed", async () => {
    const T = 30;
    const result = doctor(new SequenceModel({ cell: "rnn", inputs: 2, hidden: 16, outputs: 1, gain: 0.5, seed: 1 }), addingProblem({ n: 64, T, seed: 1 }));
    const spec = doctorChart(result);
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    const fills = pointFills(svg);
    expect(fills).toHaveLength(T);
    expect(fills.filter((f) => f === CATEGORICAL[0])).toHaveLength(result.find("horizon")!.layers.length);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["Gradient doctor: recurrent horizon too long", "time step t (first input on the left)"]));
    expect(summarize(spec)).toMatch(/Dashed line: recurrent horizon too long: 0\.001 × last step/);
  });

  test("a healthy network: grey points, no line, 'no findings'; shown through the usual bundle", async () => {
    const result = doctor(mlp({ depth: 3, width: 32, activation: "relu" }), flat);
    const spec = doctorChart(result, { title: "ReLU + He", width: 300 });
    expectValidVegaLite(spec);
    const bundle = await chartBundle(spec);
    const svg = bundle["image/svg+xml"] as string;
    expect(new Set(pointFills(svg))).toEqual(new Set([HEALTHY]));
    expect(svg).not.toContain('aria-roledescription="rule mark"');
    expect(bundle["text/plain"]).toContain("No findings: no threshold was crossed.");
    expect(svgTexts(svg)).toContain("ReLU + He");
  });

  test("an overflowing forward pass: no gradient measured, the activations' std drawn instead", async () => {
    const result = doctor(mlp({ depth: 6, width: 16, activation: "relu", init: normal(1e80) }), flat);
    const spec = doctorChart(result);
    expectValidVegaLite(spec);
    await renderSvg(spec);
    const text = summarize(spec);
    expect(text).toMatch(/y: activation standard deviation/);
    expect(text).toMatch(/Exploding gradients \(critical\): The forward pass overflows/);
    expect(text).toMatch(/value\(s\) that were zero, negative or not finite are left out/);
  });

  test("pure: plain data in, the same spec out, the input untouched; the first finding colours a shared layer", () => {
    const input: DoctorLike = {
      probe: {
        kind: "feedForward", description: "synthetic",
        rows: ["layer1", "layer2", "output"].map((layer, i) => ({ step: 0, layer, metric: "preActivationGradNorm", value: 10 ** (i - 2) })),
        timeRows: [],
      },
      findings: [
        { name: "saturated", title: "Saturated units", severity: "critical", layers: ["layer2"], evidence: "e1", numbers: {} },
        { name: "vanishing", title: "Vanishing gradients", severity: "warning", layers: ["layer1", "layer2"], evidence: "e2", numbers: { threshold: 1e-3 } },
      ],
    };
    const copy = structuredClone(input);
    const spec = doctorChart(input);
    expect(input).toEqual(copy);
    expect(doctorChart(input)).toEqual(spec);
    const values = (spec as { data: { values: Array<{ label: string; finding: string; findings: string }> } }).data.values;
    expect(values.map((v) => v.finding)).toEqual(["Vanishing gradients", "Saturated units", "no finding"]);
    expect(values[1].findings).toBe("Saturated units (critical); Vanishing gradients (warning)");
    // layer1 is 1e-2 of the output: the 1e-3 line was not crossed, so it is not drawn.
    expect(summarize(spec)).not.toContain("Dashed line");
    expectValidVegaLite(spec);
  });

  test("errors name the chart and what to pass", () => {
    expect(() => doctorChart(null as unknown as DoctorLike)).toThrow(/doctorChart: expected the result of diagnostics\.doctor/);
    const empty: DoctorLike = { probe: { kind: "recurrent", description: "x", rows: [], timeRows: [] }, findings: [] };
    expect(() => doctorChart(empty)).toThrow(/doctorChart: there are no gradients through time to draw/);
  });
});
