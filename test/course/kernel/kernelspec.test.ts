import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installKernel, jupyterEnv } from "../../../src/course/kernel/kernelspec.js";

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe("project-local kernel", () => {
  it("writes kernel.json under .jupyter/share/jupyter/kernels/tslab, running the project's own tslab", () => {
    const root = mkdtempSync(join(tmpdir(), "kernel-"));
    dirs.push(root);
    const file = installKernel(root);
    expect(file).toBe(join(root, ".jupyter/share/jupyter/kernels/tslab/kernel.json"));
    const spec = JSON.parse(readFileSync(file, "utf8"));
    expect(spec.argv).toEqual([process.execPath, join(root, "node_modules/tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"]);
    expect(spec).toMatchObject({ display_name: "TypeScript", language: "typescript" });
  });

  it("puts our folder first on JUPYTER_PATH and keeps the user's", () => {
    expect(jupyterEnv("/p", { JUPYTER_PATH: "/mine" }).JUPYTER_PATH).toBe(`/p/.jupyter/share/jupyter${delimiter}/mine`);
    expect(jupyterEnv("/p", {}).JUPYTER_PATH).toBe("/p/.jupyter/share/jupyter");
  });
});
