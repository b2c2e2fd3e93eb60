/**
 * One lesson as web pages: the reading page and the slide deck, from the student build of the
 * lesson (stubs, never solutions) with the outputs of the committed, executed notebook.
 *
 *   Lesson (content model) --buildNotebook(student)--> cells --mergeOutputs(notebooks/NN.ipynb)-->
 *     cells with outputs --> page.html (every cell)  and  slides/NN.html (reveal.js sections)
 *
 * Errors name the lesson file, the line and the cell: `content/03-x.md:120 (cell code-1a2b3c4d)`.
 */
import type { Lesson, SlideType } from "../content/model.js";
import { buildNotebook } from "../notebook/ipynb.js";
import { mergeOutputs } from "../notebook/build.js";
import { type Notebook, type Output, sourceText } from "../notebook/nbformat.js";
import { escapeHtml, highlight, MathError } from "./markdown.js";
import { ChartError, renderOutputs, type RenderContext } from "./outputs.js";
import type MarkdownIt from "markdown-it";

/** A problem in one cell of one lesson, found while building the site. */
export class SiteError extends Error {
  constructor(readonly file: string, readonly line: number, readonly cellId: string, reason: string) {
    super(`${file}:${line} (cell ${cellId}): ${reason}`);
  }
}

/** A cell as the site shows it. */
export interface SiteCell {
  readonly id: string;
  readonly kind: "markdown" | "code";
  readonly line: number;
  readonly source: string;
  readonly slide: SlideType;
  readonly outputs: readonly Output[];
  readonly exercise: { id: string; points: number; kind: "solution" | "check" } | null;
  readonly hidden: boolean;
}

/** What the index shows of a lesson. */
export interface LessonSummary {
  readonly name: string;
  readonly number: string;
  readonly title: string;
  readonly objectives: readonly string[];
  readonly minutes: number | null;
}

/** The student cells of a lesson, with the committed notebook's outputs where the source matches. */
export function siteCells(lesson: Lesson, committed: Notebook | null): SiteCell[] {
  const nb = mergeOutputs(buildNotebook(lesson, "student"), committed);
  const byId = new Map(lesson.cells.map((c) => [c.id, c]));
  return nb.cells.map((c) => {
    const cell = byId.get(c.id);
    const slide = ((c.metadata.slideshow as { slide_type?: SlideType } | undefined)?.slide_type ?? "-") as SlideType;
    return {
      id: c.id,
      kind: c.cell_type,
      line: cell?.line ?? 1,
      source: sourceText(c),
      slide,
      outputs: c.outputs ?? [],
      exercise: cell?.exercise ?? null,
      hidden: cell?.hidden ?? false,
    };
  });
}

/** The objectives (the bullets after "... able to:") and the minutes ("takes about N minutes"). */
export function summarize(lesson: Lesson): LessonSummary {
  const intro = lesson.cells.filter((c) => c.kind === "markdown").slice(0, 2).map((c) => c.source).join("\n");
  const lines = intro.split("\n");
  const at = lines.findIndex((l) => /able to:\**\s*$/.test(l));
  const objectives: string[] = [];
  if (at >= 0) {
    let i = at + 1;
    while (i < lines.length && lines[i]!.trim() === "") i++;
    for (; i < lines.length; i++) {
      const l = lines[i]!;
      if (/^\s*[-*] /.test(l)) objectives.push(l.replace(/^\s*[-*] /, ""));
      else if (/^\s+\S/.test(l) && objectives.length > 0) objectives[objectives.length - 1] += ` ${l.trim()}`;
      else break;
    }
  }
  const m = /takes about (\d+) minutes/.exec(intro);
  return { name: lesson.name, number: lesson.number, title: lesson.title, objectives, minutes: m === null ? null : Number(m[1]) };
}

function renderCell(lesson: Lesson, cell: SiteCell, ctx: RenderContext): string {
  try {
    if (cell.kind === "markdown") return `<div class="cell markdown" id="cell-${cell.id}">${ctx.md.render(cell.source)}</div>`;
    const code = `<pre class="code"><code class="hljs language-typescript">${highlight(cell.source, "typescript")}</code></pre>`;
    let head = "";
    if (cell.exercise?.kind === "solution") {
      head = `<p class="cell-label exercise">Exercise <code>${escapeHtml(cell.exercise.id)}</code> (${cell.exercise.points} point${cell.exercise.points === 1 ? "" : "s"}): the cell you complete in the notebook.</p>`;
    } else if (cell.exercise?.kind === "check") {
      head = `<p class="cell-label check">Check of <code>${escapeHtml(cell.exercise.id)}</code>: its feedback as an unfinished exercise gets it.</p>`;
    }
    const source = cell.hidden ? `<details class="hidden-code"><summary>The code of this cell</summary>${code}</details>` : code;
    const outputs = renderOutputs(cell.outputs, ctx);
    return `<div class="cell code${cell.exercise === null ? "" : ` ${cell.exercise.kind}`}" id="cell-${cell.id}">${head}${source}${outputs === "" ? "" : `<div class="outputs">${outputs}</div>`}</div>`;
  } catch (e) {
    if (e instanceof MathError) throw new SiteError(lesson.file, cell.line, cell.id, e.message);
    if (e instanceof ChartError) throw new SiteError(lesson.file, cell.line, cell.id, e.message);
    throw e;
  }
}

function context(md: MarkdownIt): RenderContext {
  let n = 0;
  return { md, nextChart: () => `chart-${++n}` };
}

