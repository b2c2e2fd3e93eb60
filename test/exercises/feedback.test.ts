import { describe, expect, it } from "vitest";
import { toMarkdown, toText, type ExerciseResult } from "../../src/exercises/index.js";

const failed: ExerciseResult = {
  id: "layer-jacobian", status: "failed", points: 0, maxPoints: 2, cases: [
    { case: "shape (2, 3)", passed: false, input: "W = [[1,2,3],[4,5,6]] | z", expected: "[[0.25]]", actual: "[[0.5]]", hint: "scale rows" },
    { case: "shape (1, 1)", passed: true, input: "W = [[7]]", expected: "1.75", actual: "1.75", hint: "scale rows" },
  ],
};

describe("feedback", () => {
  it("shows the failing case's input, expected, actual and hint in both forms", () => {
    const md = toMarkdown(failed);
    const text = toText(failed);
    for (const s of ["layer-jacobian: 1 of 2 checks pass (0/2 points)", "[[0.25]]", "[[0.5]]", "scale rows"]) {
      expect(md).toContain(s);
      expect(text).toContain(s);
    }
    expect(md).toContain("\\|"); // a pipe in a value cannot break the table
    expect(text).not.toMatch(/\bat \S+ \(/); // no stack frames
  });
  it("can leave the points out (the notebook's check cell does not know them)", () => {
    expect(toText(failed, false)).not.toContain("points");
  });
  it("collapses a failure that is the same error everywhere into one line", () => {
    const r: ExerciseResult = { ...failed, cases: failed.cases.map((c) => ({ ...c, passed: false, actual: "threw: s.f is not a function", error: "s.f is not a function" })) };
    expect(toText(r).match(/s\.f is not a function/g)).toHaveLength(1);
  });
  it("prints the message for statuses without cases", () => {
    const r: ExerciseResult = { id: "x", status: "timeout", points: 0, maxPoints: 1, cases: [], message: "stopped after 2 s" };
    expect(toText(r)).toContain("[TIMEOUT]");
    expect(toMarkdown(r)).toContain("stopped after 2 s");
  });
});
