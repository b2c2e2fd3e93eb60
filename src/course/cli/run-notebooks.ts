/**
 * `npm run notebooks:run [-- --write] [--instructor | --all] [--budget <s>] [00 01 ...]`:
 * execute the notebooks through the tslab kernel and judge them (see src/course/run/).
 *   --write        store the executed student notebooks into notebooks/ (what gets committed)
 *   --instructor   run the instructor build instead (solutions in place: nothing may fail)
 *   --all          run both builds (instructor notebooks equal to the student ones are skipped)
 *   --budget <s>   seconds per notebook (default 20, or NOTEBOOK_BUDGET_SECONDS)
 */
import { ContentError, ContentErrors } from "../content/errors.js";
import { findPython } from "../kernel/jupyter.js";
import { parseRunArgs } from "../run/args.js";
import { runCourse } from "../run/course-run.js";
import { messages } from "../../messages.js";
import { WAYS_SHOWN } from "../kernel/launch.js";
import { ROOT, ensureBuild } from "./common.js";

async function main(): Promise<void> {
  const args = parseRunArgs(process.argv.slice(2));
  const python = findPython();
  if (python === null) {
    console.error("Cannot run the notebooks: no Python with nbclient and nbformat was found.\n");
    console.error(messages.noJupyter(WAYS_SHOWN));
    process.exitCode = 1;
    return;
  }
  if (!ensureBuild(ROOT)) {
    console.error("The library does not build; fix the errors above first ('npm run build').");
    process.exitCode = 1;
    return;
  }
  const rows = await runCourse({ root: ROOT, python, ...args });
  if (rows.length === 0) console.log("No lessons found in content/.");
  if (rows.some((r) => r.problems.length > 0)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  if (e instanceof ContentError || e instanceof ContentErrors || e instanceof Error) console.error(e.message);
  else console.error(e);
  process.exitCode = 1;
});
