/**
 * What the course's command-line entry points share: the project root and a fresh library build.
 */
import { spawnSync } from "node:child_process";
import { buildStatus, projectRoot } from "../kernel/build-info.js";

/** The project root (the folder with package.json above this file). */
export const ROOT = projectRoot();

/**
 * Run `npm run build` when dist/ is missing or older than the sources (it also writes
 * dist/build-info.json via postbuild). Returns false when the build failed.
 */
export function ensureBuild(root: string = ROOT, log: (l: string) => void = console.log): boolean {
  const { fresh, built } = buildStatus(root);
  if (fresh) return true;
  log(built === null ? "Building the library (first run)..." : "The sources changed since the last build: rebuilding the library...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  return r.status === 0;
}
