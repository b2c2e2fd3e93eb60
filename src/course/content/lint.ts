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
import { topLevelNames } from "./names.js";
import type { Cell } from "./model.js";

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
    for (const name of topLevelNames(cell.source)) earlier.add(name);
  }
}
