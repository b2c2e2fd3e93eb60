/** The training loop and evaluation: `train.fit(model, ds, { steps: 1000 })`. */
export { fit, type FitOptions, type Callback, type StepInfo, type EpochInfo } from "./fit.js";
export { evaluate, predict, classify, inEvalMode, type EvaluateOptions, type MetricFn, type Scores } from "./evaluate.js";
export { batchSource, type BatchFn, type BatchSource } from "./source.js";
export { History, type HistoryRow, type CurveRow } from "./history.js";
export { resolveLoss, lossNames, type LossFn, type LossName } from "./loss.js";
export { firstNonFiniteLayer } from "./finite.js";
