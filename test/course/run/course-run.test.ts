import { describe, expect, it } from "vitest";
import { formatTable } from "../../../src/course/run/course-run.js";

describe("formatTable", () => {
  it("lists seconds per notebook, the slowest cell (id and first line), charts and the result, with totals", () => {
    const table = formatTable([
      { path: "notebooks/00-a.ipynb", seconds: 6.25, cellSeconds: 3.5, slowest: { id: "train", seconds: 1.75, firstLine: "const history = train.fit(…" }, charts: 3, problems: [] },
      { path: "notebooks/01-b.ipynb", seconds: 30, cellSeconds: 25, slowest: null, charts: 0, problems: ["x", "y"] },
    ], 20).split("\n");
    expect(table[0]).toMatch(/^notebook\s+wall s\s+cells s\s+slowest cell\s+charts\s+result$/);
    expect(table[2]).toMatch(/^notebooks\/00-a\.ipynb\s+6\.3\s+3\.5\s+train "const history = train\.fit\(…" 1\.8 s\s+3\s+ok$/);
    expect(table[3]).toMatch(/\s+25\.0\s+-\s+0\s+2 problem\(s\)$/);
    expect(table[4]).toMatch(/^total\s+36\.3\s+28\.5\s+\(budget: 20 s of cells per notebook/);
  });
});
