/**
 * `npm run grade -- <folder or files> --out <dir>`: grades a class's saved notebooks with every
 * check (hidden ones included), each exercise of each submission in its own isolated process.
 * Prints a progress bar and a summary table; writes <dir>/gradebook.csv, feedback/<student>.md and
 * .html, gradescope/<student>/results.json, summary.txt and report.json.
 * Options: --lesson NN-slug, --timeout <s per exercise> (10), --memory <MB> (256), --jobs <n>.
 * Exit code 0 when the batch was graded (whatever the scores), 1 when it could not run, 2 for usage.
 */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gradeClass } from "../grade/grade.js";
import { summaryTable, writeReports } from "../grade/reports.js";
import { ensureBuild, ROOT } from "./common.js";

const USAGE = "usage: npm run grade -- <folder or notebook.ipynb>... --out <dir> [--lesson NN-slug] [--timeout <s>] [--memory <MB>] [--jobs <n>]";

interface Args {
  inputs: string[];
  out: string;
  lesson?: string;
  timeoutMs: number;
  memoryMb: number;
  jobs?: number;
}

export function parseGradeArgs(argv: string[]): Args | string {
  const a: Args = { inputs: [], out: "", timeoutMs: 10_000, memoryMb: 256 };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!(v > 0)) throw new Error(`${name} needs a positive number, got ${argv[i]}`);
      return v;
    };
    try {
      if (x === "--out" || x === "-o") a.out = argv[++i] ?? "";
      else if (x === "--lesson") a.lesson = argv[++i];
      else if (x === "--timeout") a.timeoutMs = num("--timeout") * 1000;
      else if (x === "--memory") a.memoryMb = num("--memory");
      else if (x === "--jobs") a.jobs = Math.floor(num("--jobs"));
      else if (x === "--help" || x === "-h") return "";
      else if (x.startsWith("--")) return `unknown option ${x}`;
      else a.inputs.push(x);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (a.inputs.length === 0) return "give a folder of submissions or notebook files";
  if (!a.out) return "give --out <dir> for the gradebook and feedback";
  return a;
}

function bar(done: number, total: number, started: number): string {
  const w = 30;
  const filled = total ? Math.round((w * done) / total) : w;
  const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
  const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
  return `[${"#".repeat(filled)}${".".repeat(w - filled)}] ${done}/${total} graded, ${rate.toFixed(1)}/s, ${eta} s left`;
}

async function main(): Promise<number> {
  const args = parseGradeArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(args ? `${args}\n${USAGE}` : USAGE);
    return args ? 2 : 0;
  }
  if (!ensureBuild(ROOT, (l) => console.error(l))) {
    console.error("The library does not build; fix the errors above and try again.");
    return 1;
  }
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  const report = await gradeClass({
    root: ROOT,
    inputs: args.inputs.map((p) => resolve(p)),
    lesson: args.lesson,
    timeoutMs: args.timeoutMs,
    memoryMb: args.memoryMb,
    concurrency: args.jobs,
    onProgress: (done, total) => {
      if (tty) process.stderr.write(`\r${bar(done, total, started)}`);
      else if (Math.floor((10 * done) / total) !== lastTenth || done === total) {
        lastTenth = Math.floor((10 * done) / total);
        process.stderr.write(`${bar(done, total, started)}\n`);
      }
    },
  });
  if (tty) process.stderr.write("\n");
  const out = resolve(args.out);
  writeReports(report, out);
  console.log(summaryTable(report));
  console.log(`\nWrote ${out}/gradebook.csv, feedback/ (Markdown and HTML per student), gradescope/<student>/results.json, summary.txt, report.json.`);
  if (report.isolation.mode !== "namespaces") console.error(`WARNING: ${report.isolation.caveat}.`);
  return 0;
}

// Run only as a command, not when a test imports parseGradeArgs.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`grade: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
