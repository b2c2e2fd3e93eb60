/**
 * A lesson's checks module as students get it: the public checks, with every expected value
 * shipped as data.
 *
 * An exercise's checks compute their expected values with an oracle, and an oracle is often the
 * reference solution written another way (the norm of the column sums, a least-squares slope). A
 * compiled checks file that keeps the oracle hands the answer to anyone who opens it. So the
 * release is built in two passes over the same compiled source:
 *
 *   1. record: every `expected:` whose value is computed is wrapped so that running the module
 *      records, in order, the value it gave (or, for a case family's `expected: (input) => ...`,
 *      each call's result), and every `sealed(answer)` its digest; the module is imported once
 *      to fill the record;
 *   2. replay: every such `expected:` becomes `expectedAt(site)`, which hands back the recorded
 *      values in the same order, from a table of plain data at the top of the file, and every
 *      `sealed(answer)` becomes `sealed.fromDigest(...)`.
 *
 * Both passes first drop the hidden checks, the known-wrong answers and the top-level statements
 * labelled `instructor:`, so the module runs the same statements in the same order each time
 * (inputs come from seeded generators). Declarations nothing uses any more (the oracles, the hidden
 * inputs, the wrong answers' helpers) are then removed. The release test proves the result judges
 * as the instructor's checks do (test/course/grade/release.test.ts).
 */

import { existsSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

/** One run of an `expected:` property: the value it gave, or the results of the function it gave. */
type Evaluation = { value: unknown } | { calls: unknown[] };

const RECORD_SLOT = "vanishing-gradients.release.record";

const isName = (p: ts.ObjectLiteralElementLike, name: string): boolean =>
  !!p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name;

/** Removes `hidden` and replaces `wrong` by placeholders in the object literal given to each defineExercise call. */
function stripGrading(context: ts.TransformationContext): ts.Transformer<ts.SourceFile> {
  const f = context.factory;
  // defineExercise wants three known-wrong answers; the release keeps the count, not the answers.
  const placeholder = () => f.createObjectLiteralExpression([f.createPropertyAssignment("mistake", f.createStringLiteral("(not in the student release)")), f.createPropertyAssignment("solution", f.createObjectLiteralExpression([]))]);
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isCallExpression(node) && /defineExercise$/.test(node.expression.getText()) && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      const obj = node.arguments[0];
      const props = obj.properties
        .filter((p) => !isName(p, "hidden"))
        .map((p) => (isName(p, "wrong") ? f.createPropertyAssignment("wrong", f.createArrayLiteralExpression([placeholder(), placeholder(), placeholder()])) : ts.visitEachChild(p, visit, context)));
      return f.updateCallExpression(node, node.expression, node.typeArguments, [f.updateObjectLiteralExpression(obj, props), ...node.arguments.slice(1)]);
    }
    // A known-wrong answer built elsewhere (a helper's argument, a top-level list): { mistake, solution }.
    if (ts.isObjectLiteralExpression(node) && node.properties.some((p) => isName(p, "mistake")) && node.properties.some((p) => isName(p, "solution"))) return placeholder();
    return ts.visitEachChild(node, visit, context);
  };
  return (sf) => ts.visitNode(sf, visit) as ts.SourceFile;
}

/** True for an expression that is its own value: literals, arrays and objects of literals. */
function isLiteral(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isLiteral(e.expression);
  if (ts.isNumericLiteral(e) || ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(e)) return e.text === "NaN" || e.text === "Infinity" || e.text === "undefined";
  if (ts.isPrefixUnaryExpression(e)) return isLiteral(e.operand);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => !ts.isSpreadElement(x) && isLiteral(x));
  if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isLiteral(p.initializer));
  return false;
}

type Wrap = (site: number, value: ts.Expression, f: ts.NodeFactory) => ts.Expression;

/**
 * Numbers, in source order, every place whose value the release ships as data: each computed
 * `expected:` (wrapped by `expected`) and each `sealed(...)` call (wrapped by `seal`).
 */
function dataSites(expected: Wrap, seal: Wrap) {
  return (context: ts.TransformationContext): ts.Transformer<ts.SourceFile> => {
    let site = 0;
    const f = context.factory;
    const visit = (node: ts.Node): ts.Node => {
      const out = ts.visitEachChild(node, visit, context);
      if (ts.isPropertyAssignment(out) && isName(out, "expected") && !isLiteral(out.initializer)) {
        return f.updatePropertyAssignment(out, out.name, expected(site++, out.initializer, f));
      }
      if (ts.isCallExpression(out) && ts.isIdentifier(out.expression) && out.expression.text === "sealed") return seal(site++, out, f);
      return out;
    };
    return (sf) => ts.visitNode(sf, visit) as ts.SourceFile;
  };
}

/**
 * Drops top-level statements labelled `instructor:`: checks of the module's own data that need
 * the hidden inputs or the oracle (such as "no case sits on a rounding boundary").
 */
function dropInstructorOnly(context: ts.TransformationContext): ts.Transformer<ts.SourceFile> {
  return (sf) => context.factory.updateSourceFile(sf, sf.statements.filter((st) => !(ts.isLabeledStatement(st) && st.label.text === "instructor")));
}

function compile(source: string, fileName: string, transformers: ts.TransformerFactory<ts.SourceFile>[]): string {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
    transformers: { before: transformers },
  }).outputText;
}

