import { afterEach, describe, expect, it, vi } from "vitest";
import { check, claim, claimBetween, claimClose, defineLesson } from "../../src/exercises/index.js";
import { lesson } from "../../content/01-backprop-jacobians.exercises.js";

afterEach(() => vi.restoreAllMocks());

describe("check cells outside a kernel", () => {
  it("print the feedback as text and never throw", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await lesson.check("predict-ratio", { predictedRatio: (L: number, w: number) => (w / 4) ** L });
    await lesson.check("predict-ratio", {});
    await lesson.check("nope" as "predict-ratio", { predictedRatio: () => 1 });
    const out = log.mock.calls.map((c) => String(c[0]));
    expect(out[0]).toContain("[FAIL] predict-ratio");
    expect(out[0]).not.toContain("points"); // the cell does not know them
    expect(out[1]).toContain("'predictedRatio'");
    expect(out[2]).toContain("no exercise 'nope'");
  });
  it("report a broken check as a course bug, not as a stack trace", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const broken = { id: "b", names: ["f"], checks: null, wrong: [] } as never;
    await check(broken, { f: 1 });
    expect(String(log.mock.calls[0][0])).toContain("bug in the course");
  });
  it("defineLesson refuses an exercise filed under another id", () => {
    expect(() => defineLesson({ other: lesson.exercises["predict-ratio"] })).toThrow(/filed under/);
  });
});

describe("claims", () => {
  it("print the evidence when they hold and throw when they do not", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    claimClose("(1/4)^9", 0.25 ** 9, 4 ** -9);
    claimBetween("about 3.8e-6", 4 ** -9, 3.8e-6, 3.82e-6);
    expect(String(log.mock.calls[0][0])).toMatch(/^✔ \(1\/4\)\^9 \(measured 3\.8147e-6/);
    expect(() => claim("false", false)).toThrow(/claim does not hold: false/);
    expect(() => claimClose("off", 1, 1.1)).toThrow(/measured 1, expected 1\.1/);
    expect(() => claimBetween("range", 5, 0, 1)).toThrow(/range/);
  });
});
