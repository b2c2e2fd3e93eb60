/** The grader's small parts: who a file belongs to, the CSV, plain data, locked-cell checksums. */
import { describe, expect, it } from "vitest";
import { plainData } from "../../../src/exercises/plain.js";
import { studentOf } from "../../../src/course/grade/identity.js";
import { cellChecksum, lockedProblems } from "../../../src/course/grade/locked.js";
import { parseGradeArgs } from "../../../src/course/cli/grade.js";

const L = ["01-backprop-jacobians"];

describe("studentOf", () => {
  it("reads the metadata first, then the file name, then the folder", () => {
    expect(studentOf("/in/x.ipynb", { metadata: { course: { student: "Ada Lovelace" } } }, ["/in"], L)).toBe("Ada_Lovelace");
    expect(studentOf("/in/alice_01-backprop-jacobians.ipynb", {}, ["/in"], L)).toBe("alice");
    expect(studentOf("/in/smithjane_12345_678_01-backprop-jacobians.ipynb", {}, ["/in"], L)).toBe("smithjane");
    expect(studentOf("/in/bob/01-backprop-jacobians.ipynb", {}, ["/in"], L)).toBe("bob");
    expect(studentOf("/in/=cmd|calc/01-backprop-jacobians (1).ipynb", null, ["/in"], L)).toBe("cmd_calc");
  });
});

describe("plainData", () => {
  it("copies plain data and names what is not", () => {
    expect(plainData([1, [2, NaN], { a: "x" }, new Float64Array([3])])).toEqual({ ok: true, value: [1, [2, NaN], { a: "x" }, new Float64Array([3])] });
    expect(plainData(Promise.resolve(1))).toMatchObject({ ok: false, reason: expect.stringMatching(/Promise/) });
    expect(plainData(new Proxy([1], {}))).toMatchObject({ ok: false, reason: expect.stringMatching(/Proxy/) });
    expect(plainData(Object.defineProperty({}, "x", { get: () => 1, enumerable: true }))).toMatchObject({ ok: false, reason: expect.stringMatching(/getter/) });
    expect(plainData(new (class A {})())).toMatchObject({ ok: false });
    const loop: unknown[] = [];
    loop.push(loop);
    expect(plainData(loop)).toMatchObject({ ok: false, reason: expect.stringMatching(/contains itself/) });
    expect(plainData(new Array(2e6).fill(0))).toMatchObject({ ok: false, reason: expect.stringMatching(/more than/) });
  });
});

describe("locked cells", () => {
  it("finds an edited and a deleted locked cell, ignoring whitespace at line ends", () => {
    const locked = [{ id: "a-check", checksum: cellChecksum("run(a);") }, { id: "b-check", checksum: cellChecksum("run(b);") }];
    const nb = { cells: [{ cell_type: "code", source: "run(a);   \n", metadata: { nbgrader: { grade_id: "a-check" } } }] };
    expect(lockedProblems(locked, nb)).toEqual([{ id: "b-check", problem: "deleted" }]);
    nb.cells[0].source = "skip(a);";
    expect(lockedProblems(locked, nb).map((p) => p.problem)).toEqual(["edited", "deleted"]);
  });
});

describe("npm run grade's arguments", () => {
  it("needs inputs and --out, and reads the options", () => {
    expect(parseGradeArgs(["subs"])).toMatch(/--out/);
    expect(parseGradeArgs(["--out", "g"])).toMatch(/folder/);
    expect(parseGradeArgs(["subs", "--out", "g", "--timeout", "3", "--jobs", "2"])).toMatchObject({ inputs: ["subs"], out: "g", timeoutMs: 3000, jobs: 2 });
  });
});

describe("a batch with duplicates and files that are not notebooks", () => {
  it("grades both submissions of a student, counts the latest, and lists what it skipped", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, utimesSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { gradeClass } = await import("../../../src/course/grade/grade.js");
    const { summaryTable, gradebookCsv } = await import("../../../src/course/grade/reports.js");
    const dir = mkdtempSync(join(tmpdir(), "grade-dup-"));
    mkdirSync(join(dir, "alice"));
    writeFileSync(join(dir, "alice_01-backprop-jacobians.ipynb"), "{ broken");
    writeFileSync(join(dir, "alice", "01-backprop-jacobians.ipynb"), "[]");
    utimesSync(join(dir, "alice_01-backprop-jacobians.ipynb"), new Date(2020, 1, 1), new Date(2020, 1, 1));
    writeFileSync(join(dir, "readme.txt"), "not a notebook");
    const root = join(import.meta.dirname, "..", "..", "..");
    const r = await gradeClass({ root, inputs: [dir], lesson: "01-backprop-jacobians" });
    expect(r.submissions.map((s) => s.student)).toEqual(["alice", "alice"]);
    expect(r.duplicates).toHaveLength(1);
    expect(r.submissions.filter((s) => s.counted).map((s) => s.file)).toEqual([join(dir, "alice", "01-backprop-jacobians.ipynb")]);
    expect(r.skipped).toEqual([{ file: join(dir, "readme.txt"), reason: "not a notebook (.ipynb)" }]);
    const table = summaryTable(r);
    expect(table).toMatch(/more than one submission[\s\S]*alice: /);
    expect(table).toMatch(/Not graded:[\s\S]*readme.txt: not a notebook/);
    expect(gradebookCsv(r).trim().split("\n")).toHaveLength(2);
  });
});

describe("summaryTable", () => {
  it("gives a batch of several lessons one table per lesson, with only that lesson's exercises", async () => {
    const { summaryTable } = await import("../../../src/course/grade/reports.js");
    type Report = import("../../../src/course/grade/grade.js").ClassReport;
    const sub = (student: string, lesson: string, ids: string[], points: number[]) => ({
      student, lesson, file: `/in/${student}_${lesson}.ipynb`, counted: true, notes: [], locked: [], seconds: 1,
      exercises: ids.map((id, i) => ({ id, status: points[i] > 0 ? "passed" : "failed", points: points[i], maxPoints: 2, cases: [] })),
      points: points.reduce((a, b) => a + b, 0), maxPoints: 2 * ids.length,
    });
    const report = {
      submissions: [sub("bob", "02-x", ["a", "b"], [2, 0]), sub("alice", "05-y", ["c"], [2]), sub("alice", "02-x", ["a", "b"], [2, 2])],
      skipped: [], duplicates: [], identical: [], isolation: { mode: "namespaces", caveat: "no network" }, seconds: 3,
    } as unknown as Report;
    const text = summaryTable(report);
    const [two, five] = text.split(/\n(?=05-y:)/);
    expect(two).toMatch(/^02-x:\nstudent +1 +2 +total/);
    expect(two).toMatch(/alice +2 ok +2 ok +4\/4\nbob +2 ok +0 wrong +2\/4/);
    expect(two).toMatch(/1 = a, 2 = b\n2 submission\(s\); 2 counted; mean 3\.00 of 4 points\./);
    expect(five).toMatch(/^05-y:\nstudent +1 +total\n[- ]+\nalice +2 ok +2\/2/);
    expect(text).toMatch(/3 submission\(s\) of 2 lessons graded in 3\.0 s\./);
  });
});
