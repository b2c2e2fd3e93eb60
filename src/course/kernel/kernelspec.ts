/**
 * The course kernel's kernel spec: tslab with the course's extensions (tslab-kernel.ts), under
 * the name and display name the notebooks' metadata names ("tslab", "TypeScript").
 *
 * Where it goes:
 *   project (default)  .jupyter/share/jupyter/kernels/tslab, inside the project only. Learners may
 *                      have other kernels (or another tslab) set up globally; we never touch those.
 *                      Our commands put `.jupyter/share/jupyter` first on JUPYTER_PATH.
 *   --user             the user's Jupyter data folder (~/.local/share/jupyter on Linux): every
 *                      Jupyter and VS Code of that user finds it.
 *   --system           /usr/local/share/jupyter (Windows: %PROGRAMDATA%\jupyter): every user of the
 *                      machine, e.g. all learners of a JupyterHub, run the course from a shared checkout.
 *   --prefix <dir>     <dir>/share/jupyter, e.g. the Python environment a hub's servers run in
 *                      (The Littlest JupyterHub: /opt/tljh/user).
 * The spec always points at the checkout this code lives in (its dist/ and node_modules/).
 */
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { messages } from "../../messages.js";
import { KERNELSPEC } from "../notebook/ipynb.js";
import { projectRoot } from "./build-info.js";
import { TSLAB_VERSION } from "./tslab.js";

/** The project-local Jupyter data folder (git-ignored), relative to the project root. */
export const JUPYTER_DATA_DIR = join(".jupyter", "share", "jupyter");

/** The built kernel entry point, relative to the checkout. */
export const KERNEL_ENTRY = join("dist", "src", "course", "kernel", "tslab-kernel.js");

/** Where a kernel spec is installed. */
export type KernelTarget = { kind: "project" } | { kind: "user" } | { kind: "system" } | { kind: "prefix"; prefix: string };

/** The kernel.json of the course kernel of the checkout at `codeRoot`. */
export function kernelJson(codeRoot: string = projectRoot(), node: string = process.execPath): Record<string, unknown> {
  // node + the script (not a shell wrapper): Jupyter may start without node on its PATH.
  return {
    argv: [node, join(codeRoot, KERNEL_ENTRY), "kernel", "--config-path", "{connection_file}"],
    display_name: KERNELSPEC.display_name,
    language: KERNELSPEC.language,
    interrupt_mode: "signal",
    metadata: { course: { checkout: codeRoot, tslab: TSLAB_VERSION } },
  };
}

/**
 * The Jupyter data folder a target means (kernels go in its `kernels/` folder), as jupyter_core
 * computes it: JUPYTER_DATA_DIR, else the platform's per-user folder; /usr/local/share/jupyter
 * (or %PROGRAMDATA%\jupyter) for the system.
 */
export function dataDirOf(target: KernelTarget, root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  switch (target.kind) {
    case "project":
      return join(root, JUPYTER_DATA_DIR);
    case "prefix":
      return join(resolve(target.prefix), "share", "jupyter");
    case "system":
      return platform === "win32" ? join(env.PROGRAMDATA ?? "C:\\ProgramData", "jupyter") : "/usr/local/share/jupyter";
    case "user": {
      if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
      const home = env.HOME ?? homedir();
      if (platform === "darwin") return join(home, "Library", "Jupyter");
      if (platform === "win32") return join(env.APPDATA ?? join(home, "AppData", "Roaming"), "jupyter");
      return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "jupyter");
    }
  }
}

/**
 * Write `<data dir>/kernels/tslab/kernel.json` for `target` (default: inside the project at `root`);
 * returns its path. Cheap: run it often. Readable by everyone (a hub's learners run it).
 */
export function installKernel(root: string, target: KernelTarget = { kind: "project" }, codeRoot: string = projectRoot()): string {
  const dir = join(dataDirOf(target, root), "kernels", KERNELSPEC.name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "kernel.json");
  writeFileSync(file, `${JSON.stringify(kernelJson(codeRoot), null, 2)}\n`);
  if (target.kind !== "project") {
    // sudo with a strict umask would otherwise leave it readable by root only
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
  }
  return file;
}

/**
 * What could stop other users from running the kernel a shared install points at: the built entry
 * missing, node inside a home folder (nvm), files not readable by others. Empty when all is well.
 */
export function sharedInstallProblems(codeRoot: string = projectRoot(), node: string = process.execPath, home: string = homedir()): string[] {
  const problems: string[] = [];
  const entry = join(codeRoot, KERNEL_ENTRY);
  if (!existsSync(entry)) return [messages.kernelSpecNotBuilt(entry)];
  if (node.startsWith(`${home}/`) || /^\/(home|root)\//.test(node)) problems.push(messages.kernelSpecNodeInHome(node));
  if ((statSync(entry).mode & 0o004) === 0) problems.push(messages.kernelSpecNotShared(codeRoot));
  return problems;
}

/** How to call `npm run kernel:install`. */
export const INSTALL_USAGE = "usage: npm run kernel:install [-- --user | --system | --prefix <dir>]";

/** The target the arguments ask for, or a message saying what is wrong with them. */
export function parseTarget(argv: readonly string[]): KernelTarget | string {
  let target: KernelTarget = { kind: "project" };
  let chosen = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--user") target = { kind: "user" };
    else if (a === "--system") target = { kind: "system" };
    else if (a === "--prefix" || a.startsWith("--prefix=")) {
      const prefix = a === "--prefix" ? argv[++i] : a.slice("--prefix=".length);
      if (prefix === undefined || prefix === "" || prefix.startsWith("--")) return `--prefix needs a folder\n${INSTALL_USAGE}`;
      target = { kind: "prefix", prefix };
    } else return `unknown argument '${a}'\n${INSTALL_USAGE}`;
    chosen++;
  }
  return chosen > 1 ? `give one of --user, --system, --prefix\n${INSTALL_USAGE}` : target;
}

/** The environment for a Jupyter process that should find our kernel first. */
export function jupyterEnv(root: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const ours = join(root, JUPYTER_DATA_DIR);
  const rest = base.JUPYTER_PATH ? `${delimiter}${base.JUPYTER_PATH}` : "";
  return { ...base, JUPYTER_PATH: `${ours}${rest}` };
}
