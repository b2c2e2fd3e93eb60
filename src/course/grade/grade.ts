/**
 * Grading a class: every submitted notebook, each exercise in its own isolated process (see
 * ../check/isolation.ts), hidden checks included, a few submissions at a time.
 *
 *   files/folders --collect--> .ipynb files (others listed as skipped)
 *     --per file: identity, locked-cell checksums, checkNotebook (hidden: true)-->
 *   SubmissionReport[] --duplicates, identical answers--> ClassReport --reports.ts--> files
 *
 * Nothing in a submission can stop the batch: checkNotebook never throws for a file's content, a
 * throw from our own code becomes that submission's problem, and every child is killed at its limit.
 */

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import type { ExerciseResult } from "../../exercises/types.js";
import { checkNotebook, type NotebookReport } from "../check/check.js";
import { detectIsolation, type Isolation } from "../check/isolation.js";
import { readCourse, type LessonSource } from "../check/lessons.js";
import { studentOf } from "./identity.js";
import { lockedCellsOf, lockedProblems, type LockedCell, type LockedProblem } from "./locked.js";

export interface GradeOptions {
  root: string;
  /** Files and folders (searched recursively for .ipynb). */
  inputs: string[];
  /** "NN-slug" when all submissions are one lesson's; default: read from each notebook. */
  lesson?: string;
  /** Submissions graded at once. Default: the number of CPUs (at least 2). */
  concurrency?: number;
  /** Per exercise. Default 10 s. */
  timeoutMs?: number;
  memoryMb?: number;
  isolation?: Isolation;
  /** Called after each submission. */
  onProgress?: (done: number, total: number, last: SubmissionReport) => void;
  lessons?: LessonSource[];
}

export interface SubmissionReport extends NotebookReport {
  student: string;
  /** Locked cells edited or deleted (graded from the originals all the same). */
  locked: LockedProblem[];
  /** False for a second submission of the same student that the gradebook does not use. */
  counted: boolean;
  /** Notes for the instructor: duplicates, identical answers, locked cells. */
  notes: string[];
  seconds: number;
}

export interface ClassReport {
  submissions: SubmissionReport[];
  /** Files given that are not notebooks, or folders without any. */
  skipped: { file: string; reason: string }[];
  /** Students with more than one submission: all are graded, the latest file counts. */
  duplicates: { student: string; files: string[] }[];
  /** Exercise answers identical across students (after whitespace), for a human to look at. */
  identical: { exercise: string; students: string[] }[];
  isolation: Isolation;
  seconds: number;
}

/** Collects the notebooks to grade; anything else given is listed, never dropped silently. */
export function collectFiles(inputs: readonly string[]): { files: string[]; skipped: { file: string; reason: string }[] } {
  const files: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const walk = (p: string, top: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      skipped.push({ file: p, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    if (st.isDirectory()) {
      const before = files.length;
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith(".") || name === "__MACOSX") continue;
        walk(join(p, name), false);
      }
      if (top && files.length === before) skipped.push({ file: p, reason: "holds no .ipynb file" });
    } else if (/\.ipynb$/i.test(p)) files.push(resolve(p));
    else skipped.push({ file: p, reason: "not a notebook (.ipynb)" });
  };
  for (const i of inputs) walk(i, true);
  return { files: [...new Set(files)], skipped };
}

/** Grades every submission; never throws for anything a submission holds. */
export async function gradeClass(options: GradeOptions): Promise<ClassReport> {
  const started = Date.now();
  const root = resolve(options.root);
  const lessons = options.lessons ?? readCourse(root);
  const isolation = options.isolation ?? detectIsolation();
  const { files, skipped } = collectFiles(options.inputs);
  const lockedByLesson = new Map<string, LockedCell[]>();
  const lockedOf = (lesson: string) => {
    if (!lockedByLesson.has(lesson)) lockedByLesson.set(lesson, safe(() => lockedCellsOf(root, lesson), []));
    return lockedByLesson.get(lesson)!;
  };
  const results: SubmissionReport[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await gradeOne(files[i], options, root, lessons, isolation, lockedOf);
      done++;
      options.onProgress?.(done, files.length, results[i]);
    }
  };
  const n = Math.max(1, Math.min(files.length, options.concurrency ?? Math.max(2, cpus().length)));
  await Promise.all(Array.from({ length: n }, worker));
  const duplicates = markDuplicates(results);
  const identical = findIdentical(results, files);
  return { submissions: results, skipped, duplicates, identical, isolation, seconds: (Date.now() - started) / 1000 };
}

