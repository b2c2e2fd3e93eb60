/**
 * Charts of training and of gradients, as Vega-Lite 5 specs, and their display in a notebook.
 *
 *   rows (diagnostics, training history, raw values) -> builder -> spec (plain JSON)
 *     -> show(spec): one output with the Vega-Lite spec, its SVG (rendered in Node) and a text summary
 *
 * Builders are pure and need no kernel; only `show`, `renderSvg` and `liveTraining` touch the
 * outside world.
 */
export type { TopLevelSpec, DiagnosticRow, RecurrentRow, TrainingRow, CommonOptions } from "./spec.js";
export { VEGALITE_SCHEMA, CATEGORICAL, METRIC_LABELS } from "./spec.js";
export { gradNormByLayer, normsOverSteps, normsHeatmap, type ByLayerOptions, type HeatmapOptions, type LayerChartOptions } from "./layers.js";
export { activationHistograms, activationCurves, type ValuesByLayer, type TraceLike, type HistogramOptions, type CustomActivation, type CurveOptions } from "./activations.js";
export { lossCurves, type LossCurveOptions } from "./training.js";
export { learningByDepth, withReferenceLine, networkOrder, type AccuracyRow, type LayerSpeedRow, type LearningByDepthOptions, type ReferenceLineOptions } from "./learning.js";
export { gradNormOverTime, type OverTimeOptions } from "./recurrent.js";
export { doctorChart, type DoctorLike, type DoctorChartOptions } from "./doctor.js";
export { decisionBoundary, type PredictFn, type Dataset2D, type MatrixLike, type BoundaryOptions } from "./boundary.js";
export { whatIf, boundWhatIf, boundEnvelope, SLOPE_BOUNDS, type WhatIfOptions, type WhatIfParam, type RangeParam, type SelectParam, type WhatIfPoint, type BoundRow, type BoundWhatIfOptions } from "./what-if.js";
export { initWhatIf, rmsPrediction, SECOND_MOMENT_FACTORS, type InitRow, type InitWhatIfOptions } from "./what-if.js";
export { renderSvg, summarize } from "./render.js";
export { polishLabels, prettyLabel, LOG_TICK_LABELS } from "./labels.js";
export { show, showVia, chartBundle, kernelChannel, type Channel, type ShowPath, type MimeBundle } from "./display.js";
export { liveTraining, progressLine, type LiveTraining, type LiveOptions, type LiveStats, type StepInfo } from "./live.js";
