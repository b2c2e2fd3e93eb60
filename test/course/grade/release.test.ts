/**
 * The student release holds no reference solution, no oracle, no sealed answer, no hidden check
 * and no known-wrong answer in any file (searched for, file by file), and its public checks judge
 * as the instructor's do: same cases and expected values, the reference passes, the known-wrong
 * answers fail.
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
import { parseLesson } from "../../../src/course/content/parse.js";
import { loadCell } from "../load-cell.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
let out: string;
let files: { rel: string; text: string }[];
const norm = (s: string) => s.replace(/\s+/g, " ").trim();

beforeAll(async () => {
  ensureBuild(ROOT, () => {});
  out = join(mkdtempSync(join(tmpdir(), "release-")), "release");
  await writeRelease(ROOT, out);
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  files = walk(out).map((f) => ({ rel: relative(out, f), text: norm(readFileSync(f, "utf8")) }));
  symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules")); // to import the release's checks
}, 300_000);

afterAll(() => {
  if (out) rmSync(join(out, ".."), { recursive: true, force: true });
});

type ChecksModule = { lesson: { exercises: Record<string, Exercise<any>> } };
const instructorChecks = async (name: string) => (await import(pathToFileURL(join(ROOT, "content", `${name}.exercises.ts`)).href)) as ChecksModule;
/** The release's checks, imported from the release itself (its node_modules linked to ours). */
const releasedChecks = async (name: string) => (await import(pathToFileURL(join(out, "dist", "content", `${name}.exercises.js`)).href)) as ChecksModule;

describe("npm run release", () => {
  it("holds the student notebooks, the built library and the checks, and no sources of the course", () => {
    const rels = files.map((f) => f.rel);
    expect(rels).toContain("notebooks/01-backprop-jacobians.ipynb");
    expect(rels).toContain("dist/src/index.js");
    expect(rels).toContain("dist/content/01-backprop-jacobians.exercises.js");
    expect(rels.filter((r) => /^content\/|notebooks-instructor|\.map$/.test(r) || (r.endsWith(".ts") && !r.endsWith(".d.ts")))).toEqual([]);
    expect(files.filter((f) => /\/\/# sourceMappingURL=\S+$/.test(f.text)).map((f) => f.rel), "a file pointing at a source map the release leaves out").toEqual([]);
  });

  const lessons = readCourse(ROOT);
  for (const lesson of lessons) {
    it(`${lesson.name}: no reference solution, oracle, sealed answer, hidden check or known-wrong answer in any file`, async () => {
      const mod = await instructorChecks(lesson.name);
      const checksFile = files.find((f) => f.rel === `dist/content/${lesson.name}.exercises.js`)!;
      for (const ex of lesson.exercises) {
        const solution = /\/\/ BEGIN SOLUTION[^\n]*\n([\s\S]*?)\/\/ END SOLUTION/.exec(ex.reference)?.[1] ?? "";
        const needle = norm(solution);
        if (needle.length >= 20) expect(files.filter((f) => f.text.includes(needle)).map((f) => f.rel), `${ex.id}: its solution`).toEqual([]);
        const exercise = mod.lesson.exercises[ex.id];
        const publicNames = new Set(exercise.checks.map((c) => c.name));
        for (const h of hiddenChecks(exercise)) {
          if (publicNames.has(h.name)) continue;
          expect(checksFile.text.includes(JSON.stringify(h.name)), `${ex.id}: hidden check '${h.name}' in ${checksFile.rel}`).toBe(false);
        }
        for (const w of exercise.wrong) {
          // in the checks, where it was written (the prose may use the same words for other things)
          expect(checksFile.text.includes(norm(w.mistake)), `${ex.id}: known-wrong answer '${w.mistake}' in ${checksFile.rel}`).toBe(false);
        }
      }
      // Oracles are named ...Oracle (content/LESSON-CONVENTIONS.md); none may reach the release.
      expect(checksFile.text.match(/\b\w+Oracle\b/g) ?? [], "an oracle in the release's checks").toEqual([]);
      // Every expected value is data: a literal or a value recorded when the release was built.
      // A sealed answer reaches the release as its digest only: sealed.fromDigest(...), never sealed(answer).
      expect(checksFile.text.match(/\bsealed\s*\([^)]*\)/g) ?? [], "a sealed answer in the release's checks").toEqual([]);
      for (const m of checksFile.text.matchAll(/\bexpected: ([^,}]+)/g)) expect(m[1], "an expected value computed in the release").toMatch(/^(expectedAt\(\d+\)|["'`\d\[{-]|NaN|Infinity|true|false|null)/);
    });
  }

  it("ships the same public checks as the instructor's: names, inputs, hints and expected values", async () => {
    for (const lesson of lessons) {
      const theirs = await releasedChecks(lesson.name);
      const ours = await instructorChecks(lesson.name);
      for (const ex of lesson.exercises) {
        const r = theirs.lesson.exercises[ex.id];
        const o = ours.lesson.exercises[ex.id];
        expect(hiddenChecks(r), `${lesson.name} ${ex.id}: hidden checks`).toEqual([]);
        const data = (e: Exercise<unknown>) => e.checks.map((c) => ({ name: c.name, input: c.input, hint: c.hint, expected: c.expected }));
        expect(data(r), `${lesson.name} ${ex.id}`).toStrictEqual(data(o));
      }
    }
  });

  it("judges like the instructor's public checks: each reference solution passes, each known-wrong answer fails", async () => {
    const { runExercise } = (await import(pathToFileURL(join(out, "dist", "src", "exercises", "index.js")).href)) as typeof import("../../../src/exercises/index.js");
    for (const lesson of lessons) {
      const theirs = await releasedChecks(lesson.name);
      const ours = await instructorChecks(lesson.name);
      const codeCells = parseLesson(join(ROOT, "content", `${lesson.name}.md`)).cells.filter((c) => c.kind === "code" && c.exercise === null).map((c) => c.source);
      for (const ex of lesson.exercises) {
        const released = theirs.lesson.exercises[ex.id];
        const right = await runExercise(released, await loadCell(ex.reference, released.names, codeCells));
        expect(right.cases.filter((c) => !c.passed), `${lesson.name} ${ex.id}: the reference solution`).toEqual([]);
        for (const w of ours.lesson.exercises[ex.id].wrong) {
          if (w.caughtBy === "hidden") continue;
          expect((await runExercise(released, w.solution)).status, `${lesson.name} ${ex.id}: "${w.mistake}"`).toBe("failed");
        }
      }
    }
  }, 120_000);

  it("keeps the public checks working in the release (a student's check cell)", async () => {
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
