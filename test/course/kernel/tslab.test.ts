/**
 * The course kernel wraps tslab's internal modules, pinned to one release. This file fails loudly
 * when an upgrade (or a reinstall of something else) changes any member or behaviour the wrapper
 * relies on: read the failing line, then kernel.ts and tslab.ts, before bumping the version.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../../src/course/kernel/build-info.js";
import { ASYNC_PREFIX, SYNC_PREFIX } from "../../../src/course/kernel/cells.js";
import { DIAGNOSTIC_FORMAT } from "../../../src/course/kernel/kernel.js";
import { loadTslab, TSLAB_VERSION, type Converter, type ConverterSet } from "../../../src/course/kernel/tslab.js";
import { LANGUAGE_INFO } from "../../../src/course/notebook/ipynb.js";
import { closeKernel, runCell, testKernel } from "./run-cell.js";

const ROOT = projectRoot();
/** A plain tslab converter (no wrapper), made once: it takes seconds. */
let converter: Converter | null = null;
const raw = (): Converter => (converter ??= loadTslab().createConverter({}));
afterAll(() => {
  converter?.close();
  closeKernel();
});

describe(`tslab ${TSLAB_VERSION}, as the course kernel uses it`, () => {
  it("is pinned to exactly that version, and that version is installed", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.tslab, "package.json must pin tslab exactly (no ^ or ~): the kernel wraps its internals").toBe(TSLAB_VERSION);
    const installed = JSON.parse(readFileSync(join(ROOT, "node_modules/tslab/package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(TSLAB_VERSION);
  });

  it("loads, with every export and method the wrapper calls or overrides, taking the same parameters", () => {
    // loadTslab checks each member's presence and arity and throws TslabMismatch naming the first that differs.
    const tslab = loadTslab();
    expect(tslab.version).toBe(TSLAB_VERSION);
    expect(tslab.ts.version).toBe("5.0.4");
  });

  it("records a source map for each compiled cell (the TypeScript seam) and runs unchanged code", () => {
    const r = raw().convert("", "const a: number = 1;\nfunction f(): number {\n  return a;\n}\nf()");
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toMatch(/sourceMappingURL/);
    expect(r.lastExpressionVar).toBe("tsLastExpr");
    expect(loadTslab().takeMaps(r.output!)).toMatchObject({ toTypeScript: { version: 3, sources: ["../__tslab__.ts"] }, toModule: { version: 3 } });
  }, 60_000);

  it("executes through the console it is given: log(value) for the last value, error(e) for a throw, the diagnostic format", async () => {
    const seen: unknown[][] = [];
    const convs: ConverterSet = { node: raw(), browser: raw(), close: () => {} };
    const ex = loadTslab().createExecutor(ROOT, convs, { log: (...a) => seen.push(["log", ...a]), error: (...a) => seen.push(["error", ...a]) });
    expect(await ex.execute("6 * 7")).toBe(true);
    expect(await ex.execute("throw new TypeError('x')")).toBe(false);
    expect(await ex.execute("const s: string = 1;")).toBe(false);
    expect(seen[0]).toEqual(["log", 42]);
    expect(seen[1][0]).toBe("error");
    expect(seen[1][1]).toBeInstanceOf(TypeError);
    expect(seen[2].slice(0, 2)).toEqual(["error", DIAGNOSTIC_FORMAT]);
    expect(seen[2][3]).toBe(1);
  });

  it("wraps a cell's code in the prefixes the cell registry assumes (an error on the first line keeps its column)", async () => {
    for (const code of ["(undefined as any).x;", "await null; (undefined as any).x;"]) {
      const { reply } = await runCell(code);
      expect(reply.traceback as string[], code).toContain(`In this cell, line 1, column ${code.indexOf(".x") + 2}:`);
    }
    expect(SYNC_PREFIX.length).toBeLessThan(ASYNC_PREFIX.length);
  });

  it("answers kernel_info as the notebooks' metadata expects, plus status", () => {
    const info = testKernel().handler.handleKernel();
    expect(info).toMatchObject({ status: "ok", implementation: "tslab", language_info: LANGUAGE_INFO });
  });
});
