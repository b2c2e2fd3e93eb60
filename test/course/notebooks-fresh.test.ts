/**
 * The committed student notebooks must match what content/ builds today (sources and metadata;
 * outputs are the runner's business), and must carry executed outputs.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/course/kernel/build-info.js";
import { NOTEBOOK_DIRS, planCourse, readNotebook } from "../../src/course/notebook/build.js";
import { CHART_TAG } from "../../src/course/notebook/ipynb.js";
import { codeHash, type Notebook, sourceText } from "../../src/course/notebook/nbformat.js";
import { SVG_MIME, VEGALITE_MIME } from "../../src/course/run/verify.js";
import { validateNotebook } from "./notebook/schema.js";

const ROOT = projectRoot();
const planned = planCourse(ROOT).filter((p) => p.flavour === "student");
const REBUILD = "run 'npm run notebooks' then 'npm run notebooks:run -- --write', and commit notebooks/";

/** What must agree between a build and the committed file: everything but outputs. */
const shape = (nb: Notebook) => ({
  metadata: { ...nb.metadata, course: { ...(nb.metadata.course as object), executed_from: undefined } },
  cells: nb.cells.map((c) => ({ id: c.id, cell_type: c.cell_type, source: sourceText(c), metadata: c.metadata })),
});

describe("committed notebooks", () => {
  it.each(planned.map((p) => [p.path, p] as const))("%s is up to date with content/", (path, p) => {
    const committed = readNotebook(join(ROOT, path));
    expect(committed, `${path} is missing or not JSON: ${REBUILD}`).not.toBeNull();
    expect(shape(committed!), `${path} differs from ${p.lesson.file}: ${REBUILD}`).toEqual(shape(p.notebook));
  });

  it.each(planned.map((p) => [p.path, p] as const))("%s is valid nbformat 4.5 and carries outputs of its current code", (path, p) => {
    const committed = readNotebook(join(ROOT, path));
    if (committed === null) return; // reported above
    const executedFrom = (committed.metadata.course as { executed_from?: string } | undefined)?.executed_from;
    expect(executedFrom, `${path}: its outputs come from other code than ${p.lesson.file} has now: ${REBUILD}`).toBe(codeHash(p.notebook));
    expect(validateNotebook(committed)).toEqual([]);
    for (const cell of committed.cells) {
      if (!((cell.metadata.tags as string[] | undefined) ?? []).includes(CHART_TAG)) continue;
      const hasChart = (cell.outputs ?? []).some((o) => {
        const data = (o.data ?? {}) as Record<string, unknown>;
        return VEGALITE_MIME in data && SVG_MIME in data;
      });
      expect(hasChart, `${path}, cell ${cell.id}: no chart output: ${REBUILD}`).toBe(true);
    }
  });

  it("has no notebook left over from a lesson that no longer exists", () => {
    const dir = join(ROOT, NOTEBOOK_DIRS.student);
    const built = new Set(planned.map((p) => p.path.split(/[\\/]/).pop()));
    const stray = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ipynb") && !built.has(f)) : [];
    expect(stray, "delete these notebooks (their lesson is gone) or restore the lesson").toEqual([]);
  });
});
