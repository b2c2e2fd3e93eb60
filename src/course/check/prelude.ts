/**
 * What an exercise cell may rely on without writing it, as in the kernel, where a cell sees what
 * earlier cells defined:
 *   - the imports of the notebook's other cells (only those of the course's own built library, or
 *     tslab, so the prelude can load nothing a submission chose);
 *   - the helpers of the other cells that the cell uses: function declarations, `const f = (...) =>`
 *     and function expressions, type aliases and interfaces, with what they use in turn. A lesson's
 *     own helper (lesson 10's `backStep`) or a learner's in a cell of their own then works in the
 *     check as it did in the notebook.
 * Nothing else is taken: no statement runs and no value is computed (the check does not run the
 * notebook), so a helper that needs one (a data set made in another cell) is still reported.
 */

import { resolve, sep } from "node:path";
import ts from "@tslab/typescript-for-tslab";

/**
 * The prelude of an exercise cell: the imports it needs, then the helpers it uses. `before` is how
 * many of `otherCells` come before the exercise cell in the notebook (default: all of them).
 */
export function preludeFor(cell: string, otherCells: readonly string[], declaredByCell: ReadonlySet<string>, notebookDir: string, before = otherCells.length, withHelpers = true): string {
  const helpers = withHelpers ? helpersFor(cell, otherCells, declaredByCell, before) : { text: "", names: [] };
  const imports = importsFor(cell + "\n" + helpers.text, otherCells, new Set([...declaredByCell, ...helpers.names]), notebookDir);
  return [imports, helpers.text].filter((part) => part !== "").join("\n");
}

/** A declaration the check may copy from another cell, and the names its text mentions. */
interface Helper {
  text: string;
  uses: Set<string>;
  /** Cell index, then statement index: the order the copies keep. */
  at: [number, number];
}

/** The name a statement declares, if it is a helper the check may copy: a function or a type. */
function helperName(st: ts.Statement): string | undefined {
  if (ts.isFunctionDeclaration(st) && st.name && st.body) return st.name.text;
  if (ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st)) return st.name.text;
  if (ts.isVariableStatement(st) && st.declarationList.declarations.length === 1) {
    const d = st.declarationList.declarations[0];
    const init = d.initializer && ts.isParenthesizedExpression(d.initializer) ? d.initializer.expression : d.initializer;
    if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return d.name.text;
  }
  return undefined;
}

/**
 * The helpers of `otherCells` the cell uses, directly or through other helpers, in notebook order.
 * A name declared more than once takes the definition the check cell would see when the notebook
 * runs top to bottom: the last one above the exercise cell; only a name declared nowhere above
 * takes the first one below (a cell run out of order, which the notebook accepted).
 */
function helpersFor(cell: string, otherCells: readonly string[], declaredByCell: ReadonlySet<string>, before: number): { text: string; names: string[] } {
  const found = new Map<string, Helper>();
  otherCells.forEach((src, c) => {
    const sf = ts.createSourceFile("other.ts", src, ts.ScriptTarget.ES2022, true);
    sf.statements.forEach((st, k) => {
      const name = helperName(st);
      if (name === undefined) return;
      if (c >= before && found.has(name)) return; // below the cell: never over one already found
      const text = st.getText(sf);
      found.set(name, { text, uses: identifiersIn(text), at: [c, k] });
    });
  });
  const chosen = new Map<string, Helper>();
  const queue = [...identifiersIn(cell)];
  while (queue.length > 0) {
    const name = queue.pop()!;
    const helper = found.get(name);
    if (helper === undefined || chosen.has(name) || declaredByCell.has(name)) continue;
    chosen.set(name, helper);
    queue.push(...helper.uses);
  }
  const ordered = [...chosen].sort(([, a], [, b]) => a.at[0] - b.at[0] || a.at[1] - b.at[1]);
  return { text: ordered.map(([, h]) => h.text).join("\n"), names: ordered.map(([n]) => n) };
}

/**
 * Import statements from `otherCells`, keeping only specifiers that resolve inside `<root>/dist/`
 * (the notebook directory's parent) or name tslab, and dropping names the cell declares itself
 * (in tslab a cell's own declaration shadows an earlier cell's import) and names the cell never
 * mentions (an import the cell does not use cannot break its check).
 */
function importsFor(cell: string, otherCells: readonly string[], declaredByCell: ReadonlySet<string>, notebookDir: string): string {
  const dist = resolve(notebookDir, "..", "dist") + sep;
  const taken = new Set(declaredByCell);
  const used = identifiersIn(cell);
  const lines: string[] = [];
  for (const src of otherCells) {
    const sf = ts.createSourceFile("other.ts", src, ts.ScriptTarget.ES2022, true);
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !st.importClause || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      const spec = st.moduleSpecifier.text;
      const allowed = spec === "tslab" || (spec.startsWith(".") && resolve(notebookDir, spec).startsWith(dist));
      if (!allowed) continue;
      const c = st.importClause;
      const typeOnly = c.isTypeOnly ? "type " : "";
      const fresh = (name: string) => used.has(name) && !taken.has(name) && (taken.add(name), true);
      if (c.name && fresh(c.name.text)) lines.push(`import ${typeOnly}${c.name.text} from ${JSON.stringify(spec)};`);
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb) && fresh(nb.name.text)) lines.push(`import ${typeOnly}* as ${nb.name.text} from ${JSON.stringify(spec)};`);
      if (nb && ts.isNamedImports(nb)) {
        const kept = nb.elements.filter((e) => fresh(e.name.text)).map((e) => (e.propertyName ? `${e.isTypeOnly ? "type " : ""}${e.propertyName.text} as ${e.name.text}` : `${e.isTypeOnly ? "type " : ""}${e.name.text}`));
        if (kept.length > 0) lines.push(`import ${typeOnly}{ ${kept.join(", ")} } from ${JSON.stringify(spec)};`);
      }
    }
  }
  return lines.join("\n");
}

/** Every identifier the cell's code mentions (a superset of the names it reads from outside). */
function identifiersIn(cell: string): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) out.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("cell.ts", cell, ts.ScriptTarget.ES2022, true));
  return out;
}
