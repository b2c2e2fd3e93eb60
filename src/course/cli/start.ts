/**
 * `npm start`: build what is missing, register the kernel, open JupyterLab (or the classic
 * Notebook) on notebooks/. `npm start -- --instructor` opens the instructor notebooks instead.
 * Without Jupyter it says so, with how to get it, and exits with 1 (it started nothing).
 *
 * Notebooks that exist are never rebuilt here: they may hold a learner's work.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { messages } from "../../messages.js";
import { ContentError, ContentErrors } from "../content/errors.js";
import { installKernel, jupyterEnv } from "../kernel/kernelspec.js";
import { findLauncher, launchArgs, WAYS_SHOWN } from "../kernel/launch.js";
import { NOTEBOOK_DIRS, planCourse, writeAtomically } from "../notebook/build.js";
import { serializeNotebook } from "../notebook/nbformat.js";
import { ROOT, ensureBuild } from "./common.js";

const flavour = process.argv.includes("--instructor") ? "instructor" : "student";
// First: without Jupyter there is nothing to build notebooks for.
const launcher = findLauncher();
if (launcher === null) {
  console.error(messages.noJupyter(WAYS_SHOWN));
  process.exit(1);
}
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
console.log(`Opening ${launcher.what} (${launcher.how}) on ${NOTEBOOK_DIRS[flavour]}/ with the project's TypeScript kernel...`);
const child = spawn(launcher.cmd, launchArgs(launcher, join(ROOT, NOTEBOOK_DIRS[flavour])), { cwd: ROOT, env: jupyterEnv(ROOT), stdio: "inherit" });
child.on("error", (e) => {
  console.error(`Could not start ${launcher.how}: ${e.message}`);
  process.exit(1);
});
child.on("exit", (code) => process.exit(code ?? 0));
