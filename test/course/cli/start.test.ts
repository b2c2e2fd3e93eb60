import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../src/course/kernel/build-info.js";

const ROOT = projectRoot();

describe("npm start without Jupyter", () => {
  it("says so plainly, with how to get it, on one screen, and exits 1 having started and built nothing", () => {
    const empty = mkdtempSync(join(tmpdir(), "no-jupyter-"));
    try {
      const r = spawnSync(process.execPath, ["--import", "tsx", "src/course/cli/start.ts"], {
        cwd: ROOT, env: { PATH: empty, HOME: empty }, encoding: "utf8", timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toBe("");
      const screen = r.stderr.trimEnd();
      expect(screen.split("\n")[0]).toBe("Jupyter is not installed: none of 'jupyter lab', 'jupyter-lab', 'python3 -m jupyterlab', " +
        "'jupyter notebook', 'jupyter-notebook', 'python3 -m notebook' works here.");
      expect(screen.split("\n").length).toBeLessThanOrEqual(24);
      for (const word of ["pipx install jupyterlab", "pip", "conda", "apt-get", "npm run site", "npm test", "npm run check", "GitHub"]) expect(screen).toContain(word);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
