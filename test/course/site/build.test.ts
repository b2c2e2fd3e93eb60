/**
 * The lecture site's build, without a browser: every lesson gets a page and a deck, the index
 * lists them, no reference solution reaches any built file, and a bad formula or chart spec fails
 * the build naming the lesson file, line and cell.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flavourSource } from "../../../src/course/content/exercise.js";
import { parseLesson, parseLessonText } from "../../../src/course/content/parse.js";
import { projectRoot } from "../../../src/course/kernel/build-info.js";
import { lessonFiles } from "../../../src/course/notebook/build.js";
import { buildNotebook } from "../../../src/course/notebook/ipynb.js";
import { buildSite, renderSite, SiteErrors } from "../../../src/course/site/build.js";
import { resolvePath, serveSite, serveSiteNear } from "../../../src/course/site/serve.js";

const ROOT = projectRoot();
const FENCE = "```";

/** Every file under dir, relative paths. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? walk(p).map((f) => join(e, f)) : [e];
  });
}

/** What a reader of an HTML file sees: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** Every lesson's student build as one text: what learners may see anyway. */
function publicText(): string {
  return lessonFiles(ROOT)
    .flatMap((file) => parseLesson(file).cells.filter((c) => !c.instructorOnly).map((c) => flavourSource(c, "student")))
    .join("\n");
}

/**
 * Each exercise's reference solution lines that would give the answer away: the lines between the
 * markers, long enough to mean something, and not public anyway (in some lesson's student build,
 * like `let sum = 0;`, or a later cell that shows the same loop).
 */
function solutionLines(file: string, known: string): string[] {
  const lesson = parseLesson(file);
  const lines: string[] = [];
  for (const cell of lesson.cells) {
    for (const part of cell.parts ?? []) {
      if (part.kind !== "solution") continue;
      for (const raw of part.lines.slice(1, -1)) {
        const l = raw.trim();
        if (l.length >= 12 && !known.includes(l) && !l.startsWith("//")) lines.push(l);
      }
    }
  }
  return lines;
}

