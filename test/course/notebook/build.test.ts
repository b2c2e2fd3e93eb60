import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ContentErrors } from "../../../src/course/content/errors.js";
import { buildCourse, mergeOutputs, planCourse } from "../../../src/course/notebook/build.js";
import { codeHash, type Notebook } from "../../../src/course/notebook/nbformat.js";
import { validateNotebook } from "./schema.js";

const FENCE = "```";
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A throwaway project with the given content files. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "course-"));
  dirs.push(root);
  mkdirSync(join(root, "content"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "content", name), text);
  return root;
}

const good = `# Good\n\nHello.\n\n${FENCE}ts\nconsole.log(1);\n${FENCE}\n`;

describe("buildCourse", () => {
  it("writes both flavours of every lesson, valid nbformat, and ignores non-lesson files", () => {
    const root = project({ "00-good.md": good, "01-other.md": good.replace("Good", "Other"), "README.md": "# not a lesson", "01-x.exercises.ts": "" });
    const { changed } = buildCourse(root);
    expect(changed.sort()).toEqual([
      "notebooks-instructor/00-good.ipynb", "notebooks-instructor/01-other.ipynb",
      "notebooks/00-good.ipynb", "notebooks/01-other.ipynb",
    ]);
    const nb = JSON.parse(readFileSync(join(root, "notebooks/00-good.ipynb"), "utf8"));
    expect(validateNotebook(nb)).toEqual([]);
    expect(buildCourse(root).changed).toEqual([]); // a second build changes nothing
  });

  it("writes nothing at all when any lesson is broken, and reports every problem with file:line", () => {
    const root = project({
      "00-good.md": good,
      "01-bad.md": `# Bad\n\n${FENCE}ts\nnever closed\n`,
      "02-worse.md": `# Worse\n${FENCE}ts slide=huge\nx\n${FENCE}\n`,
    });
    let error: unknown;
    try { buildCourse(root); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ContentErrors);
    const problems = (error as ContentErrors).problems;
    expect(problems[0]).toMatch(/^content\/01-bad\.md:3: the code fence opened here with ``` is never closed/);
    expect(problems[1]).toMatch(/^content\/02-worse\.md:2: slide type 'huge'/);
    expect(readdirSync(root).sort()).toEqual(["content"]);
  });

  it("refuses two lessons with one number", () => {
    const root = project({ "03-a.md": good, "03-b.md": good });
    expect(() => planCourse(root)).toThrow(/content\/03-b\.md:1: lesson number 03 is also used by content\/03-a\.md/);
  });
});

describe("mergeOutputs", () => {
  const cell = (id: string, source: string, outputs: unknown[] = []) =>
    ({ id, cell_type: "code" as const, metadata: {}, source, execution_count: outputs.length ? 1 : null, outputs: outputs as Notebook["cells"][0]["outputs"] });
  const nb = (...cells: ReturnType<typeof cell>[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

  it("keeps outputs of cells whose id and source are unchanged, drops the rest", () => {
    const out = [{ output_type: "stream", name: "stdout", text: "1\n" }];
    const previous = nb(cell("a", "x", out), cell("b", "old", out));
    const merged = mergeOutputs(nb(cell("a", "x"), cell("b", "new")), previous);
    expect(merged.cells[0]!.outputs).toEqual(out);
    expect(merged.cells[0]!.execution_count).toBe(1);
    expect(merged.cells[1]!.outputs).toEqual([]);
  });

  it("keeps the fingerprint of the code the outputs came from, which changes with any code edit", () => {
    const previous = nb(cell("a", "x"));
    previous.metadata = { course: { executed_from: codeHash(previous) } };
    const built = { ...nb(cell("a", "x")), metadata: { course: {} } };
    const merged = mergeOutputs(built, previous);
    expect((merged.metadata.course as { executed_from?: string }).executed_from).toBe(codeHash(built));
    expect(codeHash(nb(cell("a", "x ")))).not.toBe(codeHash(built));
    expect(codeHash(nb(cell("a", "x"), { ...cell("m", "prose"), cell_type: "markdown" as never }))).toBe(codeHash(built));
  });

  it("matches sources stored as line lists too", () => {
    const out = [{ output_type: "stream", name: "stdout", text: "1\n" }];
    const previous = nb({ ...cell("a", "", out), source: ["x\n", "y"] } as never);
    expect(mergeOutputs(nb(cell("a", "x\ny")), previous).cells[0]!.outputs).toEqual(out);
  });
});
