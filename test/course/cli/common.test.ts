import { describe, expect, it } from "vitest";
import { launchPlan, noJupyterScreen } from "../../../src/course/cli/common.js";

const tools = (lab: boolean, notebook: boolean, jupyter: string | null = "/usr/bin/jupyter") => ({ jupyter, python: null, lab, notebook });

describe("npm start", () => {
  it("prefers JupyterLab, falls back to the classic Notebook, and gives up without Jupyter", () => {
    expect(launchPlan(tools(true, true), "/p/notebooks")).toEqual({ cmd: "/usr/bin/jupyter", args: ["lab", "--notebook-dir=/p/notebooks"], what: "JupyterLab" });
    expect(launchPlan(tools(false, true), "/p/notebooks")?.args[0]).toBe("notebook");
    expect(launchPlan(tools(false, false), "/p/notebooks")).toBeNull();
    expect(launchPlan(tools(true, true, null), "/p/notebooks")).toBeNull();
  });

  it("explains in one screen how to get Jupyter and what works without it", () => {
    const screen = noJupyterScreen();
    expect(screen.split("\n").length).toBeLessThanOrEqual(24);
    for (const word of ["pipx", "pip", "conda", "apt-get", "npm test", "npm run bench", "GitHub"]) expect(screen).toContain(word);
  });
});
