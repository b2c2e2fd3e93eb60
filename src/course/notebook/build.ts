/**
 * Build every lesson's notebooks in memory, then write them all at once.
 *
 *   content/NN-slug.md -> notebooks/NN-slug.ipynb             (student: stubs, committed, executed)
 *                      -> notebooks-instructor/NN-slug.ipynb  (instructor: solutions, git-ignored)
 *
 * Why in memory first: one bad lesson must leave every notebook as it was, so a half-built course
 * never reaches a learner or a commit.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { messages } from "../../messages.js";
import { ContentError, ContentErrors } from "../content/errors.js";
import type { Flavour, Lesson } from "../content/model.js";
import { LESSON_FILE, parseLesson } from "../content/parse.js";
import { buildNotebook } from "./ipynb.js";
import { type Notebook, serializeNotebook, sourceText } from "./nbformat.js";

/** Where each flavour's notebooks live, relative to the project root. */
export const NOTEBOOK_DIRS: Record<Flavour, string> = {
  student: "notebooks",
  instructor: "notebooks-instructor",
};

/** One notebook the build will write. */
export interface PlannedNotebook {
  lesson: Lesson;
  flavour: Flavour;
  /** Path relative to the project root. */
  path: string;
  notebook: Notebook;
}

/** The lesson files in `content/`, sorted by number (other files there are not lessons). */
export function lessonFiles(root: string): string[] {
  const dir = join(root, "content");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d{2}-.*\.md$/.test(f)).sort().map((f) => join(dir, f));
}

/**
 * Copy outputs from an earlier notebook into a fresh build, cell by cell, where the id and the
 * source are unchanged: rebuilding after an edit keeps the executed outputs of untouched cells.
 */
export function mergeOutputs(built: Notebook, previous: Notebook | null): Notebook {
  if (previous === null) return built;
  // Keep the fingerprint of the code the outputs came from: it tells whether they are current.
  const executedFrom = (previous.metadata.course as Record<string, unknown> | undefined)?.executed_from;
  if (typeof executedFrom === "string") (built.metadata.course as Record<string, unknown>).executed_from = executedFrom;
  const old = new Map(previous.cells.map((c) => [c.id, c]));
  for (const cell of built.cells) {
    const prev = old.get(cell.id);
    if (cell.cell_type !== "code" || prev === undefined || prev.cell_type !== "code") continue;
    if (sourceText(prev) !== sourceText(cell)) continue;
    cell.outputs = prev.outputs ?? [];
    cell.execution_count = prev.execution_count ?? null;
  }
  return built;
}

/** Read a notebook if it exists and is JSON; anything else counts as absent. */
export function readNotebook(path: string): Notebook | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Notebook;
  } catch {
    return null;
  }
}

/** The file name a lesson's path gives (without the folder), checked against the naming rule. */
function checkName(file: string): void {
  const name = file.split(/[\\/]/).pop()!;
  if (!LESSON_FILE.test(name)) throw new ContentError(file, 1, messages.badLessonName(name));
}

/**
 * Parse and build every lesson (or the given files) without writing anything. All problems in all
 * lessons are gathered, then thrown together as one error, so an author fixes them in one pass.
 */
export function planCourse(root: string, files: string[] = lessonFiles(root)): PlannedNotebook[] {
  const errors: string[] = [];
  const planned: PlannedNotebook[] = [];
  const numbers = new Map<string, string>();
  for (const file of files) {
    const shown = file.startsWith(root) ? file.slice(root.length).replace(/^[\\/]/, "") : file;
    let lesson: Lesson;
    try {
      checkName(shown);
      lesson = { ...parseLesson(file), file: shown };
    } catch (e) {
      if (!(e instanceof ContentError)) throw e;
      errors.push(e.message.replace(file, shown));
      continue;
    }
    const other = numbers.get(lesson.number);
    if (other !== undefined) {
      errors.push(new ContentError(shown, 1, messages.duplicateLessonNumber(lesson.number, other)).message);
      continue;
    }
    numbers.set(lesson.number, shown);
    for (const flavour of ["student", "instructor"] as const) {
      const path = join(NOTEBOOK_DIRS[flavour], `${lesson.name}.ipynb`);
      const notebook = mergeOutputs(buildNotebook(lesson, flavour), readNotebook(join(root, path)));
      planned.push({ lesson, flavour, path, notebook });
    }
  }
  if (errors.length > 0) throw new ContentErrors(errors);
  return planned;
}

/**
 * Write files so that each one is replaced whole: write a temporary file beside it, then rename
 * (atomic on one file system). Returns the paths whose content changed.
 */
export function writeAtomically(root: string, files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const changed = files.filter((f) => {
    const full = join(root, f.path);
    return !existsSync(full) || readFileSync(full, "utf8") !== f.text;
  });
  const temps = changed.map((f) => {
    const full = join(root, f.path);
    mkdirSync(dirname(full), { recursive: true });
    const tmp = `${full}.tmp-${process.pid}`;
    writeFileSync(tmp, f.text);
    return [tmp, full] as const;
  });
  for (const [tmp, full] of temps) renameSync(tmp, full);
  return changed.map((f) => f.path);
}

/** Build and write every notebook; returns what was written and what was already up to date. */
export function buildCourse(root: string, files?: string[]): { changed: string[]; unchanged: string[] } {
  const planned = planCourse(root, files);
  const out = planned.map((p) => ({ path: p.path, text: serializeNotebook(p.notebook) }));
  const changed = writeAtomically(root, out);
  return { changed, unchanged: out.map((f) => f.path).filter((p) => !changed.includes(p)) };
}
