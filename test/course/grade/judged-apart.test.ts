/**
 * Lesson 12's checks train and measure the network a learner's fix describes. That work is a
 * check's `measure`, done on the judging side: a cell that patches a built-in to hide what the
 * measurement finds fools a check run in its own realm, and not the grader, which receives the fix
 * as plain data and measures it in its own process. Graded through the real grader, on a real
 * notebook (the committed student notebook with one exercise cell replaced).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExercise, type Exercise } from "../../../src/exercises/index.js";
import { ensureBuild } from "../../../src/course/cli/common.js";
import { gradeClass } from "../../../src/course/grade/grade.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const LESSON = "12-diagnosing-a-network";
const CHECK = "the fix removes the cause";

/**
 * Network B's units are dead (a bias of -5 keeps them off). ELU alone leaves them off at the start
 * (the doctor still finds them dead), so an honest grader fails this fix on "removes the cause";
 * the patch hides the doctor's "dead" finding from `find`.
 */
const HOSTILE_FIX_B = `
const diagnosisB: diagnostics.FindingName = "dead";
function fixB(): Partial<nn.MLPOptions & train.FitOptions> {
  const find = Array.prototype.find;
  Array.prototype.find = function (this: unknown[], ...args: any[]) {
    const found = (find as any).apply(this, args);
    return found && found.name === "dead" ? undefined : found;
  } as any;
  return { activation: "elu" };
}`;

// The lesson's checks remember each fix's measurement (a class sends the same fixes many times),
// and the grader below runs in this process: each test spells the same fix its own way ({ norm:
// null } and { residual: false } are the defaults), so no measurement is reused across tests.

let dir: string;
beforeAll(() => {
  ensureBuild(ROOT, () => {});
  dir = mkdtempSync(join(tmpdir(), "judged-apart-"));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a check's measurement runs where the learner's code cannot reach", () => {
  it("in one realm, the patch fools the check (the attack is real)", async () => {
    const { lesson } = (await import(pathToFileURL(join(ROOT, "content", `${LESSON}.exercises.ts`)).href)) as { lesson: { exercises: Record<string, Exercise<any>> } };
    const find = Array.prototype.find;
    try {
      const fixB = () => {
        Array.prototype.find = function (this: unknown[], ...args: any[]) {
          const found = (find as any).apply(this, args);
          return found && found.name === "dead" ? undefined : found;
        } as any;
        return { activation: "elu", norm: null };
      };
      const r = await runExercise(lesson.exercises["diagnose-network-b"], { diagnosisB: "dead", fixB });
      expect(r.cases.find((c) => c.case === CHECK)?.passed).toBe(true);
    } finally {
      Array.prototype.find = find;
    }
    // Without the patch the same fix fails there: the doctor still finds B's units dead.
    const honest = await runExercise(lesson.exercises["diagnose-network-b"], { diagnosisB: "dead", fixB: () => ({ activation: "elu", residual: false }) });
    expect(honest.cases.find((c) => c.case === CHECK)).toMatchObject({ passed: false, actual: expect.stringMatching(/still measured/) });
  }, 120_000);

  it("through the grader it does not: the fix is measured in the grader's process", async () => {
    const nb = JSON.parse(readFileSync(join(ROOT, "notebooks", `${LESSON}.ipynb`), "utf8")) as { cells: { metadata: Record<string, any>; source: string | string[] }[] };
    const cell = nb.cells.find((c) => c.metadata.exercise?.id === "diagnose-network-b" && c.metadata.exercise.kind === "solution")!;
    cell.source = HOSTILE_FIX_B;
    writeFileSync(join(dir, `mallory_${LESSON}.ipynb`), JSON.stringify(nb));
    const report = await gradeClass({ root: ROOT, inputs: [dir], timeoutMs: 20_000, memoryMb: 512 });
    const b = report.submissions[0].exercises.find((e) => e.id === "diagnose-network-b")!;
    expect(b.cases.find((c) => c.case === "the diagnosis names the cause, not a symptom")?.passed).toBe(true);
    expect(b.cases.find((c) => c.case === CHECK)).toMatchObject({ passed: false, actual: expect.stringMatching(/still measured/) });
    expect(b.points).toBe(0);
  }, 300_000);
});
