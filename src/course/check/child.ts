/**
 * The sandboxed side of grading: one child process per exercise, started by sandbox.ts inside its
 * namespaces (isolation.ts), with a memory cap and Node's permission model (read access to the
 * built library only, no writes, no child processes, no workers).
 *
 * It loads the lesson's checks from the source the grader sent (it cannot read dist/content/),
 * keeps for itself only what calls the learner's code (each case's `actual`), deletes every
 * expected value, hint and known-wrong answer from the loaded objects, and only then runs the
 * learner's cell. It sends back only what the learner's code gave, as plain data; the grader
 * compares. Messages go out on fd 3 with a nonce the cell never sees.
 */

import { createRequire } from "node:module";
import { writeSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { serialize } from "node:v8";
import vm from "node:vm";
import { hiddenChecks } from "../../exercises/hidden.js";
import { collectOutcomes, firstLine, type Outcome } from "../../exercises/run.js";
import type { Check, Exercise } from "../../exercises/types.js";
import { messages } from "../../messages.js";

interface Job {
  nonce: string;
  js: string;
  filename: string;
  checks: string;
  id: string;
  hidden: boolean;
}

/** One frame per message; an outcome list larger than this is cut case by case. */
const FRAME_LIMIT = 2 * 1024 * 1024;

// Taken now, before the learner's code can replace anything.
const write = writeSync;
const toBytes = serialize;
const toBase64 = (b: Buffer) => b.toString("base64");

// A promise that never settles leaves Node nothing to wait for, and it would exit quietly; this
// timer keeps the process alive so the grader's time limit reports it as what it is.
const keepAlive = setInterval(() => {}, 1 << 30);

const job = JSON.parse(readFileSync(0, "utf8")) as Job;
const post = (msg: Record<string, unknown>) => {
  try {
    write(3, `${job.nonce} ${toBase64(toBytes(msg))}\n`);
  } catch {
    // the grader closed the pipe: it has what it needs, or it has stopped us
  }
};

void run().finally(() => clearInterval(keepAlive));

async function run(): Promise<void> {
  let exercise: Exercise<unknown> | undefined;
  let list: Check<unknown>[] = [];
  try {
    const mod = (await import("data:text/javascript;base64," + Buffer.from(job.checks).toString("base64"))) as { lesson?: { exercises?: Record<string, Exercise<unknown>> } };
    exercise = mod.lesson?.exercises?.[job.id];
    if (exercise) {
      list = [...exercise.checks, ...(job.hidden ? hiddenChecks(exercise) : [])].map((c) => ({ name: c.name, input: c.input, actual: c.actual, expected: undefined, hint: "" }));
      for (const ex of Object.values(mod.lesson?.exercises ?? {})) scrub(ex);
    }
  } catch (e) {
    post({ type: "load-error", error: `the checks do not load (${firstLine(e)}); this is a bug in the course` });
    return;
  }
  if (!exercise) {
    post({ type: "load-error", error: `no checks for exercise '${job.id}'` });
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
  const stripped: Exercise<unknown> = { id: exercise.id, names: exercise.names, checks: list, wrong: [] };
  const outcomes = await collectOutcomes(stripped, exports, false, (index) => post({ type: "case", index }), 5000);
  post({ type: "done", outcomes: fit(outcomes) });
  process.exit(0);
}

/** Removes what judges an answer from a loaded exercise, so the learner's code cannot read it. */
function scrub(ex: Exercise<unknown>): void {
  for (const c of [...ex.checks, ...hiddenChecks(ex)]) {
    const m = c as unknown as Record<string, unknown>;
    for (const k of ["expected", "matches", "diagnose", "hint"]) delete m[k];
  }
  (ex as unknown as Record<string, unknown>).wrong = [];
}

/** Outcomes that fit one frame: a value too large to send becomes an error for its case. */
function fit(outcomes: Outcome[]): Outcome[] {
  return outcomes.map((o) => {
    if (!o.ok) return o;
    try {
      return toBytes(o.value).length <= FRAME_LIMIT / Math.max(1, outcomes.length) + 64 * 1024 ? o : { ok: false, error: messages.exerciseWrongType("a value too large to compare"), wrongType: true };
    } catch {
      return { ok: false, error: messages.exerciseWrongType("a value that cannot be copied"), wrongType: true };
    }
  });
}
