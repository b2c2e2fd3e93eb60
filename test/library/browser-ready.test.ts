/**
 * The library's index loads in a browser page as it is: nothing it imports, directly or through
 * other modules, imports a Node built-in (`node:*`) or the course machinery (`src/course/`). Node
 * is reached only through `src/host.ts` at call time, and the Node-only corner is `src/node.ts`.
 * Walks the static import graph from `src/index.ts`, reading the sources.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeBuiltin } from "../../src/host.js";

const SRC = join(import.meta.dirname, "..", "..", "src");

/** Every specifier a file imports or re-exports statically (type-only imports included: harmless but kept simple). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"|(?:^|\n)\s*import\s*"([^"]+)"/g)].map((m) => m[1] ?? m[2]);
}

function graph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const specs = specifiers(file);
    seen.set(file, specs);
    for (const s of specs.filter((x) => x.startsWith("."))) {
      const target = resolve(dirname(file), s.replace(/\.js$/, ".ts"));
      if (existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return seen;
}

describe("the library's index", () => {
  const files = graph(join(SRC, "index.ts"));

  it("reaches the whole library (the walk follows re-exports)", () => {
    const rel = [...files.keys()].map((f) => relative(SRC, f));
    for (const f of ["tensor/tensor.ts", "nn/mlp.ts", "exercises/run.ts", "charts/display.ts", "diagnostics/doctor.ts"]) expect(rel).toContain(f);
  });

  it("imports no Node built-in and nothing of the course machinery, anywhere below it", () => {
    const bad = [...files].flatMap(([f, specs]) =>
      specs.filter((s) => s.startsWith("node:") || /(^|\/)course\//.test(s) || s === "tslab").map((s) => `${relative(SRC, f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it("finds Node's built-ins through host.ts in Node, and nothing where there is no process", () => {
    expect(typeof nodeBuiltin<typeof import("node:vm")>("node:vm")?.Script).toBe("function");
    const process = globalThis.process;
    try {
      (globalThis as { process?: unknown }).process = undefined;
      expect(nodeBuiltin("node:vm")).toBeUndefined();
    } finally {
      (globalThis as { process?: unknown }).process = process;
    }
  });
});
