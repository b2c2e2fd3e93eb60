/**
 * `npm start`: build what is missing, register the kernel, open JupyterLab (or the classic
 * Notebook) on notebooks/. `npm start -- --instructor` opens the instructor notebooks instead.
 * Without Jupyter it says so, with how to get it; at a terminal it then serves the lecture pages
 * (npm run site), elsewhere it exits with 1 (it started nothing).
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
import { buildSite, serveSiteNear, siteExists, SITE_DIR } from "../site/index.js";
import { ROOT, ensureBuild } from "./common.js";

const flavour = process.argv.includes("--instructor") ? "instructor" : "student";
// First: without Jupyter there is nothing to build notebooks for.
const launcher = findLauncher();
if (launcher === null) {
  console.error(messages.noJupyter(WAYS_SHOWN));
  // At a terminal, offer what works without Jupyter: the lessons as web pages. A script or CI
  // (no terminal) gets the exit status 1 at once, since nothing it asked for was started.
  if (!(process.stdin.isTTY && process.stdout.isTTY)) process.exit(1);
  await serveLectureSite();
} else {
  await openJupyter(launcher);
}

/** Builds the lecture site (keeping an older one if the build fails) and serves it until Ctrl+C. */
async function serveLectureSite(): Promise<void> {
  const dir = join(ROOT, SITE_DIR);
  try {
    buildSite(ROOT, dir, (line) => console.log(line));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    if (!siteExists(dir)) process.exit(1);
  }
  const { url } = await serveSiteNear(dir, 8000);
  console.log(`\n${messages.siteServing(url)}`);
}

/** Builds what is missing, registers the kernel and opens Jupyter on the notebooks. */
async function openJupyter(launcher: NonNullable<ReturnType<typeof findLauncher>>): Promise<void> {
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
}
