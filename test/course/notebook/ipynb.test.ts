import { describe, expect, it } from "vitest";
import { parseLessonText } from "../../../src/course/content/parse.js";
import { buildNotebook, KERNELSPEC, RAISES_TAG } from "../../../src/course/notebook/ipynb.js";
import { serializeNotebook, sourceText } from "../../../src/course/notebook/nbformat.js";
import { validateNotebook } from "./schema.js";

const FENCE = "```";
const lesson = parseLessonText([
  "# A lesson",
  "",
  "Words and $\\sigma'(x)$.",
  "",
  "+++",
  "## Part two",
  "",
  "+++ slide=fragment",
  "More words.",
  `${FENCE}ts hidden tags=chart`,
  "show();",
  FENCE,
  `${FENCE}ts exercise=e1 points=3`,
  "function f() {",
  "  // BEGIN SOLUTION: return 1",
  "  return 1;",
  "  // END SOLUTION",
  "}",
  FENCE,
  `${FENCE}ts check=e1`,
  "check('e1');",
  FENCE,
  `${FENCE}ts exercise=e2 points=1`,
  "// BEGIN SOLUTION",
  "const answer = 2;",
  "// END SOLUTION",
  FENCE,
  `${FENCE}ts instructor`,
  "grade();",
  FENCE,
].join("\n"), "content/05-a-lesson.md");

describe("buildNotebook", () => {
  const student = buildNotebook(lesson, "student");
  const instructor = buildNotebook(lesson, "instructor");

  it("writes notebooks valid against the official nbformat 4.5 schema", () => {
    expect(validateNotebook(student)).toEqual([]);
    expect(validateNotebook(instructor)).toEqual([]);
    expect(validateNotebook(JSON.parse(serializeNotebook(student)))).toEqual([]);
  });

  it("the schema check can fail: a bad cell id and a missing field are caught", () => {
    const bad = structuredClone(student);
    bad.cells[0]!.id = "not valid!";
    delete (bad.cells[1] as { metadata?: unknown }).metadata;
    expect(validateNotebook(bad).length).toBeGreaterThanOrEqual(2);
  });

  it("asks for the tslab kernel and records where it came from", () => {
    expect(student.metadata.kernelspec).toEqual(KERNELSPEC);
    expect(student.metadata.language_info).toMatchObject({ name: "typescript", file_extension: ".ts" });
    expect(student.metadata.course).toMatchObject({ lesson: "05", flavour: "student", source: "content/05-a-lesson.md" });
  });

  it("sets slide types: first cell and ## headings start slides, +++ slide= wins, others continue", () => {
    const types = student.cells.map((c) => (c.metadata.slideshow as { slide_type: string }).slide_type);
    expect(types.slice(0, 4)).toEqual(["slide", "slide", "fragment", "-"]);
  });

  it("marks hidden cells and tags", () => {
    const code = student.cells[3]!;
    expect(code.metadata.jupyter).toEqual({ source_hidden: true });
    expect(code.metadata.tags).toEqual(["chart"]);
  });

  it("replaces solutions in the student build only, and keeps instructor cells out of it", () => {
    expect(sourceText(student.cells.find((c) => c.id === "e1")!)).toContain('throw new Error("Unfinished exercise e1: return 1")');
    expect(sourceText(instructor.cells.find((c) => c.id === "e1")!)).toContain("return 1;");
    expect(student.cells.some((c) => sourceText(c) === "grade();")).toBe(false);
    expect(instructor.cells.some((c) => sourceText(c) === "grade();")).toBe(true);
  });

  it("writes exercise and nbgrader metadata; raises-exception only in the student build", () => {
    const [e1, check, e2] = ["e1", "e1-check", "e2"].map((id) => student.cells.find((c) => c.id === id)!);
    expect(e1!.metadata.exercise).toEqual({ id: "e1", points: 3, kind: "solution" });
    expect(e1!.metadata.nbgrader).toEqual({ grade: false, grade_id: "e1", locked: false, schema_version: 3, solution: true });
    expect(check!.metadata.nbgrader).toEqual({ grade: true, grade_id: "e1-check", locked: true, points: 3, schema_version: 3, solution: false });
    expect(check!.metadata).toMatchObject({ editable: false, deletable: false });
    // Without a check cell the points sit on the answer (nbgrader's manually graded answer).
    expect(e2!.metadata.nbgrader).toMatchObject({ grade: true, solution: true, points: 1 });
    for (const c of [e1, check, e2]) expect(c!.metadata.tags).toContain(RAISES_TAG);
    for (const c of instructor.cells) expect((c.metadata.tags as string[] | undefined) ?? []).not.toContain(RAISES_TAG);
  });

  it("gives every cell a unique id, the same in both builds", () => {
    const ids = student.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const instructorIds = new Set(instructor.cells.map((c) => c.id));
    for (const id of ids) expect(instructorIds.has(id)).toBe(true);
  });
});

describe("serializeNotebook", () => {
  it("writes what Jupyter writes: sorted keys, one-space indent, sources as line lists", () => {
    const text = serializeNotebook(buildNotebook(lesson, "student"));
    expect(text.endsWith("}\n")).toBe(true);
    const nb = JSON.parse(text);
    expect(Object.keys(nb)).toEqual(["cells", "metadata", "nbformat", "nbformat_minor"]);
    expect(nb.cells[0].source).toEqual(["# A lesson\n", "\n", "Words and $\\sigma'(x)$."]);
    expect(text).toContain('\n "cells": [\n  {\n');
  });
});