/** Where a page sits relative to the site root ("" or "../"), for links to shared assets. */
function head(title: string, base: string, extraCss: string[] = []): string {
  const css = ["assets/katex/katex.min.css", "assets/highlight/a11y-light.min.css", ...extraCss, "assets/site.css"];
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title>`,
    `<link rel="icon" href="data:,">`, // no favicon request: the site has none
    ...css.map((c) => `<link rel="stylesheet" href="${base}${c}">`),
    `</head>`,
  ].join("\n");
}

const CHART_SCRIPTS = ["assets/vega/vega.min.js", "assets/vega/vega-lite.min.js", "assets/vega/vega-embed.min.js", "assets/site.js"];
const scripts = (base: string, list: string[]): string => list.map((s) => `<script src="${base}${s}"></script>`).join("\n");

/** Links to the neighbouring lessons, the index and the slides. */
function nav(all: readonly LessonSummary[], i: number, label: string): string {
  const prev = all[i - 1];
  const next = all[i + 1];
  return [
    `<nav class="lesson-nav" aria-label="${label}"><ul>`,
    `<li><a href="index.html">All lessons</a></li>`,
    prev === undefined ? "" : `<li><a href="${prev.name}.html" rel="prev">← ${escapeHtml(prev.title)}</a></li>`,
    next === undefined ? "" : `<li><a href="${next.name}.html" rel="next">${escapeHtml(next.title)} →</a></li>`,
    `<li><a href="slides/${all[i]!.name}.html">Slides</a></li>`,
    `</ul></nav>`,
  ].join("\n");
}

/** The reading page of lesson `all[i]`. */
export function lessonPage(lesson: Lesson, cells: readonly SiteCell[], all: readonly LessonSummary[], i: number, md: MarkdownIt): string {
  const ctx = context(md);
  const body = cells.map((c) => renderCell(lesson, c, ctx)).join("\n");
  return [
    head(lesson.title, ""),
    `<body><a class="skip" href="#main">Skip to the lesson</a>`,
    `<header>${nav(all, i, "Lessons")}</header>`,
    `<main id="main">${body}</main>`,
    `<footer>${nav(all, i, "Lessons, again")}<p>Built from <code>${escapeHtml(`content/${lesson.name}.md`)}</code> and the executed notebook <code>notebooks/${escapeHtml(lesson.name)}.ipynb</code>.</p></footer>`,
    scripts("", CHART_SCRIPTS),
    `</body></html>`,
  ].join("\n");
}

/**
 * The slide deck: a cell of type `slide` opens a slide, `subslide` a slide below it, `fragment`
 * appears on the next key press, `notes` becomes speaker notes, `skip` is left out, `-` continues.
 */
export function slideDeck(lesson: Lesson, cells: readonly SiteCell[], md: MarkdownIt): string {
  const ctx = context(md);
  const stacks: string[][][] = []; // stacks[h][v] = the parts of one slide
  const current = (): string[] => {
    if (stacks.length === 0) stacks.push([[]]);
    const stack = stacks[stacks.length - 1]!;
    return stack[stack.length - 1]!;
  };
  for (const cell of cells) {
    if (cell.slide === "skip") continue;
    if (cell.slide === "slide") stacks.push([[]]);
    else if (cell.slide === "subslide") (stacks.length === 0 ? stacks.push([[]]) : stacks[stacks.length - 1]!.push([]));
    const html = renderCell(lesson, cell, ctx);
    if (cell.slide === "notes") current().push(`<aside class="notes">${html}</aside>`);
    else if (cell.slide === "fragment") current().push(`<div class="fragment">${html}</div>`);
    else current().push(html);
  }
  const sections = stacks.map((stack) =>
    stack.length === 1
      ? `<section tabindex="0">${stack[0]!.join("\n")}</section>`
      : `<section>${stack.map((s) => `<section tabindex="0">${s.join("\n")}</section>`).join("\n")}</section>`,
  );
  return [
    head(`${lesson.title} (slides)`, "../", ["assets/reveal/reveal.css", "assets/reveal/white.css"]),
    `<body class="deck">`,
    `<main class="reveal" aria-label="${escapeHtml(lesson.title)}, slides"><div class="slides">`,
    sections.join("\n"),
    `</div></main>`,
    scripts("../", [...CHART_SCRIPTS, "assets/reveal/reveal.js", "assets/reveal/notes.js", "assets/slides.js"]),
    `</body></html>`,
  ].join("\n");
}

/** The index: every lesson with its objectives and time, linking to its page and its slides. */
export function indexPage(all: readonly LessonSummary[], md: MarkdownIt): string {
  const items = all.map((l) => [
    `<li class="lesson"><h2><a href="${l.name}.html">${escapeHtml(l.title)}</a></h2>`,
    `<p class="meta">${l.minutes === null ? "" : `About ${l.minutes} minutes · `}<a href="slides/${l.name}.html" aria-label="Slides of ${escapeHtml(l.title)}">slides</a></p>`,
    l.objectives.length === 0 ? "" : `<p>After it you can:</p><ul>${l.objectives.map((o) => `<li>${md.renderInline(o)}</li>`).join("")}</ul>`,
    `</li>`,
  ].join("\n"));
  return [
    head("Vanishing gradients, hands on", ""),
    `<body><a class="skip" href="#main">Skip to the lessons</a>`,
    `<main id="main"><h1>Vanishing gradients, hands on</h1>`,
    `<p>The course's lessons with their executed outputs and live charts. Take them in order; each builds on the one before. To run and edit the code, open the notebooks in Jupyter (<code>npm start</code>).</p>`,
    `<ol class="lessons">${items.join("\n")}</ol></main>`,
    `</body></html>`,
  ].join("\n");
}
