/**
 * Judge an executed notebook, and clean it for committing.
 *
 * A run passes when: no cell failed except the ones allowed to (tagged raises-exception: the
 * student build's exercise and check cells), no cell was cancelled, every cell tagged `chart`
 * displayed a chart that renders everywhere (Vega-Lite 5 + SVG, no HTML beside them), and the
 * notebook's cells together stayed within its time budget.
 */
import type { Cell } from "../content/model.js";
import { CHART_TAG, RAISES_TAG } from "../notebook/ipynb.js";
import type { Notebook, NotebookCell, Output } from "../notebook/nbformat.js";
import type { NotebookRun } from "./execute.js";

/** The MIME types a chart output must carry (see CONVENTIONS.md, "A chart output that renders everywhere"). */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
export const SVG_MIME = "image/svg+xml";

/** A lesson's notebook as built, with where its cells came from. */
export interface BuiltNotebook {
  notebook: Notebook;
  /** The lesson source path, for `file:line` in problems. */
  file: string;
  cells: readonly Cell[];
}

/** The verdict on one run. */
export interface Verdict {
  problems: string[];
  /** The built notebook with the run's outputs (allowed errors stripped): what --write stores. */
  cleaned: Notebook;
  /** How many chart outputs the run produced. */
  charts: number;
}

const tagsOf = (cell: NotebookCell): string[] => (cell.metadata.tags as string[] | undefined) ?? [];
const dataOf = (o: Output): Record<string, unknown> => (o.data as Record<string, unknown> | undefined) ?? {};
const isChart = (o: Output): boolean => VEGALITE_MIME in dataOf(o) && SVG_MIME in dataOf(o);

/** Last few lines of a long message (a traceback's end says most). */
const tail = (text: string, n = 6): string => text.trim().split("\n").slice(-n).join("\n    ");

/** Check a run against the built notebook; `budget` in seconds. */
export function verifyRun(built: BuiltNotebook, run: NotebookRun, budget: number): Verdict {
  const problems: string[] = [];
  const lineOf = new Map(built.cells.map((c) => [c.id, c.line]));
  const where = (id: string | null): string =>
    id === null ? built.file : `${built.file}:${lineOf.get(id) ?? 1} (cell ${id})`;
  const status = new Map(run.cells.map((c) => [c.id, c.status]));
  const executed = new Map((run.executed?.cells ?? []).map((c) => [c.id, c]));
  let charts = 0;
  let executedCount = 0;

  if (run.failure !== null) {
    // The course kernel sends an error output (name, message, a traceback in the learner's cell);
    // plain tslab wrote errors to stderr. Either says more than nbclient's exception text.
    const failed = run.failure.cell === null ? undefined : executed.get(run.failure.cell);
    const outs = (failed?.outputs ?? []) as Output[];
    const error = outs.find((o) => o.output_type === "error");
    const stderr = outs
      .filter((o) => o.output_type === "stream" && o.name === "stderr")
      .map((o) => (Array.isArray(o.text) ? o.text.join("") : String(o.text))).join("");
    const traceback = error === undefined ? "" : [`${String(error.ename)}: ${String(error.evalue)}`, ...((error.traceback as string[] | undefined) ?? [])].join("\n");
    const detail = traceback.trim() !== "" ? traceback : stderr.trim() !== "" ? stderr : run.failure.message;
    problems.push(`${where(run.failure.cell)}: ${run.failure.kind}:\n    ${tail(detail, 12)}`);
  }
  const cleanedCells = built.notebook.cells.map((cell): NotebookCell => {
    if (cell.cell_type !== "code") return cell;
    const ran = executed.get(cell.id);
    const allowed = tagsOf(cell).includes(RAISES_TAG);
    const st = status.get(cell.id) ?? null;
    if (st === "abort") problems.push(`${where(cell.id)}: the kernel cancelled this cell (an error just before it?)`);
    let outputs = (ran?.outputs ?? []) as Output[];
    for (const o of outputs) {
      if (o.output_type === "error" && !allowed && cell.id !== run.failure?.cell) { // the failure is reported above
        problems.push(`${where(cell.id)}: ${String(o.ename)}: ${String(o.evalue)}`);
      }
      const data = dataOf(o);
      if (VEGALITE_MIME in data && !(SVG_MIME in data)) {
        problems.push(`${where(cell.id)}: a Vega-Lite output without its SVG: GitHub and nbconvert would show nothing`);
      }
      if (VEGALITE_MIME in data && "text/html" in data) {
        problems.push(`${where(cell.id)}: a chart output also carries text/html, which JupyterLab would show instead`);
      }
      if (isChart(o)) charts++;
    }
    if (tagsOf(cell).includes(CHART_TAG) && !outputs.some(isChart) && run.failure === null) {
      problems.push(`${where(cell.id)}: tagged '${CHART_TAG}' but displayed no chart (${VEGALITE_MIME} + ${SVG_MIME})`);
    }
    // An unfinished exercise's error is expected; its stack trace (with local paths) is not worth committing.
    if (allowed && st === "error") {
      outputs = outputs.filter((o) => o.output_type !== "error" && !(o.output_type === "stream" && o.name === "stderr"));
    }
    // Number the cells that ran, in order, as a fresh "Run all" would (tslab's count is not kept).
    const count = st === null ? null : ++executedCount;
    return { ...cell, outputs, execution_count: count };
  });
  // The budget covers what the lesson controls, its cells; kernel start-up (a few seconds, more
  // on a busy machine) is the same for every notebook and is reported, not judged.
  const cellSeconds = run.cells.reduce((sum, c) => sum + c.seconds, 0);
  if (cellSeconds > budget) {
    problems.push(`${built.file}: its cells took ${cellSeconds.toFixed(1)} s, over the budget of ${budget} s; make it lighter (fewer steps, a smaller model)`);
  }
  return { problems, cleaned: { ...built.notebook, cells: cleanedCells }, charts };
}
