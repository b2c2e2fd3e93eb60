/** The exercises wing belongs to the library: it must load no authoring tool and no course machinery. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as exercises from "../../src/exercises/index.js";

const DIR = join(import.meta.dirname, "..", "..", "src", "exercises");

describe("src/exercises", () => {
  it("imports only its own files, the messages and host.ts (Node only through it)", () => {
    for (const f of readdirSync(DIR).filter((n) => n.endsWith(".ts"))) {
      const specs = [...readFileSync(join(DIR, f), "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
      for (const s of specs) expect(s, `${f} imports ${s}`).toMatch(/^(\.\/|\.\.\/(messages|host)\.js$)/);
    }
  });
  it("exports what check cells and lessons use", () => {
    for (const name of ["defineExercise", "defineLesson", "casesFor", "runExercise", "judge", "collectOutcomes", "check", "toMarkdown", "toText", "claim", "claimClose", "claimBetween"]) {
      expect(typeof (exercises as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
