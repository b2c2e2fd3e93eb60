/**
 * The cells a kernel has run, by the name their code runs under, so that any stack frame, in this
 * cell or in a function an earlier cell defined, leads back to a line of what the learner typed.
 *
 * tslab runs every cell's JavaScript through `vm.runInThisContext` with no file name; V8 would call
 * all of them "evalmachine.<anonymous>". The wrapped converter appends a `//# sourceURL=In[n]`
 * comment to each compiled cell (V8 then names its frames `In[n]:line:column`) and keeps the
 * cell's source and source maps here. Nothing else in the compiled code changes.
 */
import type { Converter, ConvertResult, CompiledMaps, TslabDiagnostic } from "./tslab.js";
import { composed, SourceMap, type Position } from "./source-map.js";

/**
 * What tslab's executor writes before a cell's code on the same line (executor.js, `execute`):
 * columns on a cell's first generated line are shifted by its length.
 */
export const SYNC_PREFIX = "(function(exports, require) { ";
export const ASYNC_PREFIX = "(async function(exports, require) { ";

/** One compiled cell. */
export interface CellRecord {
  /** The name its code runs under: `In[7]`. */
  name: string;
  /** The execution count the front end shows beside the cell, when known. */
  count: number | null;
  /** The cell's TypeScript, line by line. */
  lines: string[];
  /** Generated position (0-based) -> position in the cell (0-based), or null when unmapped. */
  locate(generated: Position): Position | null;
}

/** How many cells are remembered; a frame in an older one is shown without its source line. */
const KEEP = 2000;

/** The registry of compiled cells, and the wrapper that fills it. */
export class Cells {
  private readonly byName = new Map<string, CellRecord>();
  private unnamed = 0;
  /** The execution count of the cell being compiled now (set by the kernel before it runs a cell). */
  count: number | null = null;

  get(name: string): CellRecord | undefined {
    return this.byName.get(name);
  }

  /** Whether a frame's file name is one of our cells' names. */
  isCell(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * tslab's converter, with every compiled cell named and registered. `onDiagnostics` hears a
   * cell's TypeScript errors with its source (tslab itself only prints them).
   */
  wrap(converter: Converter, takeMaps: (output: string) => CompiledMaps | null, onDiagnostics: (diagnostics: TslabDiagnostic[], src: string) => void): Converter {
    return {
      convert: (prevDecl, src) => {
        const result = converter.convert(prevDecl, src);
        if (result.diagnostics.length > 0) onDiagnostics(result.diagnostics, src);
        return result.output === undefined ? result : this.register(result, src, takeMaps(result.output));
      },
      inspect: (prevDecl, src, position) => converter.inspect(prevDecl, src, position),
      complete: (prevDecl, src, position) => converter.complete(prevDecl, src, position),
      addModule: (name, content, meta) => converter.addModule(name, content, meta),
      close: () => converter.close(),
    };
  }

  private register(result: ConvertResult, src: string, maps: CompiledMaps | null): ConvertResult {
    const name = this.count === null ? `cell-${++this.unnamed}` : `In[${this.count}]`;
    const prefix = (result.hasToplevelAwait ? ASYNC_PREFIX : SYNC_PREFIX).length;
    let map: { original(at: Position): Position | null } | null = null;
    try {
      if (maps !== null) map = composed(new SourceMap(maps.toTypeScript as never), new SourceMap(maps.toModule as never));
    } catch {
      map = null; // an unreadable map costs the line numbers, not the cell
    }
    this.byName.set(name, {
      name,
      count: this.count,
      lines: src.split("\n"),
      locate: (at) => {
        if (map === null) return null;
        const found = map.original({ line: at.line, column: at.line === 0 ? Math.max(0, at.column - prefix) : at.column });
        // The first map's source is the cell behind tslab's one-line prefix, `export {};`.
        return found === null || found.line < 1 ? null : { line: found.line - 1, column: found.column };
      },
    });
    if (this.byName.size > KEEP) this.byName.delete(this.byName.keys().next().value!);
    // A comment, so the code tslab runs is unchanged; V8 takes the last sourceURL it sees.
    return { ...result, output: `${result.output}\n//# sourceURL=${name}\n` };
  }
}
