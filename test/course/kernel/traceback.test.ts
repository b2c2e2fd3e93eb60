import { describe, expect, it } from "vitest";
import { Cells } from "../../../src/course/kernel/cells.js";
import { resultData } from "../../../src/course/kernel/kernel.js";
import { excerpt, interruptError, parseStack, runtimeError, typeErrors } from "../../../src/course/kernel/traceback.js";
import type { TslabDiagnostic } from "../../../src/course/kernel/tslab.js";

const diag = (line: number, character: number, length: number, messageText: string, code = 2322): TslabDiagnostic => ({
  start: { offset: line * 100 + character, line, character },
  end: { offset: line * 100 + character + length, line, character: character + length },
  messageText, category: 1, code,
});

describe("errors a learner reads", () => {
  it("parses V8 stack frames, named, anonymous and async", () => {
    const stack = "TypeError: x\n    at double (In[3]:4:12)\n    at In[4]:2:1\n    at async Promise.all (index 0)\n    at async run (file:///p/dist/a.js:10:5)";
    expect(parseStack(stack)).toEqual([
      { fn: "double", file: "In[3]", line: 4, column: 12 },
      { fn: null, file: "In[4]", line: 2, column: 1 },
      { fn: "run", file: "file:///p/dist/a.js", line: 10, column: 5 },
    ]);
  });

  it("shows a source line with its number and a caret under the column", () => {
    expect(excerpt(["a", "  return x.y;"], 1, 11)).toEqual(["    2 |   return x.y;", "      |            ^"]);
    expect(excerpt(["const n: number = 1;"], 0, 6, 1)).toEqual(["    1 | const n: number = 1;", "      |       ^"]);
  });

  it("names each TypeScript error's line and column with its message, like an editor", () => {
    const e = typeErrors([diag(1, 6, 1, "Type 'string' is not assignable to type 'number'.")], 'const ok = 1;\nconst n: number = "a";');
    expect(e.ename).toBe("TSError");
    expect(e.evalue).toBe("line 2, column 7: Type 'string' is not assignable to type 'number'.");
    expect(e.traceback).toEqual([
      "TypeScript error in this cell, line 2, column 7: Type 'string' is not assignable to type 'number'. (TS2322)",
      '    2 | const n: number = "a";',
      "      |       ^",
    ]);
  });

  it("keeps a chained message under its head, counts errors and cuts a long list", () => {
    const chained = [diag(0, 0, 3, "Type '{}' is not assignable to type 'P'."), diag(0, 0, 3, "Property 'x' is missing in type '{}'.", 2741)];
    const many = Array.from({ length: 7 }, (_, i) => diag(i, 0, 1, `problem ${i}`));
    expect(typeErrors(chained, "abc").traceback.slice(0, 2)).toEqual([
      "TypeScript error in this cell, line 1, column 1: Type '{}' is not assignable to type 'P'. (TS2322)",
      "    Property 'x' is missing in type '{}'.",
    ]);
    const tb = typeErrors(many, Array.from({ length: 7 }, () => "x").join("\n")).traceback;
    expect(tb[0]).toMatch(/^7 TypeScript errors in this cell/);
    expect(tb[tb.length - 1]).toBe("... and 2 more TypeScript errors.");
  });

  it("says what a non-Error throw is, and what an interrupt did", () => {
    expect(runtimeError(42, new Cells(), null, "/p")).toMatchObject({ ename: "Error", evalue: expect.stringContaining("threw 42, which is not an Error") });
    const sigint = Object.assign(new Error("Script execution was interrupted by `SIGINT`"), { code: "ERR_SCRIPT_EXECUTION_INTERRUPTED" });
    expect(runtimeError(sigint, new Cells(), null, "/p")).toEqual(interruptError());
    expect(interruptError().traceback).toEqual(["Interrupted: Kernel > Interrupt stopped this cell. Variables it had set so far keep their values."]);
  });

  it("says whose code raised an error outside the cells: a package, the course library, a local module", () => {
    const cells = new Cells();
    const converter = { convert: () => ({ output: "x", diagnostics: [] }), inspect: () => null, complete: () => ({ start: 0, end: 0, candidates: [] }), close: () => {}, addModule: () => [] };
    cells.wrap(converter, () => null, () => {}).convert("", "parse(text)");
    const thrown = (file: string) => Object.assign(new Error("bad"), { stack: `Error: bad\n    at parse (${file}:10:5)\n    at cell-1:1:1\n    at node:vm:1:1` });
    expect(runtimeError(thrown("/p/node_modules/vega/build/vega.js"), cells, null, "/p").traceback.slice(1)).toEqual([
      "raised inside the package vega, in parse (node_modules/vega/build/vega.js:10); your code that led there:",
      "In cell-1:",
    ]);
    expect(runtimeError(thrown("/p/node_modules/@scope/pkg/a.js"), cells, null, "/p").traceback[1]).toMatch(/^raised inside the package @scope\/pkg, /);
    expect(runtimeError(thrown("/p/dist/src/ops/x.js"), cells, null, "/p").traceback[1]).toMatch(/^raised inside the course library, in parse \(dist\/src\/ops\/x\.js:10\)/);
    expect(runtimeError(thrown("/p/notebooks/helper.js"), cells, null, "/p").traceback[1]).toMatch(/^raised inside your module, /);
    expect(runtimeError(thrown("/p/node_modules/tslab/dist/executor.js"), cells, null, "/p").traceback.slice(1)).toEqual(["In cell-1:"]);
  });

  it("sends a cell's value as text/plain, and a MIME bundle as itself", () => {
    expect(resultData(3)).toEqual({ "text/plain": "3" });
    expect(resultData("two\nlines")).toEqual({ "text/plain": "two\nlines" });
    expect(resultData({ a: [1, 2] })).toEqual({ "text/plain": "{ a: [ 1, 2 ] }" });
    expect(resultData({ "text/markdown": "**b**", "text/plain": "b" })).toEqual({ "text/markdown": "**b**", "text/plain": "b" });
    expect(resultData({ "image/svg+xml": "<svg/>" })).toEqual({ "image/svg+xml": "<svg/>", "text/plain": "(image/svg+xml)" });
    expect(resultData({ "text/plain": "x", other: 1 })).toEqual({ "text/plain": "{ 'text/plain': 'x', other: 1 }" });
  });
});
