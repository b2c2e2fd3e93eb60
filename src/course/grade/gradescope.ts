/**
 * The Gradescope autograder: a zip with `setup.sh` and `run_autograder` at its root and this
 * project's sources under it, for one lesson. Gradescope unpacks it to /autograder/source, runs
 * setup.sh once when the image is built (Node.js 20 and `npm ci`, which builds dist/), then
 * run_autograder per submission: it grades /autograder/submission/*.ipynb with every check and
 * writes /autograder/results/results.json (one test per exercise; hidden checks as tests shown
 * after publishing). `AUTOGRADER_ROOT` moves the three folders (the tests lay them out in a
 * temporary folder).
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { collectFiles, gradeClass } from "./grade.js";
import { gradescopeResults } from "./reports.js";
import type { ZipEntry } from "./zip.js";

export const SETUP_SH = `#!/usr/bin/env bash
# Runs once when Gradescope builds the autograder image (Ubuntu, as root).
set -euo pipefail
need_node() { ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; }
if need_node; then
  apt-get update
  apt-get install -y ca-certificates curl gnupg util-linux
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
cd /autograder/source
npm ci            # installs the pinned dependencies and builds dist/ (the prepare script)
`;

export function runAutograderSh(lesson: string): string {
  return `#!/usr/bin/env bash
# Runs once per submission. Writes $ROOT/results/results.json whatever happens.
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source" || exit 1
mkdir -p "$ROOT/results"
exec node dist/src/course/cli/grade-gradescope.js run --lesson ${lesson} --autograder "$ROOT"
`;
}

/** Which files of the project go into the zip: what `npm ci` and the grader need, nothing else. */
export function autograderEntries(root: string, lesson: string): ZipEntry[] {
  const entries: ZipEntry[] = [
    { name: "setup.sh", data: Buffer.from(SETUP_SH), mode: 0o755 },
    { name: "run_autograder", data: Buffer.from(runAutograderSh(lesson)), mode: 0o755 },
  ];
  const add = (rel: string) => entries.push({ name: rel, data: readFileSync(join(root, rel)) });
  for (const f of ["package.json", "package-lock.json", "tsconfig.json"]) if (existsSync(join(root, f))) add(f);
  const walk = (dir: string, keep: (rel: string) => boolean) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const rel = join(dir, name);
      if (statSync(join(root, rel)).isDirectory()) walk(rel, keep);
      else if (keep(rel)) add(rel);
    }
  };
  walk("src", (rel) => rel.endsWith(".ts"));
  // Every lesson's source and checks (the build compiles them all), and the student notebook of
  // this lesson (the originals of its locked cells).
  walk("content", (rel) => /\.(md|ts|json)$/.test(rel));
  add(join("notebooks", `${lesson}.ipynb`));
  return entries;
}

/** Gradescope's run: grade the submission folder, write results.json. Never throws. */
export async function runAutograder(projectRoot: string, autograder: string, lesson: string): Promise<Record<string, unknown>> {
  const resultsFile = join(autograder, "results", "results.json");
  mkdirSync(join(autograder, "results"), { recursive: true });
  let results: Record<string, unknown>;
  try {
    const { files } = collectFiles([join(autograder, "submission")]);
    const chosen = files.find((f) => basename(f) === `${lesson}.ipynb`) ?? files.find((f) => basename(f).includes(lesson)) ?? files[0];
    if (!chosen) {
      results = { score: 0, output: `No notebook (.ipynb) was submitted. Upload your saved ${lesson}.ipynb.`, tests: [] };
    } else {
      const report = await gradeClass({ root: projectRoot, inputs: [chosen], lesson, concurrency: 1 });
      const s = report.submissions[0];
      results = gradescopeResults(s, `graded ${relative(join(autograder, "submission"), chosen)}${files.length > 1 ? ` (of ${files.length} notebooks submitted)` : ""}; isolation: ${report.isolation.mode}`);
    }
  } catch (e) {
    results = { score: 0, output: `The autograder failed (${(e as Error).message}); this is a bug in the course, not in your work. Tell your instructor.`, tests: [] };
  }
  writeFileSync(resultsFile, JSON.stringify(results, null, 1));
  return results;
}
