/**
 * Notebooks through the real tslab kernel with Jupyter's executor. Skipped (saying why) where no
 * Python with nbclient is installed, except under CI=true, where that is a failure.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../../../src/course/cli/common.js";
import { projectRoot } from "../../../src/course/kernel/build-info.js";
import { findPython } from "../../../src/course/kernel/jupyter.js";
import { readNotebook } from "../../../src/course/notebook/build.js";
import { installKernel, jupyterEnv } from "../../../src/course/kernel/kernelspec.js";
import { runCourse, type RunRow } from "../../../src/course/run/course-run.js";
import { executeNotebook } from "../../../src/course/run/execute.js";

const ROOT = projectRoot();
const python = findPython();
const CI = process.env.CI === "true";
const missing = python === null
  ? "no Python with nbclient and nbformat (install jupyter-nbconvert and python3-nbclient, or pip install nbclient)"
  : null;

if (missing !== null && !CI) {
  process.stdout.write(`notebook kernel runs skipped: ${missing}\n`);
  describe("notebooks through the tslab kernel", () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  describe("notebooks through the tslab kernel", () => {
    it("has Jupyter's executor (required under CI=true)", () => {
      expect(missing, `CI=true but ${missing}`).toBeNull();
    });

    describe("a fixture lesson with an exercise", () => {
      const FENCE = "```";
      const lesson = [
        "# Fixture",
        `${FENCE}ts exercise=double points=1`,
        "function double(x: number): number {",
        "  // BEGIN SOLUTION: return twice x",
        "  return 2 * x;",
        "  // END SOLUTION",
        "}",
        FENCE,
        `${FENCE}ts check=double`,
        `if (double(3) !== 6) throw new Error("double(3) should be 6");`,
        `console.log("double: all cases pass");`,
        FENCE,
        `${FENCE}ts id=after`,
        `console.log("the cell after the exercise ran");`,
        FENCE,
      ].join("\n");
      const broken = `# Broken\n\n${FENCE}ts id=fine\nconsole.log(1);\n${FENCE}\n\n${FENCE}ts id=boom\nthrow new Error("boom in a plain cell");\n${FENCE}\n`;
      let dir = "";
      let rows: RunRow[] = [];
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), "kernel-run-"));
        mkdirSync(join(dir, "content"));
        writeFileSync(join(dir, "package.json"), "{}");
        symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
        writeFileSync(join(dir, "content/00-fixture.md"), lesson);
        writeFileSync(join(dir, "content/01-broken.md"), broken);
        rows = await runCourse({ root: dir, python: python!, budget: 20, write: true, flavours: ["student", "instructor"], only: [], log: () => {} });
      }, 180_000);
      afterAll(() => { if (dir !== "") rmSync(dir, { recursive: true, force: true }); });

      const row = (path: string) => rows.find((r) => r.path === path)!;

      it("lets the unfinished exercise and its check fail, runs the cells after them, and strips their errors", () => {
        expect(row("notebooks/00-fixture.ipynb").problems).toEqual([]);
        const nb = readNotebook(join(dir, "notebooks/00-fixture.ipynb"))!;
        const byId = new Map(nb.cells.map((c) => [c.id, c]));
        expect(JSON.stringify(byId.get("after")!.outputs)).toContain("the cell after the exercise ran");
        expect(JSON.stringify(byId.get("double-check")!.outputs)).not.toContain("Unfinished exercise");
        expect(byId.get("double-check")!.outputs).toEqual([]);
      });

      it("runs the instructor build with nothing allowed to fail, and skips one equal to the student build", () => {
        expect(row("notebooks-instructor/00-fixture.ipynb").problems).toEqual([]);
        expect(rows.map((r) => r.path)).not.toContain("notebooks-instructor/01-broken.ipynb");
      });

      it("fails a notebook whose ordinary cell throws, pointing at the lesson line and the error", () => {
        const problems = row("notebooks/01-broken.ipynb").problems.join("\n");
        expect(problems).toMatch(/^content\/01-broken\.md:7 \(cell boom\): error:/);
        expect(problems).toContain("boom in a plain cell");
      });

      it("stores only notebooks that passed", () => {
        expect(readNotebook(join(dir, "notebooks/01-broken.ipynb"))).toBeNull();
      });
    });

    it("stops a cell that never returns at the cell timeout, and says which cell", async () => {
      const cell = (id: string, source: string) => ({ id, cell_type: "code" as const, metadata: {}, source, outputs: [], execution_count: null });
      const nb = { nbformat: 4 as const, nbformat_minor: 5 as const, metadata: {}, cells: [cell("fine", "console.log(1)"), cell("spin", "while (true) {}")] };
      installKernel(ROOT); // this test may run before anything else registered the kernel (a fresh clone)
      const run = await executeNotebook(nb, { python: python!, cwd: tmpdir(), env: jupyterEnv(ROOT), cellTimeout: 2, hardLimit: 60 });
      expect(run.failure).toMatchObject({ cell: "spin", kind: "timeout" });
      expect(run.cells.map((c) => c.id)).toEqual(["fine", "spin"]);
    }, 60_000);

    describe("the course", () => {
      let rows: RunRow[] = [];
      beforeAll(async () => {
        expect(ensureBuild(ROOT, () => {}), "the library does not build").toBe(true);
        // Each lesson once, as the instructor build: the solutions pass their checks inside the
        // kernel and no cell may fail. The student build differs only in exercise cells whose names
        // no other cell may use (the content lint enforces it), and its committed outputs were
        // executed by 'notebooks:run -- --write' from the current code (notebooks-fresh.test.ts).
        const lines: string[] = [];
        // The 20 s budget is judged by 'npm run notebooks:run' on a quiet machine, not here: vitest
        // runs other test files beside this one, so these seconds are not a lesson's. Here the
        // limit only catches a hang (a cell over a minute, a notebook over two).
        rows = await runCourse({ root: ROOT, python: python!, flavours: ["instructor"], budget: 60, write: false, only: [], log: (l) => lines.push(l) });
        console.log(lines.join("\n")); // the seconds-per-notebook table, for the CI log
      }, 900_000);

      it("runs every lesson once (the instructor build: no error at all), every chart, none hanging", () => {
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) expect(r.problems, r.path).toEqual([]);
      });

      it("gives, in every cell but the exercises', byte for byte the outputs committed in notebooks/ (no times, no machine)", () => {
        for (const r of rows) {
          const committed = readNotebook(join(ROOT, r.path.replace(/^notebooks-instructor\//, "notebooks/")));
          expect(committed, r.path).not.toBeNull();
          const stored = new Map(committed!.cells.map((c) => [c.id, c]));
          for (const cell of r.executed.cells) {
            if (cell.cell_type !== "code" || cell.metadata.exercise !== undefined) continue; // solutions and their checks differ by design
            expect(JSON.stringify(cell.outputs), `${r.path}, cell ${cell.id}: its outputs differ from the committed notebook's; ` +
              "a machine-dependent value (a time, a path) in an output, or outputs older than the code: run 'npm run notebooks:run -- --write'")
              .toBe(JSON.stringify(stored.get(cell.id)?.outputs));
          }
        }
      });
    });
  });
}
