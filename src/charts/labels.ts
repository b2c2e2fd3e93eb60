/**
 * The last touch before a chart is shown: labels as a reader expects them, whoever wrote the spec
 * (a builder here, or a lesson's own hand-written spec).
 *
 *   - "h_k", "x_{t-1}", "(sγ)^(L−k)" in titles, axis and legend titles and slider labels become
 *     hₖ, xₜ₋₁, (sγ)ᴸ⁻ᵏ: Vega draws plain text, so a TeX-style subscript would show its underscore.
 *     Where Unicode has no sub- or superscript form (most capitals below the line: h_T), the text is
 *     left as written.
 *   - A log axis labels its ticks 1e-6, 1e-5, ... below 0.001 and from 10,000 up, plainly between
 *     (d3's default prints 0.000001 and 10,000,000,000).
 */

import type { TopLevelSpec } from "./spec.js";

const SUB: Readonly<Record<string, string>> = {
  0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉",
  a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ", r: "ᵣ", s: "ₛ",
  t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ", "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎",
};

const SUPER: Readonly<Record<string, string>> = {
  0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹",
  a: "ᵃ", b: "ᵇ", c: "ᶜ", d: "ᵈ", e: "ᵉ", f: "ᶠ", g: "ᵍ", h: "ʰ", i: "ⁱ", j: "ʲ", k: "ᵏ", l: "ˡ", m: "ᵐ",
  n: "ⁿ", o: "ᵒ", p: "ᵖ", r: "ʳ", s: "ˢ", t: "ᵗ", u: "ᵘ", v: "ᵛ", w: "ʷ", x: "ˣ", y: "ʸ", z: "ᶻ",
  A: "ᴬ", B: "ᴮ", D: "ᴰ", E: "ᴱ", G: "ᴳ", H: "ᴴ", I: "ᴵ", J: "ᴶ", K: "ᴷ", L: "ᴸ", M: "ᴹ", N: "ᴺ", O: "ᴼ",
  P: "ᴾ", R: "ᴿ", T: "ᵀ", U: "ᵁ", V: "ⱽ", W: "ᵂ", "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
};

/** `base_x`, `base_{...}`, `base_(...)` (and `^` likewise) written with Unicode where every character has a form. */
function scripts(text: string, mark: "_" | "^", table: Readonly<Record<string, string>>): string {
  const pattern = new RegExp(`([\\p{L}\\p{N}∇)\\]])${mark === "^" ? "\\^" : "_"}(?:\\{([^{}]+)\\}|\\(([^()]+)\\)|([A-Za-z0-9]+))`, "gu");
  return text.replace(pattern, (whole, base: string, braced?: string, paren?: string, plain?: string) => {
    const inner = (braced ?? paren ?? plain ?? "").replace(/\s+/g, "");
    const chars = [...inner];
    if (chars.length === 0 || !chars.every((ch) => ch in table)) return whole;
    return base + chars.map((ch) => table[ch]).join("");
  });
}

/** "h_k" -> "hₖ", "(sγ)^(L−k)" -> "(sγ)ᴸ⁻ᵏ"; text without such marks is returned as it is. */
export function prettyLabel(text: string): string {
  return scripts(scripts(text, "_", SUB), "^", SUPER);
}

/**
 * Tick labels of a log axis, as a Vega expression: only ticks whose leading digit is 1, 2 or 5 get
 * a label (as d3 does), written 1e-6 style outside [0.001, 10000) and plainly inside.
 */
const MANTISSA = "(datum.value / pow(10, floor(log(datum.value) / LN10 + 1e-9)))";
const LEADING_125 = `(abs(${MANTISSA} - 1) < 1e-6 || abs(${MANTISSA} - 2) < 1e-6 || abs(${MANTISSA} - 5) < 1e-6)`;
export const LOG_TICK_LABELS =
  `!${LEADING_125} ? '' : datum.value >= 0.001 && datum.value < 10000 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')`;

const LABEL_KEYS = new Set(["title", "subtitle", "description", "text"]);

type Json = unknown;

function walk(node: Json, key: string | null, inTitleOrBind: boolean): Json {
  if (typeof node === "string") {
    return (key !== null && LABEL_KEYS.has(key) && (key !== "text" || inTitleOrBind)) || (key === "name" && inTitleOrBind) ? prettyLabel(node) : node;
  }
  if (Array.isArray(node)) {
    // A multi-line title is an array of strings under "title".
    return node.map((item) => walk(item, key !== null && LABEL_KEYS.has(key) ? key : null, inTitleOrBind));
  }
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node as Record<string, Json>)) {
    if (k === "data" || k === "values" || k === "datasets") {
      out[k] = v; // data is the reader's numbers and names, never relabelled
      continue;
    }
    out[k] = walk(v, k, k === "title" || k === "bind" || (inTitleOrBind && k !== "values"));
  }
  const encoding = out as { scale?: { type?: string }; type?: string; axis?: Record<string, unknown> | null };
  if (encoding.scale?.type === "log" && encoding.type === "quantitative" && encoding.axis !== null &&
    encoding.axis?.labelExpr === undefined && encoding.axis?.format === undefined) {
    out.axis = { ...(encoding.axis ?? {}), labelExpr: LOG_TICK_LABELS };
  }
  return out;
}

/** The spec with readable sub- and superscripts in its labels and 1e-6 style log ticks (a copy). */
export function polishLabels<T extends TopLevelSpec>(spec: T): T {
  return walk(spec, null, false) as T;
}
