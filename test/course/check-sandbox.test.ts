/**
 * The sandbox on its own: what a submission's code can and cannot do in its child process.
 * Needs the built child (dist/); beforeAll builds it when the sources changed.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runInSandbox } from "../../src/course/check/sandbox.js";
import { isolationFor, type Isolation } from "../../src/course/check/isolation.js";
import { sandboxReadPaths } from "../../src/course/check/check.js";
import { ensureBuild } from "../../src/course/cli/common.js";

const ROOT = join(import.meta.dirname, "..", "..");
const job = (js: string, timeoutMs = 15_000, isolation?: Isolation) => // generous: npm test loads both cores
  runInSandbox({
    isolation,
    js,
    filename: join(ROOT, "notebooks", "__exercise__.js"),
    exercisesModule: join(ROOT, "dist", "content", "01-backprop-jacobians.exercises.js"),
    id: "predict-ratio",
    hidden: false,
    childScript: join(ROOT, "dist", "src", "course", "check", "child.js"),
    readPaths: sandboxReadPaths(ROOT),
    timeoutMs,
    memoryMb: 128,
  });
const answer = "exports.predictedRatio = (L, w) => (w / 4) ** (L - 1);";

beforeAll(() => {
  ensureBuild(ROOT, () => {});
  expect(existsSync(join(ROOT, "dist", "src", "course", "check", "child.js"))).toBe(true);
});

describe("runInSandbox", () => {
  it("brings back one outcome per check for honest code", async () => {
    const r = await job(answer);
    expect(r.kind).toBe("done");
    if (r.kind === "done") expect(r.outcomes.every((o) => o.ok)).toBe(true);
  });

  it("ignores results posted without the nonce on the results pipe", async () => {
    const r = await job(`require("fs").writeSync(3, "x " + Buffer.from("{}").toString("base64") + "\\n");\nif (process.send) process.send({ type: "done", outcomes: [] });\n${answer}`);
    expect(r.kind).toBe("done");
    if (r.kind === "done") expect(r.outcomes.length).toBeGreaterThan(5);
  });

  it("stops typed-array memory bombs that the heap limit alone does not see", async () => {
    const r = await job(`const keep = []; for (let i = 0; i < 100; i++) keep.push(new Float64Array(1e8).fill(1));\n${answer}`);
    expect(["load-error", "crashed"]).toContain(r.kind);
    expect(JSON.stringify(r)).toMatch(/allocation failed|memory/i);
  });

  it("reports process.exit as a crash and a busy loop as a timeout in the case it hit", async () => {
    expect(await job(`process.exit(0);\n${answer}`)).toMatchObject({ kind: "crashed", detail: "exit code 0" });
    const r = await job(`exports.predictedRatio = (L, w) => { if (L === 3) for (;;) {} return (w / 4) ** (L - 1); };`, 4000);
    expect(r.kind).toBe("timeout");
    if (r.kind === "timeout") expect([3, null]).toContain(r.caseIndex); // null only if loading alone took 4 s
  });

  // Signal 0 only asks whether a signal could be sent: safe to try against the grader itself.
  const probe = `let how = "sent"; try { process.kill(${process.pid}, 0); } catch (e) { how = String((e as any).code); }\nexports.predictedRatio = () => how;`;
  for (const [mode, expected] of [["namespaces", "ESRCH"], ["other-user", "EPERM"]] as const) {
    const isolation = isolationFor(mode);
    it.runIf(isolation !== null && (mode !== "other-user" || process.getuid?.() === 0))(`in mode ${mode}, the grader's pid cannot be signalled (${expected})`, async () => {
      const r = await job(probe.replace("(e as any)", "e"), 15_000, isolation!);
      expect(r.kind).toBe("done");
      if (r.kind === "done") expect(r.outcomes[0]).toEqual({ ok: true, value: expected });
    });
  }
});
