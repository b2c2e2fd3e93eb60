/**
 * Running one exercise's compiled cell in its own child process; see child.ts for the other side
 * and isolation.ts for the namespaces it runs in.
 *
 *   grader --stdin: the job as JSON (cell JS, the checks module's *source*, the exercise id)--> child
 *   child  --fd 3:  "<nonce> <base64 of a structured-clone frame>\n" per message--> grader
 *
 * Why a process per exercise: an endless loop, a promise that never settles, a crash or
 * `process.exit()` in one exercise must cost that exercise only, and a killed process takes all of
 * its state with it. Why fd 3 and not Node's IPC channel: the grader counts every byte the child
 * sends and stops it past a cap, before parsing anything (a 50 MB message never reaches memory
 * whole). Why the checks' source over stdin: the child may not read dist/content/ (the checks and
 * their expected values live there), so the cell cannot load them itself; the child strips the
 * expected values from its copy before the cell runs.
 */

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { deserialize } from "node:v8";
import type { Outcome } from "../../exercises/run.js";
import { detectIsolation, type Isolation } from "./isolation.js";

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
  /** Files and directories the child may read (the built library, node_modules); it may write nowhere. */
  readPaths: string[];
  timeoutMs: number;
  memoryMb: number;
  /** Most bytes the child may send back (default 4 MB); past it, it is stopped. */
  outputCapBytes?: number;
  /** Default: the strongest that works here (detectIsolation). */
  isolation?: Isolation;
}

/**
 * The checks module's text, its relative imports made absolute file: URLs, so the child can load
 * it from memory (a data: URL) without being able to read the file.
 */
const sourceCache = new Map<string, string>();
export function checksSource(file: string): string {
  let s = sourceCache.get(file);
  if (s === undefined) {
    s = readFileSync(file, "utf8").replace(/(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\2/g, (_m, pre: string, q: string, spec: string) => `${pre}${q}${pathToFileURL(resolve(dirname(file), spec)).href}${q}`);
    sourceCache.set(file, s);
  }
  return s;
}

/** Runs the job; never rejects. */
export function runInSandbox(job: SandboxJob): Promise<SandboxResult> {
  const nonce = randomBytes(16).toString("hex");
  const cap = job.outputCapBytes ?? 4 * 1024 * 1024;
  const isolation = job.isolation ?? detectIsolation();
  return new Promise((resolveResult) => {
    let source: string;
    try {
      source = checksSource(job.exercisesModule);
    } catch (e) {
      resolveResult({ kind: "load-error", error: `the checks cannot be read (${(e as Error).message}); run npm run build` });
      return;
    }
    const nodeArgs = [`--max-old-space-size=${job.memoryMb}`, "--experimental-permission", ...job.readPaths.map((p) => `--allow-fs-read=${p}`), "--no-warnings", job.childScript];
    // The heap limit does not cover typed arrays (they live outside the heap): where util-linux's
    // prlimit exists, cap the process's data segment too, with room for V8 and Node themselves.
    const limited = PRLIMIT ? [PRLIMIT, `--data=${(job.memoryMb + 512) * 1024 * 1024}`, process.execPath, ...nodeArgs] : [process.execPath, ...nodeArgs];
    const argv = [...isolation.prefix, ...limited];
    // detached: a session and process group of its own, so kill(0, ...) (the caller's group,
    // which a PID namespace does not confine) reaches only the child, never the grader.
    const child = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "ignore", "pipe", "pipe"], env: { NODE_ENV: "production" }, detached: true, ...(isolation.uid !== undefined ? { uid: isolation.uid, gid: isolation.uid } : {}) });
    let caseIndex: number | null = null;
    let settled = false;
    let stderr = "";
    let received = 0;
    let pending = "";
    const finish = (r: SandboxResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL"); // the whole group: unshare, prlimit, node
        } catch {
          // already gone
        }
      }
      child.stdio[3]?.destroy();
      child.stderr?.destroy();
      resolveResult(r);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", caseIndex }), job.timeoutMs);
    child.stderr?.on("data", (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString("utf8", 0, Math.min(d.length, 4000));
    });
    const results = child.stdio[3] as NodeJS.ReadableStream | null;
    results?.on("data", (d: Buffer) => {
      if (settled) return;
      received += d.length;
      if (received > cap) {
        finish({ kind: "crashed", detail: `it sent back more than ${Math.round(cap / 1024 / 1024)} MB (a huge value or message); it was stopped` });
        return;
      }
      pending += d.toString("latin1");
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const msg = parseFrame(line, nonce);
        if (!msg) continue;
        if (msg.type === "case" && typeof msg.index === "number") caseIndex = msg.index;
        else if (msg.type === "done" && Array.isArray(msg.outcomes)) finish({ kind: "done", outcomes: msg.outcomes.map(cleanOutcome) });
        else if (msg.type === "load-error") finish({ kind: "load-error", error: short(String(msg.error)) });
      }
    });
    child.on("error", (e) => finish({ kind: "crashed", detail: e.message }));
    child.on("exit", (code, signal) => {
      // Let the last frames arrive before calling it a crash.
      setTimeout(() => finish({ kind: "crashed", detail: crashDetail(code, signal, stderr) }), 50);
    });
    child.stdin?.on("error", () => undefined); // a child that died early closes its stdin
    child.stdin?.end(JSON.stringify({ nonce, js: job.js, filename: job.filename, checks: source, id: job.id, hidden: job.hidden }));
  });
}

interface Frame {
  type?: string;
  index?: number;
  outcomes?: unknown[];
  error?: unknown;
}

function parseFrame(line: string, nonce: string): Frame | null {
  const space = line.indexOf(" ");
  if (space < 0 || line.slice(0, space) !== nonce) return null;
  try {
    const msg = deserialize(Buffer.from(line.slice(space + 1), "base64")) as unknown;
    return msg !== null && typeof msg === "object" ? (msg as Frame) : null;
  } catch {
    return null;
  }
}

/** Only the fields an outcome has, with strings cut to a readable length. */
function cleanOutcome(o: unknown): Outcome {
  const x = (o ?? {}) as Record<string, unknown>;
  if (x.ok === true) return { ok: true, value: x.value };
  const out: Outcome = { ok: false, error: short(String(x.error ?? "(no message)")) };
  if (x.timedOut === true) out.timedOut = true;
  if (x.wrongType === true) out.wrongType = true;
  return out;
}

function short(s: string): string {
  return s.length > 500 ? s.slice(0, 500) + "..." : s;
}

function crashDetail(code: number | null, signal: string | null, stderr: string): string {
  if (/heap out of memory|allocation failed|out of memory|Cannot allocate/i.test(stderr)) return "it ran out of memory";
  const access = /ERR_ACCESS_DENIED[^\n]*/.exec(stderr);
  if (access) return `it tried something the check does not allow (${access[0].slice(0, 160)})`;
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}