async function gradeOne(file: string, options: GradeOptions, root: string, lessons: LessonSource[], isolation: Isolation, lockedOf: (l: string) => LockedCell[]): Promise<SubmissionReport> {
  const t0 = Date.now();
  let nb: unknown = null;
  try {
    nb = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // checkNotebook says what is wrong with the file
  }
  const student = studentOf(file, nb, options.inputs, lessons.map((l) => l.name));
  let report: NotebookReport;
  try {
    report = await checkNotebook(file, { root, lessons, hidden: true, lesson: options.lesson, timeoutMs: options.timeoutMs ?? 10_000, memoryMb: options.memoryMb ?? 256, isolation });
  } catch (e) {
    report = { file, lesson: null, message: `the grader failed on this file (${(e as Error).message}); this is a bug in the course`, exercises: [], points: 0, maxPoints: 0 };
  }
  const locked = report.lesson && nb && !report.message ? lockedProblems(lockedOf(report.lesson), nb) : [];
  const notes = locked.map((l) => `locked cell '${l.id}' was ${l.problem}; graded with the original checks`);
  return { ...report, student, locked, counted: true, notes, seconds: (Date.now() - t0) / 1000 };
}

function markDuplicates(rs: SubmissionReport[]): { student: string; files: string[] }[] {
  const by = new Map<string, SubmissionReport[]>();
  for (const r of rs) by.set(`${r.student}\u0000${r.lesson}`, [...(by.get(`${r.student}\u0000${r.lesson}`) ?? []), r]);
  const out: { student: string; files: string[] }[] = [];
  for (const group of by.values()) {
    if (group.length < 2) continue;
    const mtime = (f: string) => safe(() => statSync(f).mtimeMs, 0);
    const latest = [...group].sort((a, b) => mtime(b.file) - mtime(a.file) || b.file.localeCompare(a.file))[0];
    for (const r of group) {
      r.counted = r === latest;
      r.notes.push(r.counted ? `one of ${group.length} submissions of ${r.student}: this one (the latest) counts` : `one of ${group.length} submissions of ${r.student}: not counted (${latest.file} is later)`);
    }
    out.push({ student: group[0].student, files: group.map((r) => r.file) });
  }
  return out;
}

function findIdentical(rs: SubmissionReport[], files: string[]): { exercise: string; students: string[] }[] {
  const by = new Map<string, Set<string>>();
  rs.forEach((r, i) => {
    if (!r.counted) return;
    let nb: { cells?: { metadata?: { exercise?: { id?: string; kind?: string } }; source?: unknown }[] };
    try {
      nb = JSON.parse(readFileSync(files[i], "utf8"));
    } catch {
      return;
    }
    for (const e of r.exercises as ExerciseResult[]) {
      if (e.status === "unfinished" || e.status === "missing") continue;
      const cell = (Array.isArray(nb.cells) ? nb.cells : []).find((c) => c?.metadata?.exercise?.id === e.id && c.metadata.exercise.kind === "solution");
      if (!cell) continue;
      const src = Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
      if (src.replace(/\s+/g, "").length < 160) continue; // short answers coincide honestly
      const key = `${e.id}\u0000${createHash("sha256").update(src.replace(/\s+/g, "")).digest("hex")}`;
      by.set(key, (by.get(key) ?? new Set()).add(r.student));
    }
  });
  return [...by.entries()].filter(([, s]) => s.size > 1).map(([k, s]) => ({ exercise: k.split("\u0000")[0], students: [...s].sort() }));
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
