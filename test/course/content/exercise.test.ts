import { describe, expect, it } from "vitest";
import { defaultStub, flavourSource } from "../../../src/course/content/exercise.js";
import { parseLessonText } from "../../../src/course/content/parse.js";

const FENCE = "```";
const lesson = parseLessonText([
  "# Ex",
  `${FENCE}ts exercise=sig-prime points=2`,
  "function sigmoidPrime(x: number): number {",
  "  const s = 1 / (1 + Math.exp(-x));",
  "  // BEGIN SOLUTION: return s * (1 - s)",
  "  return s * (1 - s);",
  "  // END SOLUTION",
  "}",
  "const c = (() => {",
  "    // BEGIN SOLUTION",
  "    return 4;",
  "    // END SOLUTION",
  "    // BEGIN STUB",
  "    return 0; // your guess",
  "    // END STUB",
  "})();",
  FENCE,
].join("\n"), "content/01-ex.md");
const cell = lesson.cells.find((c) => c.exercise !== null)!;

describe("flavourSource", () => {
  it("keeps solutions (markers included) and drops stubs in the instructor build", () => {
    const src = flavourSource(cell, "instructor");
    expect(src).toContain("  return s * (1 - s);");
    expect(src).toContain("    return 4;");
    expect(src).not.toContain("your guess");
    expect(src).not.toContain("BEGIN STUB");
  });

  it("replaces each solution with its stub, or a throw naming the exercise and the hint", () => {
    expect(flavourSource(cell, "student")).toBe([
      "function sigmoidPrime(x: number): number {",
      "  const s = 1 / (1 + Math.exp(-x));",
      '  throw new Error("Unfinished exercise sig-prime: return s * (1 - s)");',
      "}",
      "const c = (() => {",
      "    return 0; // your guess",
      "})();",
    ].join("\n"));
  });

  it("writes a default stub that is valid JavaScript whose error says what to do", () => {
    const line = defaultStub("q1", 'say "hi" \\ bye', "  ");
    const run = new Function(line);
    expect(run).toThrow('Unfinished exercise q1: say "hi" \\ bye');
    expect(() => new Function(defaultStub("q2", "", ""))()).toThrow("Unfinished exercise q2: write the missing code here");
  });

  it("leaves ordinary cells as written", () => {
    const plain = parseLessonText(`# T\n${FENCE}ts\nlet a = 1;\n${FENCE}\n`, "content/02-x.md").cells[1]!;
    expect(flavourSource(plain, "student")).toBe("let a = 1;");
  });
});
