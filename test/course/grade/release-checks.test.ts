/**
 * The release's checks module, on small sources: recorded expected values come back in order and
 * exactly (NaN, -0, typed arrays), oracles and instructor-only statements are gone, and a value
 * that cannot be data is refused with its place named.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { dataLiteral, releaseChecks } from "../../../src/course/grade/release-checks.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "release-checks-"));
symlinkSync(join(ROOT, "dist", "src"), join(dir, "src")); // a module in dir/content imports ../src/...
const content = join(dir, "content");
const { mkdirSync } = await import("node:fs");
mkdirSync(content);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Builds the release module of `source` and imports it. */
async function released(source: string): Promise<{ js: string; mod: Record<string, any> }> {
  const js = await releaseChecks(source, "x.exercises.ts", content);
  const file = join(content, `released-${n++}.js`);
  writeFileSync(file, js);
  return { js, mod: await import(pathToFileURL(file).href) };
}

describe("releaseChecks", () => {
  it("replays every expected value in order, exactly, and drops the oracle", async () => {
    const { js, mod } = await released(`
      import { casesFor, defineExercise } from "../src/exercises/index.js";
      const squareOracle = (x: number) => (x === 0 ? -0 : x * x);
      const c = casesFor<{ f: (x: number) => number }>();
      export const ex = defineExercise<{ f: (x: number) => number }>({
        id: "sq", names: ["f"],
        checks: [
          ...c({ name: "squares", inputs: [3, 0, NaN, 1e200], show: String, expected: (x) => squareOracle(x), actual: (s, x) => s.f(x), hint: "x times x" }),
          { name: "a typed array", input: "-", expected: new Float64Array([squareOracle(2), -0]), actual: () => 0, hint: "-" },
          { name: "literal", input: "-", expected: [1, 2], actual: () => 0, hint: "-" },
        ],
        hidden: c({ name: "more", inputs: [5], show: String, expected: (x) => squareOracle(x), actual: (s, x) => s.f(x), hint: "-" }),
        wrong: [{ mistake: "doubles", solution: { f: (x) => 2 * x } }, { mistake: "a", solution: { f: (x) => x } }, { mistake: "b", solution: { f: (x) => -x } }],
      });
      instructor: for (const x of [5]) if (squareOracle(x) !== 25) throw new Error("the oracle is wrong");
    `);
    expect(js).not.toMatch(/squareOracle|doubles|instructor:/);
    const expected = mod.ex.checks.map((c: { expected: unknown }) => c.expected);
    expect(expected.slice(0, 4)).toStrictEqual([9, -0, NaN, Infinity]);
    expect(Object.is(expected[1], -0)).toBe(true);
    expect(expected[4]).toStrictEqual(new Float64Array([4, -0]));
    expect(expected[5]).toStrictEqual([1, 2]);
    expect(js).toContain("expected: [1, 2]"); // a literal stays where it was written
  });

  it("ships a sealed answer as its digest", async () => {
    const { js, mod } = await released(`
      import { sealed } from "../src/exercises/index.js";
      export const answer = sealed("dead");
    `);
    expect(js).not.toContain('"dead"');
    expect(mod.answer.opens("dead")).toBe(true);
  });

  it("refuses an expected value that is not data, naming where it is", async () => {
    await expect(
      released(`
        import { defineExercise } from "../src/exercises/index.js";
        class Box { constructor(public v: number) {} }
        export const ex = defineExercise({ id: "box", names: ["f"], checks: [{ name: "-", input: "-", expected: new Box(1), actual: () => 0, hint: "-" }],
          wrong: [{ mistake: "a", solution: {} }, { mistake: "b", solution: {} }, { mistake: "c", solution: {} }] });
      `),
    ).rejects.toThrow(/x\.exercises\.ts, expected #0: an expected value of type Box cannot be shipped as data/);
  });
});

describe("dataLiteral", () => {
  it("writes values that evaluate back to themselves", () => {
    for (const v of [0, -0, NaN, -Infinity, 5e-324, 0.1 + 0.2, "a\"b\n", null, true, undefined, [1, [2, { k: -0 }]], { "a b": [NaN] }, 12n]) {
      const back = new Function(`return ${dataLiteral(v, "test")}`)();
      expect(back).toStrictEqual(v);
    }
  });
  it("refuses functions and class instances", () => {
    expect(() => dataLiteral(() => 1, "here")).toThrow(/here: an expected value of type function/);
    expect(() => dataLiteral(new Map(), "here")).toThrow(/type Map/);
  });
});