describe("the lecture site build", () => {
  let out = "";
  let pages: string[] = [];
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "site-build-"));
    pages = buildSite(ROOT, out);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const names = lessonFiles(ROOT).map((f) => parseLesson(f).name);

  it("writes a page and a slide deck for every lesson, and the index", () => {
    for (const name of names) {
      expect(pages).toContain(`${name}.html`);
      expect(pages).toContain(`slides/${name}.html`);
    }
    expect(pages).toContain("index.html");
  });

  it("lists every lesson in the index with its objectives and time", () => {
    const index = readFileSync(join(out, "index.html"), "utf8");
    for (const file of lessonFiles(ROOT)) {
      const lesson = parseLesson(file);
      expect(index).toContain(`href="${lesson.name}.html"`);
      expect(index).toContain(`href="slides/${lesson.name}.html"`);
    }
    expect(index).toMatch(/About 45 minutes/);
    expect((index.match(/<li class="lesson">/g) ?? []).length).toBe(names.length);
    // Lesson 03's first objective, its math typeset at build time.
    const third = index.slice(index.indexOf('href="03-'), index.indexOf('href="04-'));
    expect(third).toContain("derive");
    expect(third).toContain('class="katex"');
  });

  it("contains no reference solution line in any built file", () => {
    const files = walk(out).filter((f) => !/^assets\/(vega|katex|highlight|reveal)\//.test(f));
    const texts = files.map((f) => {
      const raw = readFileSync(join(out, f), "utf8");
      return { f, raw, text: f.endsWith(".html") ? visibleText(raw) : raw };
    });
    let checked = 0;
    const known = publicText();
    for (const file of lessonFiles(ROOT)) {
      for (const line of solutionLines(file, known)) {
        checked++;
        for (const { f, raw, text } of texts) {
          expect(raw.includes(line) || text.includes(line), `${relative(ROOT, file)}: solution line "${line}" is in ${f}`).toBe(false);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("shows each exercise with its stub and its check cell's feedback", () => {
    const page = visibleText(readFileSync(join(out, "03-why-the-bound.html"), "utf8"));
    expect(page).toContain("Exercise norm-bound");
    expect(page).toContain('Unfinished exercise norm-bound');
    expect(page).toContain("norm-bound: not finished yet.");
  });

  it("gives every chart its spec, its SVG for pages without scripts and its words", () => {
    for (const name of names) {
      const html = readFileSync(join(out, `${name}.html`), "utf8");
      const charts = (html.match(/<script type="application\/json" class="vega-spec"/g) ?? []).length;
      expect((html.match(/<noscript><div class="chart-fallback"><svg/g) ?? []).length, name).toBe(charts);
      expect((html.match(/<summary>The chart in words<\/summary>/g) ?? []).length, name).toBe(charts);
    }
    expect(readFileSync(join(out, "03-why-the-bound.html"), "utf8")).toContain('"bind"');
  });

  it("loads every script, style and font from the site itself", () => {
    for (const f of walk(out).filter((p) => p.endsWith(".html"))) {
      const html = readFileSync(join(out, f), "utf8");
      for (const m of html.matchAll(/<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"/g)) {
        expect(m[1], `${f} loads ${m[1]}`).not.toMatch(/^(https?:)?\/\//);
        if (m[1]!.startsWith("data:")) continue;
        const target = join(out, f, "..", m[1]!);
        expect(statSync(target).isFile(), `${f}: ${m[1]} is missing`).toBe(true);
      }
    }
    const css = readFileSync(join(out, "assets/katex/katex.min.css"), "utf8");
    for (const m of css.matchAll(/url\(([^)]+)\)/g)) expect(statSync(join(out, "assets/katex", m[1]!)).isFile()).toBe(true);
  });

  it("builds slides from the slideshow metadata: a section per slide, notes as speaker notes", () => {
    const text = [
      "# 99 · Fixture", "", "Intro.", "", "+++ slide=notes", "Say this aloud.", "",
      "+++", "## 1. First", "", "Body.", "", "+++ slide=fragment", "Appears later.", "", "+++ slide=skip", "Not on a slide.", "",
      "+++", "## 2. Second", "", "More.", "",
    ].join("\n");
    const lesson = parseLessonText(text, "content/99-fixture.md");
    const deck = renderSite([{ lesson, notebook: null }]).get("slides/99-fixture.html")!;
    expect((deck.match(/<section[ >]/g) ?? []).length).toBe(3);
    expect(deck).toContain('<aside class="notes"><div class="cell markdown"');
    expect(deck).toMatch(/<div class="fragment">.*Appears later/s);
    expect(deck).not.toContain("Not on a slide");
  });
});

describe("math in the lecture site", () => {
  it("typesets a display formula whose lines start with + as one formula, not a list", () => {
    const text = ["# 96 · Math", "", "The sum", "", "$$", "a", "+ b", "- c", "$$", "", "and $x$, then $$y$$ inline.", ""].join("\n");
    const html = renderSite([{ lesson: parseLessonText(text, "content/96-math.md"), notebook: null }]).get("96-math.html")!;
    const page = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
    expect(page).not.toContain("<li>");
    expect(page).not.toContain("$");
    expect((page.match(/class="math-display"/g) ?? []).length).toBe(2);
    expect((page.match(/class="katex"/g) ?? []).length).toBe(3);
  });
});

describe("the lecture site build fails on content it cannot show", () => {
  it("names the lesson, line and cell of a formula KaTeX rejects", () => {
    const text = ["# 98 · Bad math", "", "Fine $x^2$.", "", "+++ id=broken-math", "Broken $\\frac{1}{$ here.", ""].join("\n");
    const lesson = parseLessonText(text, "content/98-bad-math.md");
    expect(() => renderSite([{ lesson, notebook: null }])).toThrow(SiteErrors);
    expect(() => renderSite([{ lesson, notebook: null }])).toThrow(/content\/98-bad-math\.md:\d+ \(cell broken-math\): KaTeX cannot typeset/);
  });

  it("names the lesson, line and cell of a chart spec that does not compile", () => {
    const text = ["# 97 · Bad chart", "", `${FENCE}ts id=the-chart tags=chart`, "await charts.show(spec);", FENCE, ""].join("\n");
    const lesson = parseLessonText(text, "content/97-bad-chart.md");
    const notebook = buildNotebook(lesson, "student");
    const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: { values: [] }, mark: "no-such-mark" };
    notebook.cells[1]!.outputs = [{ output_type: "display_data", metadata: {}, data: { "application/vnd.vegalite.v5+json": spec, "image/svg+xml": "<svg></svg>", "text/plain": "a chart" } }];
    expect(() => renderSite([{ lesson, notebook }])).toThrow(/content\/97-bad-chart\.md:3 \(cell the-chart\): the chart spec does not compile/);
  });
});

describe("the site server", () => {
  it("serves files under its folder on localhost and nothing outside it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "site-serve-"));
    try {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(join(dir, "index.html"), "<p>hi</p>");
      expect(resolvePath(dir, "/../package.json")).toBeNull();
      expect(resolvePath(dir, "/%2e%2e/package.json")).toBeNull();
      expect(resolvePath(dir, "/")).toBe(join(dir, "index.html"));
      const server = await serveSite(dir, 0);
      try {
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const ok = await fetch(server.url);
        expect(ok.status).toBe(200);
        expect(ok.headers.get("content-type")).toMatch(/text\/html/);
        expect((await fetch(`${server.url}missing.html`)).status).toBe(404);
        const again = await fetch(server.url, { headers: { "if-modified-since": ok.headers.get("last-modified")! } });
        expect(again.status).toBe(304);
        // A busy port: the next free one instead.
        const busy = Number(new URL(server.url).port);
        const next = await serveSiteNear(dir, busy);
        expect(Number(new URL(next.url).port)).not.toBe(busy);
        await next.close();
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
