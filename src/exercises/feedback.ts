/**
 * Feedback a learner reads: the same result as Markdown (in a notebook) and as plain text (in a
 * terminal, or the `text/plain` beside the Markdown). Both give a headline, the checks grouped by
 * name with how many of each pass, then the input, the expected and the actual value and a hint
 * for the first few failing cases.
 */

import type { CaseResult, ExerciseResult } from "./types.js";

/** How many failing cases are shown in full; the rest are counted. */
const DETAILED_FAILURES = 3;

const icon = { passed: "✅", failed: "❌", unfinished: "✏️", error: "⚠️", missing: "❓", timeout: "⏱️" } as const;

/** The one-line verdict, e.g. "layer-jacobian: 6 of 9 checks pass (0/2 points)." */
export function headline(r: ExerciseResult, withPoints = true): string {
  const pts = withPoints ? ` (${r.points}/${r.maxPoints} point${r.maxPoints === 1 ? "" : "s"})` : "";
  switch (r.status) {
    case "passed":
      return `${r.id}: all ${r.cases.length} checks pass${pts}.`;
    case "failed":
      return `${r.id}: ${r.cases.filter((c) => c.passed).length} of ${r.cases.length} checks pass${pts}.`;
    case "unfinished":
      return `${r.id}: not finished yet${pts}.`;
    case "timeout":
      return `${r.id}: stopped, it ran too long${pts}.`;
    case "missing":
      return `${r.id}: exercise cell not found${pts}.`;
    case "error":
      return `${r.id}: could not be checked${pts}.`;
  }
}

/** Cases grouped by check name, in order: "moderate inputs: 8 of 8". */
function groups(cases: readonly CaseResult[]): { name: string; passed: number; total: number }[] {
  const out: { name: string; passed: number; total: number }[] = [];
  for (const c of cases) {
    const name = c.hidden ? `${c.case} (hidden)` : c.case;
    let g = out.find((x) => x.name === name);
    if (!g) out.push((g = { name, passed: 0, total: 0 }));
    g.total++;
    if (c.passed) g.passed++;
  }
  return out;
}

/** When every case threw the same error, that error is the whole story. */
function sameErrorEverywhere(cases: readonly CaseResult[]): string | null {
  if (cases.length < 2 || cases.some((c) => c.passed || c.error === undefined)) return null;
  return cases.every((c) => c.error === cases[0].error) ? cases[0].error! : null;
}

const code = (s: string) => "`" + s.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\n/g, " ") + "`";
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The result as Markdown, for a notebook's check cell. */
export function toMarkdown(r: ExerciseResult, withPoints = true): string {
  const out = [`**${icon[r.status]} ${headline(r, withPoints)}**`];
  if (r.status !== "passed" && r.status !== "failed") {
    if (r.message) out.push("", r.message);
    return out.join("\n");
  }
  const same = sameErrorEverywhere(r.cases);
  if (same !== null) {
    out.push("", `Every check stopped with the same error: ${code(same)}.`, `*Hint:* ${r.cases[0].hint}`);
    return out.join("\n");
  }
  out.push("", "| | check | passing |", "|---|---|---|");
  for (const g of groups(r.cases)) out.push(`| ${g.passed === g.total ? "✅" : "❌"} | ${cell(g.name)} | ${g.passed} of ${g.total} |`);
  const failing = r.cases.filter((c) => !c.passed);
  for (const c of failing.slice(0, DETAILED_FAILURES)) {
    out.push("", `**${cell(c.case)}**: input ${code(c.input)}, expected ${code(c.expected)}, got ${code(c.actual)}.`, "", `*Hint:* ${c.hint}`);
  }
  if (failing.length > DETAILED_FAILURES) out.push("", `(${failing.length - DETAILED_FAILURES} more failing cases; fix the ones above first.)`);
  return out.join("\n");
}

/** The result as plain text, for a terminal or a screen reader. */
export function toText(r: ExerciseResult, withPoints = true): string {
  const tag = r.status === "passed" ? "PASS" : r.status === "failed" ? "FAIL" : r.status.toUpperCase();
  const out = [`[${tag}] ${headline(r, withPoints)}`];
  if (r.status !== "passed" && r.status !== "failed") {
    if (r.message) out.push(indent(r.message));
    return out.join("\n");
  }
  if (r.status === "passed") return out.join("\n");
  const same = sameErrorEverywhere(r.cases);
  if (same !== null) {
    out.push(`  Every check stopped with the same error: ${same}`, `  hint: ${r.cases[0].hint}`);
    return out.join("\n");
  }
  for (const g of groups(r.cases)) out.push(`  ${g.passed === g.total ? "ok  " : "FAIL"} ${g.name}: ${g.passed} of ${g.total}`);
  const failing = r.cases.filter((c) => !c.passed);
  for (const c of failing.slice(0, DETAILED_FAILURES)) {
    out.push(`  - ${c.case}`, `      input:    ${c.input}`, `      expected: ${c.expected}`, `      got:      ${c.actual}`, `      hint:     ${c.hint}`);
  }
  if (failing.length > DETAILED_FAILURES) out.push(`  (${failing.length - DETAILED_FAILURES} more failing cases; fix the ones above first.)`);
  return out.join("\n");
}

const indent = (s: string) => s.split("\n").map((l) => "  " + l).join("\n");
