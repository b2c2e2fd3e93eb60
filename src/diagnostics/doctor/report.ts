/**
 * The doctor's report, as plain text (a terminal, a notebook's stdout) and as Markdown (a
 * notebook cell, an issue): the model, how it was probed, each finding with its evidence and
 * remedy, then the per-layer (or per-time-step) numbers the findings rest on.
 */

import { fmt, spanOf } from "./rules.js";
import type { Finding, Probe } from "./types.js";

/** The per-layer table: one row per layer, the metrics the rules read. */
const COLUMNS: ReadonlyArray<[string, string]> = [
  ["preActivationGradNorm", "‖∂ℓ/∂z‖"],
  ["activationStd", "activation std"],
  ["saturatedFraction", "saturated"],
  ["deadFraction", "dead"],
];

function header(probe: Probe): string[] {
  const training = probe.training;
  const steps = training === undefined
    ? "no training steps (pass lr, optimizer or steps to check the learning rate)"
    : `${training.stepsTaken} of ${training.steps} training steps with ${training.optimizer}, lr = ${training.lr}, on the probe set (the model was put back as it was)`;
  return [
    `Model: ${probe.description}.`,
    probe.batches > 0
      ? `Probe: ${probe.examples} examples, ${probe.batches} forward and backward passes on batches of ${probe.batchSize}; ${steps}.`
      : `Probe: ${probe.examples} examples; the forward pass overflowed, so no gradient was measured and no step taken.`,
    ...(probe.recurrent?.readout === "every"
      ? ["The loss reads every time step (readout \"every\"): each step's gradient mixes its own loss with what arrives from later steps, so the through-time rules, which follow one loss at the last step back in time, do not apply."]
      : []),
  ];
}

function findingLines(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ["No findings: no threshold was crossed."];
  return findings.flatMap((f, i) => [
    `${i + 1}. [${f.severity}] ${f.title}${f.layers.length > 0 ? `: ${spanOf(f.layers)}` : ""}`,
    `   Evidence: ${f.evidence}`,
    `   Remedy: ${f.remedy} (lessons: ${f.lessons.join("; ")})`,
  ]);
}

/** The rows of the per-layer table: [layer, ...values as text]. */
function layerTable(probe: Probe): { head: string[]; body: string[][] } {
  if (probe.kind === "recurrent") {
    const metrics = [...new Set(probe.timeRows.map((r) => r.metric))];
    const steps = [...new Set(probe.timeRows.map((r) => r.t))].sort((a, b) => a - b);
    // Long sequences: every step would drown the findings; show about a dozen, always the ends.
    const every = Math.max(1, Math.ceil(steps.length / 12));
    const shown = steps.filter((t, i) => i % every === 0 || t === steps[steps.length - 1]);
    const body = shown.map((t) => [`t${t}`, ...metrics.map((m) => fmt(probe.timeRows.find((r) => r.t === t && r.metric === m)?.value ?? NaN))]);
    return { head: ["step", ...metrics.map((m) => ({ hiddenGradNorm: "‖∂ℓ/∂hₜ‖", cellGradNorm: "‖∂ℓ/∂cₜ‖", forgetGateMean: "forget gate" })[m] ?? m)], body };
  }
  const layers = [...new Set(probe.rows.map((r) => r.layer))];
  const body = layers.map((layer) => [layer, ...COLUMNS.map(([m]) => {
    const row = probe.rows.find((r) => r.layer === layer && r.metric === m);
    return row === undefined ? "-" : fmt(row.value);
  })]);
  return { head: ["layer", ...COLUMNS.map(([, label]) => label)], body };
}

/** The report as plain text, columns aligned. */
export function toText(probe: Probe, findings: readonly Finding[]): string {
  const { head, body } = layerTable(probe);
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
  const line = (cells: readonly string[]) => cells.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
  return [
    "Gradient doctor",
    ...header(probe),
    "",
    ...findingLines(findings),
    "",
    probe.kind === "recurrent" ? "Through time (mean over the probe batches):" : "Per layer (gradients: mean over the probe batches; the rest: the whole probe set):",
    line(head),
    ...body.map(line),
  ].join("\n");
}

/** The report as Markdown: a heading, the findings as a list, the numbers as a table. */
export function toMarkdown(probe: Probe, findings: readonly Finding[]): string {
  const { head, body } = layerTable(probe);
  const list = findings.length === 0
    ? ["No findings: no threshold was crossed."]
    : findings.flatMap((f) => [
      `- **${f.title}** (${f.severity})${f.layers.length > 0 ? `: ${spanOf(f.layers)}` : ""}`,
      `  - Evidence: ${f.evidence}`,
      `  - Remedy: ${f.remedy} *Lessons: ${f.lessons.join("; ")}.*`,
    ]);
  return [
    "### Gradient doctor",
    "",
    ...header(probe),
    "",
    ...list,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...body.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}
