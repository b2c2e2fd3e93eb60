/**
 * `npm run check` on real saved notebooks (test/fixtures/submissions/): a good one scores full;
 * broken, hostile and malformed ones get a clear message and 0 for the affected exercise only.
 * Needs the built library (the sandbox runs dist/); beforeAll builds it when the sources changed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkNotebook, type NotebookReport } from "../../src/course/check/check.js";
import { readCourse } from "../../src/course/check/lessons.js";
import { ensureBuild } from "../../src/course/cli/common.js";

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "submissions");
const HOSTILE_FILES = ["/tmp/vanishing-gradients-hostile-submission.txt", "/tmp/vanishing-gradients-hostile-spawn.txt"];
let lessons: ReturnType<typeof readCourse>;

beforeAll(() => {
  ensureBuild(ROOT, () => {}); // a failing build of someone else's file still emits what we need
  expect(existsSync(join(ROOT, "dist", "src", "course", "check", "child.js"))).toBe(true);
  lessons = readCourse(ROOT);
  for (const f of HOSTILE_FILES) rmSync(f, { force: true });
});

const check = (name: string, options: { lesson?: string; timeoutMs?: number } = {}) =>
  checkNotebook(join(FIXTURES, name), { root: ROOT, lessons, timeoutMs: 15_000, memoryMb: 128, ...options }); // generous: npm test loads both cores
const byId = (r: NotebookReport) => Object.fromEntries(r.exercises.map((e) => [e.id, e]));

describe("npm run check on saved notebooks", () => {
  it("gives a good submission full points, with cells moved and sources saved as line lists", async () => {
    const r = await check("good.ipynb");
    expect(r.lesson).toBe("01-backprop-jacobians");
    expect(r.exercises.map((e) => e.status)).toEqual(["passed", "passed", "passed", "passed"]);
    expect(r.points).toBe(r.maxPoints);
    expect(r.maxPoints).toBe(6);
  });

  it("reports an untouched notebook as unfinished, exercise by exercise", async () => {
    const r = await check("unfinished.ipynb");
    expect(r.exercises.every((e) => e.status === "unfinished" && /stub/.test(e.message!))).toBe(true);
    expect(r.points).toBe(0);
  });

  it("fails typical mistakes with the failing case's input, expected and actual value", async () => {
    const r = byId(await check("wrong.ipynb"));
    for (const e of Object.values(r)) expect(e.status).toBe("failed");
    const nan = r["sigmoid-prime"].cases.find((c) => !c.passed)!;
    expect(nan).toMatchObject({ input: "x = -800", expected: "0", actual: "NaN" });
    expect(r["predict-ratio"].cases.find((c) => c.input === "depth = 1, w = 1")).toMatchObject({ passed: false, actual: "0.25" });
  });

  it("gives a cell that throws, has a type error, never settles or loops 0 each, with a clear message", async () => {
    const r = byId(await check("broken.ipynb", { timeoutMs: 4000 }));
    expect(r["sigmoid-prime"]).toMatchObject({ status: "error", points: 0 });
    expect(r["sigmoid-prime"].message).toContain("threw when it ran: Cannot read properties of null");
    // The type error is the learner's, at its line in their cell.
    expect(r["layer-jacobian"].message).toBe("layer-jacobian: TypeScript error in your cell at line 2, column 9: Type 'string' is not assignable to type 'number'.");
    expect(r["grad-first-layer"]).toMatchObject({ status: "timeout", points: 0 });
    expect(r["grad-first-layer"].message).toContain("while your cell itself ran");
    expect(r["predict-ratio"]).toMatchObject({ status: "timeout", points: 0 });
    // Which case it hung in, when the process got that far before the limit (it does unless the machine is very busy).
    expect(r["predict-ratio"].message).toMatch(/stopped after 4 s.*It stopped (in the check 'a few layers' \(depth = 2, w = 1\)|while your cell itself ran)/);
  });

  it("scores a missing and a duplicated exercise cell 0 and still checks the others", async () => {
    const r = byId(await check("missing-and-duplicate.ipynb"));
    expect(r["sigmoid-prime"]).toMatchObject({ status: "missing", points: 0 });
    expect(r["layer-jacobian"].message).toMatch(/2 cells claim exercise 'layer-jacobian'/);
    expect(r["grad-first-layer"]).toMatchObject({ status: "passed", points: 2 });
    expect(r["predict-ratio"]).toMatchObject({ status: "passed", points: 1 });
  });

  it("contains hostile code: exit, writes, child processes, reading the solutions, forged results, memory bombs", async () => {
    const r = byId(await check("hostile.ipynb"));
    for (const e of Object.values(r)) expect(e.points, e.id).toBe(0);
    expect(r["sigmoid-prime"].message).toContain("check process stopped");
    expect(r["layer-jacobian"].message).toMatch(/restricted \(the check runs your cell with read access to the course's built code only/);
    expect(r["grad-first-layer"].message).toContain("restricted"); // content/ holds the solutions
    expect(r["predict-ratio"].message).toMatch(/memory/);
    for (const f of HOSTILE_FILES) expect(existsSync(f), f).toBe(false);
  });

  it("explains a file that is not JSON or not nbformat 4, with 0 for every exercise of its lesson", async () => {
    const notJson = await check("not-json.ipynb", { lesson: "01-backprop-jacobians" });
    expect(notJson.message).toMatch(/not valid JSON/);
    expect(notJson.exercises).toHaveLength(4);
    expect(notJson.exercises.every((e) => e.points === 0 && e.message === notJson.message)).toBe(true);
    const v3 = await check("nbformat3.ipynb");
    expect(v3.lesson).toBe("01-backprop-jacobians"); // from its metadata
    expect(v3.message).toMatch(/not an nbformat 4 notebook \(nbformat is 3\)/);
    const none = await check("does-not-exist.ipynb");
    expect(none.message).toMatch(/cannot read/);
  });
});

describe("a cell that leans on another cell", () => {
  it("is told to define the name in its own cell, since the check runs it alone", async () => {
    const nb = JSON.parse(readFileSync(join(FIXTURES, "good.ipynb"), "utf8"));
    const cell = nb.cells.find((c: { metadata: { exercise?: { id: string; kind: string } } }) => c.metadata.exercise?.id === "sigmoid-prime" && c.metadata.exercise.kind === "solution");
    cell.source = "function sigmoidPrime(x: number): number {\n  return dsig(x);\n}";
    const file = join(mkdtempSync(join(tmpdir(), "check-")), "01-backprop-jacobians.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    const r = byId(await checkNotebook(file, { root: ROOT, lessons, timeoutMs: 15_000 }));
    expect(r["sigmoid-prime"].message).toBe(
      "sigmoid-prime: line 2 of your cell uses 'dsig', which another cell of the notebook computes. The check runs each exercise cell on its own, with the notebook's imports and the helper functions and types it uses, but no other cell's values: compute 'dsig' inside the exercise cell, or use the library's version.",
    );
    expect(r["predict-ratio"].status).toBe("passed");
  });

  it("may use helper functions and types from other cells, as in the notebook: the definition above the cell counts", async () => {
    const nb = JSON.parse(readFileSync(join(FIXTURES, "good.ipynb"), "utf8"));
    const at = nb.cells.findIndex((c: { metadata: { exercise?: { id: string; kind: string } } }) => c.metadata.exercise?.id === "predict-ratio" && c.metadata.exercise.kind === "solution");
    const code = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null });
    nb.cells[at].source = "function predictedRatio(depth: number, w: number): number {\n  return perLayer(w) ** (depth - 1);\n}";
    // Below the exercise and its check cell: a redefinition, which that check cell did not see.
    nb.cells.splice(at + 2, 0, code("const perLayer = (w: number): Gain => w / 5;"));
    // Above: a typed helper that uses another helper.
    nb.cells.splice(at, 0, code("type Gain = number;\nfunction quarter(w: number): Gain {\n  return w / 4;\n}\nconst perLayer = (w: number): Gain => quarter(w);"));
    const file = join(mkdtempSync(join(tmpdir(), "check-")), "01-backprop-jacobians.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    const r = byId(await checkNotebook(file, { root: ROOT, lessons, timeoutMs: 15_000 }));
    expect(r["predict-ratio"].status, r["predict-ratio"].message).toBe("passed");
  });

  it("is told what to do when a helper it uses needs a value another cell computes", async () => {
    const nb = JSON.parse(readFileSync(join(FIXTURES, "good.ipynb"), "utf8"));
    const at = nb.cells.findIndex((c: { metadata: { exercise?: { id: string; kind: string } } }) => c.metadata.exercise?.id === "predict-ratio" && c.metadata.exercise.kind === "solution");
    nb.cells[at].source = "function predictedRatio(depth: number, w: number): number {\n  return scaled(w) ** (depth - 1);\n}";
    nb.cells.splice(at, 0, { cell_type: "code", metadata: {}, source: "const divisor = [4][0];\nconst scaled = (w: number) => w / divisor;", outputs: [], execution_count: null });
    const file = join(mkdtempSync(join(tmpdir(), "check-")), "01-backprop-jacobians.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    const r = byId(await checkNotebook(file, { root: ROOT, lessons, timeoutMs: 15_000 }));
    expect(r["predict-ratio"]).toMatchObject({ status: "error", message: expect.stringMatching(/line 2 of your cell uses 'scaled', which another cell of the notebook computes/) });
  });
});

describe("the command line", () => {
  it("prints a JSON report a grader can aggregate, and exits 1 when something did not pass", () => {
    const out = spawnSync("npx", ["tsx", "src/course/cli/check.ts", "--json", "--timeout", "15", join(FIXTURES, "missing-and-duplicate.ipynb")], { cwd: ROOT, encoding: "utf8" });
    expect(out.status, out.stderr).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ points: 3, maxPoints: 6 });
    expect(report.notebooks[0].exercises.map((e: { status: string }) => e.status)).toEqual(["missing", "error", "passed", "passed"]);
  });
});
