/**
 * The gradient doctor's chart: the gradient at every layer (or time step) on a log axis, each
 * point coloured by the finding that names it, with the crossed threshold as a dashed line.
 *
 *   feed-forward  x: layer1 ... output; y: ‖∂L/∂z‖ per layer (the rows the doctor's rules read)
 *   recurrent     x: time step t;       y: ‖∂L/∂h_t‖ (an LSTM: the larger of it and ‖∂L/∂c_t‖)
 *
 * A gradient of exactly 0 (a dead layer) cannot sit on a log axis: it is drawn as a triangle at
 * the bottom of the plot, and the summary says so. Reads the doctor's result structurally, so
 * the builder stays a pure function of plain data.
 */

import { LibraryError, messages } from "../messages.js";
import {
  type CommonOptions, type DiagnosticRow, type RecurrentRow, type TopLevelSpec, CATEGORICAL, LOG_NOTE,
  droppedNote, fmt, logChartFrame, logTitle, metricLabel,
} from "./spec.js";

/** What the chart reads of `diagnostics.doctor(...)`'s result. */
export interface DoctorLike {
  findings: ReadonlyArray<{ name: string; title: string; severity: string; layers: readonly string[]; evidence: string; numbers: Readonly<Record<string, number>> }>;
  probe: { kind: "feedForward" | "recurrent"; description: string; rows: readonly DiagnosticRow[]; timeRows: readonly RecurrentRow[] };
}

export type DoctorChartOptions = CommonOptions;

/** The colour of points no finding names. */
const HEALTHY = "#999999";
/** Findings whose threshold is a multiple of the last layer's (or step's) gradient, drawn as a line when crossed. */
const RELATIVE = new Set(["vanishing", "exploding", "horizon"]);

/**
 * The doctor's findings over the gradient per layer (or per time step).
 * @example await charts.show(charts.doctorChart(diagnostics.doctor(model, ds)))
 */
