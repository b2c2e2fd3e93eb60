/**
 * The tslab kernel, registered inside the project and nowhere else.
 *
 * Why project-local: learners may have other kernels (or another tslab) set up globally; we
 * never touch those. Our commands add `.jupyter/share/jupyter` to JUPYTER_PATH, where Jupyter looks
 * for kernels before the user's and the system's folders.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { KERNELSPEC } from "../notebook/ipynb.js";

/** The project-local Jupyter data folder (git-ignored), relative to the project root. */
export const JUPYTER_DATA_DIR = join(".jupyter", "share", "jupyter");

/** The kernel.json tslab's own installer would write, pointing at the project's tslab. */
export function kernelJson(root: string, node: string = process.execPath): Record<string, unknown> {
  // node + the script (not node_modules/.bin/tslab): Jupyter may start without node on its PATH.
  return {
    argv: [node, join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: KERNELSPEC.display_name,
    language: KERNELSPEC.language,
  };
}

/** Write `.jupyter/share/jupyter/kernels/tslab/kernel.json`; returns its path. Cheap: run it often. */
export function installKernel(root: string): string {
  const dir = join(root, JUPYTER_DATA_DIR, "kernels", KERNELSPEC.name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "kernel.json");
  writeFileSync(file, `${JSON.stringify(kernelJson(root), null, 2)}\n`);
  return file;
}

/** The environment for a Jupyter process that should find our kernel first. */
export function jupyterEnv(root: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const ours = join(root, JUPYTER_DATA_DIR);
  const rest = base.JUPYTER_PATH ? `${delimiter}${base.JUPYTER_PATH}` : "";
  return { ...base, JUPYTER_PATH: `${ours}${rest}` };
}
