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

  test("truncated BPTT: the zeros before the window are named in the summary, not drawn, and not in the ratio", async () => {
    // Cuts every 5 steps of 20: a loss at t = 20 reaches t = 16..20 only.
    const full = Array.from({ length: 20 }, (_, i) => ({ step: 0, t: i + 1, metric: "hiddenGradNorm", value: 0.8 ** (19 - i), run: "full" }));
    const cut = full.map((r) => ({ ...r, value: r.t > 15 ? r.value : 0, run: "truncate 5" }));
    const never = full.map((r) => ({ ...r, value: 0, run: "no loss" }));
    const spec = gradNormOverTime([...full, ...cut, ...never]);
    expectValidVegaLite(spec);
    const text = summarize(spec);
    // Several runs at one training step: labelled by run only.
    expect(text).not.toContain("step 0");
    expect(text).toContain("full: t = 1: ");
    expect(text).toContain(`truncate 5: t = 1 to 15: 0, not drawn (no gradient reached them); t = 16: ${Number((0.8 ** 4).toPrecision(4))}, t = 20: 1; ` +
      `ratio (t = 16)/(t = 20) = ${Number((0.8 ** 4).toPrecision(4))}, about ×0.8 per time step going back.`);
    expect(text).toContain("no loss: t = 1 to 20: 0, not drawn (no gradient reached them); nothing to draw.");
    expect(text).toContain("35 value(s) that were zero");
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(25);
    const gaps = gradNormOverTime(cut.map((r) => ({ ...r, value: r.t % 3 === 0 ? 0 : r.value || 1 })));
    expect(summarize(gaps)).toContain("step 0: t = 3, 6, 9, 12, 15, 18: 0, not drawn");
  });

  test("other recurrent metrics, and clear errors", () => {
    const gates = rowsFor(0, 0.9).map((r) => ({ ...r, metric: "forgetGateMean", value: 0.8 }));
    expect(summarize(gradNormOverTime(gates, { metric: "forgetGateMean" }))).toMatch(/mean forget-gate value/);
    expect(() => gradNormOverTime(gates)).toThrow(/no rows have metric 'hiddenGradNorm'.*'forgetGateMean'/);
    expect(() => gradNormOverTime(gates, { metric: "forgetGateMean", steps: [3] })).toThrow(/no rows at step 3/);
  });
});
