/**
 * Solutions and stubs inside an exercise cell, and the source each build of the lesson gets.
 *
 *   // BEGIN SOLUTION: return s * (1 - s)      <- the hint after ':' goes into the default stub
 *   return s * (1 - s);
 *   // END SOLUTION
 *   // BEGIN STUB                              <- optional: what learners start from instead
 *   return 0; // replace with sigma'(x)
 *   // END STUB
 */
import { messages } from "../../messages.js";
import { ContentError } from "./errors.js";
import type { Cell, Flavour, SourcePart } from "./model.js";

const MARKER = /^(\s*)\/\/\s*(BEGIN SOLUTION|END SOLUTION|BEGIN STUB|END STUB)\b:?\s*(.*)$/;

/** The marker on a line, if any: which one, its indentation and the text after it. */
function marker(line: string): { name: string; indent: string; rest: string } | null {
  const m = MARKER.exec(line);
  return m === null ? null : { name: m[2]!, indent: m[1]!, rest: m[3]!.trim() };
}

/**
 * Split an exercise cell's lines into text and solution parts. `firstLine` is the 1-based file
 * line of `lines[0]`, so errors point at the marker itself.
 */
export function splitExercise(
  file: string, lines: readonly string[], firstLine: number, exerciseId: string | null,
): SourcePart[] | null {
  const parts: SourcePart[] = [];
  let text: string[] = [];
  let i = 0;
  let sawSolution = false;
  const fail = (at: number, msg: string): never => {
    throw new ContentError(file, firstLine + at, msg);
  };
  // Find the matching END for a BEGIN at `start`, refusing any other marker in between.
  const closeOf = (start: number, begin: string, end: string): number => {
    for (let j = start + 1; j < lines.length; j++) {
      const m = marker(lines[j]!);
      if (m === null) continue;
      if (`// ${m.name}` === end) return j;
      fail(j, messages.unmatchedMarker(begin, end));
    }
    return fail(start, messages.unmatchedMarker(begin, end));
  };
  while (i < lines.length) {
    const m = marker(lines[i]!);
    if (m === null) {
      text.push(lines[i]!);
      i++;
      continue;
    }
    if (exerciseId === null) fail(i, messages.markerOutsideExercise(`// ${m.name}`));
    if (m.name === "END SOLUTION") fail(i, messages.unmatchedMarker("// END SOLUTION", "// BEGIN SOLUTION"));
    if (m.name === "END STUB") fail(i, messages.unmatchedMarker("// END STUB", "// BEGIN STUB"));
    if (m.name === "BEGIN STUB") fail(i, messages.stubWithoutSolution());
    const end = closeOf(i, "// BEGIN SOLUTION", "// END SOLUTION");
    const solution = lines.slice(i, end + 1);
    let stub: string[] | null = null;
    let next = end + 1;
    const after = next < lines.length ? marker(lines[next]!) : null;
    if (after !== null && after.name === "BEGIN STUB") {
      const stubEnd = closeOf(next, "// BEGIN STUB", "// END STUB");
      stub = lines.slice(next + 1, stubEnd);
      next = stubEnd + 1;
    }
    if (text.length > 0) parts.push({ kind: "text", lines: text });
    text = [];
    parts.push({ kind: "solution", lines: solution, stub, hint: m.rest, indent: m.indent });
    sawSolution = true;
    i = next;
  }
  if (text.length > 0) parts.push({ kind: "text", lines: text });
  if (exerciseId === null) return null;
  // Point at the fence line (the one holding exercise=), just above the body.
  if (!sawSolution) fail(-1, messages.noSolution(exerciseId));
  return parts;
}

/** The line a student build puts where a solution was, when the author wrote no stub. */
export function defaultStub(exerciseId: string, hint: string, indent: string): string {
  const what = hint === "" ? "write the missing code here" : hint;
  return `${indent}throw new Error(${JSON.stringify(`Unfinished exercise ${exerciseId}: ${what}`)});`;
}

/**
 * The cell's source in a build: instructors get solutions (markers kept, stubs dropped),
 * students get each solution replaced by its stub or by a throw that names the exercise.
 */
export function flavourSource(cell: Cell, flavour: Flavour): string {
  if (cell.parts === null || cell.exercise === null) return cell.source;
  const out: string[] = [];
  for (const part of cell.parts) {
    if (part.kind === "text") out.push(...part.lines);
    else if (flavour === "instructor") out.push(...part.lines);
    else if (part.stub !== null) out.push(...part.stub);
    else out.push(defaultStub(cell.exercise.id, part.hint, part.indent));
  }
  return out.join("\n");
}
