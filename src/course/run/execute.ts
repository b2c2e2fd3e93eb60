/**
 * Execute one notebook through the real tslab kernel with Jupyter's own executor (nbclient).
 *
 * Why cell by cell (not `nbclient.execute()`): after an error the kernel cancels requests that
 * arrive right after it (plain tslab for 200 ms whatever `stop_on_error` says; the course kernel,
 * src/course/kernel/queue.ts, for 50 ms). Running the cells one by one, we wait that out after an
 * allowed error, so the cells after an unfinished exercise still run; and we learn each cell's
 * reply status and time.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Notebook } from "../notebook/nbformat.js";
import { serializeNotebook } from "../notebook/nbformat.js";

/** The Python side: reads a notebook, runs it, writes it back and prints a JSON status line. */
const RUNNER_PY = String.raw`
import json, signal, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
src, dst, cwd, timeout, kernel = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
# On SIGTERM (the hard limit), leave through the with-block below, so the kernel is shut down too.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(124))
nb = nbformat.read(src, as_version=4)
replies = {}
def on_executed(cell, cell_index, execute_reply):
    replies[cell.id] = execute_reply["content"].get("status")
client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, record_timing=False,
                        resources={"metadata": {"path": cwd}}, on_cell_executed=on_executed)
cells, failure = [], None
started = time.time()
try:
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.time()
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError as e:
                failure = {"cell": cell.id, "kind": "timeout", "message": str(e)[-2000:]}
            except CellExecutionError as e:
                failure = {"cell": cell.id, "kind": "error", "message": str(e)[-2000:]}
            cells.append({"id": cell.id, "seconds": time.time() - t0, "status": replies.get(cell.id)})
            if failure is not None:
                break
            if replies.get(cell.id) == "error":
                time.sleep(0.3)  # let the kernel's abort window pass (200 ms in plain tslab)
except DeadKernelError as e:
    failure = {"cell": None, "kind": "dead-kernel", "message": str(e)[-2000:]}
except Exception as e:
    failure = {"cell": None, "kind": type(e).__name__, "message": str(e)[-2000:]}
nbformat.write(nb, dst)
print(json.dumps({"failure": failure, "cells": cells, "kernelSeconds": time.time() - started}))
`;

/** One code cell's result. */
export interface CellRun {
  id: string;
  seconds: number;
  /** The kernel's reply: "ok", "error" or "abort" (null when none came). */
  status: string | null;
}

/** What running a notebook gave. */
export interface NotebookRun {
  /** The executed notebook, or null when the executor did not get that far. */
  executed: Notebook | null;
  /** Wall-clock seconds, kernel start-up included. */
  seconds: number;
  cells: CellRun[];
  /** Why execution stopped early: an error in a cell not allowed to raise, a timeout... */
  failure: { cell: string | null; kind: string; message: string } | null;
}

/** Options for {@link executeNotebook}. */
export interface ExecuteOptions {
  python: string;
  /** The folder the kernel runs in: the notebook's own (imports like ../dist/ resolve from it). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Per-cell limit, seconds (nbclient's timeout). */
  cellTimeout: number;
  /** Kill the whole run after this many seconds. */
  hardLimit: number;
  kernel?: string;
}

/** Run a notebook (given in memory) and return the executed copy, timings and any failure. */
export function executeNotebook(nb: Notebook, opts: ExecuteOptions): Promise<NotebookRun> {
  const dir = mkdtempSync(join(tmpdir(), "nbrun-"));
  const src = join(dir, "in.ipynb");
  const dst = join(dir, "out.ipynb");
  // Start from empty outputs: a built notebook may carry outputs merged from an earlier run.
  const fresh: Notebook = {
    ...nb,
    cells: nb.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)),
  };
  writeFileSync(src, serializeNotebook(fresh));
  const started = Date.now();
  return new Promise((resolve) => {
    const args = ["-c", RUNNER_PY, src, dst, opts.cwd, String(opts.cellTimeout), opts.kernel ?? "tslab"];
    const child = spawn(opts.python, args, { env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGTERM"); // lets Python shut the kernel down...
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref(); // ...or not, if it hangs
    }, opts.hardLimit * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      let executed: Notebook | null = null;
      try {
        executed = JSON.parse(readFileSync(dst, "utf8")) as Notebook;
      } catch {
        executed = null;
      }
      rmSync(dir, { recursive: true, force: true });
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        const status = JSON.parse(line) as { failure: NotebookRun["failure"]; cells: CellRun[] };
        resolve({ executed, seconds, cells: status.cells, failure: status.failure });
      } catch {
        const why = killed ? `stopped after ${opts.hardLimit} s` : `exit code ${code}${signal ? `, signal ${signal}` : ""}`;
        resolve({ executed, seconds, cells: [], failure: { cell: null, kind: "runner", message: `${why}\n${stderr.slice(-2000)}` } });
      }
    });
  });
}
