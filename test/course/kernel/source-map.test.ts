import ts from "typescript";
import { describe, expect, it } from "vitest";
import { composed, SourceMap } from "../../../src/course/kernel/source-map.js";

/** TypeScript's own compiler as the oracle: compile, then look positions up in its map. */
function compile(src: string, module: ts.ModuleKind): { js: string; map: SourceMap } {
  const out = ts.transpileModule(src, { fileName: "cell.ts", compilerOptions: { module, target: ts.ScriptTarget.ES2022, sourceMap: true } });
  return { js: out.outputText, map: new SourceMap(JSON.parse(out.sourceMapText!)) };
}

/** The 0-based position of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  expect(line, `'${needle}' in\n${text}`).toBeGreaterThanOrEqual(0);
  return { line, column: lines[line].indexOf(needle) };
}

describe("source maps", () => {
  const src = [
    "interface P { x: number }",
    "",
    "type Q = string;",
    "const p: P = { x: 1 };",
    "export function f(n: number): number {",
    "  if (n > 2) throw new Error('big');",
    "  return n * p.x;",
    "}",
  ].join("\n");

  it("maps a generated position back to its line and column in the TypeScript", () => {
    const { js, map } = compile(src, ts.ModuleKind.ESNext);
    expect(map.original(positionOf(js, "throw new Error"))).toEqual(positionOf(src, "throw new Error"));
    expect(map.original(positionOf(js, "return n * p.x"))).toEqual(positionOf(src, "return n * p.x"));
  });

  it("goes through two maps in a row, as tslab's two compile steps need", () => {
    const first = compile(src, ts.ModuleKind.ESNext);
    const second = ts.transpileModule(first.js, { fileName: "mid.js", compilerOptions: { module: ts.ModuleKind.CommonJS, sourceMap: true } });
    const both = composed(first.map, new SourceMap(JSON.parse(second.sourceMapText!)));
    expect(both.original(positionOf(second.outputText, "throw new Error"))).toEqual(positionOf(src, "throw new Error"));
  });

  it("takes the segment at or before a column, and says null for a line it does not map", () => {
    const { js, map } = compile(src, ts.ModuleKind.ESNext);
    const at = positionOf(js, "throw new Error");
    expect(map.original({ line: at.line, column: at.column + 3 })).toEqual(positionOf(src, "throw new Error"));
    expect(map.original({ line: 999, column: 0 })).toBeNull();
  });

  it("rejects what is not a version 3 map", () => {
    expect(() => new SourceMap({ version: 2, mappings: "" })).toThrow(/version 2/);
    expect(() => new SourceMap({ version: 3, mappings: "A!" })).toThrow(/not a base64 digit/);
  });
});
