/**
 * Every message a user of the library reads when something goes wrong, in one place.
 *
 * Why one file: learners meet these words in notebooks, instructors in grading reports, and the
 * wording should be the same everywhere. Each message names the operation, the values or shapes
 * involved, and what to do about it.
 */

import type { Shape } from "./tensor/shape.js";

/** The error type of the library: its message always says what went wrong and how to fix it. */
export class LibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LibraryError";
  }
}

/** Raised when a loss or a gradient stops being a finite number during training. */
export class NonFiniteError extends LibraryError {
  constructor(
    message: string,
    readonly step: number,
    readonly layer: string,
    readonly gradNorm: number,
  ) {
    super(message);
    this.name = "NonFiniteError";
  }
}

export const fmtShape = (shape: Shape): string => `(${shape.join(", ")})`;

const fmtNum = (x: number): string =>
  Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);

export const messages = {
  // --- tensors -------------------------------------------------------------------------------
  badShape: (op: string, shape: readonly unknown[]) =>
    `${op}: shape [${shape.join(", ")}] is not valid; every size must be a positive integer ` +
    `(a zero or fractional size usually means a width or batch size was computed wrongly).`,
  dataSizeMismatch: (op: string, length: number, shape: Shape) =>
    `${op}: ${length} values cannot fill shape ${fmtShape(shape)}, which holds ` +
    `${shape.reduce((a, b) => a * b, 1)}; pass as many values as the shape holds.`,
  raggedArray: (op: string) =>
    `${op}: the nested array is ragged (rows of different lengths); give every row the same length.`,
  broadcast: (op: string, a: Shape, b: Shape) =>
    `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together; ` +
    `trailing sizes must match or be 1 (reshape one of them, or check which axis is the batch).`,
  matmulInner: (op: string, a: Shape, b: Shape, ka: number, kb: number) =>
    `${op}: ${fmtShape(a)} x ${fmtShape(b)}: inner sizes ${ka} and ${kb} differ; ` +
    `the first operand's last size must equal the second's first (transpose one of them?).`,
  rankNeeded: (op: string, want: string, got: Shape) =>
    `${op}: expected a ${want} tensor, got shape ${fmtShape(got)}.`,
  axisOutOfRange: (op: string, axis: number, rank: number) =>
    `${op}: axis ${axis} is out of range for a tensor of rank ${rank}; ` +
    `use 0..${rank - 1} (or -1 for the last axis).`,
  sliceOutOfRange: (op: string, start: number, end: number, size: number) =>
    `${op}: slice [${start}, ${end}) does not fit an axis of size ${size}; ` +
    `need 0 <= start < end <= ${size}.`,
  concatMismatch: (op: string, a: Shape, b: Shape, axis: number) =>
    `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} differ outside axis ${axis}; ` +
    `only the concatenation axis may differ.`,
  reshapeSize: (op: string, from: Shape, to: Shape) =>
    `${op}: cannot reshape ${fmtShape(from)} to ${fmtShape(to)}: they hold different numbers ` +
    `of values.`,
  nanInput: (op: string, index: number, value: number) =>
    `${op}: input holds ${value} at flat index ${index}; clean the data (or check the step ` +
    `that produced it) before passing it on.`,
  notScalar: (op: string, shape: Shape) =>
    `${op}: needs a tensor with exactly one value, got shape ${fmtShape(shape)}; ` +
    `reduce it first (for example with mean).`,

  // --- autodiff ------------------------------------------------------------------------------
  backwardNoGrad: () =>
    `backward: this tensor does not depend on anything that requires a gradient; ` +
    `create parameters with requiresGrad: true, and do not call backward inside noGrad().`,
  backwardTwice: (op: string) =>
    `backward: the graph through '${op}' was already released by an earlier backward call; ` +
    `run the forward pass again, or pass { retainGraph: true } to the first backward.`,

  // --- activations, layers, models -------------------------------------------------------------
  unknownActivation: (name: string, known: readonly string[]) =>
    `unknown activation '${name}'; choose one of: ${known.join(", ")}.`,
  unknownName: (what: string, name: string, known: readonly string[]) =>
    `unknown ${what} '${name}'; choose one of: ${known.join(", ")}.`,
  positiveInteger: (what: string, value: unknown) =>
    `${what} must be a positive integer, got ${String(value)}.`,
  positiveNumber: (what: string, value: unknown) =>
    `${what} must be a positive finite number, got ${String(value)}.`,
  nonNegativeNumber: (what: string, value: unknown) =>
    `${what} must be zero or a positive finite number, got ${String(value)}.`,
  inputFeatures: (layer: string, expected: number, got: Shape) =>
    `${layer}: expected inputs with ${expected} features (shape (batch, ${expected})), ` +
    `got ${fmtShape(got)}; check the layer's input size or the data's columns.`,

  // --- nn: initializers, layers, losses ---------------------------------------------------------
  initNeedsMatrix: (init: string, shape: Shape) =>
    `${init}: needs a weight with at least 2 dimensions (out, in), got ${fmtShape(shape)}; ` +
    `initialize biases with zeros or constant instead.`,
  mlpSizes: () =>
    `MLP: give the hidden layers either as hidden: [width1, width2, ...] or as depth and width ` +
    `(depth: 10, width: 32), not both and not neither.`,
  layerShape: (layer: string, expected: string, got: Shape) =>
    `${layer}: expected input of shape ${expected}, got ${fmtShape(got)}.`,
  residualShape: (layer: string, input: Shape, output: Shape) =>
    `${layer}: the block maps ${fmtShape(input)} to ${fmtShape(output)}; a residual connection ` +
    `x + F(x) needs F to keep the shape (make the block's output width equal its input width).`,
  batchOfOne: (layer: string) =>
    `${layer}: training mode needs a batch of at least 2 rows (the variance of one value is 0); ` +
    `use a larger batch, or call model.eval() to use the running statistics.`,
  lossShapes: (loss: string, yHat: Shape, y: Shape) =>
    `${loss}: predictions ${fmtShape(yHat)} and targets ${fmtShape(y)} differ in shape; ` +
    `give one target per prediction (reshape y to ${fmtShape(yHat)}).`,
  labelCount: (loss: string, batch: number, labels: number) =>
    `${loss}: ${batch} rows of logits but ${labels} labels; pass one class label per row.`,
  labelOutOfRange: (loss: string, index: number, label: number, classes: number) =>
    `${loss}: label ${label} at position ${index} is not a class index 0..${classes - 1}; ` +
    `labels must be integers below the number of outputs (${classes}).`,
  targetOutOfRange: (loss: string, index: number, value: number) =>
    `${loss}: target ${value} at position ${index} is outside [0, 1]; binary targets are ` +
    `probabilities (use 0 and 1 for classes; softmaxCrossEntropy for class indices).`,
  nonFiniteOutput: (loss: string, index: number, value: number) =>
    `${loss}: the model's output holds ${value} at flat index ${index}. Training has diverged ` +
    `(lower the learning rate or clip gradients) or the input data holds NaN (check X).`,

  // --- training ------------------------------------------------------------------------------
  learningRate: (value: unknown) =>
    `learning rate must be a positive finite number, got ${String(value)}; typical values are ` +
    `1e-3 (Adam) to 1e-1 (SGD).`,
  nonFiniteLoss: (step: number, loss: number) =>
    `training stopped at step ${step}: the loss is ${loss}. Lower the learning rate, ` +
    `or clip gradients (clipNorm), and check the inputs for NaN.`,
  nonFiniteGrad: (step: number, layer: string, norm: number) =>
    `training stopped at step ${step}: the gradient of '${layer}' has norm ${fmtNum(norm)}. ` +
    `Gradients are exploding: lower the learning rate or clip them by global norm ` +
    `(for example clipNorm: 1).`,

  // --- optimizers, data, training loop, diagnostics (optim/data/train helper) --------------
  badMomentum: (op: string, value: unknown) =>
    `${op}: momentum must be a number in [0, 1), got ${String(value)}; 0.9 is the usual choice ` +
    `(0 turns momentum off; 1 or more never forgets a gradient and diverges).`,
  nesterovNeedsMomentum: (op: string) =>
    `${op}: nesterov: true needs momentum > 0 (Nesterov's look-ahead is a momentum method); ` +
    `set momentum (for example 0.9) or drop nesterov.`,
  badBeta: (op: string, name: string, value: unknown) =>
    `${op}: ${name} must be a number in [0, 1), got ${String(value)}; the usual values are ` +
    `beta1 = 0.9 and beta2 = 0.999 (Kingma & Ba, 2015).`,
  noParameters: (op: string) =>
    `${op}: got no parameters to optimize; pass model.parameters() (a non-empty list of tensors).`,
  notTrainable: (op: string, name: string) =>
    `${op}: parameter '${name}' does not require a gradient, so it would never move; ` +
    `create it with requiresGrad: true or leave it out.`,
  badFraction: (op: string, what: string, value: unknown) =>
    `${op}: ${what} must be strictly between 0 and 1, got ${String(value)} (0.2 keeps a fifth for testing).`,
  splitEmpty: (op: string, n: number, fraction: number) =>
    `${op}: splitting ${n} points with testFraction ${fraction} leaves one side empty; ` +
    `use more points or a fraction nearer 0.5.`,
  tooFewPoints: (op: string, n: number, numClasses: number) =>
    `${op}: n = ${n} points cannot cover ${numClasses} classes; use n >= ${numClasses}.`,
  labelsLength: (op: string, rows: number, labels: number) =>
    `${op}: X has ${rows} rows but y has ${labels} entries; give one label (or target) per row of X.`,
  featuresMismatch: (op: string, expected: number, got: number) =>
    `${op}: the statistics are for ${expected} features but X has ${got}; standardize the test ` +
    `set with the training set's statistics of the same data set.`,
  stepsAndEpochs: (op: string) =>
    `${op}: give either steps or epochs, not both (one epoch = one pass over the data set ` +
    `in mini-batches).`,
  lossNeedsLabels: (op: string, loss: string) =>
    `${op}: loss '${loss}' needs class labels, but this data set is a regression set (targets ` +
    `are numbers); use loss: "mse".`,
  lossNeedsTargets: (op: string, loss: string) =>
    `${op}: loss '${loss}' needs numeric targets, but this data set has class labels; use ` +
    `loss: "softmaxCrossEntropy" (or "bceWithLogits" with one output for two classes).`,
  outputsMismatch: (op: string, outputs: number, numClasses: number) =>
    `${op}: the model has ${outputs} outputs but the data set has ${numClasses} classes; ` +
    `build the model with outputs: ${numClasses}.`,
  nonFiniteLossAt: (step: number, loss: number, layer: string) =>
    `training stopped at step ${step}: the loss is ${loss}` +
    (layer === "loss" ? "" : ` (the first non-finite values appear in '${layer}' during the forward pass)`) +
    `. Lower the learning rate or clip gradients (clipNorm: 1), and check the inputs for NaN. ` +
    `The weights are as they were before this step.`,
  nonFiniteGradAt: (step: number, layer: string, norm: number, lastNorm: number) =>
    `training stopped at step ${step}: the gradient of '${layer}' has norm ${fmtNum(norm)}` +
    (Number.isFinite(lastNorm) ? ` (the global gradient norm was ${fmtNum(lastNorm)} one step before)` : "") +
    `. Gradients are exploding: lower the learning rate or clip them by global norm ` +
    `(for example clipNorm: 1). The weights are as they were before this step.`,
  nonFiniteUpdate: (step: number, layer: string, norm: number) =>
    `training stopped at step ${step}: the update made '${layer}' non-finite (its gradient had ` +
    `norm ${fmtNum(norm)}). Lower the learning rate or clip gradients (clipNorm: 1). ` +
    `The weights were put back as they were before this step.`,
  noTrace: (op: string) =>
    `${op}: the model has no trace of a forward pass; run model.forward(X) (and backward) first, ` +
    `or use a model that records per-layer values (nn.MLP does).`,
} as const;
