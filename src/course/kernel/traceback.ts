/**
 * Errors as a learner reads them: the `ename`, `evalue` and `traceback` of a Jupyter `error`
 * output, built from what tslab's executor reports.
 *
 *   runtime error -> "TypeError: message", then each frame in the learner's cells (innermost
 *                    first) as "In this cell, line 3, column 9, in f:" with that line and a caret;
 *                    frames of Node, of the kernel and of tslab are left out;
 *   type errors   -> each TypeScript diagnostic at its line and column, with the line and a caret
 *                    under the span, the way an editor shows it;
 *   interrupt     -> one line saying Kernel > Interrupt stopped the cell.
 * Plain text, no colours: it is read in JupyterLab, in a terminal and by screen readers alike.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { messages } from "../../messages.js";
import type { Cells } from "./cells.js";
import { SourceMap } from "./source-map.js";
import type { TslabDiagnostic } from "./tslab.js";

/** The content of a Jupyter `error` message (and of an error `execute_reply`, with status). */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One parsed line of `error.stack`. */
export interface StackFrame {
  fn: string | null;
  file: string;
  /** 1-based, as V8 prints them. */
  line: number;
  column: number;
}

/** Frames of a cell shown in full; deeper recursion is cut in the middle. */
const MAX_CELL_FRAMES = 8;
/** TypeScript errors shown in full; the rest are counted. */
const MAX_DIAGNOSTICS = 5;

const FRAME = /^\s*at (?:async )?(?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;

/** The frames of a V8 stack trace, in its order (innermost first). */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const text of stack.split("\n")) {
    const m = FRAME.exec(text);
    if (m === null) continue;
    frames.push({ fn: m[1] ?? null, file: m[2], line: Number(m[3]), column: Number(m[4]) });
  }
  return frames;
}

const FRAMES = Symbol.for("vanishing-gradients.course-kernel.frames");

/**
 * Keep every error's frames as data, beside its formatted stack: V8 hands `Error.prepareStackTrace`
 * the call sites when an error's `stack` is first read. Whatever formatted stacks before (Node's
 * default, --enable-source-maps, a test runner's) still does; we only look. Once per process.
 */
export function captureFrames(): void {
  const previous = Error.prepareStackTrace;
  if ((previous as { [FRAMES]?: boolean } | undefined)?.[FRAMES]) return;
  const prepare = (error: Error, sites: NodeJS.CallSite[]): unknown => {
    try {
      const frames: StackFrame[] = sites.map((s) => ({
        fn: s.getFunctionName() ?? s.getMethodName() ?? null,
        file: String(s.getScriptNameOrSourceURL() ?? s.getFileName() ?? ""),
        line: s.getLineNumber() ?? 0,
        column: s.getColumnNumber() ?? 0,
      }));
      Object.defineProperty(error, FRAMES, { value: frames, configurable: true });
    } catch {
      // a frozen error, an odd call site: the text of the stack will do
    }
    if (previous !== undefined) return previous(error, sites);
    return `${Error.prototype.toString.call(error)}${sites.map((s) => `\n    at ${String(s)}`).join("")}`;
  };
  Object.defineProperty(prepare, FRAMES, { value: true });
  Error.prepareStackTrace = prepare;
}

/** An error's frames: as captured by {@link captureFrames}, else parsed from its stack's text. */
export function framesOf(e: unknown): StackFrame[] {
  if (!(e instanceof Error)) return [];
  let stack = "";
  try {
    stack = String(e.stack ?? ""); // reading it makes V8 prepare it (and capture the frames)
  } catch {
    return [];
  }
  const frames = (e as { [FRAMES]?: StackFrame[] })[FRAMES];
  return frames ?? parseStack(stack);
}

