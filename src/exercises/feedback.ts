/**
 * Feedback a learner reads: the same result as Markdown (in a notebook) and as plain text (in a
 * terminal, or the `text/plain` beside the Markdown). Both list every case, then the input, the
 * expected and the actual value and a hint for the first few failing ones.
 */

import type { CaseResult, ExerciseResult } from "./types.js";

/** How many failing cases are shown in full; the rest are listed by name. */
const DETAILED_FAILURES = 3;

const icon = { passed: "✅", failed: "❌", unfinished: "✏️", error: "⚠️", missing: "❓", timeout: "⏱️" } as const;

function headline(r: ExerciseResult): string {
  const pts = `${r.points}/${r.maxPoints} point${r.maxPoints === 1 ? "" : "s"}`;
  switch (r.status) {
    case "passed":
      return `${r.id}: all ${r.cases.length} checks pass (${pts}).`;
    case "failed":
      return `${r.id}: ${r.cases.filter((c) => c.passed).length} of ${r.cases.length} checks pass (${pts}).`;
    case "unfinished":
      return `${r.id}: not finished yet (${pts}).`;
    case "timeout":
      return `${r.id}: stopped, it ran too long (${pts}).`;
    case "missing":
      return `${r.id}: exercise cell not found (${pts}).`;
    case "error":
      return `${r.id}: could not be checked (${pts}).`;
  }
}

const code = (s: string) => "`" + s.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\n/g, " ") + "`";
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The result as Markdown, for a notebook's check cell. */
export function toMarkdown(r: ExerciseResult): string {
  const out = [`**${icon[r.status]} ${headline(r)}**`];
  if (r.message && r.status !== "passed" && r.status !== "failed") out.push("", r.message);
  if (r.status === "failed" || r.status === "passed") {
    out.push("", "| | check | input |", "|---|---|---|");
    for (const c of r.cases) out.push(`| ${c.passed ? "✅" : "❌"} | ${cell(c.case)}${c.hidden ? " (hidden)" : ""} | ${code(c.input)} |`);
    const failing = r.cases.filter((c) => !c.passed);
    for (const c of failing.slice(0, DETAILED_FAILURES)) {
      out.push("", `**${cell(c.case)}**: input ${code(c.input)}, expected ${code(c.expected)}, got ${code(c.actual)}.`, `*Hint:* ${c.hint}`);
    }
    if (failing.length > DETAILED_FAILURES) out.push("", `(${failing.length - DETAILED_FAILURES} more failing checks; fix the ones above first.)`);
  }
  return out.join("\n");
}

/** The result as plain text, for a terminal or a screen reader. */
export function toText(r: ExerciseResult): string {
  const tag = r.status === "passed" ? "PASS" : r.status === "failed" ? "FAIL" : r.status.toUpperCase();
  const out = [`[${tag}] ${headline(r)}`];
  if (r.message && r.status !== "passed" && r.status !== "failed") out.push(indent(r.message));
  if (r.status === "failed") {
    for (const c of r.cases) out.push(`  ${c.passed ? "ok  " : "FAIL"} ${c.case}${c.hidden ? " (hidden)" : ""}  [${c.input}]`);
    const failing = r.cases.filter((c) => !c.passed);
    for (const c of failing.slice(0, DETAILED_FAILURES)) out.push(...detail(c));
    if (failing.length > DETAILED_FAILURES) out.push(`  (${failing.length - DETAILED_FAILURES} more failing checks; fix the ones above first.)`);
  }
  return out.join("\n");
}

function detail(c: CaseResult): string[] {
  return [`  - ${c.case}`, `      input:    ${c.input}`, `      expected: ${c.expected}`, `      got:      ${c.actual}`, `      hint:     ${c.hint}`];
}

const indent = (s: string) => s.split("\n").map((l) => "  " + l).join("\n");
