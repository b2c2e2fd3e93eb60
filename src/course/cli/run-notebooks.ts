/**
 * `npm run notebooks:run [-- --write] [--instructor | --all] [--budget <s>] [00 01 ...]`:
 * execute the notebooks through the tslab kernel and judge them (see src/course/run/).
 *   --write        store the executed student notebooks into notebooks/ (what gets committed)
 *   --instructor   run the instructor build instead (solutions in place: nothing may fail)
 *   --all          run both builds
 *   --budget <s>   seconds per notebook (default 20, or NOTEBOOK_BUDGET_SECONDS)
 */
import { ContentError, ContentErrors } from "../content/errors.js";
import type { Flavour } from "../content/model.js";
import { findJupyter } from "../kernel/jupyter.js";
import { runCourse } from "../run/course-run.js";
import { ROOT, ensureBuild, noJupyterScreen } from "./common.js";

/** The parsed command line. */
export interface RunArgs { write: boolean; flavours: Flavour[]; budget: number; only: string[] }

/** Parse the arguments (exported for tests). */
export function parseRunArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): RunArgs {
  const args: RunArgs = { write: false, flavours: ["student"], budget: Number(env.NOTEBOOK_BUDGET_SECONDS ?? 20), only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--write") args.write = true;
    else if (a === "--instructor") args.flavours = ["instructor"];
    else if (a === "--all") args.flavours = ["student", "instructor"];
    else if (a === "--budget") args.budget = Number(argv[++i]);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}; use --write, --instructor, --all or --budget <seconds>`);
    else args.only.push(a);
  }
  if (!Number.isFinite(args.budget) || args.budget <= 0) throw new Error("--budget needs a positive number of seconds");
  return args;
}

async function main(): Promise<void> {
  const args = parseRunArgs(process.argv.slice(2));
  const tools = findJupyter();
  if (tools.python === null) {
    console.error("Cannot run the notebooks: no Python with nbclient and nbformat was found.\n");
    console.error(noJupyterScreen());
    process.exitCode = 1;
    return;
  }
  if (!ensureBuild(ROOT)) {
    console.error("The library does not build; fix the errors above first ('npm run build').");
    process.exitCode = 1;
    return;
  }
  const rows = await runCourse({ root: ROOT, python: tools.python, ...args });
  if (rows.length === 0) console.log("No lessons found in content/.");
  if (rows.some((r) => r.problems.length > 0)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  if (e instanceof ContentError || e instanceof ContentErrors || e instanceof Error) console.error(e.message);
  else console.error(e);
  process.exitCode = 1;
});
