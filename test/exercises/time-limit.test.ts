import { describe, expect, it } from "vitest";
import { casesFor, collectOutcomes, defineExercise, runExercise, toMarkdown, toText, type Exercise } from "../../src/exercises/index.js";
import { CALL_LIMIT_MS, callWithin } from "../../src/exercises/run.js";

type Sq = { square: (x: number) => number };
const sq = casesFor<Sq>();
const squareExercise: Exercise<Sq> = defineExercise<Sq>({
  id: "square",
  names: ["square"],
  checks: sq({ name: "squares", inputs: [2, -3, 5], show: (x) => `x = ${x}`, expected: (x) => x * x, actual: (s, x) => s.square(x), hint: "multiply x by itself" }),
  wrong: [
    { mistake: "doubles", solution: { square: (x) => 2 * x } },
    { mistake: "abs", solution: { square: (x) => Math.abs(x) } },
    { mistake: "cube", solution: { square: (x) => x ** 3 } },
  ],
});

/** Loops forever on negative inputs only. */
const hangsOnNegative = { square: (x: number) => { while (x < 0) { x = x + 0; } return x * x; } };

describe("the time limit of a check cell", () => {
  it("is 2 s per call by default", () => {
    expect(CALL_LIMIT_MS).toBe(2000);
  });

  it("stops an endless loop in the learner's function and names the input it hung on", async () => {
    const started = Date.now();
    const r = await runExercise(squareExercise, hangsOnNegative, { timeLimitMs: 200 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.status).toBe("timeout");
    expect(r.points).toBe(0);
    expect(r.message).toBe("square: your code did not return within 0.2 s on input x = -3 (check 'squares'), so the check stopped it there. " +
      "Look for a loop whose exit condition is never met, or work that grows much faster than it should.");
    // The case before ran and passed; the one that hung is marked; the rest did not run (one wait is enough).
    expect(r.cases.map((c) => [c.input, c.passed, c.actual])).toEqual([
      ["x = 2", true, "4"], ["x = -3", false, "(stopped: it did not return in time)"], ["x = 5", false, "(not run)"],
    ]);
    expect(toText(r)).toContain("[TIMEOUT] square: stopped, it ran too long (0/1 point).");
    expect(toMarkdown(r)).toContain("did not return within 0.2 s on input x = -3");
  });

  it("leaves the process usable: later calls run normally", async () => {
    await runExercise(squareExercise, hangsOnNegative, { timeLimitMs: 100 });
    expect((await runExercise(squareExercise, { square: (x: number) => x * x })).status).toBe("passed");
    expect(callWithin(() => 6 * 7, 100)).toBe(42);
  });

  it("passes errors and values through unchanged, and nests", () => {
    expect(() => callWithin(() => { throw new RangeError("inner"); }, 1000)).toThrow(RangeError);
    expect(callWithin(() => callWithin(() => "deep", 500), 1000)).toBe("deep");
    expect(() => callWithin(() => callWithin(() => { for (;;) {} }, 50), 5000)).toThrow(/timed out after 50ms/);
  });

  it("is off in collectOutcomes unless asked for (the check command limits its whole child process instead)", async () => {
    const outcomes = await collectOutcomes(squareExercise, { square: (x: number) => x * x });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const limited = await collectOutcomes(squareExercise, hangsOnNegative, false, undefined, 100);
    expect(limited).toHaveLength(2);
    expect(limited[1]).toMatchObject({ ok: false, timedOut: true });
  });
});
