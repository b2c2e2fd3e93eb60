import { describe, expect, test } from "vitest";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import {
  boundEnvelope, boundWhatIf, initWhatIf, rmsPrediction, SECOND_MOMENT_FACTORS, SLOPE_BOUNDS, whatIf,
  type BoundRow, type InitRow, type RangeParam, type WhatIfOptions,
} from "../../src/charts/what-if.js";
import { renderSvg, summarize } from "../../src/charts/render.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

// Measured-looking rows: each (activation, scale) decays by its own factor q, below the bound.
const ACTS = ["sigmoid", "tanh", "relu"] as const;
const SCALES = [0.5, 1, 1.5, 2];
const DEPTH = 12;
const q = (act: string, s: number) => 0.8 * s * SLOPE_BOUNDS[act];
const boundRows: BoundRow[] = ACTS.flatMap((activation) => SCALES.flatMap((scale) =>
  Array.from({ length: DEPTH + 1 }, (_, b) => ({ activation, scale, layersBack: b, ratio: q(activation, scale) ** b }))));

type Row = Record<string, unknown> & { x: number; y: number };
type Role = "curve" | "points" | "label";

/**
 * Runs a spec in Vega's headless View, as JupyterLab would after the reader set the controls, and
 * returns the rows of the curve, the points shown and the end label. The compiled datasets get
 * generated names, so their roles are read once from a run at the default setting.
 */
async function evaluate(spec: TopLevelSpec, signals: Record<string, unknown>): Promise<Record<Role, Row[]>> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    await view.runAsync();
    const roles = new Map<string, Role>();
    for (const { name } of compiled.data ?? []) {
      const rows = view.data(name) as Row[];
      if (rows.length === 0 || rows[0].series === undefined) continue;
      roles.set(name, rows[0].label !== undefined ? "label" : rows[0].series === "measured" ? "points" : "curve");
    }
    expect([...roles.values()].sort()).toEqual(["curve", "label", "points"]);
    for (const [k, v] of Object.entries(signals)) view.signal(k, v);
    await view.runAsync();
    const out: Record<Role, Row[]> = { curve: [], points: [], label: [] };
    for (const [name, role] of roles) out[role] = view.data(name) as Row[];
    return out;
  } finally {
    view.finalize();
  }
}

const relClose = (a: number, b: number, rtol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rtol * Math.max(Math.abs(a), Math.abs(b)));

