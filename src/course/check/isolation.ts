/**
 * How a submission's process is kept away from the grader and the network, chosen once per run
 * from what the machine allows (tried, not guessed):
 *
 * - "namespaces": `unshare --net --pid --fork --mount-proc` (as root, or through a user namespace
 *   with `-r` where unprivileged user namespaces are on): the child has only a down loopback (no
 *   network at all, not even 127.0.0.1) and its own process tree, in which the grader does not
 *   exist (its parent is pid 0): it cannot signal, trace or even see the grader. Linux CI,
 *   Gradescope's containers (root) and most Linux laptops get this.
 * - "network-only": `unshare -rn`: no network, but the grader's pid is visible and, under the same
 *   user id, signallable. Said so in the report.
 * - "other-user": the grader runs as root where namespaces are not allowed (a Docker container
 *   without CAP_SYS_ADMIN, as on Gradescope): the child runs as `nobody` (65534), which cannot
 *   signal or trace root's processes; the network stays open (nothing the grader holds is on it:
 *   the expected values never leave the grader's process).
 * - "none" (macOS, Windows, Linux without user namespaces): Node's permission model only, which
 *   blocks file writes, reads outside the built course, child processes and workers, but NOT the
 *   network and NOT signals to the grader. Said so, loudly: grade on Linux (or in Docker).
 *
 * In every mode the child also gets a heap limit, a data-segment limit (prlimit, where present), a
 * time limit and an output cap, and the comparison happens in the grader.
 */

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export type IsolationMode = "namespaces" | "network-only" | "other-user" | "none";

export interface Isolation {
  mode: IsolationMode;
  /** The command and arguments put in front of the child's own command line. */
  prefix: string[];
  /** One sentence for the report: what this mode does not protect. */
  caveat: string;
  /** Run the child as this user and group id (the grader runs as root). */
  uid?: number;
}

const UNSHARE = ["/usr/bin/unshare", "/bin/unshare"].find((p) => existsSync(p)) ?? null;

const CAVEATS: Record<IsolationMode, string> = {
  namespaces: "each exercise runs in its own network and process namespace: no network, and the grader's process is invisible to it",
  "other-user": "each exercise runs as user 'nobody', which cannot signal or trace the grader; the network is not blocked (namespaces are not allowed here)",
  "network-only": "each exercise runs without network, but in the grader's process namespace: a submission could see the grader's pid and, as the same user, signal it (run as root or enable PID namespaces for full isolation)",
  none: "no namespaces on this machine: a submission could open network connections and signal the grader's process; only file access, child processes and workers are blocked (grade on Linux, in Docker or on Gradescope for full isolation)",
};

let cached: Isolation | null = null;

/** The strongest isolation that works here (tried once per process, about 10 ms). */
export function detectIsolation(): Isolation {
  if (cached) return cached;
  const forced = process.env.VG_GRADE_ISOLATION as IsolationMode | undefined;
  const candidates: [IsolationMode, string[]][] = [];
  if (UNSHARE) {
    const root = process.getuid?.() === 0;
    const full = ["--net", "--pid", "--fork", "--mount-proc", "--kill-child"];
    candidates.push(["namespaces", root ? [UNSHARE, ...full] : [UNSHARE, "-r", ...full]]);
    candidates.push(["network-only", root ? [UNSHARE, "--net"] : [UNSHARE, "-rn"]]);
  }
  for (const [mode, prefix] of candidates) {
    if (forced && forced !== mode) continue;
    const r = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, "-e", "0"], { stdio: "ignore", timeout: 5000 });
    if (r.status === 0) return (cached = { mode, prefix, caveat: CAVEATS[mode] });
  }
  if (process.getuid?.() === 0 && (!forced || forced === "other-user")) {
    const r = spawnSync(process.execPath, ["-e", "0"], { stdio: "ignore", timeout: 5000, uid: NOBODY, gid: NOBODY });
    if (r.status === 0) return (cached = { mode: "other-user", prefix: [], caveat: CAVEATS["other-user"], uid: NOBODY });
  }
  return (cached = { mode: "none", prefix: [], caveat: CAVEATS.none });
}

const NOBODY = 65534;

/** An explicit isolation, for tests (e.g. to show what "none" does not stop). */
export function isolationFor(mode: IsolationMode): Isolation | null {
  if (mode === "none") return { mode, prefix: [], caveat: CAVEATS.none };
  if (mode === "other-user") return process.getuid?.() === 0 ? { mode, prefix: [], caveat: CAVEATS[mode], uid: NOBODY } : null;
  if (!UNSHARE) return null;
  const root = process.getuid?.() === 0;
  const prefix = mode === "namespaces"
    ? [UNSHARE, ...(root ? [] : ["-r"]), "--net", "--pid", "--fork", "--mount-proc", "--kill-child"]
    : root ? [UNSHARE, "--net"] : [UNSHARE, "-rn"];
  return { mode, prefix, caveat: CAVEATS[mode] };
}
