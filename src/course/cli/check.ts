/**
 * `npm run check -- <notebook.ipynb>...`: checks the exercises in saved notebooks with the same
 * checks as the notebook's check cells, and prints per exercise pass or fail, points and the same
 * messages. `--json` prints one JSON report (the shape a grader aggregates); `--hidden` also runs
 * instructors' hidden checks; `--timeout <seconds>` sets the limit per exercise (default 10);
 * `--lesson NN-slug` says which lesson the notebooks are (else it is read from each notebook).
 * Exit code: 0 when every exercise passed, 1 otherwise, 2 for a usage error.
 */

import { toText } from "../../exercises/feedback.js";
import { checkNotebook, type NotebookReport } from "../check/check.js";
import { spawnSync } from "node:child_process";
import { buildStatus } from "../kernel/build-info.js";
import { ROOT } from "./common.js";

const USAGE = "usage: npm run check -- [--json] [--hidden] [--timeout <seconds>] [--lesson NN-slug] <notebook.ipynb>...";

interface Args {
  files: string[];
  json: boolean;
  hidden: boolean;
  timeoutMs: number;
  lesson?: string;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { files: [], json: false, hidden: false, timeoutMs: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") args.json = true;
    else if (a === "--hidden") args.hidden = true;
    else if (a === "--lesson") args.lesson = argv[++i];
    else if (a === "--timeout") {
      const s = Number(argv[++i]);
      if (!(s > 0)) return `--timeout needs a positive number of seconds, got ${argv[i]}`;
      args.timeoutMs = s * 1000;
    } else if (a === "--help" || a === "-h") return "";
    else if (a.startsWith("--")) return `unknown option ${a}`;
    else args.files.push(a);
  }
  if (args.files.length === 0) return "give at least one notebook file";
  return args;
}

/**
 * Rebuilds the library when the sources changed (the sandbox runs the built checks), with all of
 * the build's output on stderr so that `--json` keeps stdout to the report alone.
 */
function buildIfStale(): boolean {
  if (buildStatus(ROOT).fresh) return true;
  console.error("The sources changed since the last build: rebuilding the library...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  return spawnSync(npm, ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", 2, 2] }).status === 0;
}

/** The human-readable report of one notebook. */
export function formatReport(r: NotebookReport): string {
  const lines = [`${r.file}${r.lesson ? ` (lesson ${r.lesson})` : ""}`];
  if (r.message) lines.push(`  ${r.message}`);
  for (const e of r.exercises) lines.push(toText(e).split("\n").map((l) => "  " + l).join("\n"));
  lines.push(`  total: ${r.points}/${r.maxPoints} points`);
  return lines.join("\n");
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (typeof parsed === "string") {
    console.error(parsed ? `${parsed}\n${USAGE}` : USAGE);
    return parsed ? 2 : 0;
  }
  if (!buildIfStale()) {
    console.error("The library does not build; fix the errors above (or run npm run build) and try again.");
    return 1;
  }
  const reports: NotebookReport[] = [];
  for (const file of parsed.files) {
    reports.push(await checkNotebook(file, { root: ROOT, hidden: parsed.hidden, timeoutMs: parsed.timeoutMs, lesson: parsed.lesson }));
  }
  const points = reports.reduce((s, r) => s + r.points, 0);
  const maxPoints = reports.reduce((s, r) => s + r.maxPoints, 0);
  if (parsed.json) console.log(JSON.stringify({ notebooks: reports, points, maxPoints }, null, 2));
  else console.log(reports.map(formatReport).join("\n\n"));
  const allPassed = reports.every((r) => !r.message && r.exercises.every((e) => e.status === "passed"));
  return allPassed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
