/**
 * The imports an exercise cell may rely on without writing them: those of the notebook's other
 * cells, as in the kernel, where a cell sees everything earlier cells imported.
 *
 * Only imports are taken, never other code from those cells: an exercise is checked on its own cell
 * (the check does not run the notebook), and only imports of the course's own built library (or
 * tslab) are kept, so the prelude can load nothing a submission chose.
 */

import { resolve, sep } from "node:path";
import ts from "@tslab/typescript-for-tslab";

/**
 * Import statements from `otherCells`, keeping only specifiers that resolve inside `<root>/dist/`
 * (the notebook directory's parent) or name tslab, and dropping names the cell declares itself
 * (in tslab a cell's own declaration shadows an earlier cell's import) and names the cell never
 * mentions (an import the cell does not use cannot break its check).
 */
export function preludeFor(cell: string, otherCells: readonly string[], declaredByCell: ReadonlySet<string>, notebookDir: string): string {
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