export function doctorChart(result: DoctorLike, options: DoctorChartOptions = {}): TopLevelSpec {
  const chart = "doctorChart";
  if (result === null || typeof result !== "object" || !Array.isArray(result.findings) || typeof result.probe !== "object") {
    throw new LibraryError(messages.chartBadData(chart, "expected the result of diagnostics.doctor(model, ds); pass it as it is."));
  }
  const recurrent = result.probe.kind === "recurrent";
  const points = recurrent ? timePoints(result.probe.timeRows) : layerPoints(result.probe.rows);
  if (points.length === 0) throw new LibraryError(messages.chartNoRows(chart, recurrent ? "gradients through time" : "per-layer gradient norms"));

  // Each point takes the colour of the first (most severe) finding that names it.
  const titles = result.findings.map((f) => f.title);
  const finite = points.filter((p) => Number.isFinite(p.value));
  const positive = finite.filter((p) => p.value > 0).map((p) => p.value);
  const floor = positive.length > 0 ? Math.min(...positive) / 10 : 1;
  const values = finite.map((p) => {
    const named = result.findings.filter((f) => f.layers.includes(p.label));
    return {
      x: p.x, label: p.label, value: p.value > 0 ? p.value : floor, gradient: p.value,
      finding: named[0]?.title ?? "no finding",
      findings: named.length > 0 ? named.map((f) => `${f.title} (${f.severity})`).join("; ") : "none",
      zero: p.value > 0 ? "measured" : "0 (no gradient)",
    };
  });
  const last = finite[finite.length - 1]?.value ?? NaN;
  const rules = result.findings
    .filter((f) => RELATIVE.has(f.name) && Number.isFinite(f.numbers.threshold) && last > 0)
    .map((f) => ({ value: last * f.numbers.threshold, label: `${f.title.toLowerCase()}: ${fmt(f.numbers.threshold)} × ${recurrent ? "last step" : "output layer"}` }))
    // Only a crossed threshold is drawn: an uncrossed one would only stretch the axis.
    .filter((r) => positive.some((v) => (r.value < last ? v < r.value : v > r.value)));

  const metric = recurrent ? "hiddenGradNorm" : layerMetric(result.probe.rows);
  const label = metricLabel(metric);
  const zeros = finite.filter((p) => p.value === 0).map((p) => p.label);
  const primary = result.findings[0];
  const title = options.title ?? `Gradient doctor: ${primary ? primary.title.toLowerCase() : "no findings"}`;
  const lines = [
    `x: ${recurrent ? "time step t (first input on the left)" : "layer, from the input (left) to the output (right)"}; y: ${label}, ${LOG_NOTE}; ` +
      `points coloured by the finding that names them.`,
    `Model: ${result.probe.description}.`,
    ...(result.findings.length === 0 ? ["No findings: no threshold was crossed."] : result.findings.map((f) => `${f.title} (${f.severity}): ${f.evidence}`)),
    ...rules.map((r) => `Dashed line: ${r.label} (${fmt(r.value)}).`),
    ...(zeros.length > 0 ? [`${zeros.length} ${recurrent ? "step(s)" : "layer(s)"} with no gradient at all (${zeros.join(", ")}): triangles at the bottom.`] : []),
    ...droppedNote(points.length - finite.length),
  ];
  const x = recurrent
    ? { field: "x", type: "quantitative", title: "time step t (first input on the left)", axis: { tickMinStep: 1 } }
    : { field: "label", type: "ordinal", sort: finite.map((p) => p.label), title: "layer (input → output)", axis: { labelAngle: 0 } };
  const y = { field: "value", type: "quantitative", scale: { type: "log" }, title: logTitle(label) };
  const layers: unknown[] = [
    { transform: [{ filter: "datum.gradient > 0" }], mark: { type: "line", color: HEALTHY, strokeWidth: 1.5 }, encoding: { x, y } },
    {
      mark: { type: "point", filled: true, size: 70, tooltip: true },
      encoding: {
        x, y,
        color: { field: "finding", type: "nominal", title: "finding", legend: { labelLimit: 260 }, scale: { domain: ["no finding", ...titles.filter((t, i) => titles.indexOf(t) === i)], range: [HEALTHY, ...CATEGORICAL] } },
        // Only when some gradient is 0: otherwise the legend would explain a shape never drawn.
        ...(zeros.length > 0 ? { shape: { field: "zero", type: "nominal", title: null, scale: { domain: ["measured", "0 (no gradient)"], range: ["circle", "triangle-down"] } } } : {}),
        tooltip: [
          { field: "label", type: "nominal", title: recurrent ? "step" : "layer" },
          { field: "gradient", type: "quantitative", title: label, format: ".4~g" },
          { field: "findings", type: "nominal", title: "findings" },
        ],
      },
    },
    ...rules.flatMap((r) => [
      { data: { values: [{ value: r.value }] }, mark: { type: "rule", strokeDash: [6, 4], color: "#000000" }, encoding: { y: { field: "value", type: "quantitative" } } },
      { data: { values: [{ value: r.value, text: r.label }] }, mark: { type: "text", x: "width", align: "right", dy: -7, color: "#000000" }, encoding: { y: { field: "value", type: "quantitative" }, text: { field: "text" } } },
    ]),
  ];
  const frame = logChartFrame(title, lines, options);
  return { ...frame, title: { ...frame.title, subtitle: [frame.title.subtitle, result.probe.description] }, data: { values }, layer: layers } as TopLevelSpec;
}

interface Point {
  x: number;
  label: string;
  value: number;
}

/**
 * ‖∂L/∂z‖ per layer, in layer order; when the forward pass overflowed (no gradient was
 * measured), the activations' standard deviation, which shows where it blew up.
 */
function layerMetric(rows: readonly DiagnosticRow[]): string {
  return rows.some((r) => r.metric === "preActivationGradNorm") ? "preActivationGradNorm" : "activationStd";
}

function layerPoints(rows: readonly DiagnosticRow[]): Point[] {
  const metric = layerMetric(rows);
  return rows.filter((r) => r.metric === metric).map((r, i) => ({ x: i + 1, label: r.layer, value: r.value }));
}

/** Per time step, ‖∂L/∂h_t‖, or the larger of it and ‖∂L/∂c_t‖ (an LSTM's memory path). */
function timePoints(rows: readonly RecurrentRow[]): Point[] {
  const at = new Map<number, number>();
  for (const r of rows) {
    if (r.metric !== "hiddenGradNorm" && r.metric !== "cellGradNorm") continue;
    const v = at.get(r.t);
    // NaN stays NaN: a non-finite step must not hide behind a finite one.
    at.set(r.t, v === undefined ? r.value : Number.isNaN(v) || Number.isNaN(r.value) ? NaN : Math.max(v, r.value));
  }
  return [...at].sort((a, b) => a[0] - b[0]).map(([t, value]) => ({ x: t, label: `t${t}`, value }));
}
