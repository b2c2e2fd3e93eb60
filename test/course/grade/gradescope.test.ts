/**
 * The Gradescope autograder, laid out as Gradescope does under a temporary root:
 * <tmp>/autograder/source (the zip's contents, plus dist/ and node_modules/ standing in for what
 * setup.sh's `npm ci` makes), <tmp>/autograder/submission (the student's upload) and
 * <tmp>/autograder/results; then `run_autograder` runs there with AUTOGRADER_ROOT pointing at it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCourse } from "../../../src/course/check/lessons.js";
import { ensureBuild } from "../../../src/course/cli/common.js";
import { autograderEntries } from "../../../src/course/grade/gradescope.js";
import { zip } from "../../../src/course/grade/zip.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const LESSON = "01-backprop-jacobians";
let tmp: string;
let ag: string;
let notebook: { cells: { source: string | string[]; metadata: { exercise?: { id: string; kind: string } } }[] };

beforeAll(() => {
  ensureBuild(ROOT, () => {});
  tmp = mkdtempSync(join(tmpdir(), "gradescope-"));
  ag = join(tmp, "autograder");
  const entries = autograderEntries(ROOT, LESSON);
  writeFileSync(join(tmp, "autograder.zip"), zip(entries));
  for (const e of entries) {
    const file = join(ag, "source", e.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, e.data, { mode: e.mode ?? 0o644 });
  }
  cpSync(join(ROOT, "dist"), join(ag, "source", "dist"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(ag, "source", "node_modules"));
  const l = readCourse(ROOT).find((x) => x.name === LESSON)!;
  notebook = JSON.parse(readFileSync(join(ROOT, "notebooks", `${LESSON}.ipynb`), "utf8"));
  for (const c of notebook.cells) {
    const ex = c.metadata.exercise;
    if (ex?.kind === "solution") c.source = l.exercises.find((e) => e.id === ex.id)!.reference;
  }
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function submit(files: Record<string, string>): Record<string, any> {
  rmSync(join(ag, "submission"), { recursive: true, force: true });
  rmSync(join(ag, "results"), { recursive: true, force: true });
  mkdirSync(join(ag, "submission"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ag, "submission", name), text);
  const r = spawnSync("bash", [join(ag, "source", "run_autograder")], { env: { ...process.env, AUTOGRADER_ROOT: ag }, encoding: "utf8", timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(ag, "results", "results.json"), "utf8"));
}

describe("the Gradescope autograder", () => {
  it("is a zip with setup.sh and run_autograder at its root, executable", () => {
    const entries = autograderEntries(ROOT, LESSON);
    expect(entries.slice(0, 2).map((e) => [e.name, e.mode])).toEqual([["setup.sh", 0o755], ["run_autograder", 0o755]]);
    expect(entries.map((e) => e.name)).toContain("package-lock.json");
    expect(entries.map((e) => e.name)).toContain(`notebooks/${LESSON}.ipynb`);
    const unzip = spawnSync("unzip", ["-tq", join(tmp, "autograder.zip")], { encoding: "utf8" });
    if (!unzip.error) expect(unzip.stdout).toMatch(/No errors detected/);
  });

  it("grades a correct submission 6 of 6, with hidden checks shown after publishing", () => {
    const r = submit({ [`${LESSON}.ipynb`]: JSON.stringify(notebook) });
    expect(r).toMatchObject({ score: 6, max_score: 6 });
    const tests = r.tests as { name: string; score: number; max_score: number; visibility: string }[];
    expect(tests.filter((t) => t.visibility === "visible").map((t) => [t.name, t.score, t.max_score])).toEqual([
      ["sigmoid-prime", 1, 1], ["layer-jacobian", 2, 2], ["grad-first-layer", 2, 2], ["predict-ratio", 1, 1],
    ]);
    expect(tests.filter((t) => t.visibility === "after_published")).toHaveLength(4);
    expect(String(r.output)).toMatch(/isolation: (namespaces|network-only|other-user|none)/);
  });

  it("grades a broken upload 0 with a reason, and an empty upload with a message", () => {
    const bad = submit({ "my work.ipynb": "{ not json" });
    expect(bad.score).toBe(0);
    expect(JSON.stringify(bad)).toMatch(/not valid JSON/);
    const none = submit({ "notes.txt": "forgot the notebook" });
    expect(none).toMatchObject({ score: 0 });
    expect(String(none.output)).toMatch(/No notebook/);
    expect(existsSync(join(ag, "results", "results.json"))).toBe(true);
  });
});
