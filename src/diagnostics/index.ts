/** Diagnostics: per-layer tidy rows, a recorder for `fit`, and the finite-difference gradient check. */
export { gradCheck, type GradCheckOptions, type GradCheckResult, type GradCheckEntry } from "./gradcheck.js";
export {
  layerStats,
  saturatedFraction,
  deadFraction,
  saturationRule,
  byLayer,
  metricNames,
  type DiagnosticRow,
  type MetricName,
  type LayerStatsOptions,
  type UpdateSource,
} from "./layer-stats.js";
export { Recorder, gradientNormsByLayer, type RecorderOptions } from "./recorder.js";
export { gradientsThroughTime, type ThroughTimeRow, type ThroughTimeMetric, type HasSteps } from "./through-time.js";
export { spectralRadius, largestSingularValue, type PowerIterationOptions } from "./spectral.js";
export { doctor, DoctorResult, DEFAULT_THRESHOLDS, LESSONS, type DoctorOptions, type DoctorThresholds, type Finding, type FindingName, type Severity, type Probe, type RecurrentProbe, type TrainingProbe } from "./doctor.js";
