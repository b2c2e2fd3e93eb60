/**
 * Showing a chart in a notebook. One output carries three MIME types, and the front end picks:
 *   - application/vnd.vegalite.v5+json: JupyterLab and VS Code draw the live, interactive chart;
 *   - image/svg+xml: GitHub's preview, nbconvert and nbviewer (no Vega there) show the picture;
 *   - text/plain: terminals and screen readers get the summary.
 * Never text/html beside them: JupyterLab would rank it first and hide the chart.
 *
 * tslab's public API sends one MIME type per output; a bundle needs its internal
 * `lastWriteDisplayData`. So the kernel is reached through a `Channel` that offers what it can,
 * and `show` falls back step by step: the bundle, then one MIME type (the SVG), then printing
 * the summary (plain node, no kernel). Tests pass their own channel to watch what is sent.
 */

import { nodeBuiltin } from "../host.js";
import type { TopLevelSpec } from "vega-lite";
import { polishLabels } from "./labels.js";
import { renderSvg, summarize } from "./render.js";

/** The MIME type JupyterLab and VS Code render with Vega-Lite 5 (there is no v6 type). */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
/** The picture every front end shows, GitHub's preview included. */
export const SVG_MIME = "image/svg+xml";
/** The summary for terminals and screen readers. */
export const TEXT_MIME = "text/plain";

/** The data of one output: MIME type -> content. */
export type MimeBundle = Record<string, unknown>;

/** The shape of tslab's internal display writer (tslab 1.0.22). */
export type WriteDisplayData = (
  output: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

/** tslab's public single-MIME display. */
export interface PublicDisplay {
  raw(contentType: string, data: string | Uint8Array | object): unknown;
}

/** What the environment offers to show things; every member but `print` may be missing. */
export interface Channel {
  /** tslab's internal writer: one output with many MIME types, optionally updatable by display id. */
  writeDisplayData?: WriteDisplayData;
  /** tslab's public `display` (one MIME type per output). */
  display?: PublicDisplay;
  /** tslab's public `newDisplay()` (one MIME type, redrawn in place). */
  newDisplay?: () => PublicDisplay;
  /** Where text goes when there is no kernel. */
  print: (text: string) => void;
}

/** Which way an output went: handy for tests and for a notebook's set-up check. */
export type ShowPath = "bundle" | "single" | "text";

/**
 * Finds what the running process offers: inside the tslab kernel both APIs, in plain node only
 * printing. Internal API is looked up at call time, because tslab sets it per executed cell.
 */
export function kernelChannel(): Channel {
  const channel: Channel = { print: (text) => console.log(text) };
  let require: NodeRequire;
  try {
    const created = nodeBuiltin<typeof import("node:module")>("node:module")?.createRequire(import.meta.url);
    if (created === undefined) return channel; // not in Node (a browser page): printing it is
    require = created;
  } catch {
    return channel;
  }
  try {
    // Only if the kernel already loaded it: requiring it afresh in plain node costs a third of a
    // second (it loads a TypeScript compiler) and would find no writer anyway.
    const path = require.resolve("tslab/dist/jupyter");
    const jupyter = (require.cache[path] ? require(path) : {}) as { lastWriteDisplayData?: unknown };
    if (typeof jupyter.lastWriteDisplayData === "function") {
      channel.writeDisplayData = (output, update) => (jupyter.lastWriteDisplayData as WriteDisplayData)(output, update);
    }
  } catch {
    // tslab missing or its internals moved: the public API below still works.
  }
  // Outside the kernel the public API exists but throws "Not ready": only offer it inside.
  if (!channel.writeDisplayData && !kernelProcess()) return channel;
  try {
    const tslab = require("tslab") as { display?: PublicDisplay; newDisplay?: () => PublicDisplay };
    if (tslab.display) channel.display = tslab.display;
    if (tslab.newDisplay) channel.newDisplay = tslab.newDisplay;
  } catch {
    // Not installed: printing it is.
  }
  return channel;
}

/** How tslab starts its kernel (`tslab kernel --config-path ...`): the check when its internals moved. */
function kernelProcess(): boolean {
  return process.argv.some((a) => /tslab/.test(a)) && process.argv.includes("kernel");
}

/** The full bundle of a spec: vega-lite JSON, SVG, text summary. */
export async function chartBundle(spec: TopLevelSpec): Promise<MimeBundle> {
  const polished = polishLabels(spec);
  return { [VEGALITE_MIME]: polished, [SVG_MIME]: await renderSvg(polished), [TEXT_MIME]: summarize(polished) };
}

/**
 * Shows a chart as one output carrying the Vega-Lite spec, its SVG and a text summary. Outside
 * a kernel it prints the summary instead. Resolves to nothing, so that `await show(...)` as a
 * cell's last line adds no second output (tslab displays a cell's value).
 *
 * @example await charts.show(charts.lossCurves(history))
 */
export async function show(spec: TopLevelSpec, options: { channel?: Channel } = {}): Promise<void> {
  await showVia(spec, options.channel ?? kernelChannel());
}

/** `show`, resolving to the path the output took: for tests and a notebook's set-up check. */
export async function showVia(spec: TopLevelSpec, channel: Channel): Promise<ShowPath> {
  const text = summarize(polishLabels(spec));
  if (!channel.writeDisplayData && !channel.display) {
    channel.print(text);
    return "text";
  }
  const bundle = { ...(await chartBundle(spec)), [TEXT_MIME]: text };
  return sendOnce(channel, bundle);
}

/**
 * Sends one output through the best path the channel offers: the whole bundle, else its single
 * most portable MIME type (SVG shows everywhere), else the text.
 */
export function sendOnce(channel: Channel, bundle: MimeBundle): ShowPath {
  if (channel.writeDisplayData) {
    try {
      channel.writeDisplayData({ data: bundle, metadata: {}, transient: {} }, false);
      return "bundle";
    } catch {
      // The internal API changed under us: try the public one.
    }
  }
  if (channel.display) {
    const [type, data] = singleMime(bundle);
    try {
      channel.display.raw(type, data as string | object);
      return "single";
    } catch {
      // Not inside a running cell: print.
    }
  }
  channel.print(String(bundle[TEXT_MIME] ?? ""));
  return "text";
}

/** The one MIME type to send when only one fits: SVG, else Vega-Lite, else text. */
export function singleMime(bundle: MimeBundle): [string, unknown] {
  for (const type of [SVG_MIME, VEGALITE_MIME, TEXT_MIME]) if (type in bundle) return [type, bundle[type]];
  const [first] = Object.entries(bundle);
  return first;
}
