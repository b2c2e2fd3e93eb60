/**
 * Content model -> nbformat 4.5 notebook, in one of two flavours.
 *
 * Only this file knows about .ipynb; the content model knows nothing of it, so the HTML writer of
 * the lecture pages can sit beside this one (see ROADMAP.md).
 */
import { basename } from "node:path";
import { flavourSource } from "../content/exercise.js";
import type { Cell, Flavour, Lesson, SlideType } from "../content/model.js";
import type { Notebook, NotebookCell } from "./nbformat.js";

/** The kernel every notebook asks for: tslab, registered under this name by `npm run kernel:install`. */
export const KERNELSPEC = { name: "tslab", display_name: "TypeScript", language: "typescript" } as const;

/**
 * What tslab 1.0.22 itself reports in its kernel_info reply. Writing the same here means a
 * notebook saved from JupyterLab keeps the metadata the build wrote (small diffs).
 */
export const LANGUAGE_INFO = {
  name: "typescript",
  version: "3.7.2",
  mimetype: "text/typescript",
  file_extension: ".ts",
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
} as const;

/** The tag nbclient honours to let a cell raise; the student build puts it on exercise cells. */
export const RAISES_TAG = "raises-exception";
/** The tag on a cell that must display a chart (checked by `npm run notebooks:run`). */
export const CHART_TAG = "chart";

/**
 * The slide type a cell gets: the author's choice; else the first cell and every markdown cell
 * that opens with a `#` or `##` heading start a slide; everything else continues the current one.
 */
function slideType(cell: Cell, index: number): SlideType {
  if (cell.slide !== null) return cell.slide;
  if (index === 0) return "slide";
  if (cell.kind === "markdown" && /^#{1,2} /.test(cell.source)) return "slide";
  return "-";
}

/** nbgrader (schema 3) metadata: the learner's cell is a solution, the check cell a locked test. */
function nbgraderMetadata(cell: Cell, hasCheck: boolean): Record<string, unknown> | null {
  const ex = cell.exercise;
  if (ex === null) return null;
  if (ex.kind === "check") {
    return { grade: true, grade_id: `${ex.id}-check`, locked: true, points: ex.points, schema_version: 3, solution: false };
  }
  // Without a check cell the points must sit on the answer itself (nbgrader's "manually graded").
  return hasCheck
    ? { grade: false, grade_id: ex.id, locked: false, schema_version: 3, solution: true }
    : { grade: true, grade_id: ex.id, locked: false, points: ex.points, schema_version: 3, solution: true };
}

/** One content cell -> one notebook cell of the given flavour. */
function toNotebookCell(cell: Cell, index: number, flavour: Flavour, checked: Set<string>): NotebookCell {
  const metadata: Record<string, unknown> = { slideshow: { slide_type: slideType(cell, index) } };
  const tags = [...cell.tags];
  if (flavour === "student" && cell.exercise !== null && !tags.includes(RAISES_TAG)) tags.push(RAISES_TAG);
  if (tags.length > 0) metadata.tags = tags;
  if (cell.hidden) metadata.jupyter = { source_hidden: true };
  if (cell.exercise !== null) {
    metadata.exercise = { ...cell.exercise };
    metadata.nbgrader = nbgraderMetadata(cell, checked.has(cell.exercise.id));
    // The check cell runs our code; keep learners from editing it by accident.
    if (cell.exercise.kind === "check") Object.assign(metadata, { editable: false, deletable: false });
  }
  const source = flavourSource(cell, flavour);
  if (cell.kind === "markdown") return { id: cell.id, cell_type: "markdown", metadata, source };
  return { id: cell.id, cell_type: "code", metadata, source, execution_count: null, outputs: [] };
}

/**
 * Build one flavour of a lesson's notebook (no outputs yet).
 * @example buildNotebook(parseLesson("content/00-setup.md"), "student")
 */
export function buildNotebook(lesson: Lesson, flavour: Flavour): Notebook {
  const checked = new Set(
    lesson.cells.filter((c) => c.exercise?.kind === "check").map((c) => c.exercise!.id),
  );
  const kept = lesson.cells.filter((c) => flavour === "instructor" || !c.instructorOnly);
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { ...KERNELSPEC },
      language_info: structuredClone(LANGUAGE_INFO) as unknown as Record<string, unknown>,
      course: {
        lesson: lesson.number,
        name: lesson.name,
        title: lesson.title,
        flavour,
        source: `content/${basename(lesson.file)}`,
        note: "Built by `npm run notebooks` from the lesson file named in `source`: authors edit that file.",
      },
    },
    cells: kept.map((c, i) => toNotebookCell(c, i, flavour, checked)),
  };
}
