/**
 * Reading a source map (version 3) just far enough to answer one question: which position of the
 * original text produced this position of the generated text?
 *
 * Why our own 60 lines: the kernel composes two maps per cell (TypeScript -> ES module JavaScript,
 * then ES module -> CommonJS, the two steps tslab compiles a cell in) and only ever looks up the
 * position of an error. Positions here are 0-based lines and columns, as in the maps themselves.
 */

/** A position in a text: 0-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** One mapping: a generated column and the original line and column it came from. */
interface Segment {
  generatedColumn: number;
  line: number;
  column: number;
}

/** The fields of a version 3 source map this module reads. */
export interface RawSourceMap {
  version: number;
  mappings: string;
  sources?: string[];
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The numbers of one segment ("AACA" -> [0, 0, 1, 0]), base64 VLQ as the spec defines it. */
function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = DIGIT.get(ch);
    if (digit === undefined) throw new Error(`source map: '${ch}' is not a base64 digit`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** A decoded map: for each generated line, its segments sorted by generated column. */
export class SourceMap {
  private readonly lines: Segment[][];

  constructor(raw: RawSourceMap) {
    if (raw.version !== 3) throw new Error(`source map: version ${raw.version}, expected 3`);
    this.lines = [];
    // Source index, original line and original column run on across lines; the column resets.
    let line = 0;
    let column = 0;
    let source = 0;
    for (const text of raw.mappings.split(";")) {
      const segments: Segment[] = [];
      let generatedColumn = 0;
      for (const part of text.split(",")) {
        if (part === "") continue;
        const v = decodeVlq(part);
        generatedColumn += v[0];
        if (v.length < 4) continue; // a generated span with no original
        source += v[1];
        line += v[2];
        column += v[3];
        if (source === 0) segments.push({ generatedColumn, line, column });
      }
      segments.sort((a, b) => a.generatedColumn - b.generatedColumn);
      this.lines.push(segments);
    }
  }

  /**
   * The original position of a generated one: the last segment on that line starting at or before
   * the column (the first one when the column comes before all of them); null for an unmapped line.
   */
  original(at: Position): Position | null {
    const segments = this.lines[at.line];
    if (segments === undefined || segments.length === 0) return null;
    let best = segments[0];
    for (const s of segments) {
      if (s.generatedColumn > at.column) break;
      best = s;
    }
    return { line: best.line, column: best.column };
  }
}

/** Two maps in a row: `second` maps the final text to an intermediate one, `first` that to the source. */
export function composed(first: SourceMap, second: SourceMap): { original(at: Position): Position | null } {
  return {
    original(at) {
      const mid = second.original(at);
      return mid === null ? null : first.original(mid);
    },
  };
}
