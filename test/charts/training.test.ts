import { describe, expect, test } from "vitest";
import { lossCurves } from "../../src/charts/training.js";
import { renderSvg, summarize } from "../../src/charts/render.js";
import type { TrainingRow } from "../../src/charts/spec.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

// Loss 2 e^(-step/50) + 0.1 and accuracy 1 - e^(-step/40) / 2: smooth curves with known ends.
const history: TrainingRow[] = Array.from({ length: 101 }, (_, step) => ({
  step, loss: 2 * Math.exp(-step / 50) + 0.1, accuracy: 1 - Math.exp(-step / 40) / 2,
}));

describe("lossCurves", () => {
  test("loss and accuracy side by side, valid, rendered, with first/last/final numbers", async () => {
    const spec = lossCurves(history);
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["Loss and accuracy", "loss", "accuracy", "training step", "100%"]));
    const text = summarize(spec);
    const last = 2 * Math.exp(-2) + 0.1; // step 100
    expect(text).toContain(`loss 2.1 at step 0 → ${Number(last.toPrecision(4))} at step 100`);
    expect(text).toContain(`final accuracy ${Number((100 * (1 - Math.exp(-2.5) / 2)).toPrecision(4))}%`);
  });

  test("loss only when nothing recorded an accuracy; log axis on request", async () => {
    const spec = lossCurves(history.map(({ step, loss }) => ({ step, loss })), { logLoss: true });
    expectValidVegaLite(spec);
    expect(JSON.stringify(spec)).toContain('"type":"log"');
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(1);
    expect(svgTexts(svg)).toContain("Training loss");
    expect(summarize(spec)).toMatch(/log scale/);
  });

  test("one line per run (train and test), named in the legend and the summary", async () => {
    const rows = [...history.map((r) => ({ ...r, run: "train" })), ...history.map((r) => ({ ...r, loss: r.loss + 0.2, run: "test" }))];
    const spec = lossCurves(rows);
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(4);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["train", "test"]));
    expect(summarize(spec)).toMatch(/test: loss 2\.3 at step 0/);
  });

  test("the lowest loss is found, not assumed to be the last", () => {
    const rows = [{ step: 0, loss: 1 }, { step: 1, loss: 0.2 }, { step: 2, loss: 0.5 }];
    expect(summarize(lossCurves(rows))).toContain("(lowest 0.2 at step 1)");
  });

  test("a threshold line: a dashed rule with its label, on the loss's scale; the summary counts the points above it", async () => {
    // Gradient norms of two runs: one explodes in 5 steps, one stays around 5 with a few spikes.
    const rows = [
      ...[175, 998, 1.2e4, 9.8e13, 1.3e129].map((loss, step) => ({ step, loss, run: "no clipping" })),
      ...Array.from({ length: 50 }, (_, step) => ({ step, loss: step % 10 === 0 ? 40 : 5, run: "clipNorm 10" })),
    ];
    const spec = lossCurves(rows, { logLoss: true, lossLabel: "gradient norm", threshold: 10, thresholdLabel: "θ = 10" });
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
    expect(svg.match(/aria-roledescription="rule mark"/g)).toHaveLength(1);
    expect(svg).toMatch(/stroke-dasharray="6,4"/);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["θ = 10", "gradient norm", "no clipping", "clipNorm 10"]));
    const text = summarize(spec);
    expect(text).toContain("y: gradient norm (log scale");
    expect(text).toContain("no clipping: 175 at step 0 → 1.3e129 at step 4"); // the label is in the header, not on every line
    expect(text).toContain("5 of 5 points above θ = 10");
    expect(text).toContain("5 of 50 points above θ = 10");
    expect(text).toContain("Dashed line: θ = 10 (10).");
  });

  test("a threshold beside an accuracy panel, with the default label; a threshold a log axis cannot show is refused", async () => {
    const spec = lossCurves(history, { threshold: 0.5 });
    expectValidVegaLite(spec);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="rule mark"/g)).toHaveLength(1);
    expect(svgTexts(svg)).toContain("threshold 0.5");
    expect(summarize(spec)).toContain("Dashed line: threshold 0.5 (0.5).");
    expect(() => lossCurves(history, { logLoss: true, threshold: 0 })).toThrow(/lossCurves: threshold must be a finite number above 0 on a log axis, got 0/);
    expect(() => lossCurves(history, { threshold: NaN })).toThrow(/threshold must be a finite number, got NaN/);
    // Without a threshold the spec is what it was: no layer, no rule.
    expect(JSON.stringify(lossCurves(history))).not.toMatch(/"rule"|"layer"/);
  });

  test("steps are whole numbers: a run of five steps gets no half-step ticks", async () => {
    const texts = svgTexts(await renderSvg(lossCurves([0, 1, 2, 3, 4].map((step) => ({ step, loss: 10 ** step })), { logLoss: true })));
    expect(texts).toEqual(expect.arrayContaining(["0", "1", "2", "3", "4"]));
    expect(texts).not.toContain("0.5");
    expect(texts).not.toContain("3.5");
  });

  test("no rows: a clear error", () => {
    expect(() => lossCurves([])).toThrow(/lossCurves: there are no training rows/);
  });
});
