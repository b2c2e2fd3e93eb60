/**
 * `npm run notebooks`: build every content/NN-*.md into its student and instructor notebooks.
 * Unchanged cells keep their executed outputs; a content error writes nothing and exits 1.
 */
import { ContentError, ContentErrors } from "../content/errors.js";
import { buildCourse } from "../notebook/build.js";
import { ROOT } from "./common.js";

try {
  const { changed, unchanged } = buildCourse(ROOT);
  for (const path of changed) console.log(`wrote ${path}`);
  console.log(`${changed.length} notebook(s) written, ${unchanged.length} already up to date.`);
} catch (e) {
  if (!(e instanceof ContentError || e instanceof ContentErrors)) throw e;
  console.error(e.message);
  console.error("Nothing was written; fix the lines above and run 'npm run notebooks' again.");
  process.exitCode = 1;
}
