import { describe, expect, test } from "vitest";
import { decisionBoundary } from "../../src/charts/boundary.js";
import { renderSvg, summarize } from "../../src/charts/render.js";
import { expectValidVegaLite, svgTexts } from "./helpers.js";

// Data on the square [-1, 1]²: class 1 right of x₁ = 0.1, class 0 left of it; one point mislabeled.
const X = [[-1, -1], [-1, 1], [1, -1], [1, 1], [-0.5, 0.2], [0.5, -0.2], [0.6, 0.6], [-0.6, -0.6]];
const y = X.map(([x1]) => (x1 > 0.1 ? 1 : 0));
y[4] = 1; // (-0.5, 0.2) is on the class-0 side: the model gets it wrong
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const predict = (P: number[][]) => P.map(([x1]) => sigmoid(20 * (x1 - 0.1))); // P(class 1)

/** The <path>s inside the background (rect) layer of a rendered boundary. */
function backgroundCells(svg: string): number {
  const start = svg.indexOf('class="mark-rect role-mark');
  return svg.slice(start, svg.indexOf("</g>", start)).split("<path").length - 1;
}

describe("decisionBoundary", () => {
  test("two classes: valid, a cell per grid point, the data on top, accuracy and areas stated", async () => {
    const spec = decisionBoundary(predict, { X, y }, { resolution: 40 });
    expectValidVegaLite(spec);
    const text = summarize(spec);
    expect(text).toContain("Accuracy on these points: 7 of 8 (87.5%).");
    // The padded extent is [-1.2, 1.2] (10% of the width 2 each side); cells are 0.06 wide and the
    // centres -1.2 + (i + 0.5) 0.06 pass 0.1 from i = 22 on: 18 of 40 columns are class 1.
    expect(text).toContain("class 0 55%, class 1 45%");

    const svg = await renderSvg(spec);
    expect(backgroundCells(svg)).toBe(40 * 40);
    const start = svg.indexOf('class="mark-symbol role-mark');
    expect(svg.slice(start, svg.indexOf("</g>", start)).split("<path").length - 1).toBe(X.length);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["Decision boundary", "x₁", "x₂", "class 0", "class 1", "P(class 1)"]));
  });

  test("predict gets the grid's centres as [x₁, x₂] rows inside the padded extent, then the data", () => {
    const calls: number[][][] = [];
    decisionBoundary((P) => { calls.push(P); return predict(P); }, { X, y }, { resolution: 5, padding: 0 });
    expect(calls[0]).toHaveLength(25);
    expect(calls[0][0]).toEqual([-0.8, -0.8]); // first centre: -1 + 0.5 · 0.4
    expect(calls[0][24][0]).toBeCloseTo(0.8, 12);
    expect(calls[1]).toEqual(X);
  });

  test("several classes: rows of probabilities (a tensor-like result too), colour by predicted class", async () => {
    const labels = X.map(([x1, x2]) => (x1 > 0.1 ? 2 : x2 > 0 ? 1 : 0));
    const softmax3 = (P: number[][]) => {
      const flat = P.flatMap(([x1, x2]) => {
        const s = [Math.exp(-5 * x1 - 5 * x2), Math.exp(-5 * x1 + 5 * x2), Math.exp(10 * (x1 - 0.1))];
        const z = s[0] + s[1] + s[2];
        return s.map((v) => v / z);
      });
      return { data: Float64Array.from(flat), shape: [P.length, 3] };
    };
    const spec = decisionBoundary(softmax3, { X: { data: Float64Array.from(X.flat()), shape: [X.length, 2] }, y: Int32Array.from(labels), numClasses: 3 }, { resolution: 12, classNames: ["a", "b", "c"] });
    expectValidVegaLite(spec);
    expect(summarize(spec)).toMatch(/background colour: predicted class/);
    const svg = await renderSvg(spec);
    expect(backgroundCells(svg)).toBe(144);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["a", "b", "c"]));
  });

  test("logits are turned into probabilities: softmax per row, the sigmoid for one output", () => {
    const rows = (P: number[][]) => P.map(([x1]) => [0, 20 * (x1 - 0.1)]); // logits for 2 classes
    const one = (P: number[][]) => ({ data: P.map(([x1]) => 20 * (x1 - 0.1)), shape: [P.length, 1] });
    const data = (spec: unknown) => (spec as { layer: { data: { values: { p: number }[] } }[] }).layer[0].data.values.map((v) => v.p);
    const expected = data(decisionBoundary(predict, { X, y }, { resolution: 6 }));
    // softmax([0, z])₁ = 1 / (1 + e^(-z)) = σ(z): the same picture as the probabilities above.
    expect(data(decisionBoundary(rows, { X, y }, { resolution: 6, output: "logits" }))).toEqual(expected);
    expect(data(decisionBoundary(one, { X, y }, { resolution: 6, output: "logits" }))).toEqual(expected);
  });

  test("bad shapes and bad predictions are explained", () => {
    expect(() => decisionBoundary(predict, { X: [[1, 2, 3]], y: [0] })).toThrow(/X must have 2 columns/);
    expect(() => decisionBoundary(predict, { X, y: [0, 1] })).toThrow(/X has 8 rows but y has 2 labels/);
    expect(() => decisionBoundary(() => [0.5, 0.5, 0.5], { X, y })).toThrow(/predict returned 3 numbers for \d+ points/);
    expect(() => decisionBoundary((P) => P.map(() => NaN), { X, y })).toThrow(/NaN or infinite/);
  });
});
