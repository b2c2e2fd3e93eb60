/**
 * The parts of nbformat 4.5 we write and read, and the on-disk form Jupyter itself writes
 * (keys sorted, one-space indent, multi-line strings as lists of lines), so that saving a
 * notebook in JupyterLab after a build changes as little as possible.
 */
import { createHash } from "node:crypto";

/** A Jupyter output, kept as parsed JSON: the runner copies these through untouched. */
export type Output = { output_type: string; [key: string]: unknown };

/** A cell as nbformat 4.5 stores it. */
export interface NotebookCell {
  id: string;
  cell_type: "markdown" | "code";
  metadata: Record<string, unknown>;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}

/** A notebook as nbformat 4.5 stores it. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/**
 * A fingerprint of a notebook's code (every code cell's source, in order). Stored as
 * `metadata.course.executed_from` when a run's outputs are written, so a test can tell outputs
 * that came from older code apart from current ones.
 */
export function codeHash(nb: Notebook): string {
  const hash = createHash("sha256");
  for (const c of nb.cells) if (c.cell_type === "code") hash.update(sourceText(c)).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/** A cell's source as one string, whichever form it was stored in. */
export function sourceText(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Split text the way nbformat stores it: each line keeps its "\n", the last has none. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== "");
}

/** Sort object keys recursively, as Python's json.dump(sort_keys=True) does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The notebook as Jupyter writes it to disk (sources as line lists, trailing newline). */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => ({ ...c, source: splitLines(sourceText(c)) }));
  return `${JSON.stringify(sortKeys({ ...nb, cells }), null, 1)}\n`;
}
