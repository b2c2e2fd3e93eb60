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

  test("no rows: a clear error", () => {
    expect(() => lossCurves([])).toThrow(/lossCurves: there are no training rows/);
  });
});
