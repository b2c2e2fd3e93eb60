/**
 * Catch, at build time, code that is valid TypeScript but that tslab 1.0.22 runs wrongly.
 *
 * Tried here: a cell that writes `{ sigmoidPrime }` (a shorthand property) for a function an
 * earlier cell declared fails with "ReferenceError: sigmoidPrime is not defined"; tslab rewrites
 * references to earlier cells' names but misses shorthand properties. `{ sigmoidPrime:
 * sigmoidPrime }` works. Finding this in a lesson's source beats finding it in a learner's kernel.
 */
import ts from "typescript";
import { messages } from "../../messages.js";
import { ContentError } from "./errors.js";
import type { Cell } from "./model.js";

/** Names a cell declares at its top level (functions, classes, variables, imports, enums). */
function topLevelNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (b: ts.BindingName): void => {
    if (ts.isIdentifier(b)) names.add(b.text);
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) names.add(st.name.text);
    else if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) addBinding(d.name);
    else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) names.add(c.name.text);
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) names.add(nb.name.text);
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) names.add(el.name.text);
    }
  }
  return names;
}

/** Every name declared anywhere in a cell (parameters and locals too): those shadow earlier cells. */
function allDeclaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    const named = node as { name?: ts.Node };
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) || ts.isBindingElement(node)) && named.name && ts.isIdentifier(named.name)) {
      names.add(named.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** Throw a ContentError at the first construct tslab would run wrongly. */
export function lintCodeCells(file: string, cells: readonly Cell[]): void {
  const earlier = new Set<string>();
  for (const cell of cells) {
    if (cell.kind !== "code") continue;
    const sf = ts.createSourceFile("cell.ts", cell.source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const own = allDeclaredNames(sf);
    const visit = (node: ts.Node): void => {
      if (ts.isShorthandPropertyAssignment(node) && earlier.has(node.name.text) && !own.has(node.name.text)) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        throw new ContentError(file, cell.line + 1 + line, messages.shorthandAcrossCells(node.name.text));
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    for (const name of topLevelNames(sf)) earlier.add(name);
  }
}
