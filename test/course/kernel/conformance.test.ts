/**
 * The course kernel against Jupyter's own kernel test suite (jupyter_kernel_test, conformance.py),
 * over real sockets, and a JupyterHub-style install: a kernel spec under a shared prefix running
 * a learner's notebook from their own folder.
 *
 * Needs a Python with jupyter_client, nbclient and jupyter_kernel_test (Debian: jupyter-notebook,
 * python3-nbclient, python3-jupyter-kernel-test). Without them the tests are skipped, and one
 * line says why; under CI=true they are a failure.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../../src/course/kernel/build-info.js";
import { installKernel, jupyterEnv } from "../../../src/course/kernel/kernelspec.js";
import type { Notebook } from "../../../src/course/notebook/nbformat.js";
import { executeNotebook } from "../../../src/course/run/execute.js";

const ROOT = projectRoot();
const CI = process.env.CI === "true";

/** The first Python that imports every module named, else null. $PYTHON, when set, is the only one tried. */
function pythonWith(modules: string): string | null {
  for (const py of process.env.PYTHON ? [process.env.PYTHON] : ["/usr/bin/python3", "python3"]) {
    if (!py) continue;
    if (spawnSync(py, ["-c", `import ${modules}`], { stdio: "ignore", timeout: 30_000 }).status === 0) return py;
  }
  return null;
}

const python = pythonWith("jupyter_client, nbclient, nbformat, jupyter_kernel_test");
const missing = python !== null ? null
  : pythonWith("jupyter_client, nbclient, nbformat") === null
    ? "no Jupyter (no Python with jupyter_client and nbclient: apt-get install jupyter-notebook python3-nbclient, or pip install jupyterlab)"
    : "Jupyter's kernel test harness is missing (apt-get install python3-jupyter-kernel-test, or pip install jupyter_kernel_test)";

/** The harness's tests that must pass, and those it skips by design (no pager, no history, no clear_output sample). */
const MUST_PASS = [
  "test_kernel_info", "test_execute_stdout", "test_execute_stderr", "test_completion", "test_is_complete", "test_inspect",
  "test_error", "test_execute_result", "test_display_data",
  "test_kernel_info_status", "test_comm_info", "test_error_fields_and_no_kernel_frames", "test_error_in_function_of_earlier_cell",
  "test_error_in_async_cell", "test_type_error_names_line_and_message", "test_interrupt_stops_endless_loop", "test_interrupt_stops_pending_await",
  "test_check_cell_time_limit",
  "test_stop_on_error",
];
const SKIPPED = ["test_pager", "test_clear_output"];

if (missing !== null && !CI) {
  process.stdout.write(`kernel conformance tests skipped: ${missing}\n`);
  describe.skip(`the course kernel in Jupyter (skipped: ${missing})`, () => {
    it("runs Jupyter's kernel test suite", () => {});
  });
} else {
  describe("the course kernel in Jupyter", () => {
    it("has Jupyter and its kernel test harness (required under CI=true)", () => {
      expect(missing, `CI=true but ${missing}`).toBeNull();
    });

    describe.skipIf(python === null)("Jupyter's kernel test suite (jupyter_kernel_test) and the course's own protocol tests", () => {
      let outcomes: Record<string, [string, string]> = {};
      let log = "";
      beforeAll(async () => {
        installKernel(ROOT); // a fresh clone may not have registered it yet
        const child = spawn(python!, [join(ROOT, "test/course/kernel/conformance.py")], { cwd: ROOT, env: jupyterEnv(ROOT), stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (log += d.toString()));
        const timer = setTimeout(() => child.kill("SIGTERM"), 280_000);
        await new Promise((resolve) => child.on("close", resolve));
        clearTimeout(timer);
        try {
          const line = stdout.split("\n").find((l) => l.startsWith("OUTCOMES ")) ?? "OUTCOMES {}";
          outcomes = JSON.parse(line.slice("OUTCOMES ".length)) as typeof outcomes;
        } catch {
          outcomes = {};
        }
      }, 300_000);

      it.each(MUST_PASS)("passes %s", (name) => {
        const [status, detail] = outcomes[name] ?? ["did not run", log.slice(-3000)];
        expect(status, `${name}: ${detail}`).toBe("ok");
      });

      it("skips only what the kernel does not offer (a pager, history, a clear_output sample)", () => {
        for (const name of SKIPPED) expect(outcomes[name]?.[0], name).toBe("skipped");
        const others = Object.keys(outcomes).filter((n) => !MUST_PASS.includes(n) && !SKIPPED.includes(n) && !n.startsWith("test_history"));
        expect(others, "a harness test this file does not know: add it to MUST_PASS or SKIPPED").toEqual([]);
      });
    });

    describe.skipIf(python === null)("on a JupyterHub: a kernel spec under a shared prefix, a learner's own folder", () => {
      let home = "";
      beforeAll(() => { home = mkdtempSync(join(tmpdir(), "hub-")); });
      afterAll(() => { if (home !== "") rmSync(home, { recursive: true, force: true }); });

      it("runs the learner's notebook with the shared checkout's library, through the spec written by kernel:install --prefix", async () => {
        const prefix = join(home, "opt", "hub-env");
        const spec = installKernel(ROOT, { kind: "prefix", prefix });
        expect(JSON.parse(readFileSync(spec, "utf8")).argv[1]).toBe(join(ROOT, "dist/src/course/kernel/tslab-kernel.js"));
        // The layout the README gives: the learner's copy of notebooks/ beside a link to the built library.
        const course = join(home, "learner", "vanishing-gradients");
        mkdirSync(join(course, "notebooks"), { recursive: true });
        symlinkSync(join(ROOT, "dist"), join(course, "dist"));
        const cell = (id: string, source: string) => ({ id, cell_type: "code" as const, metadata: {}, source, outputs: [], execution_count: null });
        const nb: Notebook = {
          nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
          cells: [
            cell("import", 'import { nn } from "../dist/src/index.js";\nconst model = new nn.MLP({ inputs: 2, hidden: [4], outputs: 2, seed: 1 });'),
            cell("value", "model.parameters().length"),
          ],
        };
        // Only the prefix's folder: not the project's .jupyter, nor the lecturer's own kernels.
        const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), HOME: join(home, "learner"), JUPYTER_DATA_DIR: join(home, "learner", ".jupyter-data") };
        const run = await executeNotebook(nb, { python: python!, cwd: join(course, "notebooks"), env, cellTimeout: 60, hardLimit: 200 });
        expect(run.failure).toBeNull();
        const outputs = run.executed!.cells[1].outputs as { output_type: string; data?: Record<string, unknown> }[];
        expect(outputs.map((o) => [o.output_type, String(o.data?.["text/plain"])])).toEqual([["execute_result", "4"]]);
      }, 240_000);
    });
  });
}
