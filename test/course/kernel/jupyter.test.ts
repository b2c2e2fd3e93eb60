import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findPython, which } from "../../../src/course/kernel/jupyter.js";

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A folder of fake executables: name -> script text. */
function bin(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bin-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe("finding Jupyter", () => {
  it("finds a command on PATH, or nothing", () => {
    const dir = bin({ jupyter: "#!/bin/sh\nexit 0\n" });
    expect(which("jupyter", { PATH: dir })).toBe(join(dir, "jupyter"));
    expect(which("jupyter", { PATH: "" })).toBeNull();
  });

  it("prefers $PYTHON, then the interpreter in the jupyter script's #! line, skipping ones without nbclient", () => {
    const dir = bin({ "python-good": "#!/bin/sh\nexit 0\n", bad: "#!/bin/sh\nexit 1\n" });
    const env = { PATH: `${dir}:/bin:/usr/bin` };
    expect(findPython({ ...env, PYTHON: join(dir, "python-good") })).toBe(join(dir, "python-good"));
    const withJupyter = bin({ jupyter: `#!${join(dir, "python-good")}\n` });
    expect(findPython({ PATH: `${withJupyter}:/bin`, PYTHON: join(dir, "bad") })).toBe(join(dir, "python-good"));
  });
});
