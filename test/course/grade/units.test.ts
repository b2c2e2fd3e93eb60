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
