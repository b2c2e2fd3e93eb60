/**
 * Run every lesson's notebook through the kernel, judge it, print a table and optionally store
 * the executed student notebooks back into notebooks/.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Flavour } from "../content/model.js";
import { jupyterEnv, installKernel } from "../kernel/kernelspec.js";
import { type PlannedNotebook, planCourse, writeAtomically } from "../notebook/build.js";
import { codeHash, type Notebook, serializeNotebook, sourceText } from "../notebook/nbformat.js";
import { executeNotebook } from "./execute.js";
import { verifyRun } from "./verify.js";

/** Options for {@link runCourse}. */
export interface RunCourseOptions {
  root: string;
  python: string;
  flavours: Flavour[];
  /** Per-notebook time budget in seconds (also each cell's timeout). */
  budget: number;
  /** Store the executed student notebooks into notebooks/. */
  write: boolean;
  /** Only lessons whose name starts with one of these (e.g. "00"); all when empty. */
  only: string[];
  log?: (line: string) => void;
}

/** One row of the report. */
export interface RunRow {
  path: string;
  /** Wall-clock seconds, kernel start-up included. */
  seconds: number;
  /** Seconds spent in the cells (what the budget judges). */
  cellSeconds: number;
  /** The slowest cell, to know where to cut. */
  slowest: { id: string; seconds: number; firstLine?: string } | null;
  charts: number;
  problems: string[];
  /** The executed notebook as --write would store it (allowed errors stripped). */
  executed: Notebook;
}

/** Run, judge, report; returns the rows (the caller decides the exit code). */
export async function runCourse(opts: RunCourseOptions): Promise<RunRow[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  installKernel(opts.root);
  const env = jupyterEnv(opts.root);
  const all = planCourse(opts.root).filter((p: PlannedNotebook) =>
    opts.only.length === 0 || opts.only.some((o) => p.lesson.name.startsWith(o)));
  const planned = all.filter((p) => opts.flavours.includes(p.flavour) && !(p.flavour === "instructor" &&
    opts.flavours.includes("student") && sameAsStudent(p, all)));
  const rows: RunRow[] = [];
  const toWrite: Array<{ path: string; text: string }> = [];
  for (const p of planned) {
    const cwd = dirname(join(opts.root, p.path));
    mkdirSync(cwd, { recursive: true }); // the kernel starts there, even before a first build
    const run = await executeNotebook(p.notebook, {
      python: opts.python,
      cwd,
      env,
      cellTimeout: opts.budget,
      hardLimit: opts.budget * 3 + 30,
    });
    const verdict = verifyRun({ notebook: p.notebook, file: p.lesson.file, cells: p.lesson.cells }, run, opts.budget);
    const cellSeconds = run.cells.reduce((sum, c) => sum + c.seconds, 0);
    const slowest = run.cells.reduce<RunRow["slowest"]>((m, c) => (m === null || c.seconds > m.seconds ? { id: c.id, seconds: c.seconds } : m), null);
    if (slowest !== null) slowest.firstLine = firstCodeLine(p.notebook.cells.find((c) => c.id === slowest.id));
    rows.push({ path: p.path, seconds: run.seconds, cellSeconds, slowest, charts: verdict.charts, problems: verdict.problems, executed: verdict.cleaned });
    log(`${verdict.problems.length === 0 ? "ok  " : "FAIL"} ${p.path} ${run.seconds.toFixed(1)} s`);
    if (opts.write && p.flavour === "student" && verdict.problems.length === 0) {
      const course = { ...(verdict.cleaned.metadata.course as object), executed_from: codeHash(p.notebook) };
      toWrite.push({ path: p.path, text: serializeNotebook({ ...verdict.cleaned, metadata: { ...verdict.cleaned.metadata, course } }) });
    }
  }
  log("");
  log(formatTable(rows, opts.budget));
  const failed = rows.filter((r) => r.problems.length > 0);
  for (const r of failed) for (const pr of r.problems) log(`${r.path}: ${pr}`);
  if (opts.write) {
    const changed = writeAtomically(opts.root, toWrite);
    log(`\nstored ${changed.length} executed notebook(s)${changed.length ? `: ${changed.join(", ")}` : ""}` +
      (failed.some((r) => r.path.startsWith("notebooks/")) ? " (failing notebooks were not stored)" : ""));
  }
  return rows;
}

/**
 * An instructor notebook with the same code as its student notebook (no exercises, no
 * instructor-only cells) would only repeat the student run: when both builds run, skip it.
 */
function sameAsStudent(p: PlannedNotebook, all: readonly PlannedNotebook[]): boolean {
  const student = all.find((q) => q.flavour === "student" && q.lesson.name === p.lesson.name);
  const code = (q: PlannedNotebook) => q.notebook.cells.filter((c) => c.cell_type === "code").map((c) => sourceText(c)).join("\0");
  return student !== undefined && code(student) === code(p);
}

/** A cell's first line of code (comments skipped), short: the slowest-cell column names it. */
function firstCodeLine(cell: Notebook["cells"][number] | undefined): string {
  if (cell === undefined) return "";
  const line = sourceText(cell).split("\n").map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("//")) ?? "";
  return line.length > 28 ? `${line.slice(0, 27)}…` : line;
}

const SLOWEST_WIDTH = 54;

/** The seconds-per-notebook table. */
export function formatTable(rows: ReadonlyArray<Omit<RunRow, "executed">>, budget: number): string {
  const width = Math.max(8, ...rows.map((r) => r.path.length));
  const head = `${"notebook".padEnd(width)}  wall s  cells s  ${"slowest cell".padEnd(SLOWEST_WIDTH)}  charts  result`;
  const rule = `${"-".repeat(width)}  ------  -------  ${"-".repeat(SLOWEST_WIDTH)}  ------  ------`;
  const lines = [head, rule];
  for (const r of rows) {
    const result = r.problems.length === 0 ? "ok" : `${r.problems.length} problem(s)`;
    const slowest = r.slowest === null ? "-"
      : `${r.slowest.id}${r.slowest.firstLine ? ` "${r.slowest.firstLine}"` : ""} ${r.slowest.seconds.toFixed(1)} s`;
    lines.push(`${r.path.padEnd(width)}  ${r.seconds.toFixed(1).padStart(6)}  ${r.cellSeconds.toFixed(1).padStart(7)}  ` +
      `${slowest.padEnd(SLOWEST_WIDTH)}  ${String(r.charts).padStart(6)}  ${result}`);
  }
  const sum = (f: (r: Omit<RunRow, "executed">) => number) => rows.reduce((s, r) => s + f(r), 0).toFixed(1);
  lines.push(`${"total".padEnd(width)}  ${sum((r) => r.seconds).padStart(6)}  ${sum((r) => r.cellSeconds).padStart(7)}  ` +
    `(budget: ${budget} s of cells per notebook; wall time includes kernel start-up)`);
  return lines.join("\n");
}
