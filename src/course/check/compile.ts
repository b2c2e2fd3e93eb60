/**
 * Compiling a learner's exercise cell the way tslab compiles it, without running anything.
 *
 *   imports from the notebook's other cells (prelude) + the cell + `export { names }`
 *     --type-check with tslab's own TypeScript (5.0.4) and compile options--> ES module JS
 *     --to CommonJS, as tslab does--> code the sandbox wraps in an async function and runs
 *
 * Why tslab's compiler and options and not our tsconfig: tslab is not strict, resolves modules the
 * Node10 way and targets ES2022. A cell that runs in the notebook must pass here and a type error
 * must be the one the learner saw, so the check has to see the code exactly as the kernel does.
 */

import { join } from "node:path";
import ts from "@tslab/typescript-for-tslab";
import { topLevelNames } from "../content/names.js";
import { preludeFor } from "./prelude.js";

/** tslab 1.0.22's options (converter.js, Node >= 18), minus what only its cell chaining needs. */
export function tslabCompilerOptions(cwd: string): ts.CompilerOptions {
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    // TypeScript 5.0 flags noImplicitUseStrict as deprecated and then refuses to emit; tslab's
    // watch program tolerates it, a plain program does not.
    ignoreDeprecations: "5.0",
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    typeRoots: ts.getDefaultTypeRoots(cwd, { directoryExists: ts.sys.directoryExists }) ?? [],
    // tslab's own fork option: allows top-level await in a module compiled for CommonJS.
    disableTopLevelAwait: true,
    skipLibCheck: true,
  } as ts.CompilerOptions;
}

/** The outcome of compiling one exercise cell. */
export type CompileResult =
  | { ok: true; js: string }
  | { ok: false; where: "cell"; line: number; column: number; text: string }
  | { ok: false; where: "prelude"; text: string }
  | { ok: false; where: "names"; missing: string[] };

// Library declaration files never change during a run: parse each once. The first compile of a
// process takes one to a few seconds, later ones 0.05 to 0.15 s (only the checker is rebuilt). A
// long-running grader that rebuilds dist/ meanwhile must start a new process.
const sourceFileCache = new Map<string, ts.SourceFile | undefined>();
// The previous program, handed to the next one so TypeScript reuses its module resolutions.
let previous: { dir: string; program: ts.Program } | null = null;

/**
 * Type-checks and compiles one exercise cell.
 * @param cell the learner's cell source
 * @param names the names the exercise needs the cell to define
 * @param otherCells the sources of the notebook's other code cells, in order (their imports and
 *   the helpers the cell uses are taken: see prelude.ts)
 * @param notebookDir where the notebook lives in the project (imports like `../dist/...` resolve from it)
 * @param before how many of `otherCells` come before the exercise cell (default: all)
 */
export function compileCell(cell: string, names: readonly string[], otherCells: readonly string[], notebookDir: string, before = otherCells.length): CompileResult {
  const declared = topLevelNames(cell);
  const missing = names.filter((n) => !declared.has(n));
  if (missing.length > 0) return { ok: false, where: "names", missing };
  const withHelpers = compileWith(preludeFor(cell, otherCells, declared, notebookDir, before), cell, names, notebookDir);
  if (withHelpers.ok || withHelpers.where !== "prelude") return withHelpers;
  // A helper that does not compile alone (it uses a value another cell computes) is left out, and
  // the cell is judged as if it had not been taken: the message then names what the cell uses.
  return compileWith(preludeFor(cell, otherCells, declared, notebookDir, before, false), cell, names, notebookDir);
}

function compileWith(prelude: string, cell: string, names: readonly string[], notebookDir: string): CompileResult {
  const preludeLines = prelude === "" ? 0 : prelude.split("\n").length;
  const text = (prelude === "" ? "" : prelude + "\n") + cell + `\nexport { ${names.join(", ")} };\n`;
  const fileName = join(notebookDir, "__exercise__.ts").replace(/\\/g, "/");
  const options = tslabCompilerOptions(notebookDir);

  const host = ts.createCompilerHost(options);
  const baseGetSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    if (name === fileName) return ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    if (!sourceFileCache.has(name)) sourceFileCache.set(name, baseGetSourceFile(name, languageVersion, onError, shouldCreate));
    return sourceFileCache.get(name);
  };
  host.fileExists = (name) => name === fileName || ts.sys.fileExists(name);
  host.readFile = (name) => (name === fileName ? text : ts.sys.readFile(name));
  host.getCurrentDirectory = () => notebookDir;
  let esm = "";
  host.writeFile = (name, data) => {
    if (name.endsWith(".js")) esm = data;
  };

  const program = ts.createProgram([fileName], options, host, previous?.dir === notebookDir ? previous.program : undefined);
  previous = { dir: notebookDir, program };
  const source = program.getSourceFile(fileName)!;
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  const first = diagnostics.find((d) => d.category === ts.DiagnosticCategory.Error && !isTopLevelAwait(source, d));
  if (first) {
    const message = ts.flattenDiagnosticMessageText(first.messageText, "\n").split("\n")[0];
    const { line, character } = source.getLineAndCharacterOfPosition(first.start ?? 0);
    if (line < preludeLines) return { ok: false, where: "prelude", text: message };
    return { ok: false, where: "cell", line: line - preludeLines + 1, column: character + 1, text: message };
  }
  const emitted = program.emit(source);
  if (emitted.emitSkipped || esm === "") {
    const why = [...program.getOptionsDiagnostics(), ...emitted.diagnostics].map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    throw new Error(`compileCell: TypeScript emitted nothing (${why.join("; ") || "no reason given"})`);
  }
  // tslab's second step (esModuleToCommonJSModule): the ES module becomes CommonJS.
  const cjs = ts.transpileModule(esm, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true, target: ts.ScriptTarget.ES2022, newLine: ts.NewLineKind.LineFeed, noImplicitUseStrict: true, ignoreDeprecations: "5.0" } as ts.CompilerOptions,
  }).outputText;
  return { ok: true, js: cjs };
}


/**
 * tslab's rule (converter.js, isTopLevelAwaitDiagnostic): TypeScript's error 1308 ("await is only
 * allowed within async functions") on an await outside any function or class is allowed, because
 * the cell runs inside an async wrapper.
 */
function isTopLevelAwait(source: ts.SourceFile, d: ts.Diagnostic): boolean {
  if (d.code !== 1308 || d.file !== source || d.start === undefined) return false;
  const token = ts.findPrecedingToken(d.start + (d.length ?? 0), source);
  if (!token || token.kind !== ts.SyntaxKind.AwaitKeyword) return false;
  for (let p: ts.Node | undefined = token.parent; p && p !== source; p = p.parent) {
    if (ts.isArrowFunction(p) || ts.isFunctionExpression(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isModuleDeclaration(p)) return false;
  }
  return true;
}
