import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../../src/course/kernel/build-info.js";
import { dataDirOf, installKernel, jupyterEnv, KERNEL_ENTRY, kernelJson, parseTarget, sharedInstallProblems } from "../../../src/course/kernel/kernelspec.js";

const ROOT = projectRoot();
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const temp = () => { const d = mkdtempSync(join(tmpdir(), "kernel-")); dirs.push(d); return d; };

describe("the course kernel's spec", () => {
  it("runs the built course kernel of this checkout with tslab's arguments, under the name the notebooks use", () => {
    const spec = kernelJson(ROOT, "/usr/bin/node");
    expect(spec.argv).toEqual(["/usr/bin/node", join(ROOT, KERNEL_ENTRY), "kernel", "--config-path", "{connection_file}"]);
    expect(spec).toMatchObject({ display_name: "TypeScript", language: "typescript", interrupt_mode: "signal" });
    const nb = JSON.parse(readFileSync(join(ROOT, "notebooks/01-backprop-jacobians.ipynb"), "utf8")) as { metadata: { kernelspec: object } };
    expect(nb.metadata.kernelspec).toEqual({ name: "tslab", display_name: spec.display_name, language: spec.language });
  });

  it("writes it under .jupyter/share/jupyter/kernels/tslab by default, pointing at this checkout", () => {
    const root = temp();
    const file = installKernel(root);
    expect(file).toBe(join(root, ".jupyter/share/jupyter/kernels/tslab/kernel.json"));
    expect(JSON.parse(readFileSync(file, "utf8")).argv[1]).toBe(join(ROOT, KERNEL_ENTRY));
  });

  it("installs for a hub under a prefix, readable by every user", () => {
    const prefix = join(temp(), "opt", "tljh", "user");
    const file = installKernel(ROOT, { kind: "prefix", prefix });
    expect(file).toBe(join(prefix, "share/jupyter/kernels/tslab/kernel.json"));
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(statSync(join(prefix, "share/jupyter/kernels/tslab")).mode & 0o777).toBe(0o755);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(kernelJson(ROOT));
  });

  it("knows Jupyter's folders: the system's, the user's (JUPYTER_DATA_DIR, XDG, macOS, Windows) and a prefix", () => {
    expect(dataDirOf({ kind: "system" }, "/p", {}, "linux")).toBe("/usr/local/share/jupyter");
    expect(dataDirOf({ kind: "system" }, "/p", { PROGRAMDATA: "D:\\PD" }, "win32")).toBe(join("D:\\PD", "jupyter"));
    expect(dataDirOf({ kind: "user" }, "/p", { HOME: "/h" }, "linux")).toBe("/h/.local/share/jupyter");
    expect(dataDirOf({ kind: "user" }, "/p", { HOME: "/h", XDG_DATA_HOME: "/x" }, "linux")).toBe("/x/jupyter");
    expect(dataDirOf({ kind: "user" }, "/p", { HOME: "/h", JUPYTER_DATA_DIR: "/j" }, "linux")).toBe("/j");
    expect(dataDirOf({ kind: "user" }, "/p", { HOME: "/h" }, "darwin")).toBe("/h/Library/Jupyter");
    expect(dataDirOf({ kind: "prefix", prefix: "/opt/env" }, "/p")).toBe("/opt/env/share/jupyter");
    expect(dataDirOf({ kind: "project" }, "/p")).toBe("/p/.jupyter/share/jupyter");
  });

  it("reads npm run kernel:install's arguments", () => {
    expect(parseTarget([])).toEqual({ kind: "project" });
    expect(parseTarget(["--system"])).toEqual({ kind: "system" });
    expect(parseTarget(["--user"])).toEqual({ kind: "user" });
    expect(parseTarget(["--prefix", "/usr/local"])).toEqual({ kind: "prefix", prefix: "/usr/local" });
    expect(parseTarget(["--prefix=/opt/x"])).toEqual({ kind: "prefix", prefix: "/opt/x" });
    expect(parseTarget(["--prefix"])).toMatch(/--prefix needs a folder/);
    expect(parseTarget(["--system", "--user"])).toMatch(/give one of/);
    expect(parseTarget(["--sytem"])).toMatch(/unknown argument '--sytem'/);
  });

  it("warns before a shared install that other users could not run", () => {
    expect(sharedInstallProblems(temp())).toEqual([expect.stringContaining("run 'npm run build' first")]);
    const inHome = sharedInstallProblems(ROOT, "/home/lecturer/.nvm/versions/node/v20/bin/node", "/home/lecturer");
    expect(inHome.some((p) => p.includes("inside a home folder"))).toBe(true);
    expect(sharedInstallProblems(ROOT, "/usr/bin/node", "/home/lecturer").filter((p) => p.includes("home folder"))).toEqual([]);
  });

  it("puts our folder first on JUPYTER_PATH and keeps the user's", () => {
    expect(jupyterEnv("/p", { JUPYTER_PATH: "/mine" }).JUPYTER_PATH).toBe(`/p/.jupyter/share/jupyter${delimiter}/mine`);
    expect(jupyterEnv("/p", {}).JUPYTER_PATH).toBe("/p/.jupyter/share/jupyter");
  });
});