/** Pass 1's module: each computed `expected:` reports to the recorder in the global slot. */
function recordingModule(source: string, fileName: string): string {
  const js = compile(source, fileName, [
    dropInstructorOnly,
    stripGrading,
    dataSites(
      (site, value, f) => f.createCallExpression(f.createIdentifier("__recordExpected"), undefined, [f.createNumericLiteral(site), value]),
      (site, call, f) => f.createCallExpression(f.createIdentifier("__recordSealed"), undefined, [f.createNumericLiteral(site), call]),
    ),
  ]);
  const recorder = `
const __record = (globalThis[Symbol.for(${JSON.stringify(RECORD_SLOT)})] ??= new Map());
function __recordExpected(site, value) {
  const runs = __record.get(site) ?? [];
  __record.set(site, runs);
  if (typeof value !== "function") { runs.push({ value }); return value; }
  const run = { calls: [] };
  runs.push(run);
  return (...args) => { const v = value(...args); run.calls.push(v); return v; };
}
function __recordSealed(site, seal) {
  __record.set(site, [...(__record.get(site) ?? []), { value: seal.digest }]);
  return seal;
}
`;
  return recorder + js;
}

/** A JavaScript expression that evaluates to `v`; throws for anything that is not plain data. */
export function dataLiteral(v: unknown, where: string): string {
  if (v === undefined) return "undefined";
  if (v === null || typeof v === "boolean" || typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v); // String round-trips a double exactly
  if (typeof v === "bigint") return `${v}n`;
  if (Array.isArray(v)) return `[${v.map((x) => dataLiteral(x, where)).join(",")}]`;
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) {
    return `new ${v.constructor.name}(${dataLiteral(Array.from(v as ArrayLike<number>), where)})`;
  }
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${dataLiteral(x, where)}`).join(",")}}`;
  }
  throw new Error(`${where}: an expected value of type ${typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v} cannot be shipped as data; give plain numbers, strings, arrays or objects.`);
}

/** Pass 2's module: each computed `expected:` replays its recorded values from the table on top. */
function replayingModule(source: string, fileName: string, record: Map<number, Evaluation[]>): string {
  const at = (site: number, f: ts.NodeFactory) => f.createCallExpression(f.createIdentifier("expectedAt"), undefined, [f.createNumericLiteral(site)]);
  const js = compile(source, fileName, [
    dropInstructorOnly,
    stripGrading,
    dataSites(
      (site, _value, f) => at(site, f),
      // sealed.fromDigest(expectedAt(site)): the digest, never the answer
      (site, _call, f) => f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("sealed"), "fromDigest"), undefined, [at(site, f)]),
    ),
  ]);
  const sites = Math.max(-1, ...record.keys()) + 1;
  const table = Array.from({ length: sites }, (_, site) => {
    const runs = (record.get(site) ?? []).map((run) =>
      "calls" in run ? `{calls:${dataLiteral(run.calls, `${fileName}, expected #${site}`)}}` : `{value:${dataLiteral(run.value, `${fileName}, expected #${site}`)}}`,
    );
    return `  [${runs.join(",")}],`;
  });
  const player = `
// Expected values, computed when this release was built (the formulas stay with the instructor).
// EXPECTED[site] lists what each run of that \`expected:\` gave, in the order the module runs them.
const EXPECTED = [
${table.join("\n")}
];
function expectedAt(site) {
  const run = EXPECTED[site].shift();
  if (run === undefined) throw new Error("The release's checks ran out of recorded expected values: rebuild it with npm run release.");
  if ("value" in run) return run.value;
  return () => {
    if (run.calls.length === 0) throw new Error("The release's checks ran out of recorded expected values: rebuild it with npm run release.");
    return run.calls.shift();
  };
}
`;
  return player + js;
}

/**
 * Drops top-level `const`/`function` declarations nothing refers to any more (the oracles, the
 * hidden cases' inputs, the tables behind the known-wrong answers), until none is left.
 */
function dropUnused(js: string): string {
  for (let round = 0; round < 20; round++) {
    const sf = ts.createSourceFile("x.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    const uses = new Map<string, number>();
    const count = (n: ts.Node): void => {
      // A property's name ({ solution: ... }, x.solution) is not a use of a declaration.
      const propertyName = n.parent !== undefined && (ts.isPropertyAssignment(n.parent) || ts.isPropertyAccessExpression(n.parent)) && n.parent.name === n;
      if (ts.isIdentifier(n) && !propertyName) uses.set(n.text, (uses.get(n.text) ?? 0) + 1);
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

let probes = 0;

/**
 * The checks module of a lesson, compiled for students. `source` is `content/<stem>.ts`; `builtDir`
 * is the project's `dist/content`, where the recording pass runs so that its imports
 * (`../src/...`) resolve to the built library.
 */
export async function releaseChecks(source: string, fileName: string, builtDir: string): Promise<string> {
  // A new file name each time: an ES module is imported once per URL, and each run must record.
  const probe = join(builtDir, `.release-record-${process.pid}-${probes++}-${basename(fileName, ".ts")}.js`);
  const slot = globalThis as { [key: symbol]: unknown };
  const key = Symbol.for(RECORD_SLOT);
  slot[key] = new Map<number, Evaluation[]>();
  try {
    writeFileSync(probe, recordingModule(source, fileName));
    await import(pathToFileURL(probe).href);
    return dropUnused(replayingModule(source, fileName, slot[key] as Map<number, Evaluation[]>));
  } finally {
    delete slot[key];
    if (existsSync(probe)) rmSync(probe);
  }
}
