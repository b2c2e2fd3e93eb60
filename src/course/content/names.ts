/**
 * The names a notebook cell declares at its top level. tslab shares exactly these between cells,
 * so both the lesson build (which lints cross-cell references) and the check command (which
 * compiles one cell and exports its names) need them. Parsed with tslab's own TypeScript, since the
 * question is what tslab sees.
 */
import ts from "@tslab/typescript-for-tslab";

/** Names a cell declares at its top level (functions, classes, enums, variables, imports). */
export function topLevelNames(cell: string): Set<string> {
  const sf = ts.createSourceFile("cell.ts", cell, ts.ScriptTarget.ES2022, true);
  const out = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) out.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) out.add(st.name.text);
    else if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) bind(d.name);
    else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) out.add(c.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) out.add(c.namedBindings.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) out.add(e.name.text);
    } else if (ts.isImportEqualsDeclaration(st)) out.add(st.name.text);
  }
  return out;
}
