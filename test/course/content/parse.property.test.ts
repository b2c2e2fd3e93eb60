import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLessonText } from "../../../src/course/content/parse.js";

const FENCE = "```";
const word = fc.stringMatching(/^[A-Za-z0-9$\\^_{}()*.,:'-]{1,8}$/);
/** A markdown line: words, maybe a heading, a list item or inline math; never a fence or a `+++`. */
const mdLine = fc.tuple(fc.constantFrom("", "## ", "- ", "> ", "1. "), fc.array(word, { minLength: 1, maxLength: 6 }))
  .map(([lead, ws]) => `${lead}${ws.join(" ")}`)
  .filter((l) => !/^(\s*)(`{3}|~{3}|\+\+\+)/.test(l) && !/^[-=*_ ]+$/.test(l));
/** A markdown block: no blank lines at its ends (the parser trims those). */
const mdBlock = fc.array(fc.oneof(mdLine, mdLine, fc.constant("")), { minLength: 1, maxLength: 5 })
  .map((ls) => ls.join("\n").trim())
  .filter((b) => b !== "");
/** A code body: TypeScript-ish lines without braces (so no shorthand properties), blank lines kept. */
const codeBody = fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9 =;()+.]{0,30}$/), fc.constant("")), { minLength: 1, maxLength: 6 })
  .map((ls) => ls.join("\n"));
const block = fc.oneof(mdBlock.map((s) => ({ kind: "markdown" as const, s })), codeBody.map((s) => ({ kind: "code" as const, s })));

describe("parseLessonText (property)", () => {
  it("cuts any sequence of markdown and code blocks back into exactly those cells, at the right lines", () => {
    fc.assert(fc.property(fc.array(block, { maxLength: 8 }), (blocks) => {
      const parts = ["# Title"];
      let prevMarkdown = true;
      const expected: Array<{ kind: string; s: string }> = [{ kind: "markdown", s: "# Title" }];
      for (const b of blocks) {
        if (b.kind === "markdown") {
          if (prevMarkdown) parts.push("+++");
          parts.push(b.s);
        } else {
          parts.push(`${FENCE}ts\n${b.s}\n${FENCE}`);
        }
        expected.push(b);
        prevMarkdown = b.kind === "markdown";
      }
      const text = `${parts.join("\n\n")}\n`;
      const lesson = parseLessonText(text, "content/42-prop.md");
      expect(lesson.cells.map((c) => ({ kind: c.kind, s: c.source }))).toEqual(expected);
      const lines = text.split("\n");
      for (const c of lesson.cells) {
        if (c.kind === "code") expect(lines[c.line - 1]).toBe(`${FENCE}ts`);
        else expect(lines[c.line - 1]).toBe(c.source.split("\n")[0]);
      }
      // Same text, same ids; every id valid and unique.
      const ids = lesson.cells.map((c) => c.id);
      expect(parseLessonText(text, "content/42-prop.md").cells.map((c) => c.id)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    }), { numRuns: 200 });
  });
});
