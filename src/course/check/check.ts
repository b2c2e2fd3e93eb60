/**
 * Checking a saved notebook, exercise by exercise, without running the notebook:
 *
 *   1. read the .ipynb (not JSON, not nbformat 4 -> every exercise 0, with the reason);
 *   2. find the lesson (notebook metadata, file name, or the exercise ids it holds);
 *   3. per exercise of that lesson: find its cell by metadata.exercise.id wherever it was moved;
 *      an unchanged stub is "unfinished"; compile it as tslab would (type errors are the learner's,
 *      with their line); run it in a sandboxed child (time and memory limits); judge the outcomes
 *      here with the same checks the notebook's check cell runs.
 * A problem with one exercise never stops the others.
 */

import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checksToRun, firstLine, judge, type Exercise, type ExerciseResult } from "../../exercises/index.js";
import { messages } from "../../messages.js";
import { topLevelNames } from "../content/names.js";
import { compileCell } from "./compile.js";
import { readCourse, type ExerciseSource, type LessonSource } from "./lessons.js";
import type { Isolation } from "./isolation.js";
import { runInSandbox } from "./sandbox.js";
import { readSubmission, sameCode, type SubmittedCell } from "./submission.js";

export interface CheckOptions {
  /** The project root (with content/, dist/, notebooks/). Default: the current directory. */
  root?: string;
  /** Also run hidden checks (instructors). Default false. */
  hidden?: boolean;
  /** Time limit per exercise, loading and all checks. Default 10 s. */
  timeoutMs?: number;
  /** Heap limit per exercise's process. Default 256 MB. */
  memoryMb?: number;
  /** Lessons to match against; default: read from `content/`. */
  lessons?: LessonSource[];
  /** The lesson ("NN-slug") the notebook must be; default: guessed from the notebook. */
  lesson?: string;
  /** How each exercise's process is isolated; default: the strongest this machine allows. */
  isolation?: Isolation;
}

/** The report for one notebook, also the shape of `npm run check -- --json`. */
export interface NotebookReport {
  file: string;
  /** "NN-slug", or null when no lesson matched. */
  lesson: string | null;
  /** A problem with the whole file (not JSON, not nbformat 4, no lesson found). */
  message?: string;
  exercises: ExerciseResult[];
  points: number;
  maxPoints: number;
}

/** Checks one notebook file. Never throws for anything in the file. */
export async function checkNotebook(file: string, options: CheckOptions = {}): Promise<NotebookReport> {
  const root = resolve(options.root ?? process.cwd());
  const all = options.lessons ?? readCourse(root);
  const lessons = options.lesson === undefined ? all : all.filter((l) => l.name === options.lesson);
  if (lessons.length === 0) return { file, lesson: null, message: messages.checkUnknownLesson(String(options.lesson), all.map((l) => l.name)), exercises: [], points: 0, maxPoints: 0 };
  const forced = options.lesson === undefined ? null : lessons[0];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return wholeFileProblem(file, forced ?? guessLesson(lessons, file, null, []), `cannot read ${file}: ${(e as Error).message}`);
  }
  const submission = readSubmission(text, basename(file));
  if (!submission.ok) return wholeFileProblem(file, forced ?? guessLesson(lessons, file, submission.lessonName, []), submission.message);
  const lesson = forced ?? guessLesson(lessons, file, submission.lessonName, submission.cells);
  if (!lesson) return { file, lesson: null, message: messages.checkNoLesson(basename(file)), exercises: [], points: 0, maxPoints: 0 };

  let checks: { lesson: { exercises: Record<string, Exercise<unknown>> } };
  try {
    checks = await import(pathToFileURL(lesson.exercisesModule).href);
  } catch (e) {
    return wholeFileProblem(file, lesson, messages.checkNoChecks(lesson.exercisesModule, firstLine(e)));
  }
  const results: ExerciseResult[] = [];
  for (const ex of lesson.exercises) {
    try {
      results.push(await checkExercise(ex, checks.lesson.exercises[ex.id], submission.cells, lesson, root, options));
    } catch (e) {
      // Only our own code can throw here (the learner's runs in the sandbox): say so plainly.
      results.push({ id: ex.id, status: "error", points: 0, maxPoints: ex.points, cases: [], message: messages.checkBug(ex.id, firstLine(e)) });
    }
  }
  return summarize(file, lesson.name, results);
}