describe("boundWhatIf", () => {
  const spec = boundWhatIf(boundRows, { activation: "sigmoid", scale: 1 });

  test("is valid Vega-Lite 5 with a dropdown and two sliders bound to params", () => {
    expectValidVegaLite(spec);
    const params = (spec as { params: { name: string; bind: { input: string } }[] }).params;
    expect(params.map((p) => [p.name, p.bind.input])).toEqual([["act", "select"], ["s", "range"], ["depth", "range"]]);
  });

  test("Vega's expression gives the TypeScript formula's numbers at several settings", async () => {
    const settings = [
      { act: "sigmoid", s: 1, depth: 12 },
      { act: "sigmoid", s: 2, depth: 5 },
      { act: "tanh", s: 0.5, depth: 12 },
      { act: "tanh", s: 1.5, depth: 1 },
      { act: "relu", s: 2, depth: 9 },
      // A slider value with rounding noise still selects the points measured at 1.5.
      { act: "relu", s: 0.5 + 0.1 + 0.2 + 0.7, depth: 3 },
    ];
    for (const set of settings) {
      const { curve, points, label } = await evaluate(spec, set);
      const gamma = SLOPE_BOUNDS[set.act];
      expect(curve.map((r) => r.x)).toEqual(Array.from({ length: set.depth + 1 }, (_, b) => b));
      for (const r of curve) relClose(r.y, boundEnvelope(r.x, set.s, gamma));
      // The points of that activation and scale, up to the depth, and nothing else.
      const expected = boundRows.filter((r) => r.activation === set.act && Math.abs(r.scale - set.s) < 1e-9 && r.layersBack <= set.depth);
      expect(points.map((p) => [p.x, p.y])).toEqual(expected.map((r) => [r.layersBack, r.ratio]));
      // One label, at the end of the line, with the bound there.
      expect(label).toHaveLength(1);
      expect(label[0].x).toBe(set.depth);
      relClose(label[0].y, boundEnvelope(set.depth, set.s, gamma));
    }
  });

  test("a setting between measured scales draws the line and no points", async () => {
    const { curve, points } = await evaluate(spec, { act: "tanh", s: 0.75, depth: 4 });
    expect(curve.map((r) => r.y)).toEqual([0, 1, 2, 3, 4].map((b) => boundEnvelope(b, 0.75, 1)));
    expect(points).toEqual([]);
  });

  test("the SVG shows the default setting; the summary says what each control does", async () => {
    const svg = await renderSvg(spec);
    expect(svg).not.toMatch(/<input|<select/);
    // Default: sigmoid, s = 1, all 12 layers: 13 measured points and the bound 4^-12 at the end.
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(DEPTH + 1);
    expect(svgTexts(svg)).toContain("5.96e-8"); // 4^-12 = 5.9605e-8
    const text = summarize(spec);
    expect(text).toContain('dropdown "activation" (sigmoid (γ = 1/4), tanh (γ = 1), relu (γ = 1); default sigmoid (γ = 1/4))');
    expect(text).toContain('slider "weight scale s = ‖W_k‖₂" (0.5 to 2 in steps of 0.5, default 1)');
    expect(text).toContain('slider "layers back L − k" (1 to 12 in steps of 1, default 12)');
    expect(text).toContain("This picture shows the default setting: activation sigmoid (γ = 1/4), weight scale s = ‖W_k‖₂ 1, layers back L − k 12.");
    expect(text).toContain(`the bound after 12 layers is (1 × 0.25)^12 = 5.96e-8; measured after 12: 4.096e-9.`);
  });

  test("defaults: the first activation, its first scale, the deepest rows", () => {
    const text = summarize(boundWhatIf(boundRows));
    expect(text).toContain("This picture shows the default setting: activation sigmoid (γ = 1/4), weight scale s = ‖W_k‖₂ 0.5, layers back L − k 12.");
  });

  test("bad rows and options give errors that say what to change", () => {
    expect(() => boundWhatIf([{ activation: "gelu", scale: 1, layersBack: 0, ratio: 1 }])).toThrow(/boundWhatIf: activation 'gelu' has no simple slope bound here; use one of sigmoid, tanh, relu/);
    expect(() => boundWhatIf(boundRows, { activation: "elu" })).toThrow(/boundWhatIf: activation 'elu' has no rows; the rows have sigmoid, tanh, relu/);
    expect(() => boundWhatIf(boundRows, { scales: { min: 0.5, max: 2, step: 0.4 } })).toThrow(/the rows' scale 1 is not on the slider \(0.5 to 2 in steps of 0.4\)/);
    expect(() => boundWhatIf([{ activation: "tanh", scale: NaN, layersBack: 0, ratio: 1 }])).toThrow(/boundWhatIf: rows\[0\] needs activation \(a name\), finite scale and layersBack/);
    expect(() => boundWhatIf(boundRows, { scale: 9 })).toThrow(/param 's' its value 9 lies outside 0.5 to 2/);
  });
});

describe("whatIf", () => {
  const base: WhatIfOptions = {
    params: [
      { input: "range", name: "slope", label: "slope a", value: 2, min: -3, max: 3, step: 0.5, does: "tilts the line" },
      { input: "select", name: "offset", label: "offset b", value: 1, options: [0, 1, 10], does: "moves the line up" },
    ],
    curve: { expr: "slope * datum.x + offset", label: "a x + b" },
    x: { from: -2, to: 4, step: 0.5, title: "x" },
    y: { title: "y", log: false },
    showPoints: "datum.b == offset",
  };
  const pts = [{ x: 0, y: 1, b: 1 }, { x: 1, y: 3.2, b: 1 }, { x: 1, y: 12, b: 10 }];

  test("a linear chart: the expression at several settings, the points of the chosen offset", async () => {
    const spec = whatIf(pts, base);
    expectValidVegaLite(spec);
    for (const [slope, offset] of [[2, 1], [-3, 0], [0.5, 10]]) {
      const { curve, points, label } = await evaluate(spec, { slope, offset });
      expect(curve.map((r) => r.x)).toEqual(Array.from({ length: 13 }, (_, i) => -2 + i / 2));
      for (const r of curve) relClose(r.y, slope * r.x + offset);
      expect(points.map((p) => p.y)).toEqual(pts.filter((p) => p.b === offset).map((p) => p.y));
      expect(label.map((r) => r.x)).toEqual([4]);
    }
    expect(summarize(spec)).toContain('- dropdown "offset b" (0, 1, 10; default 1): moves the line up.');
  });

  test("on a log axis, curve values and points at or below zero are left out, and the summary says so", async () => {
    const spec = whatIf([...pts, { x: 2, y: 0, b: 1 }, { x: 3, y: -1, b: 1 }], { ...base, y: { title: "y" } });
    const { curve, points } = await evaluate(spec, { slope: 1, offset: 0 });
    expect(curve.map((r) => r.x)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
    expect(points).toEqual([]);
    expect(summarize(spec)).toContain("2 point(s) that were zero, negative or not finite are left out");
  });

  test("no params at all: a plain curve over points", async () => {
    const spec = whatIf([{ x: 1, y: 2 }], { params: [], curve: { expr: "pow(2, datum.x)", label: "2^x" }, x: { from: 0, to: 3, title: "x" }, y: { title: "y" } });
    expectValidVegaLite(spec);
    const { curve } = await evaluate(spec, {});
    expect(curve.map((r) => r.y)).toEqual([1, 2, 4, 8]);
    expect(summarize(spec)).not.toMatch(/slider|dropdown/);
  });

  test("bad options name the option and what to change", () => {
    const param = base.params[0] as RangeParam;
    const bad = (o: Partial<WhatIfOptions>) => () => whatIf(pts, { ...base, ...o } as WhatIfOptions);
    expect(bad({ params: [{ ...param, name: "scale" }] })).toThrow(/whatIf: param 'scale' 'scale' is a name Vega uses itself; choose another/);
    expect(bad({ params: [{ ...param, name: "2fast" }] })).toThrow(/param '2fast' its name must be an identifier/);
    expect(bad({ params: [param, param] })).toThrow(/param 'slope' appears twice/);
    expect(bad({ params: [{ ...param, value: 7 }] })).toThrow(/param 'slope' its value 7 lies outside -3 to 3/);
    expect(bad({ params: [{ ...param, step: 0 }] })).toThrow(/needs min < max and step > 0/);
    expect(bad({ params: [{ input: "select", name: "o", label: "o", value: 5, options: [0, 1], does: "d" }] })).toThrow(/param 'o' its value 5 is not one of the options \[0,1\]/);
    expect(bad({ params: [{ ...param, does: "" }] })).toThrow(/needs `does`: what moving it changes/);
    expect(bad({ params: [{ ...param, input: "slider" } as never] })).toThrow(/input must be "range" \(a slider\) or "select" \(a dropdown\), got "slider"/);
    expect(bad({ curve: { expr: "slope * 2", label: "c" } })).toThrow(/curve.expr 'slope \* 2' does not use datum.x/);
    expect(bad({ x: { from: 3, to: 3, title: "x" } })).toThrow(/whatIf: x needs finite from < to, got from 3 and to 3/);
    expect(bad({ x: { from: 0, to: 3, title: "x", upTo: "offset" } })).toThrow(/x.upTo 'offset' must name one of the sliders \(slope\)/);
    expect(bad({ pointsLabel: "a x + b" })).toThrow(/pointsLabel 'a x \+ b' is also the curve's label/);
    expect(() => whatIf([{ x: NaN, y: 1 }], base)).toThrow(/points\[0\] needs a finite x and a numeric y/);
  });
});

describe("initWhatIf", () => {
  // Measured-looking rows: each (activation, scale) changes by its own factor per layer, near the prediction.
  const INIT_ACTS = ["identity", "relu", "tanh"] as const;
  const V = [0.5, 1, 1.5, 2];
  const L = 10;
  const RMS0 = 0.5;
  const per = (act: string, v: number) => Math.sqrt(0.9 * v * SECOND_MOMENT_FACTORS[act]);
  const initRows: InitRow[] = INIT_ACTS.flatMap((activation) => V.flatMap((scale) =>
    Array.from({ length: L + 1 }, (_, layer) => ({ activation, scale, layer, rms: RMS0 * per(activation, scale) ** layer }))));
  const spec = initWhatIf(initRows, { activation: "relu", scale: 2 });

  test("the TypeScript twin: rms0 (v c)^(l/2), flat where v c = 1", () => {
    expect(rmsPrediction(30, 1, 0.5, 1)).toBeCloseTo(2 ** -15, 18);
    expect(rmsPrediction(7, 2, 0.5, 0.3)).toBe(0.3);
    expect(rmsPrediction(3, 4, 1, 1)).toBeCloseTo(8, 12);
    expect(rmsPrediction(0, 9, 1, 2)).toBe(2);
    expect(SECOND_MOMENT_FACTORS.relu).toBe(0.5);
  });

  test("is valid Vega-Lite 5 with a dropdown and a slider bound to params", () => {
    expectValidVegaLite(spec);
    const params = (spec as { params: { name: string; bind: { input: string } }[] }).params;
    expect(params.map((p) => [p.name, p.bind.input])).toEqual([["act", "select"], ["v", "range"]]);
  });

  test("Vega's expression gives the TypeScript formula's numbers at several settings", async () => {
    const settings = [
      { act: "relu", v: 2 }, { act: "relu", v: 0.5 }, { act: "identity", v: 1.5 }, { act: "tanh", v: 1 },
      // Rounding noise on the slider still selects the points measured at 1.5.
      { act: "identity", v: 0.5 + 0.1 + 0.2 + 0.7 },
    ];
    for (const set of settings) {
      const { curve, points, label } = await evaluate(spec, set);
      const c = SECOND_MOMENT_FACTORS[set.act];
      expect(curve.map((r) => r.x)).toEqual(Array.from({ length: L + 1 }, (_, l) => l));
      for (const r of curve) relClose(r.y, rmsPrediction(r.x, set.v, c, RMS0));
      const expected = initRows.filter((r) => r.activation === set.act && Math.abs(r.scale - set.v) < 1e-9);
      expect(points.map((p) => [p.x, p.y])).toEqual(expected.map((r) => [r.layer, r.rms]));
      expect(label).toHaveLength(1);
      expect(label[0].x).toBe(L);
      relClose(label[0].y, rmsPrediction(L, set.v, c, RMS0));
    }
  });

  test("a scale between the measured ones draws the line and no points", async () => {
    const { curve, points } = await evaluate(spec, { act: "relu", v: 0.75 });
    for (const r of curve) relClose(r.y, rmsPrediction(r.x, 0.75, 0.5, RMS0));
    expect(points).toEqual([]);
  });

  test("the SVG shows the default setting; the summary says what each control does and that tanh is approximate", async () => {
    const svg = await renderSvg(spec);
    expect(svg).not.toMatch(/<input|<select/);
    // Default: ReLU at v = 2, a flat line at 0.5 and 11 measured points.
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(L + 1);
    expect(svgTexts(svg)).toContain("0.5");
    const text = summarize(spec);
    expect(text).toContain('dropdown "activation" (identity (c = 1), relu (c = 1/2), tanh (c ≈ 1, small signals only); default relu (c = 1/2))');
    expect(text).toContain('slider "weight scale v = n_in·Var(W)" (0.5 to 2 in steps of 0.5, default 2)');
    expect(text).toContain("the prediction after 10 layers is 0.5 × (2 × 0.5)^(10/2) = 0.5; measured at layer 10: ");
    expect(summarize(initWhatIf(initRows, { activation: "tanh", scale: 1 }))).toContain("For tanh the line is the small-signal approximation");
  });

  test("defaults: the first activation and its first scale; the input RMS from the layer-0 rows", () => {
    const text = summarize(initWhatIf(initRows));
    expect(text).toContain("This picture shows the default setting: activation identity (c = 1), weight scale v = n_in·Var(W) 0.5.");
    expect(text).toContain("0.5 × (0.5 × 1)^(10/2)");
    expect(summarize(initWhatIf(initRows, { inputRms: 2 }))).toContain("2 × (0.5 × 1)^(10/2)");
  });

  test("bad rows and options give errors that say what to change", () => {
    expect(() => initWhatIf([{ activation: "sigmoid", scale: 1, layer: 0, rms: 1 }])).toThrow(/initWhatIf: activation 'sigmoid' has no constant second-moment factor here; use one of identity, relu, leakyRelu, tanh/);
    expect(() => initWhatIf(initRows, { activation: "leakyRelu" })).toThrow(/initWhatIf: activation 'leakyRelu' has no rows; the rows have identity, relu, tanh/);
    expect(() => initWhatIf(initRows, { scales: { min: 0.5, max: 2, step: 0.4 } })).toThrow(/the rows' scale 1 is not on the slider \(0.5 to 2 in steps of 0.4\)/);
    expect(() => initWhatIf([{ activation: "relu", scale: NaN, layer: 0, rms: 1 }])).toThrow(/initWhatIf: rows\[0\] needs activation \(a name\), finite scale and layer/);
    expect(() => initWhatIf(initRows, { inputRms: 0 })).toThrow(/initWhatIf: inputRms must be a positive number/);
    expect(() => initWhatIf(initRows, { scale: 9 })).toThrow(/param 'v' its value 9 lies outside 0.5 to 2/);
  });
});
