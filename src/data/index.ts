/** Seeded toy data sets, mini-batches and splits: `data.twoSpirals({ n: 400, seed: 1 })`. */
export {
  type Dataset,
  type ClassificationDataset,
  type RegressionDataset,
  type GeneratorOptions,
  type Standardization,
  isClassification,
  numPoints,
  takeRows,
  standardize,
  columnStats,
} from "./dataset.js";
export { twoSpirals, moons, circles, xor, blobs, type SpiralOptions, type CirclesOptions, type BlobsOptions } from "./classification.js";
export { regression, type RegressionOptions } from "./regression.js";
export { batches, batchesPerEpoch, trainTestSplit } from "./batches.js";
export {
  addingProblem,
  fractionSolved,
  copyTask,
  temporalOrder,
  temporalOrderSymbols,
  type AddingOptions,
  type CopyOptions,
  type SequenceTaskOptions,
  type SequenceRegressionTask,
  type SequenceClassificationTask,
} from "./sequences.js";
