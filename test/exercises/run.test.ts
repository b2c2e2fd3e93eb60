import { describe, expect, it } from "vitest";
import { cases, casesFor, defineExercise, firstLine, judge, runExercise, type Exercise } from "../../src/exercises/index.js";

type Sq = { square: (x: number) => number };
const sq = casesFor<Sq>();
const squareExercise: Exercise<Sq> = defineExercise<Sq>({
  id: "square",
  names: ["square"],
  checks: sq({ name: "squares", inputs: [0, -3, 1e150, NaN], show: (x) => `x = ${x}`, expected: (x) => x * x, actual: (s, x) => s.square(x), hint: "multiply x by itself" }),
  hidden: sq({ name: "hidden square", inputs: [7], show: (x) => `x = ${x}`, expected: (x) => x * x, actual: (s, x) => s.square(x), hint: "same" }),
  wrong: [
    { mistake: "doubles", solution: { square: (x) => 2 * x } },
    { mistake: "abs", solution: { square: (x) => Math.abs(x) } },
    { mistake: "cube", solution: { square: (x) => x ** 3 } },
  ],
});

describe("runExercise", () => {
  it("passes a right answer with all points and fails each wrong one with none", async () => {
    const ok = await runExercise(squareExercise, { square: (x: number) => x * x }, { points: 3 });
    expect(ok).toMatchObject({ status: "passed", points: 3, maxPoints: 3 });
    expect(ok.cases).toHaveLength(4);
    for (const w of squareExercise.wrong) {
      const r = await runExercise(squareExercise, w.solution, { points: 3 });
      expect(r.status, w.mistake).toBe("failed");
      expect(r.points).toBe(0);
    }
  });

  it("reports the stub's 'Unfinished exercise' error as unfinished, with the hint", async () => {
    const stub = { square: () => { throw new Error("Unfinished exercise square: multiply x by itself"); } };
    const r = await runExercise(squareExercise, stub);
    expect(r.status).toBe("unfinished");
    expect(r.message).toContain("multiply x by itself");
  });

  it("turns a thrown error into that case's result (first line only) and keeps running the others", async () => {
    const r = await runExercise(squareExercise, { square: (x: number) => { if (x < 0) throw new Error("negative!\n    at secret stack"); return x * x; } });
    expect(r.status).toBe("failed");
    const bad = r.cases.find((c) => c.input === "x = -3")!;
    expect(bad.actual).toBe("threw: negative!");
    expect(bad.actual).not.toContain("stack");
    expect(r.cases.filter((c) => c.passed)).toHaveLength(3);
  });

  it("fails an async answer (a Promise where a number is due), saying to remove async", async () => {
    const asyncAnswer = await runExercise(squareExercise, { square: async (x: number) => x * x } as unknown as Sq);
    expect(asyncAnswer.status).toBe("failed");
    expect(asyncAnswer.cases.every((c) => !c.passed && /Promise.*remove 'async'/.test(c.actual))).toBe(true);
    // A rejected Promise is swallowed, not reported as an unhandled rejection.
    const rejecting = await runExercise(squareExercise, { square: () => Promise.reject(new Error("later")) } as unknown as Sq);
    expect(rejecting.status).toBe("failed");
    // A thenable that is not a Promise is no plain value either.
    const thenable = await runExercise(squareExercise, { square: () => ({ then: () => undefined }) } as unknown as Sq);
    expect(thenable.status).toBe("failed");
  });

  it("handles throws of non-errors", async () => {
    const r = await runExercise(squareExercise, { square: () => { throw 42; } });
    expect(r.cases[0].actual).toBe("threw: 42");
  });

  it("says which names are missing instead of calling undefined", async () => {
    const r = await runExercise(squareExercise, {});
    expect(r.status).toBe("error");
    expect(r.message).toContain("'square'");
  });

  it("runs hidden checks only when asked", async () => {
    const right = { square: (x: number) => x * x };
    expect((await runExercise(squareExercise, right)).cases.some((c) => c.hidden)).toBe(false);
    const all = await runExercise(squareExercise, right, { hidden: true });
    expect(all.cases.filter((c) => c.hidden)).toHaveLength(1);
  });

  it("survives a comparison that cannot read the learner's value", async () => {
    const r = judge(squareExercise, [{ ok: true, value: new Proxy({}, { get: () => { throw new Error("trap"); } }) }]);
    expect(r.status).toBe("failed");
    expect(r.cases[1].actual).toBe("(not run)");
  });
});

describe("defineExercise", () => {
  it("refuses fewer than three known-wrong answers, a bad id, and duplicated cases", () => {
    const base = { id: "x", names: ["f"] as const, checks: cases<{ f: () => number }, number>({ name: "c", inputs: [1], show: String, expected: () => 1, actual: (s) => s.f(), hint: "h" }), wrong: [] };
    expect(() => defineExercise(base)).toThrow(/three known-wrong/);
    const three = [1, 2, 3].map((k) => ({ mistake: String(k), solution: { f: () => k } }));
    expect(() => defineExercise({ ...base, id: "Bad Id", wrong: three })).toThrow(/lowercase/);
    expect(() => defineExercise({ ...base, checks: [...base.checks, ...base.checks], wrong: three })).toThrow(/two checks/);
  });
});

describe("firstLine", () => {
  it("never throws, even for an error whose message getter throws", () => {
    const evil = new Error("x");
    Object.defineProperty(evil, "message", { get: () => { throw new Error("gotcha"); } });
    expect(firstLine(evil)).toBe("(an error that cannot be printed)");
    expect(firstLine(new Error(""))).toBe("(an error without a message)");
  });
});

describe("measure: the judging side's work on the plain value", () => {
  type S = { options: () => { n: number } };
  const measured: unknown[] = [];
  const ex: Exercise<S> = {
    id: "measured",
    names: ["options"],
    checks: cases<S, number>({
      name: "n squared plus the input",
      inputs: [1, 2],
      show: String,
      expected: (k) => 9 + k,
      actual: (s) => s.options(),
      measure: (value, k) => {
        measured.push(value);
        if ((value as { n: number }).n < 0) throw new Error("n must not be negative");
        return (value as { n: number }).n ** 2 + k;
      },
      hint: "n = 3",
    }),
    wrong: [],
  };

  it("judges and shows the measured value, and measures the plain copy of what actual gave", async () => {
    measured.length = 0;
    const right = await runExercise(ex, { options: () => ({ n: 3 }) });
    expect(right.status).toBe("passed");
    expect(measured).toEqual([{ n: 3 }, { n: 3 }]);
    const wrong = await runExercise(ex, { options: () => ({ n: 2 }) });
    expect(wrong.cases.map((c) => c.actual)).toEqual(["5", "6"]);
  });

  it("a measurement that throws fails the case and says why, without an exception out of judge", () => {
    const r = judge(ex, [{ ok: true, value: { n: -1 } }, { ok: true, value: { n: 3 } }]);
    expect(r.status).toBe("failed");
    expect(r.cases[0]).toMatchObject({ passed: false, actual: "could not be judged: n must not be negative" });
    expect(r.cases[1].passed).toBe(true);
  });
});
