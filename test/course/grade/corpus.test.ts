/**
 * The hostile corpus: broken, malformed and hostile submissions of lesson 01, generated here from
 * the committed student notebook, graded in one batch with isolation on. Each case is asserted to
 * get the right points per exercise and a readable reason; exercises a case does not target hold
 * the reference solution and must keep full points (one submission's attack changes nothing else,
 * and the batch always finishes with a report).
 * Needs the built library; beforeAll builds it when the sources changed.
 */
import { createServer, type Server } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExerciseResult } from "../../../src/exercises/types.js";
import { detectIsolation } from "../../../src/course/check/isolation.js";
import { readCourse } from "../../../src/course/check/lessons.js";
import { ensureBuild } from "../../../src/course/cli/common.js";
import { gradeClass, type ClassReport, type SubmissionReport } from "../../../src/course/grade/grade.js";
import { gradescopeResults, gradebookCsv, summaryTable, writeReports } from "../../../src/course/grade/reports.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const LESSON = "01-backprop-jacobians";
const IDS = ["sigmoid-prime", "layer-jacobian", "grad-first-layer", "predict-ratio"] as const;
type Id = (typeof IDS)[number];
const FULL: Record<Id, number> = { "sigmoid-prime": 1, "layer-jacobian": 2, "grad-first-layer": 2, "predict-ratio": 1 };
const isolation = detectIsolation();
const namespaces = isolation.mode === "namespaces";
/** Modes where a submission cannot signal the grader's pid (else the signal cases are left out). */
const signalsContained = isolation.mode === "namespaces" || isolation.mode === "other-user";
const networkContained = isolation.mode === "namespaces" || isolation.mode === "network-only";
const PROBE = "/tmp/vanishing-gradients-corpus-probe.txt";

interface Case {
  name: string;
  /** The notebook file's text, or a change to a fresh notebook with reference answers. */
  file?: string;
  edit?: (nb: Nb) => void;
  /** Cells to put in place of exercise cells. */
  cells?: Partial<Record<Id, string>>;
  /** Points expected per exercise, the others full (default: 0 for those in `cells`, full for the rest). */
  points?: Partial<Record<Id, number>>;
  /** The reason shown for each 0-point exercise (message, or first failing case's actual + hint). */
  reason?: RegExp;
  /** A whole-file message. */
  message?: RegExp;
  /** Checks on the submission's report. */
  also?: (r: SubmissionReport) => void;
  /** False where this machine's isolation cannot contain the case (it is then left out). */
  needs?: boolean;
}

interface Nb {
  cells: { id?: string; cell_type: string; source: string | string[]; metadata: Record<string, any>; outputs?: unknown[] }[];
  metadata: Record<string, unknown>;
  nbformat: unknown;
  nbformat_minor: number;
}

let base: Nb;
let reference: Record<Id, string>;
let server: Server;
let port = 0;
let connections = 0;
let dir: string;
let report: ClassReport;
const byName = new Map<string, SubmissionReport>();
const GRADER_PID = process.pid;

const exerciseCell = (nb: Nb, id: string) => nb.cells.find((c) => c.metadata.exercise?.id === id && c.metadata.exercise.kind === "solution")!;
const fn = {
  "sigmoid-prime": (body: string) => `function sigmoidPrime(x: number): number {\n${body}\n}`,
  "layer-jacobian": (body: string) => `function layerJacobian(W: number[][], z: number[], dphi: (z: number) => number): number[][] {\n${body}\n}`,
  "grad-first-layer": (body: string) => `function gradFirstLayer(jacobians: number[][][], gLast: number[]): number[] {\n${body}\n}`,
  "predict-ratio": (body: string) => `function predictedRatio(depth: number, w: number): number {\n${body}\n}`,
};
const RATIO = "return (w / 4) ** (depth - 1);";
const ratioWith = (prefix: string) => `${prefix}\n${fn["predict-ratio"](RATIO)}`;

