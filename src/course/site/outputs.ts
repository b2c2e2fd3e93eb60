/**
 * Notebook outputs to HTML, as the committed student notebooks hold them:
 *
 *   stream             -> <pre class="out">          (consecutive pieces of one stream joined)
 *   vega-lite + svg    -> a live vega-embed view, the SVG in <noscript>, text/plain as its words
 *   text/markdown      -> rendered markdown (the exercise feedback)
 *   image/svg+xml, png -> the image; text/plain -> <pre>; error -> its name, message, traceback
 *
 * A chart's spec is compiled here (Vega-Lite -> Vega -> parsed dataflow), so a spec that would
 * fail in the browser fails the build instead.
 */
import { parse as parseVega } from "vega";
import { compile as compileVegaLite, type TopLevelSpec } from "vega-lite";
import type { Output } from "../notebook/nbformat.js";
import { escapeHtml } from "./markdown.js";
import type MarkdownIt from "markdown-it";

export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** A chart spec that does not compile: Vega-Lite's or Vega's message. */
export class ChartError extends Error {}

/** Per-document counter, so every chart on a page gets its own element id. */
export interface RenderContext {
  md: MarkdownIt;
  nextChart: () => string;
}

const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

/** Compile a Vega-Lite spec the way vega-embed will; throws {@link ChartError}. */
export function compileChart(spec: unknown): void {
  try {
    const vg = compileVegaLite(spec as TopLevelSpec).spec;
    parseVega(vg);
  } catch (e) {
    throw new ChartError(`the chart spec does not compile: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

function chart(data: Record<string, unknown>, ctx: RenderContext): string {
  const spec = data[VEGA_LITE_MIME];
  compileChart(spec);
  const id = ctx.nextChart();
  const words = text(data["text/plain"]);
  const svg = text(data["image/svg+xml"]);
  return [
    `<figure class="chart" aria-describedby="${id}-text">`,
    `<div class="vega-view" id="${id}"></div>`,
    `<script type="application/json" class="vega-spec" data-target="${id}">${scriptJson(spec)}</script>`,
    svg === "" ? "" : `<noscript><div class="chart-fallback">${svg}</div></noscript>`,
    `<details class="chart-text"><summary>The chart in words</summary><pre class="out" id="${id}-text">${escapeHtml(words)}</pre></details>`,
    `</figure>`,
  ].join("\n");
}

function displayData(data: Record<string, unknown>, ctx: RenderContext): string {
  if (data[VEGA_LITE_MIME] !== undefined) return chart(data, ctx);
  if (data["text/markdown"] !== undefined) return `<div class="out markdown">${ctx.md.render(text(data["text/markdown"]))}</div>`;
  if (data["image/svg+xml"] !== undefined) return `<div class="out image">${text(data["image/svg+xml"])}</div>`;
  if (data["image/png"] !== undefined) {
    return `<div class="out image"><img alt="${escapeHtml(text(data["text/plain"]) || "an image output")}" src="data:image/png;base64,${text(data["image/png"]).trim()}"></div>`;
  }
  if (data["text/plain"] !== undefined) return `<pre class="out">${escapeHtml(text(data["text/plain"]))}</pre>`;
  return "";
}

/** All outputs of one code cell. Throws {@link ChartError} for a chart that does not compile. */
export function renderOutputs(outputs: readonly Output[], ctx: RenderContext): string {
  const html: string[] = [];
  let stream: { name: string; text: string } | null = null;
  const flush = (): void => {
    if (stream !== null) html.push(`<pre class="out ${stream.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(stripAnsi(stream.text))}</pre>`);
    stream = null;
  };
  for (const o of outputs) {
    if (o.output_type === "stream") {
      const name = String(o.name ?? "stdout");
      if (stream !== null && stream.name === name) stream.text += text(o.text);
      else {
        flush();
        stream = { name, text: text(o.text) };
      }
      continue;
    }
    flush();
    if (o.output_type === "display_data" || o.output_type === "execute_result") {
      html.push(displayData((o.data ?? {}) as Record<string, unknown>, ctx));
    } else if (o.output_type === "error") {
      const tb = Array.isArray(o.traceback) ? (o.traceback as string[]).map(stripAnsi).join("\n") : "";
      html.push(`<pre class="out error">${escapeHtml(`${String(o.ename)}: ${String(o.evalue)}${tb === "" ? "" : `\n${tb}`}`)}</pre>`);
    }
  }
  flush();
  return html.join("\n");
}
