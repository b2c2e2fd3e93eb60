/**
 * Reading the attributes of a code fence (```` ```ts exercise=sigmoid-prime points=2 ````) and of a
 * markdown cell break (`+++ slide=subslide`).
 *
 * Why strict: a misspelt attribute (`exersise=`) would otherwise silently make an ordinary cell,
 * and the mistake would surface only when a learner's grade is wrong.
 */
import { messages } from "../../messages.js";
import { SLIDE_TYPES, type SlideType } from "./model.js";

/** Attributes that take a value, on code fences. */
const VALUE_KEYS = ["id", "exercise", "points", "check", "tags", "slide"] as const;
/** Attributes that are flags, on code fences. */
const FLAG_KEYS = ["hidden", "instructor"] as const;
/** What a `+++` break accepts. */
const MARKDOWN_KEYS = ["id", "slide", "tags"] as const;

/** Everything a fence or a cell break can say about its cell, validated. */
export interface CellAttributes {
  id: string | null;
  exercise: string | null;
  points: number | null;
  check: string | null;
  tags: string[];
  slide: SlideType | null;
  hidden: boolean;
  instructor: boolean;
}

/** Jupyter's cell-id rule (nbformat 4.5), which also suits exercise ids. */
export const ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Split `a=1 b="x y" flag` into raw key/value pairs (value null for a flag). */
function tokenize(text: string): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  const re = /\s*([^\s=]+)(?:=("([^"]*)"|[^\s"]*))?/y;
  let pos = 0;
  const rest = text.trimEnd();
  while (pos < rest.length) {
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (m === null || m[0].length === 0) throw new Error(messages.badAttributeSyntax(text.trim()));
    const value = m[2] === undefined ? null : m[3] !== undefined ? m[3] : m[2];
    out.push([m[1]!, value]);
    pos = re.lastIndex;
  }
  return out;
}

/**
 * Parse the attributes after ```` ```ts ```` (code: true) or after `+++` (code: false).
 * Throws a plain Error whose message says what to change; the parser adds `file:line`.
 */
export function parseAttributes(text: string, code: boolean): CellAttributes {
  const attrs: CellAttributes = {
    id: null, exercise: null, points: null, check: null,
    tags: [], slide: null, hidden: false, instructor: false,
  };
  const seen = new Set<string>();
  for (const [key, value] of tokenize(text)) {
    if (!code && !(MARKDOWN_KEYS as readonly string[]).includes(key)) {
      throw new Error(messages.markdownAttribute(key));
    }
    const isFlag = (FLAG_KEYS as readonly string[]).includes(key);
    if (!isFlag && !(VALUE_KEYS as readonly string[]).includes(key)) {
      throw new Error(messages.unknownAttribute(key, [...VALUE_KEYS.map((k) => `${k}=`), ...FLAG_KEYS]));
    }
    if (seen.has(key)) throw new Error(messages.duplicateAttribute(key));
    seen.add(key);
    if (isFlag) {
      if (value !== null) throw new Error(messages.flagTakesNoValue(key));
      attrs[key as "hidden" | "instructor"] = true;
      continue;
    }
    if (value === null || value === "") throw new Error(messages.attributeNeedsValue(key));
    switch (key) {
      case "id": case "exercise": case "check":
        if (!ID_PATTERN.test(value)) throw new Error(messages.badCellId(value));
        attrs[key] = value;
        break;
      case "points": {
        const n = Number(value);
        if (!Number.isFinite(n) || n <= 0) throw new Error(messages.badPoints(value));
        attrs.points = n;
        break;
      }
      case "slide":
        if (!(SLIDE_TYPES as readonly string[]).includes(value)) {
          throw new Error(messages.badSlide(value, SLIDE_TYPES));
        }
        attrs.slide = value as SlideType;
        break;
      case "tags": {
        const tags = value.split(",");
        for (const [i, tag] of tags.entries()) {
          if (tag === "" || /\s/.test(tag) || tags.indexOf(tag) !== i) {
            throw new Error(messages.badTag(tag));
          }
        }
        attrs.tags = tags;
        break;
      }
    }
  }
  if (attrs.exercise !== null && attrs.check !== null) throw new Error(messages.exerciseAndCheck());
  if (attrs.points !== null && attrs.exercise === null) throw new Error(messages.pointsWithoutExercise());
  if (attrs.exercise !== null && attrs.points === null) {
    throw new Error(messages.exerciseNeedsPoints(attrs.exercise));
  }
  if (attrs.exercise !== null && attrs.instructor) {
    throw new Error(messages.exerciseInstructorOnly(attrs.exercise));
  }
  return attrs;
}
