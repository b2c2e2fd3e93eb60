/**
 * The course kernel's handler, in this process (no Jupyter needed): readable errors mapped back
 * to the learner's lines, values as execute_result, type errors like an editor's. The protocol
 * itself, over real sockets, is conformance.py's job (jupyter.test.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { configPathOf } from "../../../src/course/kernel/kernel.js";
import { closeKernel, runCell, testKernel, tracebackOf } from "./run-cell.js";

afterAll(closeKernel);

const INTERNALS = ["node:vm", "node:internal", "node_modules/tslab", "evalmachine", "__tslab__", "dist/src/course/kernel"];

describe("the course kernel, in process", () => {
  it("starts", () => {
    expect(testKernel().handler.handleKernel()).toMatchObject({ status: "ok", implementation: "tslab" });
  }, 60_000);

  it("sends a cell's last value as execute_result, and nothing for undefined", async () => {
    const { reply, messages } = await runCell("const a = 20;\na * 2 + 2");
    expect(reply).toMatchObject({ status: "ok", payload: [], user_expressions: {} });
    expect(messages).toEqual([["execute_result", { execution_count: reply.execution_count, data: { "text/plain": "42" }, metadata: {} }]]);
    // (console.log is the test runner's here; the kernel's stdout is process.stdout)
    expect((await runCell("void process.stdout.write('printed\\n')")).messages).toEqual([["stream", { name: "stdout", text: "printed\n" }]]);
    expect((await runCell("undefined")).messages).toEqual([]);
  });

  it("maps runtime errors to their line and column on several lines, each with the source line", async () => {
    for (const line of [1, 2, 5]) {
      const lines = ["let a = 1;", "let b = 2;", "// a comment", "", "let c = 3;"].slice(0, Math.max(line, 1));
      const bad = `${" ".repeat(line)}const x${line} = (undefined as any).field;`;
      lines[line - 1] = bad;
      const { ename, text } = await tracebackOf(lines.join("\n"));
      expect(ename).toBe("TypeError");
      expect(text).toContain(`In this cell, line ${line}, column ${bad.indexOf("field") + 1}:`);
      expect(text).toContain(`    ${line} | ${bad}`);
      for (const bit of INTERNALS) expect(text).not.toContain(bit);
    }
  });

  it("follows a call into a function an earlier cell defined, and into nested functions", async () => {
    const { reply } = await runCell("interface Box { v: number }\n\nfunction open(b: Box): number {\n  return inner(b);\n}\nfunction inner(b: Box): number {\n  return b.v.toFixed(1).length;\n}");
    const count = reply.execution_count;
    const { text } = await tracebackOf("const boxes: Box[] = [{ v: 1 }];\n\nopen(undefined as unknown as Box);");
    expect(text.split("\n").filter((l) => l.startsWith("In "))).toEqual([
      `In cell [${count}], line 7, column 12, in inner:`,
      `In cell [${count}], line 4, column 10, in open:`,
      "In this cell, line 3, column 1:",
    ]);
    expect(text).toContain("    7 |   return b.v.toFixed(1).length;");
  });

  it("maps errors in async cells, after an await", async () => {
    const { ename, evalue, text } = await tracebackOf("await new Promise((r) => setTimeout(r, 5));\nconst n: number = 3;\n\nthrow new RangeError(`after await ${n}`);");
    expect([ename, evalue]).toEqual(["RangeError", "after await 3"]);
    expect(text).toContain("In this cell, line 4, column 7:");
    const nested = await tracebackOf("async function later(): Promise<number> {\n  await null;\n  throw new Error('inside');\n}\nawait later();");
    expect(nested.text).toContain("In this cell, line 3, column 9, in later:");
  });

  it("points into the course library when an error is raised there, then at the learner's line", async () => {
    const { ename, text } = await tracebackOf('import { ops, zeros } from "./dist/src/index.js";\nconst t = zeros([2, 3]);\nops.reshape(t, [4, 4]);');
    expect(ename).toBe("LibraryError");
    expect(text).toMatch(/raised inside the course library, in \S+ \(src\/[\w/.-]+\.ts:\d+\)/);
    expect(text).toContain("In this cell, line 3, column 5:");
  });

  it("names a type error's line and message, and runs nothing of the cell", async () => {
    const { ename, text } = await tracebackOf('console.log("not printed");\nconst n: number = "two";');
    expect(ename).toBe("TSError");
    expect(text).toContain("TypeScript error in this cell, line 2, column 7: Type 'string' is not assignable to type 'number'. (TS2322)");
    expect(text).toContain('    2 | const n: number = "two";');
  });

  it("shows a MIME bundle value as that output", async () => {
    const { messages } = await runCell('({ "text/markdown": "**bold**", "text/plain": "bold" })');
    expect(messages).toEqual([["execute_result", expect.objectContaining({ data: { "text/markdown": "**bold**", "text/plain": "bold" } })]]);
  });

  it("stays silent on IOPub for a silent request, but still answers", async () => {
    expect((await runCell("1 + 1", { silent: true })).messages).toEqual([]);
    expect((await runCell("throw new Error('quiet')", { silent: true })).reply).toMatchObject({ status: "error", ename: "Error" });
  });

  it("stops a check cell's endless loop after 2 s with its input, and keeps working", async () => {
    const started = Date.now();
    const { reply, messages } = await runCell([
      'import { defineExercise, defineLesson } from "./dist/src/exercises/index.js";',
      "const wrong = (n: number) => ({ mistake: `off by ${n}`, solution: { f: (x: number) => x + n } });",
      'const lesson = defineLesson({ loop: defineExercise<{ f: (x: number) => number }>({ id: "loop", names: ["f"],',
      '  checks: [{ name: "doubles", input: "x = 3", expected: 6, actual: (s) => s.f(3), hint: "twice x" },',
      '           { name: "doubles", input: "x = 4", expected: 8, actual: (s) => s.f(4), hint: "twice x" }],',
      "  wrong: [wrong(1), wrong(2), wrong(3)] }) });",
      "function spin(x: number): number { for (;;) { x++; } }",
      'await lesson.check("loop", { f: spin });',
    ].join("\n"));
    expect(reply.status).toBe("ok");
    expect(Date.now() - started).toBeLessThan(15_000);
    const shown = JSON.stringify(messages);
    expect(shown).toContain("loop: your code did not return within 2 s on input x = 3 (check 'doubles')");
    expect((await runCell("2 + 2")).messages[0][1]).toMatchObject({ data: { "text/plain": "4" } });
  }, 30_000);
});

describe("the kernel's command line", () => {
  it("takes tslab's own arguments: kernel --config-path <connection file>", () => {
    expect(configPathOf(["kernel", "--config-path", "/run/k.json"])).toBe("/run/k.json");
    expect(configPathOf(["kernel", "--config-path=/run/k.json"])).toBe("/run/k.json");
    expect(configPathOf(["install"])).toBeNull();
    expect(configPathOf(["kernel"])).toBeNull();
  });
});
