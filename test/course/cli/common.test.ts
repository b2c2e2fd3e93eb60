import { describe, expect, it } from "vitest";
import { launchPlan, noJupyterScreen } from "../../../src/course/cli/common.js";

const tools = (lab: boolean, notebook: boolean, jupyter: string | null = "/usr/bin/jupyter") => ({ jupyter, python: null, lab, notebook });

describe("npm start", () => {
  it("prefers JupyterLab, falls back to the classic Notebook, and gives up without Jupyter", () => {
    expect(launchPlan(tools(true, true), "/p/notebooks", false)).toEqual({ cmd: "/usr/bin/jupyter", args: ["lab", "--notebook-dir=/p/notebooks"], what: "JupyterLab" });
    expect(launchPlan(tools(false, true), "/p/notebooks", false)?.args[0]).toBe("notebook");
    expect(launchPlan(tools(false, false), "/p/notebooks", false)).toBeNull();
    expect(launchPlan(tools(true, true, null), "/p/notebooks", false)).toBeNull();
  });

  it("passes --allow-root when running as root (containers), which Jupyter otherwise refuses", () => {
    expect(launchPlan(tools(true, false), "/n", true)?.args).toEqual(["lab", "--notebook-dir=/n", "--allow-root"]);
  });

  it("explains in one screen how to get Jupyter and what works without it", () => {
    const screen = noJupyterScreen();
    expect(screen.split("\n").length).toBeLessThanOrEqual(24);
    for (const word of ["pipx", "pip", "conda", "apt-get", "npm test", "npm run bench", "GitHub"]) expect(screen).toContain(word);
  });
});
