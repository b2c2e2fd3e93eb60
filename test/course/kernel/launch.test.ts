import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findLauncher, launchArgs, WAYS_SHOWN } from "../../../src/course/kernel/launch.js";

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/**
 * A PATH of fake executables, each answering `--version` (exit 0) only to the argument lists
 * given, e.g. { jupyter: ["lab"] } for a `jupyter` that has JupyterLab.
 */
function fakePath(answers: Record<string, string[][]>): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "fake-bin-"));
  dirs.push(dir);
  for (const [name, lists] of Object.entries(answers)) {
    const cases = lists.map((args) => `[ "$*" = "${[...args, "--version"].join(" ")}" ] && exit 0`).join("\n");
    writeFileSync(join(dir, name), `#!/bin/sh\n${cases}\nexit 1\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return { PATH: dir };
}

const how = (env: NodeJS.ProcessEnv) => findLauncher(env)?.how ?? null;

describe("npm start finds Jupyter", () => {
  it.each([
    ["jupyter lab", { jupyter: [["lab"], ["notebook"]] }],
    ["jupyter-lab", { "jupyter-lab": [[]] }], // pipx install jupyterlab: no 'jupyter' at all
    ["jupyter-lab", { "jupyter-lab": [[]], jupyter: [["notebook"]] }], // JupyterLab before the Notebook
    ["python3 -m jupyterlab", { python3: [["-m", "jupyterlab"], ["-m", "notebook"]] }],
    ["python -m jupyterlab", { python: [["-m", "jupyterlab"]] }],
    ["jupyter notebook", { jupyter: [["notebook"]] }],
    ["jupyter-notebook", { "jupyter-notebook": [[]] }],
    ["python3 -m notebook", { python3: [["-m", "notebook"]] }],
    ["python3 -m jupyterlab", { "jupyter-notebook": [[]], python3: [["-m", "jupyterlab"]] }], // JupyterLab preferred
  ])("finds %s", (expected, answers) => {
    expect(how(fakePath(answers))).toBe(expected);
  });

  it("finds nothing when no candidate answers, or none is on PATH", () => {
    expect(how(fakePath({ jupyter: [["nbconvert"]], python3: [["-m", "nbclient"]] }))).toBeNull();
    expect(how({ PATH: "" })).toBeNull();
  });

  it("says which JupyterLab or Notebook it starts and how", () => {
    const env = fakePath({ "jupyter-lab": [[]] });
    expect(findLauncher(env)).toEqual({ what: "JupyterLab", how: "jupyter-lab", cmd: join(env.PATH!, "jupyter-lab"), args: [] });
    expect(findLauncher(fakePath({ python3: [["-m", "notebook"]] }))).toMatchObject({ what: "the classic Jupyter Notebook", args: ["-m", "notebook"] });
  });

  it("opens the notebooks folder, with --allow-root as root (Jupyter refuses root otherwise)", () => {
    const l = { what: "JupyterLab", how: "jupyter lab", cmd: "/bin/jupyter", args: ["lab"] };
    expect(launchArgs(l, "/p/notebooks", false)).toEqual(["lab", "--notebook-dir=/p/notebooks"]);
    expect(launchArgs(l, "/p/notebooks", true)).toEqual(["lab", "--notebook-dir=/p/notebooks", "--allow-root"]);
  });

  it("lists every way it tried, as a learner would type them", () => {
    expect(WAYS_SHOWN).toEqual(["jupyter lab", "jupyter-lab", "python3 -m jupyterlab", "jupyter notebook", "jupyter-notebook", "python3 -m notebook"]);
  });
});
