/**
 * Test helper: compiles an exercise cell as the check command does (with the imports of the
 * notebook's other cells) and runs it in this process, returning what it defines.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";
import { compileCell } from "../../src/course/check/compile.js";

const NOTEBOOKS = join(import.meta.dirname, "..", "..", "notebooks");

export async function loadCell(source: string, names: readonly string[], otherCells: readonly string[]): Promise<Record<string, unknown>> {
  const compiled = compileCell(source, names, otherCells, NOTEBOOKS);
  if (!compiled.ok) throw new Error(`does not compile: ${JSON.stringify(compiled)}`);
  const exports: Record<string, unknown> = {};
  const file = join(NOTEBOOKS, "__exercise__.js");
  const fn = vm.runInThisContext(`(async function (exports, require) {${compiled.js}\n})`, { filename: file });
  await fn(exports, createRequire(file));
  return exports;
}
