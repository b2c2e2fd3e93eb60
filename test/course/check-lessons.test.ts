/**
 * Every lesson's exercises, proven both ways: the reference solution (the lesson's exercise cell,
 * compiled like a learner's) passes every check, hidden ones included; the stub the learner starts
 * from passes nothing; every known-wrong answer fails at least one public check.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runExercise, type Exercise } from "../../src/exercises/index.js";
import { readCourse } from "../../src/course/check/lessons.js";
import { parseLesson } from "../../src/course/content/parse.js";
import { loadCell } from "./load-cell.js";

const ROOT = join(import.meta.dirname, "..", "..");
const lessons = readCourse(ROOT);

describe("lessons with exercises", () => {
  it("exist (lesson 01 at least)", () => {
    expect(lessons.map((l) => l.name)).toContain("01-backprop-jacobians");
  });
});

for (const lesson of lessons) {
  describe(`lesson ${lesson.name}`, async () => {
    const mod = (await import(pathToFileURL(join(ROOT, "content", `${lesson.name}.exercises.ts`)).href)) as { lesson: { exercises: Record<string, Exercise<any>> } };
    const defined = mod.lesson.exercises;
    const codeCells = parseLesson(join(ROOT, "content", `${lesson.name}.md`)).cells.filter((c) => c.kind === "code" && c.exercise === null).map((c) => c.source);

    it("has checks for exactly the exercises in the lesson, each followed by its check cell", () => {
      expect(Object.keys(defined).sort()).toEqual(lesson.exercises.map((e) => e.id).sort());
      const cells = parseLesson(join(ROOT, "content", `${lesson.name}.md`)).cells;
      for (const e of lesson.exercises) {
        const at = cells.findIndex((c) => c.exercise?.id === e.id && c.exercise.kind === "solution");
        expect(cells[at + 1]?.exercise, `${e.id}: the cell after the exercise should be its check`).toMatchObject({ id: e.id, kind: "check" });
      }
    });

    const committed = join(ROOT, "notebooks", `${lesson.name}.ipynb`);
    it.runIf(existsSync(committed))("shows each check's feedback in the committed notebook as one Markdown output with a text twin", () => {
      const nb = JSON.parse(readFileSync(committed, "utf8")) as { cells: { metadata: { exercise?: { kind: string } }; outputs?: { output_type: string; data?: Record<string, unknown> }[] }[] };
      const checks = nb.cells.filter((c) => c.metadata.exercise?.kind === "check");
      expect(checks).toHaveLength(lesson.exercises.length);
      for (const c of checks) {
        const shown = (c.outputs ?? []).filter((o) => o.output_type === "display_data");
        expect(shown).toHaveLength(1);
        expect(Object.keys(shown[0].data ?? {}).sort()).toEqual(["text/markdown", "text/plain"]);
        expect(String(shown[0].data!["text/plain"])).toMatch(/not finished yet/); // committed with the stubs
      }
    });

    for (const ex of lesson.exercises) {
      const exercise = defined[ex.id];
      it(`${ex.id}: the reference solution passes every check, hidden ones included`, async () => {
        const r = await runExercise(exercise, await loadCell(ex.reference, exercise.names, codeCells), { hidden: true, points: ex.points });
        expect(r.cases.filter((c) => !c.passed), r.message).toEqual([]);
        expect(r).toMatchObject({ status: "passed", points: ex.points });
      });
      it(`${ex.id}: the stub passes no check`, async () => {
        const r = await runExercise(exercise, await loadCell(ex.stub, exercise.names, codeCells), { hidden: true });
        expect(r.cases.filter((c) => c.passed).map((c) => `${c.case} [${c.input}]`)).toEqual([]);
        // The default stub throws "Unfinished exercise ...", which reads as unfinished, not wrong.
        if (/Unfinished exercise/.test(ex.stub)) expect(r.status).toBe("unfinished");
      });
      it(`${ex.id}: each of its ${exercise.wrong.length} known-wrong answers fails a check (a public one unless marked hidden)`, async () => {
        expect(exercise.wrong.length).toBeGreaterThanOrEqual(3);
        for (const w of exercise.wrong) {
          const hidden = w.caughtBy === "hidden";
          const r = await runExercise(exercise, w.solution, { hidden });
          expect(r.status, `known-wrong answer "${w.mistake}" passed every ${hidden ? "" : "public "}check`).toBe("failed");
          if (hidden) expect(r.cases.filter((c) => !c.passed).every((c) => c.hidden), `"${w.mistake}" should pass the public checks`).toBe(true);
        }
      });
      it(`${ex.id}: the lesson object a notebook imports carries no hidden checks`, () => {
        expect((exercise as { hidden?: unknown }).hidden).toBeUndefined();
      });
    }
  });
}
