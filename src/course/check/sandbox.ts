/**
 * Running one exercise's compiled cell in its own child process, with a time limit, a memory cap
 * and Node's permission model; see child.ts for the other side.
 *
 * Why a process per exercise: an endless loop, a promise that never settles, a crash or
 * `process.exit()` in one exercise must cost that exercise only, and a killed process takes all
 * of its state with it.
 */

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Outcome } from "../../exercises/run.js";

const PRLIMIT = ["/usr/bin/prlimit", "/bin/prlimit"].find((p) => existsSync(p)) ?? null;

/** What the sandbox brought back. */
export type SandboxResult =
  | { kind: "done"; outcomes: Outcome[] }
  | { kind: "load-error"; error: string }
  | { kind: "timeout"; caseIndex: number | null }
  | { kind: "crashed"; detail: string };

export interface SandboxJob {
  /** The compiled cell (CommonJS), from compileCell. */
  js: string;
  /** Where the cell pretends to live: its relative imports resolve from here. */
  filename: string;
  /** The built checks module of the lesson (dist/content/NN-slug.exercises.js). */
  exercisesModule: string;
  id: string;
  hidden: boolean;
  /** The built child.js. */
  childScript: string;
  /** Files and directories the child may read (the built course, node_modules); it may write nowhere. */
  readPaths: string[];
  timeoutMs: number;
  memoryMb: number;
}

/** Runs the job; never rejects. */
export function runInSandbox(job: SandboxJob): Promise<SandboxResult> {
  const nonce = randomBytes(16).toString("hex");
  return new Promise((resolve) => {
    const nodeArgs = [`--max-old-space-size=${job.memoryMb}`, "--experimental-permission", ...job.readPaths.map((p) => `--allow-fs-read=${p}`), "--no-warnings", job.childScript];
    const options = { serialization: "advanced" as const, stdio: ["ignore", "ignore", "pipe", "ipc"] as ("ignore" | "pipe" | "ipc")[], env: { NODE_ENV: "production" } };
    // The heap limit does not cover typed arrays (they live outside the heap): where util-linux's
    // prlimit exists, cap the process's data segment too, with room for V8 and Node themselves.
    const child = PRLIMIT
      ? spawn(PRLIMIT, [`--data=${(job.memoryMb + 512) * 1024 * 1024}`, process.execPath, ...nodeArgs], options)
      : spawn(process.execPath, nodeArgs, options);
    let caseIndex: number | null = null;
    let settled = false;
    let stderr = "";
    const finish = (r: SandboxResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      resolve(r);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", caseIndex }), job.timeoutMs);
    child.stderr?.on("data", (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on("message", (msg: { nonce?: string; type?: string; index?: number; outcomes?: Outcome[]; error?: string }) => {
      if (msg?.nonce !== nonce) return;
      if (msg.type === "case" && typeof msg.index === "number") caseIndex = msg.index;
      else if (msg.type === "done" && Array.isArray(msg.outcomes)) finish({ kind: "done", outcomes: msg.outcomes });
      else if (msg.type === "load-error") finish({ kind: "load-error", error: String(msg.error) });
    });
    child.on("error", (e) => finish({ kind: "crashed", detail: e.message }));
    child.on("exit", (code, signal) => finish({ kind: "crashed", detail: crashDetail(code, signal, stderr) }));
    child.send({ nonce, js: job.js, filename: job.filename, exercisesModule: job.exercisesModule, id: job.id, hidden: job.hidden });
  });
}

function crashDetail(code: number | null, signal: string | null, stderr: string): string {
  if (/heap out of memory|allocation failed|out of memory/i.test(stderr)) return "it ran out of memory";
  const access = /ERR_ACCESS_DENIED[^\n]*/.exec(stderr);
  if (access) return `it tried something the check does not allow (${access[0].slice(0, 160)})`;
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}
