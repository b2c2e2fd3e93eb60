import { describe, expect, test } from "vitest";
import { gradNormOverTime } from "../../src/charts/recurrent.js";
import { renderSvg, summarize } from "../../src/charts/render.js";
import type { RecurrentRow } from "../../src/charts/spec.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

// ‖∂L/∂h_t‖ = γ^(T-1-t): a loss at the last step reaches step t through T-1-t Jacobians of norm γ.
const T = 20;
const rowsFor = (step: number, gamma: number, run?: string): RecurrentRow[] =>
  Array.from({ length: T }, (_, t) => ({ step, t, metric: "hiddenGradNorm", value: gamma ** (T - 1 - t), ...(run ? { run } : {}) }));

describe("gradNormOverTime", () => {
  test("valid, rendered with a point per time step, and the per-step factor recovered", async () => {
    const gamma = 0.7;
    const spec = gradNormOverTime([...rowsFor(0, 0.9), ...rowsFor(100, gamma)]);
    expectValidVegaLite(spec);
    const text = summarize(spec);
    // The last step is drawn by default: ratio γ^(T-1), factor γ per step.
    expect(text).toContain(`ratio (t = 0)/(t = 19) = ${Number((gamma ** (T - 1)).toPrecision(4))}`);
    expect(text).toContain(`about ×${gamma} per time step going back`);
    expect(text).not.toContain("step 0:");
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(T);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["time step t (first input on the left)", "(log scale)"]));
  });

  test("first and last training step, and runs, become separate lines", async () => {
    const rows = [...rowsFor(0, 0.5, "rnn"), ...rowsFor(50, 0.6, "rnn"), ...rowsFor(0, 0.95, "lstm"), ...rowsFor(50, 1, "lstm")];
    const spec = gradNormOverTime(rows, { steps: "first-last" });
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(4);
    const text = summarize(spec);
    expect(text).toContain("lstm, step 50: t = 0: 1, t = 19: 1; ratio (t = 0)/(t = 19) = 1");
    expect(text).toContain("about ×0.5 per time step");
  });

  test("other recurrent metrics, and clear errors", () => {
    const gates = rowsFor(0, 0.9).map((r) => ({ ...r, metric: "forgetGateMean", value: 0.8 }));
    expect(summarize(gradNormOverTime(gates, { metric: "forgetGateMean" }))).toMatch(/mean forget-gate value/);
    expect(() => gradNormOverTime(gates)).toThrow(/no rows have metric 'hiddenGradNorm'.*'forgetGateMean'/);
    expect(() => gradNormOverTime(gates, { metric: "forgetGateMean", steps: [3] })).toThrow(/no rows at step 3/);
  });
});
