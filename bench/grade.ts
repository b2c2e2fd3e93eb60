/**
 * `npm run bench:grade`: grades 200 generated submissions of lesson 01 (right, wrong, broken and a
 * few hostile ones, mixed) with isolation on, as `npm run grade` does, and prints submissions per
 * second and peak memory. Target on the course's 2-core machine: all 200 in under 2 minutes.
 * Options: --n <count> (200), --jobs <n> (CPUs), --keep (keep the generated folder).
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { readCourse } from "../src/course/check/lessons.js";
import { ensureBuild, ROOT } from "../src/course/cli/common.js";
import { gradeClass } from "../src/course/grade/grade.js";

const LESSON = "01-backprop-jacobians";
const arg = (name: string, dflt: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const N = arg("--n", 200);
const JOBS = arg("--jobs", Math.max(2, cpus().length));

/** The kinds of submission, with how often each occurs (out of 100). */
const KINDS: { kind: string; share: number; cells: (ref: Record<string, string>, i: number) => Record<string, string> }[] = [
  { kind: "right", share: 50, cells: (ref, i) => Object.fromEntries(Object.entries(ref).map(([id, src]) => [id, `// student ${i}\n${src}`])) },
  { kind: "wrong: cutoff", share: 8, cells: (ref) => ({ ...ref, "sigmoid-prime": "function sigmoidPrime(x: number): number {\n  if (Math.abs(x) > 10) return 0;\n  const s = 1 / (1 + Math.exp(-x));\n  return s * (1 - s);\n}" }) },
  { kind: "wrong: sign once", share: 8, cells: (ref) => ({ ...ref, "predict-ratio": "function predictedRatio(depth: number, w: number): number {\n  return Math.sign(w) * Math.abs(w / 4) ** (depth - 1);\n}" }) },
  { kind: "wrong: columns", share: 8, cells: (ref) => ({ ...ref, "layer-jacobian": "function layerJacobian(W: number[][], z: number[], dphi: (z: number) => number): number[][] {\n  return W.map((row) => row.map((w, j) => dphi(z[j]) * w));\n}" }) },
  { kind: "broken: type error", share: 8, cells: (ref) => ({ ...ref, "grad-first-layer": "function gradFirstLayer(jacobians: number[][][], gLast: number[]): number[] {\n  const g: number = gLast;\n  return g;\n}" }) },
  { kind: "broken: throws", share: 6, cells: (ref) => ({ ...ref, "sigmoid-prime": "function sigmoidPrime(x: number): number {\n  return (null as any).x;\n}" }) },
  { kind: "unfinished", share: 6, cells: () => ({}) },
  { kind: "hostile: exit", share: 3, cells: (ref) => ({ ...ref, "layer-jacobian": `process.exit(1);\n${ref["layer-jacobian"]}` }) },
  { kind: "hostile: loop", share: 2, cells: (ref) => ({ ...ref, "predict-ratio": "function predictedRatio(depth: number, w: number): number {\n  for (;;) {}\n}" }) },
  { kind: "malformed", share: 1, cells: () => ({ __file__: "{ not json" }) },
];

/** CPU seconds of this process and of its reaped children (Linux /proc; null elsewhere). */
function cpuSeconds(): number | null {
  try {
    const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return null;
  }
}

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
}

function peakRss(): number {
  return process.resourceUsage().maxRSS / 1024; // MB (maxRSS is in kB)
}

async function main(): Promise<void> {
  if (!ensureBuild(ROOT, (l) => console.error(l))) throw new Error("the library does not build");
  const lesson = readCourse(ROOT).find((l) => l.name === LESSON)!;
  const ref = Object.fromEntries(lesson.exercises.map((e) => [e.id, e.reference]));
  const template = JSON.parse(readFileSync(join(ROOT, "notebooks", `${LESSON}.ipynb`), "utf8")) as { cells: { source: unknown; metadata: { exercise?: { id: string; kind: string } } }[] };
  const dir = mkdtempSync(join(tmpdir(), "bench-grade-"));
  const counts = new Map<string, number>();
  const plan: string[] = [];
  for (const k of KINDS) for (let j = 0; j < Math.round((k.share * N) / 100); j++) plan.push(k.kind);
  while (plan.length < N) plan.push("right");
  plan.length = N;
  plan.forEach((kind, i) => {
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const cells = KINDS.find((k) => k.kind === kind)!.cells(ref, i);
    const file = join(dir, `student${String(i).padStart(3, "0")}_${LESSON}.ipynb`);
    if (cells.__file__ !== undefined) return writeFileSync(file, cells.__file__);
    const nb = structuredClone(template);
    for (const c of nb.cells) if (c.metadata.exercise?.kind === "solution" && cells[c.metadata.exercise.id]) c.source = cells[c.metadata.exercise.id];
    writeFileSync(file, JSON.stringify(nb));
  });
  console.log(`${N} submissions of ${LESSON}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")}; ${JOBS} at a time`);
  const t0 = Date.now();
  const cpu0 = cpuSeconds();
  const load0 = loadAverage();
  const report = await gradeClass({
    root: ROOT,
    inputs: [dir],
    concurrency: JOBS,
    onProgress: (done, total) => {
      if (done % 20 === 0 || done === total) process.stderr.write(`  ${done}/${total} after ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    },
  });
  const s = (Date.now() - t0) / 1000;
  const full = report.submissions.filter((x) => x.points === x.maxPoints && x.maxPoints > 0).length;
  console.log(`isolation: ${report.isolation.mode}`);
  console.log(`graded ${report.submissions.length} in ${s.toFixed(1)} s: ${(report.submissions.length / s).toFixed(2)} submissions/s; ${full} with full marks (expected ${counts.get("right") ?? 0})`);
  const cpu1 = cpuSeconds();
  if (cpu0 !== null && cpu1 !== null) {
    const used = cpu1 - cpu0;
    console.log(`CPU: ${used.toFixed(1)} s in all (${((1000 * used) / report.submissions.length).toFixed(0)} ms per submission), so at least ${(used / cpus().length).toFixed(1)} s of wall time on ${cpus().length} idle cores; load average before ${load0}, after ${loadAverage()} (other work on the machine slows the run)`);
  }
  console.log(`peak memory: grader ${peakRss().toFixed(0)} MB resident; each exercise's process capped at 256 MB heap`);
  console.log(`target (200 in under 120 s): ${N >= 200 && s < 120 ? "met" : N < 200 ? "not measured (fewer than 200)" : "NOT met"}`);
  if (!process.argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
  else console.log(`submissions kept in ${dir}`);
}

main().catch((e) => {
  console.error(`bench:grade: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
