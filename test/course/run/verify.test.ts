import { describe, expect, it } from "vitest";
import { parseLessonText } from "../../../src/course/content/parse.js";
import { buildNotebook } from "../../../src/course/notebook/ipynb.js";
import type { Notebook, Output } from "../../../src/course/notebook/nbformat.js";
import type { NotebookRun } from "../../../src/course/run/execute.js";
import { SVG_MIME, VEGALITE_MIME, verifyRun } from "../../../src/course/run/verify.js";

const FENCE = "```";
const lesson = parseLessonText([
  "# Run me",
  `${FENCE}ts id=plot tags=chart`, "show();", FENCE,
  `${FENCE}ts exercise=e1 points=1`, "function f() {", "  // BEGIN SOLUTION", "  return 1;", "  // END SOLUTION", "}", "f();", FENCE,
  `${FENCE}ts check=e1`, "check();", FENCE,
  `${FENCE}ts id=after`, "console.log('after');", FENCE,
].join("\n"), "content/09-run-me.md");
const built = { notebook: buildNotebook(lesson, "student"), file: "content/09-run-me.md", cells: lesson.cells };

const chart: Output = { output_type: "display_data", metadata: {}, data: { [VEGALITE_MIME]: {}, [SVG_MIME]: "<svg/>", "text/plain": "a chart" } };
const stderr: Output = { output_type: "stream", name: "stderr", text: "Error: Unfinished exercise e1\n    at /home/me/x.js:1\n" };
const stdout = (text: string): Output => ({ output_type: "stream", name: "stdout", text });

/** A run whose executed notebook has the given outputs (by cell id) and reply statuses. */
function run(outputs: Record<string, Output[]>, status: Record<string, string> = {}, extra: Partial<NotebookRun> = {}): NotebookRun {
  const executed: Notebook = structuredClone(built.notebook);
  for (const c of executed.cells) if (c.cell_type === "code") { c.outputs = outputs[c.id] ?? []; c.execution_count = 1; }
  const cells = executed.cells.filter((c) => c.cell_type === "code").map((c) => ({ id: c.id, seconds: 0.1, status: status[c.id] ?? "ok" }));
  return { executed, seconds: 5, cells, failure: null, ...extra };
}

describe("verifyRun", () => {
  it("passes a clean run, and strips the allowed errors of exercise cells but keeps their other output", () => {
    const v = verifyRun(built, run({ plot: [chart], e1: [stdout("hi\n"), stderr], "e1-check": [stdout("1 of 3 cases fail\n"), stderr], after: [stdout("after\n")] },
      { e1: "error", "e1-check": "error" }), 20);
    expect(v.problems).toEqual([]);
    expect(v.charts).toBe(1);
    const byId = new Map(v.cleaned.cells.map((c) => [c.id, c]));
    expect(byId.get("e1")!.outputs).toEqual([stdout("hi\n")]);
    expect(byId.get("e1-check")!.outputs).toEqual([stdout("1 of 3 cases fail\n")]);
    expect(byId.get("after")!.outputs).toEqual([stdout("after\n")]);
  });

  it("fails when a chart cell shows no chart, or a chart lacks its SVG, or carries HTML", () => {
    const noSvg: Output = { ...chart, data: { [VEGALITE_MIME]: {} } };
    const html: Output = { ...chart, data: { ...(chart.data as object), "text/html": "<div/>" } };
    expect(verifyRun(built, run({}), 20).problems).toEqual([expect.stringMatching(/^content\/09-run-me\.md:2 \(cell plot\): tagged 'chart' but displayed no chart/)]);
    expect(verifyRun(built, run({ plot: [noSvg] }), 20).problems.join("\n")).toMatch(/without its SVG/);
    expect(verifyRun(built, run({ plot: [html] }), 20).problems.join("\n")).toMatch(/also carries text\/html/);
  });

  it("fails on a failure outside exercise cells, a cancelled cell, an error output, or a slow notebook", () => {
    const failed = run({ plot: [chart] }, {}, { failure: { cell: "after", kind: "error", message: "Traceback\nReferenceError: x is not defined" } });
    expect(verifyRun(built, failed, 20).problems).toEqual([expect.stringMatching(/^content\/09-run-me\.md:16 \(cell after\): error:\n {4}Traceback\n {4}ReferenceError/)]);
    expect(verifyRun(built, run({ plot: [chart] }, { after: "abort" }), 20).problems.join()).toMatch(/cell after\): the kernel cancelled this cell/);
    const errOut: Output = { output_type: "error", ename: "TypeError", evalue: "boom", traceback: [] };
    expect(verifyRun(built, run({ plot: [chart], after: [errOut] }), 20).problems.join()).toMatch(/cell after\): TypeError: boom/);
    const slow = run({ plot: [chart] });
    slow.cells[0]!.seconds = 21.3; // with three more cells of 0.1 s: 21.6 s of cells
    expect(verifyRun(built, slow, 20).problems.join()).toMatch(/its cells took 21\.6 s, over the budget of 20 s/);
    // Kernel start-up is not the lesson's doing: a long wall time alone passes.
    expect(verifyRun(built, run({ plot: [chart] }, {}, { seconds: 60 }), 20).problems).toEqual([]);
  });

  it("keeps the built metadata, not what the executor wrote", () => {
    const r = run({ plot: [chart] });
    r.executed!.metadata = { changed: true };
    r.executed!.cells[1]!.metadata = { execution: { start: "now" } };
    const v = verifyRun(built, r, 20);
    expect(v.cleaned.metadata).toEqual(built.notebook.metadata);
    expect(v.cleaned.cells.map((c) => c.metadata)).toEqual(built.notebook.cells.map((c) => c.metadata));
  });
});
