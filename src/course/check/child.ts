/**
 * The sandboxed side of `npm run check`: one child process per exercise, started by sandbox.ts
 * with a memory cap and Node's permission model (read-only file access, no child processes, no
 * workers). It loads the learner's compiled cell, calls it once per check case and sends back only
 * what the code gave; the parent compares, so nothing that runs here can grade itself.
 *
 * Protocol (IPC, structured clone): parent -> { nonce, js, filename, exercisesModule, id, hidden };
 * child -> { nonce, type: "case", index } before each case, then { nonce, type: "done", outcomes }
 * or { nonce, type: "load-error", error }. The nonce lives only in this closure, and process.send
 * is removed before the learner's code runs, so the learner's code cannot post a result.
 */

import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { collectOutcomes, firstLine, type Outcome } from "../../exercises/run.js";
import type { Exercise } from "../../exercises/types.js";
import { messages } from "../../messages.js";

interface Job {
  nonce: string;
  js: string;
  filename: string;
  exercisesModule: string;
  id: string;
  hidden: boolean;
}

const send = process.send?.bind(process);
if (!send) throw new Error("child.ts runs only as a child process started by the check command");
Reflect.deleteProperty(process, "send");

// A promise that never settles leaves Node nothing to wait for, and it would exit quietly; this
// timer keeps the process alive so the parent's time limit reports it as what it is.
const keepAlive = setInterval(() => {}, 1 << 30);

process.once("message", (job: Job) => {
  void run(job).finally(() => clearInterval(keepAlive));
});

async function run(job: Job): Promise<void> {
  const post = (msg: Record<string, unknown>) => send!({ ...msg, nonce: job.nonce });
  const mod = (await import(pathToFileURL(job.exercisesModule).href)) as { lesson?: { exercises?: Record<string, Exercise<unknown>> } };
  const exercise = mod.lesson?.exercises?.[job.id];
  if (!exercise) {
    post({ type: "load-error", error: `no checks for exercise '${job.id}' in ${job.exercisesModule}` });
    return;
  }
  const exports: Record<string, unknown> = {};
  try {
    // The same wrapper tslab uses (executor.js), async so top-level await works as in a cell.
    const fn = vm.runInThisContext(`(async function (exports, require, module, __filename, __dirname) {${job.js}\n})`, { filename: job.filename });
    const require = createRequire(job.filename);
    await fn(exports, require, { exports }, job.filename, dirname(job.filename));
  } catch (e) {
    const denied = e !== null && typeof e === "object" && (e as { code?: unknown }).code === "ERR_ACCESS_DENIED";
    post({ type: "load-error", error: denied ? messages.exerciseAccessDenied(firstLine(e)) : firstLine(e) });
    return;
  }
  const outcomes = await collectOutcomes(exercise, exports, job.hidden, (index) => post({ type: "case", index }));
  post({ type: "done", outcomes: outcomes.map(cloneable) });
  process.disconnect?.();
}

/** A value the IPC channel can carry; anything else (functions, proxies) becomes its printout. */
function cloneable(o: Outcome): Outcome {
  if (!o.ok) return o;
  try {
    return { ok: true, value: structuredClone(o.value) };
  } catch {
    return { ok: true, value: `(a value that cannot be compared: ${typeof o.value})` };
  }
}
