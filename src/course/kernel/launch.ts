/**
 * How `npm start` opens Jupyter, whichever way it was installed. Tried in this order, JupyterLab
 * first, the first that answers `--version` wins:
 *
 *   jupyter lab          pip, conda, most set-ups
 *   jupyter-lab          pipx install jupyterlab (it puts only jupyter-lab, not jupyter, on PATH)
 *   python3 -m jupyterlab   a Python that has JupyterLab but no script on PATH (pip --user without
 *                        ~/.local/bin on PATH; `python` where there is no python3, e.g. Windows)
 *   jupyter notebook     the classic Notebook (Debian's jupyter-notebook package), Notebook 7
 *   jupyter-notebook     the same through its own script
 *   python3 -m notebook
 */
import { spawnSync } from "node:child_process";
import { which } from "./jupyter.js";

/** One way of starting Jupyter, as found on this machine. */
export interface Launcher {
  /** What the learner gets: "JupyterLab" or "the classic Jupyter Notebook". */
  what: string;
  /** How it is called, for messages: "jupyter lab", "python3 -m notebook". */
  how: string;
  cmd: string;
  /** Arguments before the options (`lab`, `-m jupyterlab`...). */
  args: string[];
}

const LAB = "JupyterLab";
const NOTEBOOK = "the classic Jupyter Notebook";

/** Every way tried, in order of preference: [what, command, arguments]. */
export const WAYS: readonly (readonly [string, string, readonly string[]])[] = [
  [LAB, "jupyter", ["lab"]],
  [LAB, "jupyter-lab", []],
  [LAB, "python3", ["-m", "jupyterlab"]],
  [LAB, "python", ["-m", "jupyterlab"]],
  [NOTEBOOK, "jupyter", ["notebook"]],
  [NOTEBOOK, "jupyter-notebook", []],
  [NOTEBOOK, "python3", ["-m", "notebook"]],
  [NOTEBOOK, "python", ["-m", "notebook"]],
];

/** The ways as a learner would type them, for the "not installed" message. */
export const WAYS_SHOWN = WAYS.filter(([, cmd]) => cmd !== "python").map(([, cmd, args]) => [cmd, ...args].join(" "));

/** True when `cmd args --version` exits with 0 (quietly, within 20 s). */
function answers(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync(cmd, [...args, "--version"], { env, stdio: "ignore", timeout: 20_000 });
  return r.status === 0;
}

/** The preferred way of starting Jupyter found on PATH, or null when there is none. */
export function findLauncher(env: NodeJS.ProcessEnv = process.env): Launcher | null {
  const tried = new Map<string, string | null>();
  for (const [what, name, args] of WAYS) {
    if (!tried.has(name)) tried.set(name, which(name, env));
    const cmd = tried.get(name)!;
    if (cmd !== null && answers(cmd, args, env)) return { what, how: [name, ...args].join(" "), cmd, args: [...args] };
  }
  return null;
}

/** The full command line to open `dir`; `--allow-root` as root (containers), which Jupyter otherwise refuses. */
export function launchArgs(launcher: Launcher, dir: string, isRoot: boolean = process.getuid?.() === 0): string[] {
  return [...launcher.args, `--notebook-dir=${dir}`, ...(isRoot ? ["--allow-root"] : [])];
}
