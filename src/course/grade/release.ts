/**
 * The student release: what learners get, and nothing that grades them.
 *
 *   notebooks/*.ipynb          the student notebooks (stubs, executed outputs)
 *   dist/src/**                the built library and kernel (no source maps)
 *   dist/content/*.exercises.js  each lesson's checks, recompiled from content/ with every
 *                              `hidden:` and `wrong:` of a defineExercise call removed
 *   package.json, README.md    install and start
 *
 * Never copied: content/*.md (the reference solutions), notebooks-instructor/, src/*.ts, the
 * exercises' sources, the hidden checks and the known-wrong answers (which sit next to the right
 * answer). A test searches the release for every solution and every hidden check's name.
 */

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";
import { writeBuildInfo } from "../kernel/build-info.js";

/** Removes `hidden` and replaces `wrong` by placeholders in the object literal given to each defineExercise call. */
function stripGrading(context: ts.TransformationContext): ts.Transformer<ts.SourceFile> {
  const f = context.factory;
  // defineExercise wants three known-wrong answers; the release keeps the count, not the answers.
  const placeholders = ts.factory.createArrayLiteralExpression(
    [0, 1, 2].map(() => f.createObjectLiteralExpression([f.createPropertyAssignment("mistake", f.createStringLiteral("(not in the student release)")), f.createPropertyAssignment("solution", f.createObjectLiteralExpression([]))])),
  );
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isCallExpression(node) && /defineExercise$/.test(node.expression.getText()) && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      const obj = node.arguments[0];
      const props = obj.properties
        .filter((p) => !(p.name && ts.isIdentifier(p.name) && p.name.text === "hidden"))
        .map((p) => (p.name && ts.isIdentifier(p.name) && p.name.text === "wrong" ? f.createPropertyAssignment("wrong", placeholders) : p));
      return f.updateCallExpression(node, node.expression, node.typeArguments, [f.updateObjectLiteralExpression(obj, props), ...node.arguments.slice(1)]);
    }
    // A known-wrong answer built elsewhere (a helper's argument, a top-level list): { mistake, solution }.
    if (ts.isObjectLiteralExpression(node)) {
      const names = node.properties.map((p) => (p.name && ts.isIdentifier(p.name) ? p.name.text : ""));
      if (names.includes("mistake") && names.includes("solution")) {
        return f.createObjectLiteralExpression([f.createPropertyAssignment("mistake", f.createStringLiteral("(not in the student release)")), f.createPropertyAssignment("solution", f.createObjectLiteralExpression([]))]);
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (sf) => ts.visitNode(sf, visit) as ts.SourceFile;
}

/** The checks module of a lesson, compiled for students: public checks only. */
export function releaseChecks(source: string, fileName: string): string {
  const out = ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
    transformers: { before: [stripGrading] },
  });
  return dropUnused(out.outputText);
}

/**
 * Drops top-level `const`/`function` declarations nothing refers to any more (the hidden cases'
 * inputs, the tables behind the known-wrong answers), until none is left.
 */
function dropUnused(js: string): string {
  for (let round = 0; round < 20; round++) {
    const sf = ts.createSourceFile("x.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    const uses = new Map<string, number>();
    const count = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) uses.set(n.text, (uses.get(n.text) ?? 0) + 1);
      ts.forEachChild(n, count);
    };
    count(sf);
    const exported = (st: ts.Statement) => ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const dead = sf.statements.filter((st) => {
      if (exported(st)) return false;
      if (ts.isFunctionDeclaration(st) && st.name) return uses.get(st.name.text) === 1;
      if (ts.isVariableStatement(st)) return st.declarationList.declarations.every((d) => ts.isIdentifier(d.name) && uses.get(d.name.text) === 1);
      return false;
    });
    if (dead.length === 0) return js;
    let out = js;
    for (const st of [...dead].sort((a, b) => b.getStart() - a.getStart())) out = out.slice(0, st.getFullStart()) + out.slice(st.getEnd());
    js = out;
  }
  return js;
}

export interface ReleaseResult {
  files: number;
  lessons: string[];
}

/** Writes the student release of the project at `root` into `out` (emptied first). */
export function writeRelease(root: string, out: string): ReleaseResult {
  if (!existsSync(join(root, "dist", "src"))) throw new Error("dist/ is missing: run npm run build first");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "dist", "content"), { recursive: true });
  let files = 0;
  cpSync(join(root, "notebooks"), join(out, "notebooks"), { recursive: true, filter: (src) => !src.includes(".ipynb_checkpoints") });
  cpSync(join(root, "dist", "src"), join(out, "dist", "src"), { recursive: true, filter: (src) => !src.endsWith(".map") });
  const lessons: string[] = [];
  for (const name of readdirSync(join(root, "content")).sort()) {
    if (!name.endsWith(".exercises.ts")) continue;
    const stem = basename(name, ".ts");
    writeFileSync(join(out, "dist", "content", `${stem}.js`), releaseChecks(readFileSync(join(root, "content", name), "utf8"), name));
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