const allCases: Case[] = [
  // --- files that are not (good) notebooks -------------------------------------------------------
  { name: "malformed-json", file: '{"cells": [', message: /not valid JSON/ },
  { name: "empty-file", file: "", message: /not valid JSON/ },
  { name: "binary-garbage", file: "\u0000\u0001\u00ff PK\u0003\u0004 garbage", message: /not valid JSON/ },
  { name: "top-level-array", file: "[1, 2, 3]", message: /top level is not an object/ },
  { name: "nbformat-3", edit: (nb) => (nb.nbformat = 3), message: /not an nbformat 4 notebook \(nbformat is 3\)/ },
  { name: "nbformat-string", edit: (nb) => (nb.nbformat = "4"), message: /not an nbformat 4 notebook/ },
  { name: "no-cells", edit: (nb) => delete (nb as Partial<Nb>).cells, message: /cells/ },
  { name: "junk-cells-among-good-ones", edit: (nb) => nb.cells.splice(2, 0, null as never, 42 as never, { cell_type: "code" } as never), points: {} },
  // --- cells deleted, duplicated, moved, retyped -----------------------------------------------
  { name: "deleted-exercise-cell", edit: (nb) => nb.cells.splice(nb.cells.indexOf(exerciseCell(nb, "sigmoid-prime")), 1), points: { "sigmoid-prime": 0 }, reason: /no cell holds exercise 'sigmoid-prime'/ },
  { name: "duplicated-exercise-cell", edit: (nb) => nb.cells.push(structuredClone(exerciseCell(nb, "layer-jacobian"))), points: { "layer-jacobian": 0 }, reason: /2 cells claim exercise 'layer-jacobian'/ },
  { name: "moved-exercise-cell", edit: (nb) => { const c = exerciseCell(nb, "grad-first-layer"); nb.cells.splice(nb.cells.indexOf(c), 1); nb.cells.unshift(c); }, points: {} },
  { name: "retyped-to-markdown", edit: (nb) => (exerciseCell(nb, "predict-ratio").cell_type = "markdown"), points: { "predict-ratio": 0 }, reason: /no cell holds exercise 'predict-ratio'/ },
  { name: "source-as-line-list", edit: (nb) => { const c = exerciseCell(nb, "sigmoid-prime"); c.source = String(c.source).split(/(?<=\n)/); }, points: {} },
  { name: "only-nbgrader-metadata-left", edit: (nb) => { for (const id of IDS) delete exerciseCell(nb, id).metadata.exercise; }, points: {} },
  { name: "untouched-stubs", edit: (nb) => { for (const id of IDS) exerciseCell(nb, id).source = stubOf(id); }, points: { "sigmoid-prime": 0, "layer-jacobian": 0, "grad-first-layer": 0, "predict-ratio": 0 }, reason: /exactly the stub/ },
  {
    name: "edited-locked-check-cell",
    edit: (nb) => { nb.cells.find((c) => c.metadata.nbgrader?.grade_id === "predict-ratio-check")!.source = 'console.log("all checks pass!");'; },
    points: {},
    also: (r) => expect(r.locked).toEqual([{ id: "predict-ratio-check", problem: "edited" }]),
  },
  {
    name: "deleted-locked-check-cell",
    edit: (nb) => nb.cells.splice(nb.cells.findIndex((c) => c.metadata.nbgrader?.grade_id === "sigmoid-prime-check"), 1),
    points: {},
    also: (r) => expect(r.locked).toEqual([{ id: "sigmoid-prime-check", problem: "deleted" }]),
  },
  {
    name: "later-cell-redefines-function",
    edit: (nb) => nb.cells.push({ cell_type: "code", source: "function predictedRatio(depth: number, w: number): number { return 42; }", metadata: {}, outputs: [] }),
    points: {},
  },
  // --- code that does not compile or load ----------------------------------------------------------
  { name: "syntax-error", cells: { "sigmoid-prime": "function sigmoidPrime(x: number): number {\n  return x +;\n}" }, reason: /TypeScript error in your cell at line 2/ },
  { name: "type-error", cells: { "layer-jacobian": fn["layer-jacobian"]('  const n: number = "many";\n  return W;') }, reason: /TypeScript error in your cell at line 2.*not assignable/ },
  { name: "throws-on-load", cells: { "grad-first-layer": `throw new Error("boom at load");\n${fn["grad-first-layer"]("return gLast;")}` }, reason: /boom at load/ },
  // A helper function from another cell is taken along, as the notebook would see it; a value is not.
  { name: "uses-another-cells-helper", cells: { "sigmoid-prime": fn["sigmoid-prime"]("  return helperFromElsewhere(x);") }, edit: (nb) => nb.cells.push({ cell_type: "code", source: "function helperFromElsewhere(x: number) {\n  const e = Math.exp(-Math.abs(x));\n  return e / (1 + e) ** 2;\n}", metadata: {}, outputs: [] }), points: { "sigmoid-prime": 1 } },
  { name: "uses-another-cells-value", cells: { "sigmoid-prime": fn["sigmoid-prime"]("  return quarterFromElsewhere * 0 + x;") }, edit: (nb) => nb.cells.push({ cell_type: "code", source: "const quarterFromElsewhere = [0.25][0];", metadata: {}, outputs: [] }), reason: /another cell of the notebook computes/ },
  { name: "names-missing", cells: { "predict-ratio": "function predictedRatioo(depth: number, w: number): number { return 1; }" }, reason: /should define 'predictedRatio'/ },
  // --- resources: time, memory, output -----------------------------------------------------------
  { name: "infinite-loop-on-load", cells: { "layer-jacobian": `while (true) {}\n${fn["layer-jacobian"]("return W;")}` }, reason: /stopped after|ran too long|while your cell itself ran/ },
  { name: "infinite-loop-in-call", cells: { "predict-ratio": fn["predict-ratio"]("  for (;;) {}") }, reason: /did not return|stopped/ },
  { name: "promise-never-settles", cells: { "grad-first-layer": `await new Promise(() => {});\n${fn["grad-first-layer"]("return gLast;")}` }, reason: /stopped after|while your cell itself ran/ },
  { name: "heap-memory-bomb", cells: { "sigmoid-prime": `const hog: number[][] = [];\nwhile (true) hog.push(new Array(1e6).fill(1.5));\n${fn["sigmoid-prime"]("return 0;")}` }, reason: /memory|stopped/ },
  { name: "typed-array-memory-bomb", cells: { "layer-jacobian": `const keep: Float64Array[] = [];\nfor (let i = 0; i < 100; i++) keep.push(new Float64Array(1e8).fill(1));\n${fn["layer-jacobian"]("return W;")}` }, reason: /memory|allocation|stopped/ },
  { name: "stdout-flood", cells: { "predict-ratio": ratioWith('for (let i = 0; i < 200000; i++) console.log("flood ".repeat(40));') }, points: {} },
  { name: "stderr-flood", cells: { "predict-ratio": ratioWith('for (let i = 0; i < 200000; i++) console.error("flood ".repeat(40));') }, points: {} },
  { name: "fifty-megabyte-error", cells: { "grad-first-layer": `throw new Error("x".repeat(50 * 1024 * 1024));\n${fn["grad-first-layer"]("return gLast;")}` }, reason: /threw when it ran: x{10}/, also: (r) => expect(JSON.stringify(r).length).toBeLessThan(200_000) },
  { name: "huge-return-value", cells: { "grad-first-layer": fn["grad-first-layer"]("  return new Array(3e6).fill(1);") }, reason: /too large|more than|sent back more than|memory/, also: (r) => expect(JSON.stringify(r).length).toBeLessThan(500_000) },
  // --- escaping: exit, files, processes, network, signals ---------------------------------------------
  { name: "process-exit-on-load", cells: { "sigmoid-prime": `process.exit(0);\n${fn["sigmoid-prime"]("return 0.25;")}` }, reason: /check process stopped \(exit code 0\)/ },
  { name: "process-exit-in-call", cells: { "predict-ratio": fn["predict-ratio"]("  process.exit(3); return 1;") }, reason: /check process stopped \(exit code 3\)/ },
  { name: "process-abort", cells: { "layer-jacobian": `process.abort();\n${fn["layer-jacobian"]("return W;")}` }, reason: /check process stopped/ },
  { name: "writes-a-file", cells: { "sigmoid-prime": `require("fs").writeFileSync(${JSON.stringify(PROBE)}, "written");\n${fn["sigmoid-prime"]("return 0.25;")}` }, reason: /restricted|not allow/ },
  { name: "reads-the-solutions", cells: { "grad-first-layer": `const text = require("fs").readFileSync(require("path").join(__dirname, "..", "content", "${LESSON}.md"), "utf8");\n${fn["grad-first-layer"]("return gLast;")}` }, reason: /restricted/ },
  { name: "reads-the-built-checks", cells: { "predict-ratio": `const mod = require("../dist/content/${LESSON}.exercises.js");\n${fn["predict-ratio"]("return 1;")}` }, reason: /restricted|not allow/ },
  { name: "imports-the-lesson-object", cells: { "predict-ratio": `import { lesson } from "../dist/content/${LESSON}.exercises.js";\nconst table = (lesson.exercises["predict-ratio"].checks as any[]).map((c) => c.expected);\n${fn["predict-ratio"]("return table[0];")}` }, reason: /restricted|not allow/ },
  { name: "spawns-a-process", cells: { "layer-jacobian": `require("child_process").execSync("touch ${PROBE}");\n${fn["layer-jacobian"]("return W;")}` }, reason: /restricted|not allow/ },
  { name: "starts-a-worker", cells: { "sigmoid-prime": `new (require("worker_threads").Worker)("setInterval(() => {}, 1000)", { eval: true });\n${fn["sigmoid-prime"]("return 0.25;")}` }, reason: /restricted|not allow/ },
  // the answer is right whatever the network does; the listener proves nothing arrived
  { name: "fetch-localhost", cells: { "predict-ratio": ratioWith(`const reached = await fetch("http://127.0.0.1:" + PORT_PLACEHOLDER + "/steal").then(() => true, () => false);`) }, points: {} },
  { name: "tcp-connect-localhost", cells: { "predict-ratio": ratioWith(`await new Promise<void>((done) => { const s = require("net").connect(PORT_PLACEHOLDER, "127.0.0.1"); s.on("connect", () => { s.write("stolen"); done(); }); s.on("error", () => done()); setTimeout(done, 500); });`) }, points: {} },
  { name: "kills-its-parent", needs: signalsContained, cells: { "layer-jacobian": `try { process.kill(process.ppid, "SIGKILL"); } catch {}\n${fn["layer-jacobian"]("return W;")}` }, reason: /./ },
  // --- forging results and reaching the comparison -------------------------------------------------
  { name: "forges-a-result-frame", cells: { "sigmoid-prime": `require("fs").writeSync(3, "0000 " + Buffer.from("{}").toString("base64") + "\\n");\n${fn["sigmoid-prime"]("return 0.3;")}` }, reason: /expected/ },
  { name: "patches-the-prototypes", cells: { "predict-ratio": `(Object.prototype as any).passed = true; (Array as any).isArray = () => false; (Number.prototype as any).toFixed = () => "1";\n${fn["predict-ratio"]("return 7;")}` }, reason: /expected/ },
  { name: "tries-process-send", cells: { "grad-first-layer": `(process as any).send?.({ type: "done", outcomes: [] });\n${fn["grad-first-layer"]("return gLast;")}` }, reason: /expected|threw/ },
  // --- the wrong type ------------------------------------------------------------------------------
  { name: "async-answer", cells: { "predict-ratio": `async function predictedRatio(depth: number, w: number): Promise<number> { ${RATIO} }` }, reason: /Promise/ },
  { name: "proxy-answer", cells: { "grad-first-layer": `${fn["grad-first-layer"]("  let g = gLast; for (let k = jacobians.length - 1; k >= 0; k--) { const J = jacobians[k]; g = J[0].map((_, j) => J.reduce((s, row, i) => s + row[j] * g[i], 0)); }\n  return new Proxy(g, {});")}` }, reason: /wrong type.*Proxy/ },
  { name: "getter-answer", cells: { "layer-jacobian": fn["layer-jacobian"]("  const J = W.map((row, i) => row.map((w) => dphi(z[i]) * w));\n  return J.map((row) => { const r: number[] = []; row.forEach((v, j) => Object.defineProperty(r, j, { get: () => v, enumerable: true })); return r; });") }, reason: /wrong type.*getter/ },
  { name: "class-instance-answer", cells: { "predict-ratio": `class Num { constructor(public v: number) {} valueOf() { return this.v; } }\nfunction predictedRatio(depth: number, w: number): number { return new Num((w / 4) ** (depth - 1)) as any; }` }, reason: /wrong type/ },
  { name: "string-that-looks-like-a-number", cells: { "predict-ratio": `function predictedRatio(depth: number, w: number): number { return String((w / 4) ** (depth - 1)) as any; }` }, reason: /expected .* got "/ },
  { name: "array-where-number-is-due", cells: { "sigmoid-prime": fn["sigmoid-prime"]("  const s = 1 / (1 + Math.exp(-x)); return [s * (1 - s)] as any;") }, reason: /expected/ },
  // --- lesson 01's plausible wrong answers -----------------------------------------------------------
  { name: "cutoff-derivative", cells: { "sigmoid-prime": fn["sigmoid-prime"]("  if (Math.abs(x) > 10) return 0;\n  const s = 1 / (1 + Math.exp(-x));\n  return s * (1 - s);") }, reason: /do not cut off/ },
  { name: "sign-applied-once", cells: { "predict-ratio": fn["predict-ratio"]("  return Math.sign(w) * Math.abs(w / 4) ** (depth - 1);") }, reason: /do not apply the sign once/ },
  { name: "reverses-input-list", cells: { "grad-first-layer": fn["grad-first-layer"]("  let g = gLast;\n  for (const J of jacobians.reverse()) g = J[0].map((_, j) => J.reduce((s, row, i) => s + row[j] * g[i], 0));\n  return g;") }, reason: /changed its inputs|reverse/ },
  { name: "mutates-weights", cells: { "layer-jacobian": fn["layer-jacobian"]("  W.forEach((row, i) => row.forEach((w, j) => (row[j] = dphi(z[i]) * w)));\n  return W;") }, reason: /in place/ },
  { name: "hard-coded-table", cells: { "predict-ratio": `const table: Record<string, number> = ${tableOfPublicRatios()};\n${fn["predict-ratio"]("  return table[depth + ',' + w] ?? 1;")}` }, reason: /hidden|other inputs|same formula/ },
];

const cases = allCases.filter((c) => c.needs !== false);

function tableOfPublicRatios(): string {
  const inputs = [[1, 1], [1, 100], [2, 1], [3, 1], [10, 1], [5, 4], [30, 8], [4, -2], [3, 0], [50, 1], [7, 0.5], [3, -2], [5, -6], [6, -3], [2, -1], [9, -4]];
  return JSON.stringify(Object.fromEntries(inputs.map(([d, w]) => [`${d},${w}`, (w / 4) ** (d - 1)])));
}

let stubs: Record<string, string>;
const stubOf = (id: string) => stubs[id];

beforeAll(async () => {
  ensureBuild(ROOT, () => {});
  rmSync(PROBE, { force: true });
  server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
  const lessons = readCourse(ROOT);
  const l = lessons.find((x) => x.name === LESSON)!;
  reference = Object.fromEntries(l.exercises.map((e) => [e.id, e.reference])) as Record<Id, string>;
  stubs = Object.fromEntries(l.exercises.map((e) => [e.id, e.stub]));
  base = JSON.parse(readFileSync(join(ROOT, "notebooks", `${LESSON}.ipynb`), "utf8"));
  for (const id of IDS) exerciseCell(base, id).source = reference[id];
  dir = mkdtempSync(join(tmpdir(), "grade-corpus-"));
  mkdirSync(join(dir, "in"));
  cases.forEach((c, i) => {
    const file = join(dir, "in", `c${String(i).padStart(2, "0")}-${c.name}.ipynb`);
    if (c.file !== undefined) return writeFileSync(file, c.file);
    const nb = structuredClone(base);
    for (const [id, src] of Object.entries(c.cells ?? {})) exerciseCell(nb, id).source = src!.replace(/PORT_PLACEHOLDER/g, String(port));
    c.edit?.(nb);
    writeFileSync(file, JSON.stringify(nb));
  });
  report = await gradeClass({ root: ROOT, inputs: [join(dir, "in")], lesson: undefined, timeoutMs: 8000, memoryMb: 128, concurrency: 3, lessons });
  for (const s of report.submissions) byName.set(s.student.replace(/^c\d\d-/, ""), s);
}, 600_000);

afterAll(() => {
  server?.close();
  rmSync(PROBE, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const reasonOf = (e: ExerciseResult) => {
  const failing = e.cases.find((c) => !c.passed);
  return [e.message ?? "", failing ? `${failing.input} expected ${failing.expected} got ${failing.actual} hint: ${failing.hint}` : ""].join(" | ");
};

describe(`grading a hostile corpus of ${cases.length} submissions (isolation: ${isolation.mode})`, () => {
  it("holds at least 40 cases and grades every one, with a report for each", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(allCases.length - cases.length).toBeLessThanOrEqual(1);
    expect(report.submissions).toHaveLength(cases.length);
    for (const c of cases) expect(byName.has(c.name), c.name).toBe(true);
  });

  for (const c of cases) {
    it(c.name, () => {
      const r = byName.get(c.name)!;
      if (c.message) {
        expect(r.message).toMatch(c.message);
        expect(r.points).toBe(0);
        return;
      }
      expect(r.message, c.name).toBeUndefined();
      const expected: Record<string, number> = { ...FULL };
      if (c.points) Object.assign(expected, c.points);
      else for (const id of Object.keys(c.cells ?? {})) expected[id] = 0;
      const got = Object.fromEntries(r.exercises.map((e) => [e.id, e.points]));
      expect(got, JSON.stringify(r.exercises.map((e) => [e.id, e.status, reasonOf(e).slice(0, 300)]))).toEqual(expected);
      for (const e of r.exercises) {
        if (e.points > 0) continue;
        const why = reasonOf(e);
        expect(why.length, e.id).toBeGreaterThan(10);
        expect(why.length, e.id).toBeLessThan(5000);
        if (c.reason) expect(why, e.id).toMatch(c.reason);
      }
      c.also?.(r);
    });
  }

  it.runIf(networkContained)("lets nothing reach the network (a listener on 127.0.0.1 saw no connection)", () => {
    expect(connections).toBe(0);
  });

  it("wrote no file and started no process outside the sandbox", () => {
    expect(existsSync(PROBE)).toBe(false);
  });

  it("writes the gradebook, feedback and Gradescope results for every submission", () => {
    const out = join(dir, "out");
    writeReports(report, out);
    const csv = gradebookCsv(report).trim().split("\n");
    expect(csv[0]).toBe("student,lesson,sigmoid-prime,layer-jacobian,grad-first-layer,predict-ratio,total,max,file,notes");
    expect(csv).toHaveLength(cases.length + 1);
    const good = byName.get("moved-exercise-cell")!;
    const gs = gradescopeResults(good) as { score: number; max_score: number; tests: { name: string; visibility: string; max_score: number }[] };
    expect(gs).toMatchObject({ score: 6, max_score: 6 });
    expect(gs.tests.filter((t) => t.visibility === "after_published").map((t) => t.name)).toEqual(["sigmoid-prime (hidden checks)", "layer-jacobian (hidden checks)", "grad-first-layer (hidden checks)", "predict-ratio (hidden checks)"]);
    expect(gs.tests.reduce((s, t) => s + t.max_score, 0)).toBe(6);
    const table = summaryTable(report);
    expect(table).toMatch(/Unreadable or unrecognised submissions/);
    expect(table).toMatch(/Locked cells edited or deleted/);
    const student = byName.get("cutoff-derivative")!.student;
    expect(readFileSync(join(out, "feedback", `${student}-${LESSON}.html`), "utf8")).toMatch(/<table>[\s\S]*do not cut off/);
    expect(readFileSync(join(out, "feedback", `${student}-${LESSON}.md`), "utf8")).toMatch(/sigmoid-prime: \d+ of \d+ checks pass \(0\/1 point\)/);
    expect(JSON.parse(readFileSync(join(out, "gradescope", `${student}-${LESSON}`, "results.json"), "utf8"))).toMatchObject({ score: 5, max_score: 6 });
  });
});

describe.runIf(namespaces)("no way to signal or see the grader", () => {
  it("a submission cannot stop or kill the grader's process by its pid", async () => {
    const sub = join(dir, "signal");
    mkdirSync(sub, { recursive: true });
    const nb = structuredClone(base);
    exerciseCell(nb, "predict-ratio").source = `let hit = "no";\ntry { process.kill(${GRADER_PID}, "SIGSTOP"); hit = "yes"; } catch (e) { hit = String((e as any).code); }\nfunction predictedRatio(depth: number, w: number): number { return hit === "yes" ? NaN : (w / 4) ** (depth - 1); }`;
    writeFileSync(join(sub, "signaller.ipynb"), JSON.stringify(nb));
    const r = await gradeClass({ root: ROOT, inputs: [sub], timeoutMs: 8000, memoryMb: 128 });
    expect(r.submissions[0].exercises.find((e) => e.id === "predict-ratio")!.points).toBe(1);
  });
});
