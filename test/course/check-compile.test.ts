/**
 * Compiling a learner's cell as tslab does: its TypeScript (5.0.4) and options, errors at the
 * learner's own line, only trusted imports from other cells, and reading saved notebooks.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCell } from "../../src/course/check/compile.js";
import { topLevelNames } from "../../src/course/content/names.js";
import { preludeFor } from "../../src/course/check/prelude.js";
import { readSubmission, sameCode } from "../../src/course/check/submission.js";

const NOTEBOOKS = join(import.meta.dirname, "..", "..", "notebooks");

describe("compileCell", () => {
  it("accepts what tslab accepts: implicit any (not strict) and top-level await", () => {
    const r = compileCell("await Promise.resolve();\nfunction f(x) { return x * 2; }", ["f"], [], NOTEBOOKS);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.js).toContain("exports.f = f");
  });

  it("reports a type error at the line and column of the learner's cell, not of our wrapper", () => {
    const others = ['import { tensor } from "../dist/src/index.js";', 'import * as fs from "fs";'];
    const cell = "const t = tensor([1, 2]);\nfunction f(x: number): number {\n  return 'one';\n}";
    const r = compileCell(cell, ["f"], others, NOTEBOOKS);
    expect(r).toMatchObject({ ok: false, where: "cell", line: 3, column: 3 });
    if (!r.ok && r.where === "cell") expect(r.text).toMatch(/not assignable to type 'number'/);
  });

  it("rejects await inside a non-async function, as tslab does", () => {
    expect(compileCell("function f() { await 1; }", ["f"], [], NOTEBOOKS)).toMatchObject({ ok: false, where: "cell", line: 1 });
  });

  it("names the missing definitions instead of compiling", () => {
    expect(compileCell("const g = 1;", ["f", "g"], [], NOTEBOOKS)).toEqual({ ok: false, where: "names", missing: ["f"] });
  });
});

describe("preludeFor", () => {
  const others = [
    'import { tensor, ops } from "../dist/src/index.js";\nconst helper = 1;',
    'import * as fs from "fs";\nimport { lesson } from "../dist/content/01-backprop-jacobians.exercises.js";\nimport evil from "../../outside/x.js";',
  ];
  it("keeps only imports of the built course that the cell uses and does not declare itself", () => {
    const cell = "const ops = 1;\nfunction f() { return tensor([1]); }\nfs; evil; lesson;";
    const p = preludeFor(cell, others, topLevelNames(cell), NOTEBOOKS);
    expect(p).toContain('import { tensor } from "../dist/src/index.js";');
    expect(p).toContain("lesson");
    expect(p).not.toContain("ops"); // the cell declares its own
    expect(p).not.toContain("fs"); // not part of the course
    expect(p).not.toContain("evil");
    expect(p).not.toContain("helper"); // other cells' code never comes along
  });
});

describe("readSubmission", () => {
  it("reads sources saved as a string or as a list of lines, and exercise metadata", () => {
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: { course: { name: "01-x" } }, cells: [
      { cell_type: "markdown", source: "# hi", metadata: {} },
      { cell_type: "code", source: ["a\n", "b"], metadata: { exercise: { id: "e", kind: "solution", points: 1 } } },
      { cell_type: "code", source: "c", metadata: {} },
      { cell_type: "code", source: "d", metadata: { nbgrader: { grade_id: "f", solution: true } } },
      null,
    ] };
    const r = readSubmission(JSON.stringify(nb), "x.ipynb");
    expect(r).toMatchObject({ ok: true, lessonName: "01-x" });
    if (r.ok) expect(r.cells).toEqual([
      { index: 2, source: "a\nb", exerciseId: "e", kind: "solution" },
      { index: 3, source: "c", exerciseId: null, kind: null },
      { index: 4, source: "d", exerciseId: "f", kind: "solution" }, // nbgrader's id as a fallback
    ]);
  });
  it("explains what is wrong with a file that is not a notebook", () => {
    expect(readSubmission("{", "a.ipynb")).toMatchObject({ ok: false, message: expect.stringMatching(/a\.ipynb is not a notebook: it is not valid JSON/) });
    expect(readSubmission("[1]", "a.ipynb")).toMatchObject({ ok: false, message: expect.stringMatching(/top level is not an object/) });
    expect(readSubmission('{"nbformat": 4}', "a.ipynb")).toMatchObject({ ok: false, message: expect.stringMatching(/no list of cells/) });
  });
  it("compares code ignoring trailing spaces and line endings only", () => {
    expect(sameCode("a  \r\nb\n", "a\nb")).toBe(true);
    expect(sameCode("a\nb", "a\nc")).toBe(false);
  });
});
