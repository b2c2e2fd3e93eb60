/**
 * What the course's command-line entry points share: the project root, a fresh library build,
 * and the screen shown when Jupyter is missing.
 */
import { spawnSync } from "node:child_process";
import { buildStatus, projectRoot } from "../kernel/build-info.js";
import type { JupyterTools } from "../kernel/jupyter.js";

/** The project root (the folder with package.json above this file). */
export const ROOT = projectRoot();

/**
 * Run `npm run build` when dist/ is missing or older than the sources (it also writes
 * dist/build-info.json via postbuild). Returns false when the build failed.
 */
export function ensureBuild(root: string = ROOT, log: (l: string) => void = console.log): boolean {
  const { fresh, built } = buildStatus(root);
  if (fresh) return true;
  log(built === null ? "Building the library (first run)..." : "The sources changed since the last build: rebuilding the library...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

/** How to start Jupyter on a folder with the tools found: JupyterLab first, else the classic Notebook. */
export function launchPlan(
  tools: JupyterTools, dir: string, isRoot: boolean = process.getuid?.() === 0,
): { cmd: string; args: string[]; what: string } | null {
  if (tools.jupyter === null) return null;
  // In a container one is often root, and Jupyter refuses to start as root without this flag.
  const extra = isRoot ? ["--allow-root"] : [];
  if (tools.lab) return { cmd: tools.jupyter, args: ["lab", `--notebook-dir=${dir}`, ...extra], what: "JupyterLab" };
  if (tools.notebook) return { cmd: tools.jupyter, args: ["notebook", `--notebook-dir=${dir}`, ...extra], what: "the classic Jupyter Notebook" };
  return null;
}

/** The one screen shown when no Jupyter is installed. */
export function noJupyterScreen(): string {
  return [
    "Jupyter is not installed (no 'jupyter lab' or 'jupyter notebook' on your PATH).",
    "",
    "Install one of these, then run 'npm start' again:",
    "  pipx:    pipx install jupyterlab",
    "  pip:     python3 -m pip install --user jupyterlab",
    "  conda:   conda install -c conda-forge jupyterlab",
    "  Debian/Ubuntu: sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient",
    "           (the classic Notebook; JupyterLab is not packaged there)",
    "",
    "The TypeScript kernel (tslab) comes with this project; 'npm start' registers it for you,",
    "inside this folder only (.jupyter/), leaving your own Jupyter set-up untouched.",
    "",
    "What works without Jupyter:",
    "  npm test        the library's tests and every exercise's checks",
    "  npm run bench   the speed benchmarks",
    "  reading the notebooks on GitHub: notebooks/*.ipynb are committed with their outputs",
    "  npm run check -- notebooks/01-....ipynb   checks your exercises in a saved notebook",
  ].join("\n");
}