/** Was the cell stopped by Kernel > Interrupt (a SIGINT)? Sync code: Node's vm; async code: tslab. */
export function isInterrupt(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return (e as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || e.message === "Interrupted asynchronously";
}

/** The error output of Kernel > Interrupt. */
export function interruptError(): ErrorContent {
  const evalue = messages.kernelInterrupted();
  return { ename: "Interrupted", evalue, traceback: [`Interrupted: ${evalue}`] };
}

/** Where a frame shows a cell: "In this cell" for the running one, "In cell [3]" for an earlier one. */
function cellTitle(count: number | null, current: number | null, name: string): string {
  if (count !== null && count === current) return "In this cell";
  return count === null ? `In ${name}` : `In cell [${count}]`;
}

/** A source line with its number, and a caret line under `column` (`width` carets). */
export function excerpt(lines: readonly string[], line: number, column: number, width = 1): string[] {
  const text = (lines[line] ?? "").replace(/\t/g, " ");
  const number = String(line + 1);
  const gutter = " ".repeat(number.length);
  const carets = "^".repeat(Math.max(1, Math.min(width, text.length - column)));
  return [`    ${number} | ${text}`, `    ${gutter} | ${" ".repeat(Math.max(0, column))}${carets}`];
}

/** A name worth showing for a frame's function (not V8's "<anonymous>" stand-ins). */
function shownName(fn: string | null): string | null {
  if (fn === null || /<anonymous>/.test(fn) || fn === "eval") return null;
  // `exports.f(...)` (how tslab calls a function of an earlier cell) runs through a Proxy.
  return fn.replace(/^(Object|Function|Proxy)\./, "");
}

/** A path from a frame, relative to the project when inside it; file: URLs become paths. */
function localPath(file: string): string {
  try {
    return file.startsWith("file:") ? fileURLToPath(file) : file;
  } catch {
    return file;
  }
}

/** Node's own code, the kernel's and tslab's: never shown to a learner. */
function isInternal(path: string, root: string): boolean {
  if (path.startsWith("node:") || !path.includes(sep)) return true;
  const rel = relative(root, path);
  return rel.startsWith(`node_modules${sep}tslab${sep}`) || rel.startsWith(join("dist", "src", "course", "kernel")) || rel.includes(`${sep}@tslab${sep}`);
}

/** Whose code a file is: "the course library", "the package vega", or "your module" (a local .ts file). */
function owner(path: string, root: string): string {
  const parts = relative(root, path).split(sep);
  const pkg = parts.lastIndexOf("node_modules");
  if (pkg !== -1 && parts[pkg + 1] !== undefined) {
    const name = parts[pkg + 1].startsWith("@") ? `${parts[pkg + 1]}/${parts[pkg + 2]}` : parts[pkg + 1];
    return `the package ${name}`;
  }
  return parts[0] === "dist" || parts[0] === "src" ? "the course library" : "your module";
}

/** `dist/src/x.js:40` -> `src/x.ts:37` through the build's own source map, when it has one. */
function libraryPlace(path: string, line: number, column: number, root: string): string {
  const rel = relative(root, path);
  try {
    const mapFile = `${path}.map`;
    if (existsSync(mapFile)) {
      const raw = JSON.parse(readFileSync(mapFile, "utf8")) as { version: number; mappings: string; sources?: string[] };
      const at = new SourceMap(raw).original({ line: line - 1, column: column - 1 });
      const source = raw.sources?.[0];
      if (at !== null && source !== undefined) return `${relative(root, join(dirname(path), source))}:${at.line + 1}`;
    }
  } catch {
    // no map, or not readable: the built file's line will do
  }
  return `${rel.startsWith("..") ? path : rel}:${line}`;
}

/** `ename: evalue` of anything thrown. */
function nameAndValue(e: unknown): { ename: string; evalue: string } {
  if (e instanceof Error) return { ename: e.name || "Error", evalue: String(e.message) };
  let shown: string;
  try {
    shown = inspect(e, { depth: 2, breakLength: Infinity });
  } catch {
    shown = "a value that cannot be printed";
  }
  return { ename: "Error", evalue: messages.kernelNotAnError(shown) };
}

/**
 * The error output for something a cell threw at run time. `current` is the running cell's
 * execution count; `root` the project, to tell the course library from the kernel's internals.
 */
export function runtimeError(e: unknown, cells: Cells, current: number | null, root: string): ErrorContent {
  if (isInterrupt(e)) return interruptError();
  const { ename, evalue } = nameAndValue(e);
  const traceback = [`${ename}: ${evalue}`];
  const frames = framesOf(e);
  // A cell's frames, but not the function tslab wraps each cell in (its call maps to no line).
  const located = frames.filter((f) => cells.isCell(f.file)).map((f) => ({ frame: f, cell: cells.get(f.file)!, at: cells.get(f.file)!.locate({ line: f.line - 1, column: f.column - 1 }) }));
  const inCells = located.some((l) => l.at !== null) ? located.filter((l) => l.at !== null) : located;
  // Where it was raised when not in a cell: the innermost frame that is neither Node's nor ours.
  const firstCell = frames.findIndex((f) => cells.isCell(f.file));
  const raised = frames.slice(0, firstCell === -1 ? frames.length : firstCell).find((f) => !isInternal(localPath(f.file), root));
  if (raised !== undefined && inCells.length > 0) {
    const path = localPath(raised.file);
    traceback.push(messages.kernelRaisedIn(owner(path, root), shownName(raised.fn) ?? "a function", libraryPlace(path, raised.line, raised.column, root)));
  }
  const shown = inCells.length <= MAX_CELL_FRAMES ? inCells : [...inCells.slice(0, MAX_CELL_FRAMES - 2), null, ...inCells.slice(-2)];
  let previous = "";
  for (const item of shown) {
    if (item === null) {
      traceback.push(`    ... ${inCells.length - MAX_CELL_FRAMES + 2} more calls ...`);
      continue;
    }
    const { frame, cell, at } = item;
    const fn = shownName(frame.fn);
    const title = cellTitle(cell.count, current, cell.name);
    const place = at === null ? title : `${title}, line ${at.line + 1}, column ${at.column + 1}`;
    const head = `${place}${fn === null ? "" : `, in ${fn}`}:`;
    if (head === previous) continue; // the same line again (a loop of calls): once is enough
    previous = head;
    traceback.push(head);
    if (at !== null) traceback.push(...excerpt(cell.lines, at.line, at.column));
  }
  return { ename, evalue, traceback };
}

/** The error output for TypeScript diagnostics of a cell whose source is `src`. */
export function typeErrors(diagnostics: readonly TslabDiagnostic[], src: string): ErrorContent {
  const lines = src.split("\n");
  // tslab flattens a chained message ("Type A is not assignable... / Property x is missing...")
  // into several diagnostics at the same place; the later ones carry no file name.
  const groups: { head: TslabDiagnostic; more: string[] }[] = [];
  for (const d of diagnostics) {
    const last = groups[groups.length - 1];
    if (last !== undefined && d.fileName === undefined && d.start.offset === last.head.start.offset && d.end.offset === last.head.end.offset && d.code !== last.head.code) {
      last.more.push(d.messageText);
    } else {
      groups.push({ head: d, more: [] });
    }
  }
  const where = (d: TslabDiagnostic) => `${d.fileName === undefined ? "" : `${d.fileName}, `}line ${d.start.line + 1}, column ${d.start.character + 1}`;
  const first = groups[0]?.head;
  const evalue = first === undefined ? "" : `${where(first)}: ${first.messageText}`;
  const traceback: string[] = [];
  if (groups.length > 1) traceback.push(messages.kernelTypeErrors(groups.length));
  for (const { head, more } of groups.slice(0, MAX_DIAGNOSTICS)) {
    traceback.push(`TypeScript error ${head.fileName === undefined ? "in this cell" : `in ${head.fileName}`}, ${where(head).replace(/^.*?line/, "line")}: ${head.messageText} (TS${head.code})`);
    for (const m of more) traceback.push(`    ${m}`);
    if (head.fileName === undefined) {
      const width = head.end.line === head.start.line ? head.end.character - head.start.character : 1;
      traceback.push(...excerpt(lines, head.start.line, head.start.character, width));
    }
  }
  if (groups.length > MAX_DIAGNOSTICS) traceback.push(messages.kernelMoreTypeErrors(groups.length - MAX_DIAGNOSTICS));
  return { ename: "TSError", evalue, traceback };
}
