import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildStatus, checkBuild, projectRoot, sourceFiles, writeBuildInfo } from "../../../src/course/kernel/build-info.js";

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function project(): string {
  const root = mkdtempSync(join(tmpdir(), "buildinfo-"));
  dirs.push(root);
  for (const d of ["src/nn", "content", "dist", "test"]) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}");
  writeFileSync(join(root, "tsconfig.json"), "{}");
  writeFileSync(join(root, "src/index.ts"), "export {};\n");
  writeFileSync(join(root, "src/nn/mlp.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "content/01-x.exercises.ts"), "export {};\n");
  writeFileSync(join(root, "content/01-x.md"), "# not compiled\n");
  writeFileSync(join(root, "test/a.test.ts"), "not compiled\n");
  return root;
}

describe("build info", () => {
  it("hashes exactly what tsc compiles: src/ and content/ .ts files and tsconfig.json", () => {
    expect(sourceFiles(project())).toEqual(["content/01-x.exercises.ts", "src/index.ts", "src/nn/mlp.ts", "tsconfig.json"]);
  });

  it("is fresh right after a build and stale after any source edit, with a message saying what to run", () => {
    const root = project();
    writeBuildInfo(root);
    expect(buildStatus(root).fresh).toBe(true);
    expect(checkBuild(root)).toBe("The library in dist/ is up to date with its sources.");
    writeFileSync(join(root, "src/nn/mlp.ts"), "export const a = 2;\n");
    expect(buildStatus(root).fresh).toBe(false);
    expect(() => checkBuild(root)).toThrow(/built from other sources .*run 'npm run build' in a terminal.*restart the kernel/);
  });

  it("notices a new file and ignores files tsc does not read", () => {
    const root = project();
    writeBuildInfo(root);
    writeFileSync(join(root, "content/01-x.md"), "# edited prose\n");
    writeFileSync(join(root, "test/a.test.ts"), "edited\n");
    expect(buildStatus(root).fresh).toBe(true);
    writeFileSync(join(root, "src/new.ts"), "export {};\n");
    expect(buildStatus(root).fresh).toBe(false);
  });

  it("says what to run when nothing was built", () => {
    expect(() => checkBuild(project())).toThrow(/has not been built \(.*build-info\.json is missing\): run 'npm run build'/);
  });

  it("finds the project root from a folder inside it", () => {
    const root = project();
    expect(projectRoot(join(root, "src/nn"))).toBe(root);
  });
});
