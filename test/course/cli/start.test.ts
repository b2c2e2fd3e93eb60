import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
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

// `script` gives the command a terminal (a pseudo-tty), as a learner typing `npm start` has.
const SCRIPT = "/usr/bin/script";
describe.runIf(existsSync(SCRIPT))("npm start without Jupyter, at a terminal", () => {
  it("serves the lecture pages on localhost, and says where", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-jupyter-"));
    const command = `${JSON.stringify(process.execPath)} --import tsx src/course/cli/start.ts`;
    const child = spawn(SCRIPT, ["-qec", command, "/dev/null"], { cwd: ROOT, env: { PATH: empty, HOME: empty, TERM: "dumb" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address within 90 s; output:\n${out}`)), 90_000);
        child.stdout.on("data", () => {
          const m = /Serving the lecture site at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code} before serving; output:\n${out}`)));
      });
      expect(out).toContain("Jupyter is not installed");
      const page = await fetch(`${url}index.html`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/02 · Watching gradients vanish/);
    } finally {
      child.kill("SIGTERM");
      rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);
});
