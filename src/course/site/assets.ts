/**
 * Everything a page loads, served from the site itself (a lecture hall without network works):
 * vega, vega-lite and vega-embed; KaTeX's stylesheet and fonts; highlight.js's stylesheet;
 * reveal.js with its notes plugin; and our own small stylesheet and scripts.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** [package, file inside it, where it goes under assets/]; a `.map` beside a file is copied too. */
const VENDOR: ReadonlyArray<[string, string, string]> = [
  ["vega", "build/vega.min.js", "vega/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js", "vega/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js", "vega/vega-embed.min.js"],
  ["katex", "dist/katex.min.css", "katex/katex.min.css"],
  ["highlight.js", "styles/a11y-light.min.css", "highlight/a11y-light.min.css"],
  ["reveal.js", "dist/reveal.css", "reveal/reveal.css"],
  ["reveal.js", "dist/theme/white.css", "reveal/white.css"],
  ["reveal.js", "dist/reveal.js", "reveal/reveal.js"],
  ["reveal.js", "dist/plugin/notes.js", "reveal/notes.js"],
  ["vega-lite", "LICENSE", "vega/LICENSE-vega-lite"],
  ["vega-embed", "LICENSE", "vega/LICENSE-vega-embed"],
  ["katex", "LICENSE", "katex/LICENSE"],
  ["highlight.js", "LICENSE", "highlight/LICENSE"],
  ["reveal.js", "LICENSE", "reveal/LICENSE"],
];

/** Draws every chart of a page with vega-embed; the spec sits in a JSON script beside its target. */
const SITE_JS = `// Draw each chart live (tooltips, legend selection, sliders) from the spec beside it.
(function () {
  function draw() {
    document.querySelectorAll("script.vega-spec").forEach(function (s) {
      var target = document.getElementById(s.getAttribute("data-target"));
      var spec = JSON.parse(s.textContent);
      vegaEmbed(target, spec, { renderer: "svg", actions: false })
        .then(function () { target.setAttribute("data-drawn", "yes"); })
        .catch(function (e) { target.setAttribute("data-drawn", "error"); console.error("chart " + target.id + ": " + e.message); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
`;

/** Starts reveal.js: arrow keys, speaker notes (key S), print with ?print-pdf. */
const SLIDES_JS = `// The slide deck: reveal.js with its speaker-notes plugin, everything served locally.
Reveal.initialize({
  hash: true,
  center: false,
  width: 1280,
  height: 800,
  margin: 0.03,
  transition: "none",
  pdfMaxPagesPerSlide: 6,
  plugins: [RevealNotes],
});
`;

const SITE_CSS = `/* The lecture site's own styles; highlight.js and KaTeX bring theirs. */
:root { --fg: #1b1b1b; --muted: #4a4a4a; --accent: #0b5cad; --rule: #d8d8d8; }
body { font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0; }
body:not(.deck) main, body:not(.deck) header, body:not(.deck) footer { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
a { color: var(--accent); }
a:focus-visible, summary:focus-visible { outline: 3px solid #e69f00; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; z-index: 10; }
.lesson-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: .75rem 0; margin: 0; border-bottom: 1px solid var(--rule); }
footer .lesson-nav ul { border-bottom: 0; border-top: 1px solid var(--rule); }
footer p { color: var(--muted); font-size: .9rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
pre.code { background: #fefefe; border: 1px solid var(--rule); border-radius: 4px; padding: .6rem .8rem; font-size: .85rem; line-height: 1.45; }
pre.code code.hljs { background: transparent; padding: 0; }
.outputs { margin: .25rem 0 1.25rem; }
pre.out { margin: .25rem 0; padding: .4rem .8rem; border-left: 3px solid var(--rule); font-size: .85rem; line-height: 1.4; }
pre.out.stderr, pre.out.error { border-left-color: #b00020; background: #fff5f5; }
.out.markdown { border-left: 3px solid #e69f00; padding: 0 .8rem; }
.cell-label { font-weight: 600; margin: 1rem 0 .25rem; }
.math-display { overflow-x: auto; overflow-y: hidden; padding: .25rem 0; }
.math-display .katex-display { margin: .5em 0; }
figure.chart { margin: .5rem 0 1rem; }
.vega-view svg { max-width: 100%; height: auto; }
.chart-text summary { cursor: pointer; color: var(--accent); }
.lessons { padding-left: 0; list-style: none; }
.lesson { border-top: 1px solid var(--rule); padding: .5rem 0; }
.lesson h2 { font-size: 1.2rem; margin: .5rem 0 .25rem; }
.lesson .meta { color: var(--muted); margin: 0; }
/* Slides: a large presenter font; a long slide scrolls on screen and flows onto pages in print. */
.reveal { font-size: 30px; }
.reveal .slides { text-align: left; }
.reveal .slides section { height: 100%; overflow-y: auto; box-sizing: border-box; }
.reveal h1 { font-size: 1.8em; } .reveal h2 { font-size: 1.4em; } .reveal h3 { font-size: 1.15em; }
.reveal pre.code, .reveal pre.out { font-size: .6em; width: auto; box-shadow: none; }
.reveal pre.code code { max-height: none; }
.reveal .cell-label { font-size: .8em; }
.reveal figure.chart { margin: .25em 0; }
.reveal .chart-text, .reveal .skip { font-size: .6em; }
@media print {
  .reveal .slides section { height: auto !important; overflow: visible !important; }
  .lesson-nav, .skip { display: none; }
}
`;

/** Copy the vendored files and write our own into `<out>/assets`. */
export function writeAssets(root: string, out: string): void {
  const assets = join(out, "assets");
  for (const [pkg, file, dest] of VENDOR) {
    const from = join(root, "node_modules", pkg, file);
    const to = join(assets, dest);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    if (existsSync(`${from}.map`)) copyFileSync(`${from}.map`, `${to}.map`);
  }
  cpSync(join(root, "node_modules", "katex", "dist", "fonts"), join(assets, "katex", "fonts"), { recursive: true });
  writeFileSync(join(assets, "site.js"), SITE_JS);
  writeFileSync(join(assets, "slides.js"), SLIDES_JS);
  writeFileSync(join(assets, "site.css"), SITE_CSS);
}
