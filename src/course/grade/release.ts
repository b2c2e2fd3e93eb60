/**
 * The student release: what learners get, and nothing that grades them.
 *
 *   notebooks/*.ipynb          the student notebooks (stubs, executed outputs)
 *   dist/src/**                the built library and kernel (no source maps)
 *   dist/content/*.exercises.js  each lesson's public checks, recompiled from content/ without
 *                              hidden checks or known-wrong answers, expected values as data
 *                              (release-checks.ts)
 *   package.json, README.md    install and start
 *
 * Never copied: content/*.md (the reference solutions), notebooks-instructor/, src/*.ts, the
 * exercises' sources, the hidden checks and the known-wrong answers (which sit next to the right
 * answer). A test searches the release for every solution and every hidden check's name.
 */

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { releaseChecks } from "./release-checks.js";
import { writeBuildInfo } from "../kernel/build-info.js";

/** Removes the `//# sourceMappingURL=` line of every .js and .d.ts file under `dir`. */
function dropSourceMapComments(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) dropSourceMapComments(path);
    else if (/\.(js|d\.ts)$/.test(e.name)) {
      const text = readFileSync(path, "utf8");
      const kept = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
      if (kept !== text) writeFileSync(path, kept);
    }
  }
}

export interface ReleaseResult {
  files: number;
  lessons: string[];
}

/** Writes the student release of the project at `root` into `out` (emptied first). */
export async function writeRelease(root: string, out: string): Promise<ReleaseResult> {
  if (!existsSync(join(root, "dist", "src"))) throw new Error("dist/ is missing: run npm run build first");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "dist", "content"), { recursive: true });
  let files = 0;
  cpSync(join(root, "notebooks"), join(out, "notebooks"), { recursive: true, filter: (src) => !src.includes(".ipynb_checkpoints") });
  cpSync(join(root, "dist", "src"), join(out, "dist", "src"), { recursive: true, filter: (src) => !src.endsWith(".map") });
  dropSourceMapComments(join(out, "dist", "src")); // the maps stay behind: no file may point at one
  const lessons: string[] = [];
  for (const name of readdirSync(join(root, "content")).sort()) {
    if (!name.endsWith(".exercises.ts")) continue;
    const stem = basename(name, ".ts");
    writeFileSync(join(out, "dist", "content", `${stem}.js`), await releaseChecks(readFileSync(join(root, "content", name), "utf8"), name, join(root, "dist", "content")));
    const dts = join(root, "dist", "content", `${stem}.d.ts`);
    if (existsSync(dts)) cpSync(dts, join(out, "dist", "content", `${stem}.d.ts`));
    lessons.push(stem.replace(/\.exercises$/, ""));
  }
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string; engines?: unknown; dependencies?: Record<string, string>; allowScripts?: unknown };
  const release = {
    name: `${pkg.name}-student`,
    version: pkg.version,
    private: true,
    description: "The course's notebooks and library, for learners.",
    type: "module",
    main: "dist/src/index.js",
    engines: pkg.engines,
    scripts: { "kernel:install": "node dist/src/course/cli/kernel-install.js", "kernel:install:user": "node dist/src/course/cli/kernel-install.js --user" },
    dependencies: pkg.dependencies,
    ...(pkg.allowScripts ? { allowScripts: pkg.allowScripts } : {}),
  };
  writeFileSync(join(out, "package.json"), JSON.stringify(release, null, 2) + "\n");
  writeFileSync(join(out, "README.md"), [
    "# Vanishing gradients, hands on: the notebooks",
    "",
    "```sh",
    "npm install                 # the library's dependencies and the TypeScript kernel (tslab)",
    "npm run kernel:install      # registers the kernel in .jupyter/ (or kernel:install:user for your Jupyter)",
    "JUPYTER_PATH=.jupyter/share/jupyter jupyter lab notebooks/",
    "```",
    "",
    "Each exercise is followed by a check cell: run it for instant feedback. Your instructor grades",
    "the saved notebook with more checks than the ones you see.",
    "",
  ].join("\n"));
  writeBuildInfo(out); // the release has no sources: its build is fresh by definition
  const count = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? count(join(dir, e.name)) : 1), 0);
  files = count(out);
  return { files, lessons };
}
