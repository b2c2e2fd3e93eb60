/**
 * Reading a saved notebook as a submission: tolerant of what Jupyter writes (source as a string or
 * a list of lines), strict about what makes it a notebook, and never trusting its metadata for
 * anything but finding cells.
 */

import { messages } from "../../messages.js";

/** A code cell of the submission, with its position for messages (1-based). */
export interface SubmittedCell {
  index: number;
  source: string;
  exerciseId: string | null;
  kind: string | null;
}

export type Submission =
  | { ok: true; cells: SubmittedCell[]; lessonName: string | null }
  | { ok: false; message: string; lessonName: string | null };

/** Parses the text of a .ipynb file. `file` names it in messages. */
export function readSubmission(text: string, file: string): Submission {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: messages.notebookNotJson(file, e instanceof Error ? e.message : String(e)), lessonName: null };
  }
  if (nb === null || typeof nb !== "object" || Array.isArray(nb)) return { ok: false, message: messages.notebookNotJson(file, "the top level is not an object"), lessonName: null };
  const o = nb as Record<string, unknown>;
  const lessonName = courseName(o);
  if (o.nbformat !== 4) return { ok: false, message: messages.notebookNotV4(file, o.nbformat), lessonName };
  if (!Array.isArray(o.cells)) return { ok: false, message: messages.notebookNoCells(file), lessonName };
  const cells: SubmittedCell[] = [];
  o.cells.forEach((c: unknown, i: number) => {
    if (c === null || typeof c !== "object") return;
    const cell = c as Record<string, unknown>;
    if (cell.cell_type !== "code") return;
    const meta = (cell.metadata ?? {}) as Record<string, unknown>;
    const ex = (meta.exercise ?? null) as Record<string, unknown> | null;
    // nbgrader's metadata is the fallback: tools that drop unknown metadata usually keep it.
    const nbg = (meta.nbgrader ?? null) as Record<string, unknown> | null;
    const fromNbgrader = nbg && nbg.solution === true && typeof nbg.grade_id === "string" ? nbg.grade_id : null;
    cells.push({
      index: i + 1,
      source: sourceOf(cell.source),
      exerciseId: ex && typeof ex.id === "string" ? ex.id : fromNbgrader,
      kind: ex && typeof ex.kind === "string" ? ex.kind : fromNbgrader ? "solution" : null,
    });
  });
  return { ok: true, cells, lessonName };
}

/** The lesson name the notebook build wrote into metadata.course.name, if any. */
function courseName(nb: Record<string, unknown>): string | null {
  const meta = nb.metadata;
  const course = meta !== null && typeof meta === "object" ? (meta as Record<string, unknown>).course : undefined;
  const name = course !== null && typeof course === "object" ? (course as Record<string, unknown>).name : undefined;
  return typeof name === "string" ? name : null;
}

function sourceOf(s: unknown): string {
  if (typeof s === "string") return s;
  if (Array.isArray(s)) return s.filter((x) => typeof x === "string").join("");
  return "";
}

/** Whitespace-insensitive comparison, so re-saving a notebook does not count as an answer. */
export function sameCode(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\r\n/g, "\n").split("\n").map((l) => l.trimEnd()).join("\n").trim();
  return norm(a) === norm(b);
}
