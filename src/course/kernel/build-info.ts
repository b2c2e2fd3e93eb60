/**
 * Is the built library in dist/ the one the sources describe?
 *
 * `npm run build` ends by storing a hash of the sources in `dist/build-info.json` (the
 * `postbuild` script). A notebook's first cell calls {@link checkBuild}, which hashes the sources
 * again: if someone edited src/ and did not rebuild, the learner reads what to run instead of
 * silently getting yesterday's library. Depends on Node built-ins only, so notebooks can import it.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { LibraryError, messages } from "../../messages.js";

/** Where the build records what it was built from, relative to the project root. */
export const BUILD_INFO_FILE = "dist/build-info.json";

/** What `dist/build-info.json` holds. */
export interface BuildInfo {
  /** sha256 of the sources (see {@link sourceHash}), first 16 hex digits. */
  sourceHash: string;
  /** How many source files went into the hash. */
  files: number;
}

/** The project root: the nearest folder above this file holding a package.json. */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
  return dir;
}

/** Every .ts file under `dir`, as sorted paths relative to `root`. */
function tsFiles(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(root, rel));
    else if (entry.name.endsWith(".ts")) out.push(rel);
  }
  return out;
}

/** The inputs of `tsc`: src/**\/*.ts, content/**\/*.ts and tsconfig.json, in a fixed order. */
export function sourceFiles(root: string): string[] {
  const files = [...tsFiles(root, "src"), ...tsFiles(root, "content"), "tsconfig.json"];
  return files.filter((f) => existsSync(join(root, f))).map((f) => f.split("\\").join("/")).sort();
}

/** A hash of every source file's path and content: equal hashes mean an equal build. */
export function sourceHash(root: string): BuildInfo {
  const hash = createHash("sha256");
  const files = sourceFiles(root);
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(join(root, f))).update("\0");
  return { sourceHash: hash.digest("hex").slice(0, 16), files: files.length };
}

/** Record the current sources' hash in dist/build-info.json (run right after tsc). */
export function writeBuildInfo(root: string): BuildInfo {
  const info = sourceHash(root);
  writeFileSync(join(root, BUILD_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/** Compare the recorded build with the sources now. */
export function buildStatus(root: string): { fresh: boolean; built: BuildInfo | null; now: BuildInfo } {
  const now = sourceHash(root);
  let built: BuildInfo | null = null;
  try {
    built = JSON.parse(readFileSync(join(root, BUILD_INFO_FILE), "utf8")) as BuildInfo;
  } catch {
    built = null;
  }
  return { fresh: built !== null && built.sourceHash === now.sourceHash, built, now };
}

/**
 * Throw a LibraryError saying what to run when dist/ is missing or older than the sources;
 * otherwise return a one-line summary. Call it in each notebook's first code cell.
 * @example checkBuild() // "The library in dist/ is up to date with its sources."
 */
export function checkBuild(root: string = projectRoot()): string {
  const { fresh, built, now } = buildStatus(root);
  if (built === null) throw new LibraryError(messages.missingBuild(relative(process.cwd(), join(root, BUILD_INFO_FILE)) || BUILD_INFO_FILE));
  if (!fresh) throw new LibraryError(messages.staleBuild(built.sourceHash, now.sourceHash));
  // A stable sentence: it is committed as the notebooks' first output, so it should not churn.
  return "The library in dist/ is up to date with its sources.";
}
