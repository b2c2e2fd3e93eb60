/**
 * What grading writes: a gradebook CSV (one row per student, a column per exercise, the total), a
 * feedback file per submission in Markdown and HTML (the same wording as the notebook's check
 * cells), a Gradescope results.json per submission (one test per exercise, its hidden checks as a
 * separate test shown after the grades are published) and a summary table for the terminal.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import MarkdownIt from "markdown-it";
import { toMarkdown, toText } from "../../exercises/feedback.js";
import type { ExerciseResult } from "../../exercises/types.js";
import type { ClassReport, SubmissionReport } from "./grade.js";

/** The exercise ids of these submissions, in the order they first appear (lesson order). */
export function exerciseColumns(submissions: readonly SubmissionReport[]): string[] {
  const cols: string[] = [];
  for (const s of submissions) for (const e of s.exercises) if (!cols.includes(e.id)) cols.push(e.id);
  return cols;
}

const csvCell = (v: string | number) => {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; // a spreadsheet must not run a formula from a file name
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per counted submission; a student's second file is in the summary, not the gradebook. */
export function gradebookCsv(c: ClassReport): string {
  const cols = exerciseColumns(c.submissions);
  const rows = [["student", "lesson", ...cols, "total", "max", "file", "notes"]];
  for (const s of [...c.submissions].filter((x) => x.counted).sort((a, b) => a.student.localeCompare(b.student))) {
    const by = new Map(s.exercises.map((e) => [e.id, e]));
    rows.push([s.student, s.lesson ?? "", ...cols.map((id) => (by.has(id) ? String(by.get(id)!.points) : "")), String(s.points), String(s.maxPoints), basename(s.file), [s.message ?? "", ...s.notes].filter(Boolean).join("; ")]);
  }
  return rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

/** The student's feedback as Markdown: per exercise the same block the check cell shows. */
export function feedbackMarkdown(s: SubmissionReport): string {
  const out = [`# Feedback: ${s.lesson ?? "unknown lesson"}`, "", `**${s.student}**: ${s.points} of ${s.maxPoints} points (${basename(s.file)})`];
  if (s.message) out.push("", `> ${s.message}`);
  for (const n of s.notes) out.push("", `> ${n}`);
  for (const e of s.exercises) out.push("", toMarkdown(e));
  return out.join("\n") + "\n";
}

const md = new MarkdownIt({ html: false, linkify: false });

export function feedbackHtml(s: SubmissionReport): string {
  const title = `Feedback: ${s.lesson ?? "unknown lesson"}, ${s.student}`.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}code{background:#f4f4f4;padding:0 .2rem;word-break:break-all}blockquote{border-left:4px solid #c90;margin:0;padding:.2rem 1rem;background:#fff8e6}</style>
</head><body>
${md.render(feedbackMarkdown(s))}</body></html>
`;
}

/** Gradescope's results.json for one submission. */
export function gradescopeResults(s: SubmissionReport, isolationNote?: string): Record<string, unknown> {
  const tests: Record<string, unknown>[] = [];
  for (const e of s.exercises) {
    const publicCases = e.cases.filter((c) => !c.hidden);
    const hiddenCases = e.cases.filter((c) => c.hidden);
    const visible: ExerciseResult = { ...e, cases: publicCases };
    tests.push({
      name: e.id,
      score: e.points,
      max_score: e.maxPoints,
      status: e.status === "passed" ? "passed" : "failed",
      output: toMarkdown(visible) + (hiddenCases.length ? `\n\nThis exercise also has ${hiddenCases.length} hidden checks; they count in the score, and their results show once grades are published.` : ""),
      output_format: "md",
      visibility: "visible",
    });
    if (hiddenCases.length) {
      const passed = hiddenCases.filter((c) => c.passed).length;
      tests.push({
        name: `${e.id} (hidden checks)`,
        score: 0,
        max_score: 0,
        status: passed === hiddenCases.length ? "passed" : "failed",
        output: toMarkdown({ ...e, status: passed === hiddenCases.length ? "passed" : "failed", cases: hiddenCases }, false),
        output_format: "md",
        visibility: "after_published",
      });
    }
  }
  const output = [s.message, ...s.notes, isolationNote].filter(Boolean).join("\n");
  return { score: s.points, max_score: s.maxPoints, execution_time: Math.round(s.seconds), output, output_format: "text", visibility: "visible", stdout_visibility: "hidden", tests };
}

/** A file-system-safe, unique name per submission. */
function names(c: ClassReport): Map<SubmissionReport, string> {
  const used = new Map<string, number>();
  const out = new Map<SubmissionReport, string>();
  for (const s of c.submissions) {
    const base = `${s.student}${s.lesson ? `-${s.lesson}` : ""}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    out.set(s, n === 1 ? base : `${base}-${n}`);
  }
  return out;
}

/** Writes everything under `dir`: gradebook.csv, summary.txt, report.json, feedback/, gradescope/. */
export function writeReports(c: ClassReport, dir: string): string[] {
  mkdirSync(join(dir, "feedback"), { recursive: true });
  mkdirSync(join(dir, "gradescope"), { recursive: true });
  const written = [join(dir, "gradebook.csv"), join(dir, "summary.txt"), join(dir, "report.json")];
  writeFileSync(written[0], gradebookCsv(c));
  writeFileSync(written[1], summaryTable(c) + "\n");
  writeFileSync(written[2], JSON.stringify(c, null, 1));
  for (const [s, name] of names(c)) {
    writeFileSync(join(dir, "feedback", `${name}.md`), feedbackMarkdown(s));
    writeFileSync(join(dir, "feedback", `${name}.html`), feedbackHtml(s));
    mkdirSync(join(dir, "gradescope", name), { recursive: true });
    writeFileSync(join(dir, "gradescope", name, "results.json"), JSON.stringify(gradescopeResults(s), null, 1));
  }
  return written;
}

const short: Record<ExerciseResult["status"], string> = { passed: "ok", failed: "wrong", unfinished: "todo", error: "error", missing: "missing", timeout: "timeout" };

/** One table of submissions: a row each, a numbered column per exercise, then the key to the numbers. */
function submissionTable(submissions: readonly SubmissionReport[]): string[] {
  const cols = exerciseColumns(submissions);
  const head = ["student", ...cols.map((_id, i) => `${i + 1}`), "total"];
  const rows = [...submissions].sort((a, b) => a.student.localeCompare(b.student)).map((s) => {
    const by = new Map(s.exercises.map((e) => [e.id, e]));
    return [s.student + (s.counted ? "" : " (not counted)"), ...cols.map((id) => (by.has(id) ? `${by.get(id)!.points} ${short[by.get(id)!.status]}` : "-")), `${s.points}/${s.maxPoints}`];
  });
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(width[i]) : x.padStart(width[i]))).join("  ");
  const out = [line(head), width.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  if (cols.length) out.push("", cols.map((id, i) => `${i + 1} = ${id}`).join(", "));
  return out;
}