async function checkExercise(ex: ExerciseSource, exercise: Exercise<unknown> | undefined, cells: SubmittedCell[], lesson: LessonSource, root: string, options: CheckOptions): Promise<ExerciseResult> {
  const zero = (status: ExerciseResult["status"], message: string): ExerciseResult => ({ id: ex.id, status, points: 0, maxPoints: ex.points, cases: [], message });
  if (!exercise) return zero("error", `${ex.id}: ${messages.checkNoChecks(lesson.exercisesModule, "no exercise with this id")}`);
  const mine = cells.filter((c) => c.exerciseId === ex.id && c.kind !== "check");
  if (mine.length === 0) return zero("missing", messages.exerciseMissingCell(ex.id));
  if (mine.length > 1) return zero("error", messages.exerciseDuplicateCell(ex.id, mine.map((c) => c.index)));
  const cell = mine[0];
  if (sameCode(cell.source, ex.stub)) return zero("unfinished", messages.exerciseStubUnchanged(ex.id));

  const notebookDir = join(root, "notebooks");
  const others = cells.filter((c) => c !== cell).map((c) => c.source);
  const compiled = compileCell(cell.source, exercise.names, others, notebookDir, cells.indexOf(cell));
  if (!compiled.ok) {
    if (compiled.where === "names") return zero("error", messages.exerciseNamesMissing(ex.id, compiled.missing));
    if (compiled.where === "prelude") return zero("error", messages.exerciseSetupTypeError(ex.id, compiled.text));
    const unknown = /^Cannot find name '([^']+)'/.exec(compiled.text)?.[1];
    if (unknown !== undefined && others.some((src) => topLevelNames(src).has(unknown))) {
      return zero("error", messages.exerciseUsesOtherCell(ex.id, unknown, compiled.line));
    }
    return zero("error", messages.exerciseTypeError(ex.id, compiled.line, compiled.column, compiled.text));
  }
  const childScript = join(root, "dist", "src", "course", "check", "child.js");
  if (!existsSync(childScript)) return zero("error", `${ex.id}: ${messages.checkNoChecks(childScript, "the file is missing")}`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const run = await runInSandbox({
    js: compiled.js,
    filename: join(notebookDir, "__exercise__.js"),
    exercisesModule: lesson.exercisesModule,
    id: ex.id,
    hidden: options.hidden ?? false,
    childScript,
    // dist/src/ and node_modules/ to load the library, package.json for Node to know dist/ is ESM;
    // not dist/content/ (the checks, with their expected values: the child gets them from us),
    // not content/ (reference solutions) nor anything else on the machine.
    readPaths: sandboxReadPaths(root),
    timeoutMs,
    memoryMb: options.memoryMb ?? 256,
    isolation: options.isolation,
  });
  switch (run.kind) {
    case "done":
      return judge(exercise, run.outcomes, { hidden: options.hidden, points: ex.points });
    case "load-error":
      return zero("error", messages.exerciseThrewOnLoad(ex.id, run.error));
    case "timeout": {
      const list = checksToRun(exercise, options.hidden).map((c) => c.check);
      const during = run.caseIndex === null || !list[run.caseIndex] ? "while your cell itself ran" : `in the check '${list[run.caseIndex].name}' (${list[run.caseIndex].input})`;
      return zero("timeout", `${messages.exerciseTimeout(ex.id, timeoutMs / 1000)} It stopped ${during}.`);
    }
    case "crashed":
      return zero("error", messages.exerciseCrashed(ex.id, run.detail));
  }
}

/** Which lesson a notebook is: its metadata, else its file name, else the most exercise ids in common. */
function guessLesson(lessons: LessonSource[], file: string, metaName: string | null, cells: SubmittedCell[]): LessonSource | null {
  const byName = (name: string | null) => lessons.find((l) => l.name === name) ?? null;
  const fromFile = basename(file).replace(/\.ipynb$/, "");
  const ids = new Set(cells.map((c) => c.exerciseId));
  const overlap = (l: LessonSource) => l.exercises.filter((e) => ids.has(e.id)).length;
  const best = [...lessons].sort((a, b) => overlap(b) - overlap(a))[0];
  return byName(metaName) ?? byName(fromFile) ?? lessons.find((l) => fromFile.startsWith(l.name)) ?? (best && overlap(best) > 0 ? best : null);
}

function wholeFileProblem(file: string, lesson: LessonSource | null, message: string): NotebookReport {
  const exercises = (lesson?.exercises ?? []).map((e): ExerciseResult => ({ id: e.id, status: "error", points: 0, maxPoints: e.points, cases: [], message }));
  return { file, lesson: lesson?.name ?? null, message, exercises, points: 0, maxPoints: exercises.reduce((s, e) => s + e.maxPoints, 0) };
}

function summarize(file: string, lesson: string, exercises: ExerciseResult[]): NotebookReport {
  return {
    file,
    lesson,
    exercises,
    points: exercises.reduce((s, e) => s + e.points, 0),
    maxPoints: exercises.reduce((s, e) => s + e.maxPoints, 0),
  };
}

/** What a submission's process may read: the built library and its dependencies, nothing else. */
export function sandboxReadPaths(root: string): string[] {
  return [join(root, "dist", "src"), join(root, "node_modules"), join(root, "package.json")];
}
