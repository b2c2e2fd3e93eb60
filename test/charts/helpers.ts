/**
 * Shared by the chart tests: a validator for the JSON schema shipped in the vega-lite@5 package,
 * compiled once per test file (it is large: compiling takes a second or two).
 */
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { expect } from "vitest";
import type { TopLevelSpec } from "vega-lite";

const require = createRequire(import.meta.url);
let validate: ReturnType<Ajv["compile"]> | undefined;

/** Asserts that the spec is valid Vega-Lite 5, showing ajv's first errors when it is not. */
export function expectValidVegaLite(spec: TopLevelSpec): void {
  if (!validate) {
    const schema = require("vega-lite/build/vega-lite-schema.json");
    // The schema's string formats (uri, color-hex) are not checked: ajv needs a plugin for them,
    // and our specs use none.
    // No code optimisation and no inlined $refs: compiling this large schema drops from about
    // 7 s to under 2 s, and validating a spec stays fast.
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, inlineRefs: false, code: { optimize: false } });
    validate = ajv.compile(schema);
  }
  const ok = validate(spec);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
  expect((spec as { $schema?: string }).$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
}

/** The text inside an SVG's <text> elements, entities decoded, for assertions on titles and labels. */
export function svgTexts(svg: string): string[] {
  // Multi-line text comes as <text><tspan>line</tspan>...</text>: one entry per line.
  const lines = [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].flatMap((m) =>
    m[1].includes("<tspan") ? [...m[1].matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]) : [m[1]]);
  return lines.map((line) =>
    line.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}
