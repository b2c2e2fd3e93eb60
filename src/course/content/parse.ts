/**
 * Lesson source -> content model, with markdown-it.
 *
 *   1. markdown-it parses the file into block tokens; each carries `.map`, its line range.
 *   2. Top-level ```` ```ts ```` fences and `+++` lines cut the file into cells.
 *   3. Markdown cells are slices of the original text (never re-rendered), so their source stays
 *      exactly as the author wrote it, LaTeX included.
 *   4. Attributes, exercises and ids are validated, and code is checked for what the tslab kernel
 *      would run wrongly (lint.ts); any problem throws a ContentError at file:line.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import { messages } from "../../messages.js";
import { parseAttributes, type CellAttributes } from "./attributes.js";
import { ContentError } from "./errors.js";
import { splitExercise } from "./exercise.js";
import { lintCodeCells } from "./lint.js";
import type { Cell, Lesson } from "./model.js";

/** Fence languages that become code cells; every other fence stays in the markdown. */
export const CODE_LANGUAGES: readonly string[] = ["ts", "typescript"];

/** How lesson files are named: `NN-slug.md`. */
export const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** A block rule for `+++ attrs` lines; `alt` lets it end a paragraph like a heading would. */
function cellBreakRule(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const line = state.src.slice(state.bMarks[startLine]! + state.tShift[startLine]!, state.eMarks[startLine]);
  if (!/^\+\+\+(\s|$)/.test(line)) return false;
  if (silent) return true;
  const token = state.push("cell_break", "", 0);
  token.info = line.slice(3).trim();
  token.map = [startLine, startLine + 1];
  state.line = startLine + 1;
  return true;
}

const md = new MarkdownIt({ html: true });
md.block.ruler.before("paragraph", "cell_break", cellBreakRule, {
  alt: ["paragraph", "reference", "blockquote", "list"],
});

/** Read and parse one lesson file. */
export function parseLesson(path: string): Lesson {
  return parseLessonText(readFileSync(path, "utf8"), path);
}

/** A boundary between cells: a code fence or a `+++` break, with its line range (0-based). */
interface Boundary {
  kind: "code" | "break";
  start: number;
  end: number;
  attrs: CellAttributes;
  body: string[];
}

