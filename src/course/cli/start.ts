/**
 * `npm start`: build what is missing, register the kernel, open JupyterLab (or the classic
 * Notebook) on notebooks/. `npm start -- --instructor` opens the instructor notebooks instead.
 *
 * Notebooks that exist are never rebuilt here: they may hold a learner's work.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ContentError, ContentErrors } from "../content/errors.js";
import { findJupyter } from "../kernel/jupyter.js";
import { installKernel, jupyterEnv } from "../kernel/kernelspec.js";
import { NOTEBOOK_DIRS, planCourse, writeAtomically } from "../notebook/build.js";
import { serializeNotebook } from "../notebook/nbformat.js";
import { ROOT, ensureBuild, launchPlan, noJupyterScreen } from "./common.js";

const flavour = process.argv.includes("--instructor") ? "instructor" : "student";
if (!ensureBuild(ROOT)) {
  console.error("The library does not build; see the errors above.");
  process.exit(1);
}
try {
  const missing = planCourse(ROOT)
    .filter((p) => p.flavour === flavour && !existsSync(join(ROOT, p.path)))
    .map((p) => ({ path: p.path, text: serializeNotebook(p.notebook) }));
  for (const path of writeAtomically(ROOT, missing)) console.log(`built ${path}`);
} catch (e) {
  if (!(e instanceof ContentError || e instanceof ContentErrors)) throw e;
  console.error(`${e.message}\n(the notebooks already built still open)`);
}
installKernel(ROOT);
const plan = launchPlan(findJupyter(), join(ROOT, NOTEBOOK_DIRS[flavour]));
if (plan === null) {
  console.log(noJupyterScreen());
} else {
  console.log(`Opening ${plan.what} on ${NOTEBOOK_DIRS[flavour]}/ with the project's TypeScript kernel...`);
  const child = spawn(plan.cmd, plan.args, { cwd: ROOT, env: jupyterEnv(ROOT), stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
}
