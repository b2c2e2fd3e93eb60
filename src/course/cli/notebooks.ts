/**
 * `npm run notebooks [-- NN ...]`: build every content/NN-*.md (or only the lessons numbered NN)
 * into its student and instructor notebooks. Unchanged cells keep their executed outputs; a content
 * error writes nothing and exits 1. Building one lesson lets an author work on it while another
 * lesson is half written.
 */
import { basename } from "node:path";
import { ContentError, ContentErrors } from "../content/errors.js";
import { buildCourse, lessonFiles } from "../notebook/build.js";
import { ROOT } from "./common.js";

const wanted = process.argv.slice(2).filter((a) => /^\d{2}$/.test(a));
const unknown = process.argv.slice(2).filter((a) => !/^\d{2}$/.test(a));
if (unknown.length > 0) {
  console.error(`npm run notebooks: unknown argument(s) ${unknown.join(", ")}; give lesson numbers such as 02 03, or nothing for every lesson.`);
  process.exit(2);
}
const files = lessonFiles(ROOT).filter((f) => wanted.length === 0 || wanted.includes(basename(f).slice(0, 2)));
if (wanted.length > 0 && files.length === 0) {
  console.error(`npm run notebooks: no lesson numbered ${wanted.join(", ")} in content/.`);
  process.exit(2);
}

try {
  const { changed, unchanged } = buildCourse(ROOT, files);
  for (const path of changed) console.log(`wrote ${path}`);
  console.log(`${changed.length} notebook(s) written, ${unchanged.length} already up to date.`);
} catch (e) {
  if (!(e instanceof ContentError || e instanceof ContentErrors)) throw e;
  console.error(e.message);
  console.error("Nothing was written; fix the lines above and run 'npm run notebooks' again.");
  process.exitCode = 1;
}