/** Parse a lesson's text; `file` names it in errors and decides its name and number. */
export function parseLessonText(text: string, file: string): Lesson {
  const name = basename(file);
  const nameMatch = LESSON_FILE.exec(name);
  if (nameMatch === null) throw new ContentError(file, 1, messages.badLessonName(name));
  const src = text.replace(/\r\n?/g, "\n");
  const lines = src.split("\n");
  const tokens = md.parse(src, {});
  const at = (line0: number, detail: string): ContentError => new ContentError(file, line0 + 1, detail);
  const attrsAt = (line0: number, info: string, code: boolean): CellAttributes => {
    try {
      return parseAttributes(info, code);
    } catch (e) {
      throw at(line0, (e as Error).message);
    }
  };

  let title: string | null = null;
  const boundaries: Boundary[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (title === null && tok.type === "heading_open" && tok.tag === "h1" && tok.level === 0) {
      title = tokens[t + 1]?.content.trim() ?? "";
    }
    if (tok.type === "cell_break") {
      if (tok.level !== 0) throw at(tok.map![0], messages.nestedCodeFence());
      const [start, end] = tok.map!;
      boundaries.push({ kind: "break", start, end, attrs: attrsAt(start, tok.info, false), body: [] });
      continue;
    }
    if (tok.type !== "fence") continue;
    const [start, end] = tok.map!;
    const close = lines[end - 1]!.trim();
    const closed = end - 1 > start && close[0] === tok.markup[0] &&
      /^(`+|~+)$/.test(close) && close.length >= tok.markup.length;
    if (!closed) throw at(start, messages.unclosedFence(tok.markup));
    const [lang = "", ...rest] = tok.info.trim().split(/\s+/);
    if (!CODE_LANGUAGES.includes(lang)) continue;
    if (tok.level !== 0) throw at(start, messages.nestedCodeFence());
    const attrs = attrsAt(start, rest.join(" "), true);
    boundaries.push({ kind: "code", start, end, attrs, body: lines.slice(start + 1, end - 1) });
  }
  if (title === null || title === "") throw new ContentError(file, 1, messages.noTitle());

  const cells = assignIds(file, name, cutCells(file, lines, boundaries));
  lintCodeCells(file, cells);
  return { file, name: name.slice(0, -3), number: nameMatch[1]!, title, cells };
}

/** A cell before ids are assigned. */
type DraftCell = Omit<Cell, "id"> & { id: string | null };

/** Walk the boundaries in order and make the cells, validating exercises as we go. */
function cutCells(file: string, lines: string[], boundaries: Boundary[]): DraftCell[] {
  const cells: DraftCell[] = [];
  const exercises = new Map<string, { line: number; points: number }>();
  const checks = new Map<string, number>();
  let pending: Boundary | null = null; // the `+++` whose attributes the next markdown cell takes
  let from = 0;
  const pushMarkdown = (start: number, end: number): void => {
    while (start < end && lines[start]!.trim() === "") start++;
    while (end > start && lines[end - 1]!.trim() === "") end--;
    const attrs = pending?.attrs;
    if (start === end) {
      // A `+++` with attributes but no markdown after it: they would be lost silently.
      if (pending !== null && lines[pending.start]!.trim() !== "+++") {
        throw new ContentError(file, pending.start + 1, messages.breakWithoutMarkdown());
      }
      return;
    }
    cells.push({
      kind: "markdown", source: lines.slice(start, end).join("\n"), line: start + 1,
      id: attrs?.id ?? null, tags: attrs?.tags ?? [], slide: attrs?.slide ?? null,
      hidden: false, instructorOnly: false, exercise: null, parts: null,
    });
  };
  for (const b of boundaries) {
    pushMarkdown(from, b.start);
    pending = null;
    from = b.end;
    if (b.kind === "break") {
      pending = b;
      continue;
    }
    const a = b.attrs;
    const line = b.start + 1;
    let exercise: Cell["exercise"] = null;
    if (a.exercise !== null) {
      const first = exercises.get(a.exercise);
      if (first !== undefined) throw new ContentError(file, line, messages.duplicateExercise(a.exercise, first.line));
      exercises.set(a.exercise, { line, points: a.points! });
      exercise = { id: a.exercise, points: a.points!, kind: "solution" };
    } else if (a.check !== null) {
      const ex = exercises.get(a.check);
      if (ex === undefined) throw new ContentError(file, line, messages.checkWithoutExercise(a.check));
      const first = checks.get(a.check);
      if (first !== undefined) throw new ContentError(file, line, messages.duplicateCheck(a.check, first));
      checks.set(a.check, line);
      exercise = { id: a.check, points: ex.points, kind: "check" };
    }
    const parts = splitExercise(file, b.body, line + 1, a.exercise);
    cells.push({
      kind: "code", source: b.body.join("\n"), line, id: a.id, tags: a.tags, slide: a.slide,
      hidden: a.hidden, instructorOnly: a.instructor, exercise, parts,
    });
  }
  pushMarkdown(from, lines.length);
  return cells;
}

/** Give every cell its final id and refuse duplicates (see {@link Cell.id} for the rule). */
function assignIds(file: string, lessonName: string, drafts: DraftCell[]): Cell[] {
  const used = new Map<string, number>();
  const claim = (id: string, line: number): void => {
    const first = used.get(id);
    if (first !== undefined) throw new ContentError(file, line, messages.duplicateCellId(id, first));
    used.set(id, line);
  };
  // Explicit and exercise ids first, so a derived id never takes a name an author chose.
  const fixed = drafts.map((c) =>
    c.id ?? (c.exercise === null ? null : c.exercise.kind === "solution" ? c.exercise.id : `${c.exercise.id}-check`));
  drafts.forEach((c, i) => { if (fixed[i] !== null) claim(fixed[i]!, c.line); });
  return drafts.map((c, i) => {
    let id = fixed[i];
    if (id === null) {
      const hash = createHash("sha256").update(`${lessonName}\0${c.kind}\0${c.source}`).digest("hex");
      const base = `${c.kind === "code" ? "code" : "md"}-${hash.slice(0, 8)}`;
      id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.set(id, c.line);
    }
    return { ...c, id };
  });
}
