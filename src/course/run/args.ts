/** The command line of `npm run notebooks:run` (see src/course/cli/run-notebooks.ts). */
import type { Flavour } from "../content/model.js";

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
