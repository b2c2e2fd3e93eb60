/**
 * Markdown and code to HTML for the lecture site, all at build time:
 *
 *   markdown --markdown-it--> HTML, with $...$ and $$...$$ typeset by KaTeX (no script needed),
 *   code     --highlight.js--> <span class="hljs-..."> markup, styled by a copied stylesheet.
 *
 * Why a math rule of our own: it is a dozen lines, runs inside markdown-it's inline parser (so
 * `$` inside code spans stays code), and makes a formula KaTeX rejects an error we can name.
 */
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";
import katex from "katex";
import MarkdownIt from "markdown-it";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);

/** A formula KaTeX refused: the TeX and KaTeX's message. */
export class MathError extends Error {
  constructor(readonly tex: string, readonly reason: string) {
    super(`KaTeX cannot typeset $${tex}$: ${reason}`);
  }
}

/** Escape text for HTML (element content and attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Typeset one formula; throws {@link MathError} when KaTeX rejects it. */
export function typeset(tex: string, display: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
  } catch (e) {
    throw new MathError(tex, e instanceof Error ? e.message : String(e));
  }
}

/** Highlight code of a language highlight.js knows (ts, js); anything else is escaped only. */
export function highlight(code: string, lang: string): string {
  const language = lang === "ts" ? "typescript" : lang === "js" ? "javascript" : lang;
  if (hljs.getLanguage(language) === undefined) return escapeHtml(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/** markdown-it inline rule: `$$...$$` (display) and `$...$` (inline, no space inside the dollars). */
function mathRule(md: MarkdownIt): void {
  md.inline.ruler.after("escape", "math", (state, silent) => {
    const src = state.src;
    const start = state.pos;
    if (src.charCodeAt(start) !== 0x24 /* $ */) return false;
    const display = src.charCodeAt(start + 1) === 0x24;
    const open = display ? 2 : 1;
    let end = start + open;
    for (;;) {
      end = src.indexOf(display ? "$$" : "$", end);
      if (end < 0) return false;
      if (src.charCodeAt(end - 1) === 0x5c /* \ */) { end += 1; continue; }
      break;
    }
    const tex = src.slice(start + open, end);
    if (tex.trim() === "") return false;
    // Pandoc's rule: "$ 5 and $ 6" is not math; "$x$" is.
    if (!display && (/^\s/.test(tex) || /\s$/.test(tex))) return false;
    if (!silent) {
      const token = state.push(display ? "math_display" : "math_inline", "", 0);
      token.content = tex;
    }
    state.pos = end + open;
    return true;
  });
  // A display formula on lines of its own is a block: its lines starting with "+" or "-" must not
  // turn into list items, nor a blank-free "=" line into a heading.
  md.block.ruler.before("fence", "math_block", (state, startLine, endLine, silent) => {
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
    const lineText = (n: number): string => state.src.slice(state.bMarks[n]! + state.tShift[n]!, state.eMarks[n]!);
    const first = lineText(startLine);
    if (!first.startsWith("$$")) return false;
    let content: string;
    let last = startLine;
    const oneLine = /^\$\$(.*)\$\$\s*$/.exec(first);
    if (oneLine !== null && first.trimEnd().length > 4) content = oneLine[1]!;
    else {
      const parts = [first.slice(2)];
      for (last = startLine + 1; last < endLine; last++) {
        const l = lineText(last);
        if (l.trimEnd().endsWith("$$")) break;
        parts.push(l);
      }
      if (last >= endLine) return false;
      const closing = lineText(last).trimEnd();
      parts.push(closing.slice(0, -2));
      content = parts.join("\n");
    }
    if (silent) return true;
    const token = state.push("math_block", "math", 0);
    token.block = true;
    token.content = content;
    token.map = [startLine, last + 1];
    state.line = last + 1;
    return true;
  }, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules.math_inline = (tokens, i) => typeset(tokens[i]!.content, false);
  // A focusable box, so a formula wider than the page can be scrolled from the keyboard.
  const display = (tex: string): string => `<div class="math-display" tabindex="0">${typeset(tex.trim(), true)}</div>`;
  md.renderer.rules.math_display = (tokens, i) => display(tokens[i]!.content);
  md.renderer.rules.math_block = (tokens, i) => `${display(tokens[i]!.content)}\n`;
}

/** The site's markdown renderer: raw HTML allowed (lessons use <details>), code highlighted. */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({
    html: true,
    linkify: false,
    typographer: false,
    highlight: (code, lang) => `<pre class="code"><code class="hljs">${highlight(code, lang)}</code></pre>`,
  });
  md.use(mathRule);
  return md;
}