function countedLine(subs: readonly SubmissionReport[], seconds?: number): string {
  const counted = subs.filter((s) => s.counted);
  const mean = counted.length ? counted.reduce((a, s) => a + s.points, 0) / counted.length : 0;
  const max = Math.max(0, ...counted.map((s) => s.maxPoints));
  const graded = seconds === undefined ? `${subs.length} submission(s)` : `${subs.length} submission(s) graded in ${seconds.toFixed(1)} s`;
  return `${graded}; ${counted.length} counted; mean ${mean.toFixed(2)} of ${max} points.`;
}

/**
 * The terminal's summary: a table of submissions (one per lesson when the batch holds several,
 * so each has only its own exercises' columns), then every problem with the whole batch.
 */
export function summaryTable(c: ClassReport): string {
  const lessons = new Map<string, SubmissionReport[]>();
  for (const s of c.submissions) lessons.set(s.lesson ?? "", [...(lessons.get(s.lesson ?? "") ?? []), s]);
  const out: string[] = [];
  if (lessons.size <= 1) out.push(...submissionTable(c.submissions));
  else for (const [lesson, subs] of [...lessons].sort(([a], [b]) => a.localeCompare(b))) out.push(`${lesson || "lesson not recognised"}:`, ...submissionTable(subs), countedLine(subs), "");
  out.push(lessons.size <= 1 ? countedLine(c.submissions, c.seconds) : `${c.submissions.length} submission(s) of ${lessons.size} lessons graded in ${c.seconds.toFixed(1)} s.`);
  out.push(`isolation: ${c.isolation.mode}: ${c.isolation.caveat}.`);
  const problems = c.submissions.filter((s) => s.message);
  if (problems.length) out.push("", "Unreadable or unrecognised submissions (0 points, listed in the gradebook):", ...problems.map((s) => `  ${s.student} (${basename(s.file)}): ${s.message}`));
  if (c.skipped.length) out.push("", "Not graded:", ...c.skipped.map((s) => `  ${s.file}: ${s.reason}`));
  if (c.duplicates.length) out.push("", "Students with more than one submission (all graded; the latest counts):", ...c.duplicates.map((d) => `  ${d.student}: ${d.files.map((f) => basename(f)).join(", ")}`));
  const locked = c.submissions.filter((s) => s.locked.length);
  if (locked.length) out.push("", "Locked cells edited or deleted (graded from the originals):", ...locked.map((s) => `  ${s.student}: ${s.locked.map((l) => `${l.id} ${l.problem}`).join(", ")}`));
  if (c.identical.length) out.push("", "Identical answers across students (for a person to look at):", ...c.identical.map((d) => `  ${d.exercise}: ${d.students.join(", ")}`));
  return out.join("\n");
}

/** The plain-text feedback of a submission (for a terminal). */
export function feedbackText(s: SubmissionReport): string {
  return [`${s.student}: ${s.points}/${s.maxPoints}`, ...(s.message ? [s.message] : []), ...s.exercises.map((e) => toText(e))].join("\n");
}
