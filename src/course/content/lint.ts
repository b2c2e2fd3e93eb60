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

/** Is this identifier a use of a variable (not a property name or a declaration's own name)? */
function isVariableUse(node: ts.Identifier): boolean {
  const p = node.parent;
  if ((ts.isPropertyAccessExpression(p) && p.name === node) || (ts.isPropertyAssignment(p) && p.name === node)) return false;
  if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) ||
    ts.isClassDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === node) return false;
  return !(ts.isQualifiedName(p) && p.right === node);
}

/** Throw a ContentError at the first construct tslab would run wrongly. */
export function lintCodeCells(file: string, cells: readonly Cell[]): void {
  const earlier = new Set<string>();
  const exerciseNames = new Map<string, string>(); // name -> the exercise id whose cell declares it
  for (const cell of cells) {
    if (cell.kind !== "code") continue;
    const sf = ts.createSourceFile("cell.ts", cell.source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const own = allDeclaredNames(sf);
    const mayUseExercise = cell.exercise !== null;
    const visit = (node: ts.Node): void => {
      const at = () => cell.line + 1 + sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      if (ts.isShorthandPropertyAssignment(node) && earlier.has(node.name.text) && !own.has(node.name.text)) {
        throw new ContentError(file, at(), messages.shorthandAcrossCells(node.name.text));
      }
      if (!mayUseExercise && ts.isIdentifier(node) && exerciseNames.has(node.text) && !own.has(node.text) && isVariableUse(node)) {
        throw new ContentError(file, at(), messages.exerciseNameUsedLater(node.text, exerciseNames.get(node.text)!));
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    for (const name of topLevelNames(cell.source)) {
      earlier.add(name);
      if (cell.exercise?.kind === "solution") exerciseNames.set(name, cell.exercise.id);
      else exerciseNames.delete(name); // redeclared outside the exercise: later cells use this one
    }
  }
}
