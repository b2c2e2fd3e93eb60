/**
 * Locked cells, as nbgrader does it: every cell the student build marks `nbgrader.locked` (the
 * check cells) has a checksum of its original source; a submission whose copy differs, or lacks
 * it, is reported. Grading never runs a submission's locked cells (each exercise cell is compiled
 * and run on its own with the lesson's own checks), so an edited check cell is graded as the
 * original, and a later cell that redefines an earlier exercise's function changes nothing.
 */

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface LockedCell {
  id: string;
  checksum: string;
}

export interface LockedProblem {
  id: string;
  problem: "edited" | "deleted";
}

/** The normalized source's MD5 (whitespace at line ends and the ends ignored, as the checker does). */
export function cellChecksum(source: string, cellType = "code"): string {
  const norm = source.replace(/\r\n/g, "\n").split("\n").map((l) => l.trimEnd()).join("\n").trim();
  return createHash("md5").update(`${cellType}\n${norm}`).digest("hex");
}

/** The locked cells of a lesson's student notebook (notebooks/NN-slug.ipynb), by nbgrader grade_id. */
export function lockedCellsOf(root: string, lesson: string): LockedCell[] {
  const file = join(root, "notebooks", `${lesson}.ipynb`);
  if (!existsSync(file)) return [];
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: RawCell[] };
  return nb.cells.filter((c) => nbgraderOf(c)?.locked === true).map((c) => ({ id: keyOf(c), checksum: cellChecksum(sourceOf(c.source), c.cell_type) }));
}

interface RawCell {
  id?: unknown;
  cell_type?: string;
  source?: unknown;
  metadata?: Record<string, unknown>;
}

/** Which locked cells a submission edited or deleted (cells found by grade_id, else by cell id). */
export function lockedProblems(locked: readonly LockedCell[], notebook: unknown): LockedProblem[] {
  const cells = (notebook as { cells?: unknown })?.cells;
  const list = Array.isArray(cells) ? (cells.filter((c) => c !== null && typeof c === "object") as RawCell[]) : [];
  const out: LockedProblem[] = [];
  for (const l of locked) {
    const mine = list.filter((c) => keyOf(c) === l.id);
    if (mine.length === 0) out.push({ id: l.id, problem: "deleted" });
    else if (!mine.some((c) => cellChecksum(sourceOf(c.source), String(c.cell_type)) === l.checksum)) out.push({ id: l.id, problem: "edited" });
  }
  return out;
}

function nbgraderOf(c: RawCell): Record<string, unknown> | null {
  const n = c.metadata?.nbgrader;
  return n !== null && typeof n === "object" ? (n as Record<string, unknown>) : null;
}

function keyOf(c: RawCell): string {
  const g = nbgraderOf(c)?.grade_id;
  return typeof g === "string" ? g : typeof c.id === "string" ? c.id : "";
}

function sourceOf(s: unknown): string {
  if (typeof s === "string") return s;
  if (Array.isArray(s)) return s.filter((x) => typeof x === "string").join("");
  return "";
}
