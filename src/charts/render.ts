/**
 * Rendering a spec without a browser: Vega-Lite compiles it to Vega, Vega's headless View draws
 * it as an SVG string; and a short text summary of any spec for terminals and screen readers.
 *
 * vega and vega-lite are loaded with a dynamic import inside an async function: a static import
 * fails under the tslab kernel (it require()s our ES modules, and vega's graph has top-level
 * await), and a learner who never renders a chart never pays for loading them.
 */

import type { TopLevelSpec } from "vega-lite";
import { LibraryError, messages } from "../messages.js";

type Vega = typeof import("vega");
type VegaLite = typeof import("vega-lite");

let loaded: Promise<{ vega: Vega; vl: VegaLite }> | undefined;

/** Loads vega and vega-lite once. */
export function loadVega(): Promise<{ vega: Vega; vl: VegaLite }> {
  loaded ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vl]) => ({ vega, vl }));
  return loaded;
}

/**
 * Renders a Vega-Lite spec to an SVG string in Node. The same spec gives the same SVG: nothing in
 * it depends on the time or on randomness.
 *
 * @example const svg = await charts.renderSvg(charts.lossCurves(history));
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vl } = await loadVega();
  let compiled;
  try {
    compiled = vl.compile(spec).spec;
  } catch (e) {
    throw new LibraryError(messages.chartCompile(e instanceof Error ? e.message : String(e)));
  }
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return withDescription(compactSvg(await view.toSVG()), spec);
  } finally {
    view.finalize();
  }
}

/** Puts the title and the summary into the SVG's own <title> and <desc>, where screen readers look. */
function withDescription(svg: string, spec: TopLevelSpec): string {
  const [title, ...rest] = summarize(spec).split("\n");
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const open = svg.indexOf(">") + 1;
  return `${svg.slice(0, open)}<title>${esc(title)}</title><desc>${esc(rest.join("\n"))}</desc>${svg.slice(open)}`;
}

/**
 * Rounds the coordinates in path data and transforms to 0.01 px (far below what a screen shows),
 * and writes rgb() colours as hex.
 * Vega writes them with full float precision, which makes a heatmap's SVG several times larger
 * than it needs to be, and notebooks carry that SVG in their saved outputs.
 */
export function compactSvg(svg: string): string {
  const hex = (v: string) => Number(v).toString(16).padStart(2, "0");
  return svg
    .replace(/ (fill|stroke)="rgb\((\d+), ?(\d+), ?(\d+)\)"/g, (_m, attr: string, r: string, g: string, b: string) => ` ${attr}="#${hex(r)}${hex(g)}${hex(b)}"`)
    .replace(/ (d|transform)="([^"]*)"/g, (_m, attr: string, value: string) =>
    ` ${attr}="${value.replace(/-?\d*\.\d{3,}(?:e-?\d+)?/g, (num) => {
      const r = Math.round(Number(num) * 100) / 100;
      return String(Object.is(r, -0) ? 0 : r);
    })}"`);
}

/**
 * A few lines of plain text saying what a chart shows: its title, its axes and the key numbers.
 * The library's builders put those lines in the spec's `description`; for other specs the lines
 * are read off the encodings.
 *
 * @example console.log(charts.summarize(spec))
 */
export function summarize(spec: TopLevelSpec): string {
  const s = spec as unknown as Record<string, unknown>;
  const title = titleText(s.title);
  if (typeof s.description === "string" && s.description.trim()) {
    const lines = s.description.split("\n");
    return (title && lines[0] !== title ? [title, ...lines] : lines).join("\n");
  }
  const lines = title ? [title] : ["A chart"];
  const encoding = findInSpec(s, encodingOf);
  const mark = findInSpec(s, markOf);
  if (mark) lines.push(`Marks: ${mark}.`);
  for (const channel of ["x", "y", "color"] as const) {
    const e = encoding?.[channel] as Record<string, unknown> | undefined;
    if (!e || typeof e.field !== "string") continue;
    const scale = e.scale as Record<string, unknown> | undefined;
    const name = typeof e.title === "string" ? e.title : e.field;
    lines.push(`${channel}: ${name}${scale?.type === "log" ? " (log scale)" : ""}.`);
  }
  const values = (s.data as { values?: unknown[] } | undefined)?.values;
  if (Array.isArray(values)) lines.push(`${values.length} data rows.`);
  return lines.join("\n");
}

function titleText(title: unknown): string {
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && "text" in title) {
    const text = (title as { text: unknown }).text;
    return Array.isArray(text) ? text.join(" ") : String(text);
  }
  return "";
}

/** The first value `pick` finds in a spec or, depth first, in its layers, facets and concatenations. */
function findInSpec<T>(s: Record<string, unknown>, pick: (s: Record<string, unknown>) => T | undefined): T | undefined {
  const here = pick(s);
  if (here !== undefined) return here;
  for (const key of ["spec", "layer", "hconcat", "vconcat", "concat"]) {
    const inner = s[key];
    const list = Array.isArray(inner) ? inner : inner ? [inner] : [];
    for (const child of list) {
      const found = findInSpec(child as Record<string, unknown>, pick);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const encodingOf = (s: Record<string, unknown>) => (s.encoding ? (s.encoding as Record<string, unknown>) : undefined);

function markOf(s: Record<string, unknown>): string | undefined {
  const m = s.mark;
  if (typeof m === "string") return m;
  if (m && typeof m === "object") return String((m as { type: unknown }).type);
  return undefined;
}
