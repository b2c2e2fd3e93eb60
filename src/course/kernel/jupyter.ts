/**
 * Where Jupyter's Python is: the one that can run notebooks (nbclient). How `npm start` opens
 * JupyterLab or the Notebook is launch.ts's.
 *
 * Why look at the `jupyter` script's first line: on Debian `python3` on PATH may be another Python
 * without Jupyter (CONVENTIONS.md); the interpreter in the shebang is the one that has it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

/** What was found of Jupyter (npm start itself now looks through launch.ts, every way of installing it). */
export interface JupyterTools {
  /** The `jupyter` command's path, or null. */
  jupyter: string | null;
  /** A Python that can import nbclient and nbformat (for running notebooks), or null. */
  python: string | null;
  lab: boolean;
  notebook: boolean;
}

/** The first executable called `name` on PATH. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const full = join(dir, name);
    if (existsSync(full)) return full;
  }
  return null;
}

/** The interpreter named in a script's `#!` line, if it is a Python. */
function shebangPython(script: string): string | null {
  try {
    const first = readFileSync(script, "utf8").split("\n", 1)[0] ?? "";
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (m === null) return null;
    const exe = m[1]!.endsWith("/env") ? m[2] ?? null : m[1]!;
    return exe !== null && /python/.test(exe) ? exe : null;
  } catch {
    return null;
  }
}

/** True when `cmd args` exits with 0 (quietly, within 20 s). */
function succeeds(cmd: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync(cmd, args, { env, stdio: "ignore", timeout: 20_000 });
  return r.status === 0;
}

/**
 * A Python that can import nbclient and nbformat (what runs notebooks), or null. `PYTHON` in the
 * environment is tried first, then the `jupyter` command's own interpreter, then python3.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env): string | null {
  const jupyter = which("jupyter", env);
  const candidates = [env.PYTHON, jupyter === null ? null : shebangPython(jupyter), "python3", "/usr/bin/python3"];
  for (const c of candidates) {
    if (c == null || c === "") continue;
    if (succeeds(c, ["-c", "import nbclient, nbformat"], env)) return c;
  }
  return null;
}
