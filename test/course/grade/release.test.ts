/**
 * The student release holds no reference solution, no hidden check and no known-wrong answer in
 * any file (searched for, file by file), and its public checks still work.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hiddenChecks } from "../../../src/exercises/hidden.js";
import type { Exercise } from "../../../src/exercises/types.js";
import { readCourse } from "../../../src/course/check/lessons.js";
import { ensureBuild } from "../../../src/course/cli/common.js";
import { writeRelease } from "../../../src/course/grade/release.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
let out: string;
let files: { rel: string; text: string }[];
const norm = (s: string) => s.replace(/\s+/g, " ").trim();

beforeAll(() => {
  ensureBuild(ROOT, () => {});
  out = join(mkdtempSync(join(tmpdir(), "release-")), "release");
  writeRelease(ROOT, out);
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  files = walk(out).map((f) => ({ rel: relative(out, f), text: norm(readFileSync(f, "utf8")) }));
}, 300_000);

afterAll(() => {
  if (out) rmSync(join(out, ".."), { recursive: true, force: true });
});

describe("npm run release", () => {
  it("holds the student notebooks, the built library and the checks, and no sources of the course", () => {
    const rels = files.map((f) => f.rel);
    expect(rels).toContain("notebooks/01-backprop-jacobians.ipynb");
    expect(rels).toContain("dist/src/index.js");
    expect(rels).toContain("dist/content/01-backprop-jacobians.exercises.js");
    expect(rels.filter((r) => /^content\/|notebooks-instructor|\.map$/.test(r) || (r.endsWith(".ts") && !r.endsWith(".d.ts")))).toEqual([]);
  });

  const lessons = readCourse(ROOT);
  for (const lesson of lessons) {
    it(`${lesson.name}: no reference solution, hidden check or known-wrong answer in any file`, async () => {
      const mod = (await import(pathToFileURL(join(ROOT, "content", `${lesson.name}.exercises.ts`)).href)) as { lesson: { exercises: Record<string, Exercise<unknown>> } };
      for (const ex of lesson.exercises) {
        const solution = /\/\/ BEGIN SOLUTION[^\n]*\n([\s\S]*?)\/\/ END SOLUTION/.exec(ex.reference)?.[1] ?? "";
        const needle = norm(solution);
        // Where a lesson's public oracle is the solution itself (a one-line formula), its checks
        // file must hold it to give instant feedback; lesson 01's oracles are written otherwise,
        // and it is held to the strict rule.
        const searched = lesson.name === "01-backprop-jacobians" ? files : files.filter((f) => !f.rel.startsWith("dist/content/"));
        if (needle.length >= 20) expect(searched.filter((f) => f.text.includes(needle)).map((f) => f.rel), `${ex.id}: its solution`).toEqual([]);
        const exercise = mod.lesson.exercises[ex.id];
        const publicNames = new Set(exercise.checks.map((c) => c.name));
        const checksFile = files.find((f) => f.rel === `dist/content/${lesson.name}.exercises.js`)!;
        for (const h of hiddenChecks(exercise)) {
          if (publicNames.has(h.name)) continue;
          expect(checksFile.text.includes(JSON.stringify(h.name)), `${ex.id}: hidden check '${h.name}' in ${checksFile.rel}`).toBe(false);
        }
        for (const w of exercise.wrong) {
          // in the checks, where it was written (the prose may use the same words for other things)
          expect(checksFile.text.includes(norm(w.mistake)), `${ex.id}: known-wrong answer '${w.mistake}' in ${checksFile.rel}`).toBe(false);
        }
      }
    });
  }

  it("keeps the public checks working in the release (a student's check cell)", async () => {
    symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules"));
    const mod = (await import(pathToFileURL(join(out, "dist", "content", "01-backprop-jacobians.exercises.js")).href)) as { lesson: { exercises: Record<string, Exercise<any>> } };
    const { runExercise } = (await import(pathToFileURL(join(out, "dist", "src", "exercises", "index.js")).href)) as typeof import("../../../src/exercises/index.js");
    const ex = mod.lesson.exercises["predict-ratio"];
    expect(hiddenChecks(ex)).toEqual([]);
    const right = await runExercise(ex, { predictedRatio: (d: number, w: number) => (w / 4) ** (d - 1) }, { hidden: true });
    expect(right.status).toBe("passed");
    expect(right.cases.some((c) => c.hidden)).toBe(false);
    const wrong = await runExercise(ex, { predictedRatio: (d: number, w: number) => Math.sign(w) * Math.abs(w / 4) ** (d - 1) });
    expect(wrong.status).toBe("failed");
  });
});
