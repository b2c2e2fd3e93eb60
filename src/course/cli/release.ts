/**
 * `npm run release -- <dir>`: writes the student release into <dir> (emptied first): the student
 * notebooks, the built library and the public checks, with neither reference solutions nor hidden
 * checks nor known-wrong answers in any file. Hidden checks stay on the instructor's side
 * (content/, and `npm run grade`).
 */

import { resolve } from "node:path";
import { writeRelease } from "../grade/release.js";
import { ensureBuild, ROOT } from "./common.js";

const dir = process.argv[2];
if (!dir || dir.startsWith("-")) {
  console.error("usage: npm run release -- <dir>");
  process.exit(2);
}
const out = resolve(dir);
if (out === ROOT || ROOT.startsWith(out + "/")) {
  console.error(`release: ${out} holds the project itself; give an empty or new folder.`);
  process.exit(2);
}
if (!ensureBuild(ROOT)) process.exit(1);
const r = await writeRelease(ROOT, out);
console.log(`Wrote the student release to ${out}: ${r.files} files, the notebooks of ${r.lessons.length} lessons with exercises, public checks only.`);
