/**
 * `npm run grade:gradescope -- <NN-slug> [--out <file.zip>]`: builds the Gradescope autograder zip
 * for one lesson (default out: gradescope-<NN-slug>.zip). Upload it as the assignment's
 * autograder (Ubuntu base image). Inside the autograder, `run_autograder` calls this file as
 * `run --lesson <NN-slug> --autograder /autograder`.
 */

import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { readCourse } from "../check/lessons.js";
import { autograderEntries, runAutograder } from "../grade/gradescope.js";
import { zip } from "../grade/zip.js";
import { ROOT } from "./common.js";

const USAGE = "usage: npm run grade:gradescope -- <NN-slug> [--out <file.zip>]";

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "run") {
    const lesson = argv[argv.indexOf("--lesson") + 1];
    const autograder = argv.includes("--autograder") ? argv[argv.indexOf("--autograder") + 1] : "/autograder";
    const r = await runAutograder(ROOT, autograder, lesson);
    console.log(`score ${String(r.score)}${r.max_score !== undefined ? ` of ${String(r.max_score)}` : ""}`);
    return 0;
  }
  const lesson = argv.find((a) => !a.startsWith("--") && argv[argv.indexOf(a) - 1] !== "--out");
  if (!lesson) {
    console.error(USAGE);
    return 2;
  }
  const known = readCourse(ROOT).map((l) => l.name);
  const name = known.find((n) => n === lesson || n.startsWith(`${lesson}-`));
  if (!name) {
    console.error(`No lesson '${lesson}' with exercises; known: ${known.join(", ")}.\n${USAGE}`);
    return 2;
  }
  const out = resolve(argv.includes("--out") ? argv[argv.indexOf("--out") + 1] : `gradescope-${name}.zip`);
  const entries = autograderEntries(ROOT, name);
  writeFileSync(out, zip(entries));
  console.log(`Wrote ${out} (${entries.length} files): setup.sh and run_autograder at its root. Upload it as the autograder of the Gradescope assignment for ${name}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`grade:gradescope: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
